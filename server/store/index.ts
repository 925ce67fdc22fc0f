import type { Logger } from '../logger.js';
import { MemoryStore } from './memory.js';
import { RedisStore, type RedisStoreOptions, type RedisTarget } from './redis.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

/** Redis (by URL or through Sentinels) when configured, otherwise the embedded store (with a loud warning). */
export function createStore(
  target: RedisTarget | undefined,
  log: Logger,
  opts: RedisStoreOptions = {},
): Store {
  if (target) return new RedisStore(target, log, opts);
  log.warn(
    'Neither REDIS_URL nor REDIS_SENTINELS is set: using the EMBEDDED in-memory store. Data is NOT persisted and only one instance can run.',
  );
  return new MemoryStore();
}
