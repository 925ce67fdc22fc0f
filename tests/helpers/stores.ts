import { describe } from 'vitest';
import { redisAvailable } from './redis.js';

/** A store a behaviour is checked on. */
export interface StoreCase {
  name: string;
  redis: boolean;
}

/** The embedded store, and Redis when installed (its absence fails under CI=true: see redisAvailable). */
export const STORES: StoreCase[] = [
  { name: 'embedded store', redis: false },
  ...(redisAvailable() ? [{ name: 'Redis', redis: true }] : []),
];

/** `body` once per store, in a describe named "<title> on the <store>": one contract, both stores. */
export function describeOnStores(title: string, body: (store: StoreCase) => void): void {
  describe.each(STORES)(`${title} on the $name`, body);
}
