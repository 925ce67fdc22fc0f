import type { EscalationPolicy } from '../shared/schemas/index.js';
import type { Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Resources } from './ops/resources.js';
import type { Archive } from './store/archive.js';
import type { Store } from './store/store.js';

/**
 * This instance's escalation policies (alerts/policies.ts PolicyCache): declared here by what the
 * context's users need, so the context depends on no domain module.
 */
export interface Policies {
  /** The policy a new alert for `agencyId` snapshots: the agency's own, else the default. */
  forAgency(agencyId: string | null): EscalationPolicy;
  /** The default first, then every agency's own policy (of agencies `known`). */
  list(known: (agencyId: string) => boolean): EscalationPolicy[];
  /** Tells every instance (this one first) to re-read the policies. */
  changed(): Promise<void>;
  /** Stored policies left out as invalid: their ids and stored text. */
  invalid(): { id: string; raw: string }[];
}

/**
 * The notification channels in force (server/notify/channels.ts `channelSettings`): declared here
 * so the context can name this instance's stored settings without depending on the notify domain.
 */
export interface ChannelSettings {
  /** The bot messages people by their chat id, and the group chat when one is given. */
  telegram: { botToken: string; apiUrl: string; chatId: string | null } | null;
  webhook: { url: string } | null;
  email: { url: string; from: string } | null;
}

/** This instance's copy of the channel settings stored in the console (notify/channelStore.ts ChannelCache). */
export interface ChannelOverrides {
  /** The channels in force: each stored channel's settings over the environment's, as of the last read. */
  settings(): ChannelSettings;
  /** Tells every instance (this one first) to re-read the stored settings. */
  changed(): Promise<void>;
}

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
  policies?: Policies;
  /**
   * The notification channels stored in the console, kept current across instances (set up by
   * main.ts). Without it (tests, the CLI) the environment's channels apply.
   */
  channels?: ChannelOverrides;
  /** Counts the loops, timers and subscriptions this instance starts (main.ts); absent in tests and the CLI. */
  resources?: Resources;
  /** Where retention moves history out of the store (store/archive.ts); lists, exports and replay read it too. */
  archive?: Archive;
}
