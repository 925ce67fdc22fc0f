/**
 * The one narrow storage interface. Two implementations: Redis (production, multi-instance) and
 * an embedded in-memory store (zero-setup default, one instance, nothing persisted).
 * Domain code writes through `commit`, which is atomic: every expectation is checked first, then
 * every document, schedule entry and event is written, or nothing is.
 */

/** A document write, optionally guarded by the version the writer expects to replace. */
export interface DocPut {
  coll: string;
  id: string;
  /** Serialised JSON of the document. */
  json: string;
  /** The new version recorded beside the document. */
  version: number;
  /** `absent`: the document must not exist; a number: its current version must equal it. */
  expect?: 'absent' | number;
  /**
   * The document's entries in lexicographic indexes, `[index, member]`; when given, they replace the
   * entries it had (a deleted document loses its entries). See store/indexes.ts.
   */
  index?: [string, string][];
}

/** An event appended to the log. */
export interface LogEvent {
  type: string;
  /** Serialised JSON payload. */
  json: string;
}

/** An event as read back from the log; ids increase. */
export interface StoredEvent {
  id: string;
  type: string;
  json: string;
}

/** A sorted-set entry (a timer: `score` is when it is due, in ms). */
export interface ZAdd {
  set: string;
  member: string;
  score: number;
}

/** One atomic change. */
export interface Tx {
  puts?: DocPut[];
  /** Document deletions; `expect`: the version the document must still have, else the commit is a conflict. */
  dels?: { coll: string; id: string; expect?: number }[];
  events?: LogEvent[];
  /** Sorted-set entries (timers, schedules). */
  zadds?: ZAdd[];
  zrems?: { set: string; member: string }[];
  /** Counter increments in named hashes (rollups); `ttlMs` (re)sets the hash's expiry. */
  incrs?: { hash: string; field: string; by: number; ttlMs?: number }[];
  /** Plain values with optional expiry (idempotency keys, sessions). */
  values?: { key: string; value: string; ttlMs?: number }[];
}

export type CommitResult =
  | { ok: true; eventIds: string[] }
  | { ok: false; conflict: { coll: string; id: string; currentVersion: number | null } };

export type StoreKind = 'redis' | 'memory';

export interface Store {
  readonly kind: StoreKind;
  /** True when reads and writes can be served now. */
  isReady(): boolean;
  /** Resolves once the store is ready (or rejects after `timeoutMs`). */
  waitReady(timeoutMs: number): Promise<void>;

  get(coll: string, id: string): Promise<string | null>;
  getMany(coll: string, ids: string[]): Promise<(string | null)[]>;
  /** Every document of a collection (unordered). */
  all(coll: string): Promise<string[]>;
  /**
   * Up to `limit` members of a lexicographic index in ascending order, after `after` (exclusive;
   * null = from the start): the cursor walk every list read is built on.
   */
  lexRange(index: string, after: string | null, limit: number): Promise<string[]>;
  /** How many members an index has. */
  lexCount(index: string): Promise<number>;
  /**
   * Part of a collection, `[id, json]`, for jobs that must visit every document once (a migration):
   * start with cursor `'0'`, go on with the returned cursor until it is `'0'` again.
   */
  scan(coll: string, cursor: string, count: number): Promise<{ cursor: string; entries: [string, string][] }>;
  /** Every document of a small collection with its id, `[id, json]` (unordered): for catalogues, not history. */
  entries(coll: string): Promise<[string, string][]>;
  count(coll: string): Promise<number>;
  version(coll: string, id: string): Promise<number | null>;

  commit(tx: Tx): Promise<CommitResult>;

  /** Events after `afterId` (exclusive; `0` = from the start), oldest first. */
  readEvents(afterId: string, limit: number): Promise<StoredEvent[]>;
  /** Drops the logged events with ids before `minId` (they have been archived). */
  trimEvents(minId: string): Promise<void>;
  /** Id of the newest event, `0` when the log is empty. */
  lastEventId(): Promise<string>;
  /**
   * Waits up to `blockMs` (at most TAIL_BLOCK_MAX_MS) for events after `afterId` and returns them
   * oldest first, or `[]` when none came: the primitive the live feed tails the log with. Rejects
   * when the log cannot be read; the caller decides how to retry (realtime/feed.ts).
   */
  waitEvents(afterId: string, limit: number, blockMs: number): Promise<StoredEvent[]>;

  getValue(key: string): Promise<string | null>;
  setValue(key: string, value: string, ttlMs?: number): Promise<void>;
  delValue(key: string): Promise<void>;
  /** Fixed-window counter: adds one and returns the count in the current window and the ms left. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;

  /** Every counter of a hash written with `incrs` (empty when none). */
  counters(hash: string): Promise<Record<string, number>>;

  /** Members of `set` with score ≤ `maxScore`, lowest first. */
  due(set: string, maxScore: number, limit: number): Promise<{ member: string; score: number }[]>;
  /** Takes a lease if free (or already ours); true when held. */
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(key: string, owner: string): Promise<void>;

  /** Cross-instance notices (revocations); on memory, local only. */
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, listener: (message: string) => void): () => void;

  /** Ready-state changes, for logging and metrics. */
  onStatus(listener: (ready: boolean) => void): () => void;
  /** What the store holds on behalf of this instance (listeners, subscriptions) and how well it keeps writes. */
  stats(): StoreStats;
  close(): Promise<void>;
}

/** Counts that must stay level however often the instance (re)starts its work, and the durability in force. */
export interface StoreStats {
  statusListeners: number;
  channelListeners: number;
  /** Replica confirmation (Redis `WAIT`): asked for, replicas online now, and whether fewer are online than asked. */
  replication: { minReplicas: number; online: number | null; degraded: boolean };
}

/** The longest a single `waitEvents` call blocks. */
export const TAIL_BLOCK_MAX_MS = 2_000;

/** Orders stream ids of the form `ms-seq`. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
