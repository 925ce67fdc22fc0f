import type { PolicyCache } from './alerts/policies.js';
import type { Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Resources } from './ops/resources.js';
import type { Archive } from './store/archive.js';
import type { Store } from './store/store.js';

/** What every domain service function needs, passed explicitly. */
export interface Ctx {
  store: Store;
  catalog: Catalog;
  log: Logger;
  config: Config;
  now: () => Date;
  /**
   * This instance's escalation policies, kept current across instances (set up by main.ts). Where a
   * context is built without it (tests, the CLI) new alerts read the policy from the store.
   */
  policies?: PolicyCache;
  /** Counts the loops, timers and subscriptions this instance starts (main.ts); absent in tests and the CLI. */
  resources?: Resources;
  /** Where retention moves history out of the store (store/archive.ts); lists, exports and replay read it too. */
  archive?: Archive;
}
