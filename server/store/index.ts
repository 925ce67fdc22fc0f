import type { Logger } from '../logger.js';
import { MemoryStore } from './memory.js';
import { RedisStore } from './redis.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

/** Redis when a URL is given, otherwise the embedded store (with a loud warning). */
export function createStore(redisUrl: string | undefined, log: Logger): Store {
  if (redisUrl) return new RedisStore(redisUrl, log);
  log.warn('REDIS_URL is not set: using the EMBEDDED in-memory store. Data is NOT persisted and only one instance can run.');
  return new MemoryStore();
}
