import type { Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Store } from './store/store.js';

/** What every domain service function needs, passed explicitly. */
export interface Ctx {
  store: Store;
  catalog: Catalog;
  log: Logger;
  config: Config;
  now: () => Date;
}
