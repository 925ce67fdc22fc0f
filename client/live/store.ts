/**
 * The live state of one view: everything the server pushed, keyed by id, plus the connection's
 * health. Immutable snapshots (copy-on-write per kind) so React can subscribe to slices with
 * `useSyncExternalStore` and a slice that did not change keeps its identity.
 */
import type {
  Agency,
  Alert,
  Delta,
  Heartbeat,
  Incident,
  IncidentCluster,
  Kpis,
  Service,
  ServiceState,
  Snapshot,
  UsageSample,
} from '../../shared/schemas/index.js';
import { STALE_AFTER_MS } from '../../shared/limits.js';
import { isoMs } from './time.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'revoked';

export interface LiveState {
  /** Bumped on every change. */
  readonly version: number;
  readonly connection: ConnectionState;
  /** Why the server revoked this view (or refused to connect it). */
  readonly revokedReason: string | null;
  /** `revoked`: the server said so on a live socket (final); `refused`: the handshake was refused (retried slowly). */
  readonly revokedKind: 'revoked' | 'refused' | null;
  /** Client clock (ms) of the last snapshot, delta or heartbeat applied. */
  readonly lastUpdateAt: number | null;
  /** Server clock minus client clock, from the last message's `at`; corrects a wall PC's drift. */
  readonly serverOffsetMs: number;
  /**
   * When the serving instance last read its event log (server clock, ms), from the last message;
   * null when it has not yet. Connected but older than STALE_AFTER_MS = the data feed stalled.
   */
  readonly feedAt: number | null;
  /** Replay mode: the screen shows the past, at `at` (server time, ms); null when live. */
  readonly replay: ReplayState | null;
  readonly seq: number | null;
  /** True after a gap or a (re)connect, until the next snapshot arrives. */
  readonly awaitingSnapshot: boolean;
  readonly hasSnapshot: boolean;
  /** True while the state shown was restored from this screen's saved copy, until a live snapshot replaces it. */
  readonly restored: boolean;
  readonly demo: boolean;
  readonly storeKind: 'redis' | 'memory' | null;
  readonly agencies: ReadonlyMap<string, Agency>;
  readonly services: ReadonlyMap<string, Service>;
  readonly serviceStates: ReadonlyMap<string, ServiceState>;
  readonly incidents: ReadonlyMap<string, Incident>;
  /** Open incidents the snapshot carried only as counts (a flood beyond SNAPSHOT_MAX_INCIDENTS). */
  readonly incidentClusters: readonly IncidentCluster[];
  readonly alerts: ReadonlyMap<string, Alert>;
  readonly usage: ReadonlyMap<string, UsageSample>;
  readonly kpis: Kpis | null;
  /** Service state transitions seen by this view since it loaded, newest first (bounded). */
  readonly serviceChanges: readonly ServiceChange[];
}

/** A replay's position and pace. */
export interface ReplayState {
  /** The instant shown (ms). */
  at: number;
  playing: boolean;
  /** Replay seconds per real second. */
  speed: number;
  /** Why the last position could not be shown (outside the kept history, offline), if so. */
  error: string | null;
}

/** What a screen saved of its last live state, enough to render it again before the server answers. */
export interface RestoredState {
  lastUpdateAt: number;
  serverOffsetMs: number;
  demo: boolean;
  storeKind: 'redis' | 'memory' | null;
  agencies: readonly Agency[];
  services: readonly Service[];
  serviceStates: readonly ServiceState[];
  incidents: readonly Incident[];
  alerts: readonly Alert[];
  usage: readonly UsageSample[];
  kpis: Kpis | null;
  serviceChanges: readonly ServiceChange[];
}

/** One observed change of a service's status. */
export interface ServiceChange {
  serviceId: string;
  from: ServiceState['status'];
  to: ServiceState['status'];
  /** Server time of the change (the new state's `since`). */
  at: string;
}

/** Most service changes kept for the wall's event feed. */
export const MAX_SERVICE_CHANGES = 50;

/** What happened to a sequenced message. */
export type SeqOutcome = 'applied' | 'gap' | 'ignored';

/** Closed incidents and finished alerts are dropped from memory after this long (weeks-long walls). */
export const FINISHED_RETENTION_MS = 6 * 60 * 60 * 1000;
/**
 * …and only this many of each kind are kept, the newest: a busy feed (the wall benchmark closes 50
 * incidents a second) would otherwise grow the page by a million items within the retention time.
 * Older ones are a page of the HTTP API away.
 */
export const FINISHED_KEPT = 1000;
const PRUNE_EVERY_MS = 60_000;

const empty = new Map<string, never>();

function initialState(): LiveState {
  return {
    version: 0,
    connection: 'connecting',
    revokedReason: null,
    revokedKind: null,
    lastUpdateAt: null,
    serverOffsetMs: 0,
    feedAt: null,
    replay: null,
    seq: null,
    awaitingSnapshot: true,
    hasSnapshot: false,
    restored: false,
    demo: false,
    storeKind: null,
    agencies: empty,
    services: empty,
    serviceStates: empty,
    incidents: empty,
    incidentClusters: [],
    alerts: empty,
    usage: empty,
    kpis: null,
    serviceChanges: [],
  };
}

function byId<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const m = new Map<string, T>();
  for (const item of items) m.set(key(item), item);
  return m;
}

/**
 * Key of a usage sample: the latest value per app, metric, period and kelurahan (a city-wide sample
 * has none), as the server's projection keeps them — a per-kelurahan sample never hides the city's.
 */
export function usageKey(u: UsageSample): string {
  return `${u.appId}|${u.metric}|${u.period}|${u.kelurahanCode ?? ''}`;
}

/**
 * Upserts into a copy of `current` (only when something changes); an item with a lower version
 * than the one held is ignored, so a late duplicate never rolls state back.
 */
function upsert<T>(
  current: ReadonlyMap<string, T>,
  items: readonly T[],
  key: (item: T) => string,
  newer: (incoming: T, held: T) => boolean,
): ReadonlyMap<string, T> {
  if (items.length === 0) return current;
  let next: Map<string, T> | null = null;
  for (const item of items) {
    const k = key(item);
    const held = (next ?? current).get(k);
    if (held !== undefined && !newer(item, held)) continue;
    next ??= new Map(current);
    next.set(k, item);
  }
  return next ?? current;
}

const versioned = <T extends { version: number }>(a: T, b: T): boolean => a.version >= b.version;

/** A message's `feedAt` as server-clock ms (null when absent or unreadable). */
function feedMs(at: string | null | undefined): number | null {
  return at ? parseServerTime(at) : null;
}

function parseServerTime(at: string): number | null {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
}

export class LiveStore {
  private state: LiveState = initialState();
  private readonly listeners = new Set<() => void>();
  private lastPruneAt = 0;

  /** The current immutable state. */
  getState = (): LiveState => this.state;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private set(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    for (const l of this.listeners) l();
  }

  private offsetFrom(at: string, now: number): number {
    const server = parseServerTime(at);
    return server === null ? this.state.serverOffsetMs : server - now;
  }

  private get final(): boolean {
    return this.state.revokedKind === 'revoked';
  }

  /** The socket connected (or reconnected): nothing counts until the next snapshot. */
  connected(): void {
    if (this.final) return;
    this.set({
      connection: 'connected',
      revokedKind: null,
      revokedReason: null,
      awaitingSnapshot: true,
      seq: null,
    });
  }

  /** The socket is trying to connect. */
  connecting(): void {
    if (this.state.connection === 'revoked') return;
    this.set({ connection: 'connecting' });
  }

  /** The socket dropped; socket.io reconnects by itself. */
  disconnected(): void {
    if (this.state.connection === 'revoked') return;
    this.set({ connection: 'disconnected', awaitingSnapshot: true, seq: null });
  }

  /** Shows the state as it was at `replay.at` (a replay snapshot), or just updates the replay's pace or error. */
  showReplay(replay: ReplayState, msg?: Snapshot, now: number = Date.now()): void {
    if (msg) this.applySnapshot(msg, now);
    this.set({ replay, connection: 'connected' });
  }

  /** The server revoked this view's credential on a live socket; final until the page reloads. */
  revoked(reason: string): void {
    this.set({
      connection: 'revoked',
      revokedKind: 'revoked',
      revokedReason: reason,
      awaitingSnapshot: true,
      seq: null,
    });
  }

  /** The server refused the handshake (missing, unknown or expired credential). */
  refused(reason: string): void {
    if (this.final) return;
    this.set({
      connection: 'revoked',
      revokedKind: 'refused',
      revokedReason: reason,
      awaitingSnapshot: true,
      seq: null,
    });
  }

  /** Replaces everything with a snapshot; its `seq` restarts the sequence. */
  applySnapshot(msg: Snapshot, now: number = Date.now()): void {
    // Changes missed while disconnected still belong in the feed.
    const changes =
      this.state.hasSnapshot || this.state.restored
        ? serviceChangesBetween(this.state.serviceStates, msg.serviceStates)
        : [];
    this.set({
      serviceChanges: mergeChanges(changes, this.state.serviceChanges),
      seq: msg.seq,
      awaitingSnapshot: false,
      hasSnapshot: true,
      restored: false,
      lastUpdateAt: now,
      serverOffsetMs: this.offsetFrom(msg.at, now),
      feedAt: feedMs(msg.feedAt),
      demo: msg.demo,
      storeKind: msg.store,
      agencies: byId(msg.agencies, (a) => a.id),
      services: byId(msg.services, (s) => s.id),
      serviceStates: byId(msg.serviceStates, (s) => s.serviceId),
      incidents: byId(msg.incidents, (i) => i.id),
      incidentClusters: msg.incidentClusters,
      alerts: byId(msg.alerts, (a) => a.id),
      usage: byId(msg.usage, usageKey),
      kpis: msg.kpis,
    });
    this.lastPruneAt = now;
  }

  /**
   * Shows a state saved earlier by this screen (see `lastState.ts`) until the server answers; a no-op
   * once a live snapshot arrived. Nothing counts as live: `lastUpdateAt` keeps the saved time, so
   * the view stays stale, and `seq` stays unset.
   */
  restore(saved: RestoredState): void {
    if (this.state.hasSnapshot || this.state.revokedKind !== null) return;
    this.set({
      restored: true,
      lastUpdateAt: saved.lastUpdateAt,
      serverOffsetMs: saved.serverOffsetMs,
      demo: saved.demo,
      storeKind: saved.storeKind,
      agencies: byId(saved.agencies, (a) => a.id),
      services: byId(saved.services, (s) => s.id),
      serviceStates: byId(saved.serviceStates, (s) => s.serviceId),
      incidents: byId(saved.incidents, (i) => i.id),
      alerts: byId(saved.alerts, (a) => a.id),
      usage: byId(saved.usage, usageKey),
      kpis: saved.kpis,
      serviceChanges: saved.serviceChanges,
    });
  }

  /** Checks a message's `seq`: exactly one more than the last, or a gap that needs a resync. */
  private checkSeq(seq: number): SeqOutcome {
    const { awaitingSnapshot, seq: last } = this.state;
    if (awaitingSnapshot || last === null) return 'ignored';
    if (seq !== last + 1) {
      this.set({ awaitingSnapshot: true });
      return 'gap';
    }
    return 'applied';
  }

  /** Applies a delta in sequence; answers `gap` when the caller must ask for a resync. */
  applyDelta(msg: Delta, now: number = Date.now()): SeqOutcome {
    const outcome = this.checkSeq(msg.seq);
    if (outcome !== 'applied') return outcome;
    const s = this.state;
    let incidents = upsert(s.incidents, msg.incidents, (i) => i.id, versioned);
    let alerts = upsert(s.alerts, msg.alerts, (a) => a.id, versioned);
    if (now - this.lastPruneAt >= PRUNE_EVERY_MS) {
      this.lastPruneAt = now;
      incidents = pruneFinished(incidents, now + s.serverOffsetMs, (i) => i.status !== 'open');
      alerts = pruneFinished(
        alerts,
        now + s.serverOffsetMs,
        (a) => a.status === 'resolved' || a.status === 'closed',
      );
    }
    const changes = serviceChangesBetween(s.serviceStates, msg.serviceStates);
    this.set({
      seq: msg.seq,
      lastUpdateAt: now,
      serverOffsetMs: this.offsetFrom(msg.at, now),
      feedAt: feedMs(msg.feedAt),
      serviceChanges: mergeChanges(changes, s.serviceChanges),
      serviceStates: upsert(s.serviceStates, msg.serviceStates, (x) => x.serviceId, versioned),
      incidents,
      alerts,
      usage: upsert(s.usage, msg.usage, usageKey, (a, b) => Date.parse(a.at) >= Date.parse(b.at)),
      kpis: msg.kpis ?? s.kpis,
    });
    return 'applied';
  }

  /** A heartbeat: proof of life, in the same sequence as deltas. */
  applyHeartbeat(msg: Heartbeat, now: number = Date.now()): SeqOutcome {
    const outcome = this.checkSeq(msg.seq);
    if (outcome !== 'applied') return outcome;
    this.set({
      seq: msg.seq,
      lastUpdateAt: now,
      serverOffsetMs: this.offsetFrom(msg.at, now),
      feedAt: feedMs(msg.feedAt),
    });
    return 'applied';
  }
}

function serviceChangesBetween(
  held: ReadonlyMap<string, ServiceState>,
  incoming: readonly ServiceState[],
): ServiceChange[] {
  const changes: ServiceChange[] = [];
  for (const st of incoming) {
    const before = held.get(st.serviceId);
    if (before && before.status !== st.status && st.version >= before.version) {
      changes.push({ serviceId: st.serviceId, from: before.status, to: st.status, at: st.since });
    }
  }
  return changes;
}

function mergeChanges(changes: ServiceChange[], older: readonly ServiceChange[]): readonly ServiceChange[] {
  if (changes.length === 0) return older;
  changes.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return [...changes, ...older].slice(0, MAX_SERVICE_CHANGES);
}

function pruneFinished<T extends { updatedAt: string }>(
  items: ReadonlyMap<string, T>,
  serverNow: number,
  finished: (item: T) => boolean,
): ReadonlyMap<string, T> {
  const drop: string[] = [];
  const kept: [number, string][] = [];
  for (const [id, item] of items) {
    if (!finished(item)) continue;
    const at = isoMs(item.updatedAt);
    if (serverNow - at > FINISHED_RETENTION_MS) drop.push(id);
    else kept.push([at, id]);
  }
  if (kept.length > FINISHED_KEPT) {
    kept.sort((a, b) => b[0] - a[0]);
    for (const [, id] of kept.slice(FINISHED_KEPT)) drop.push(id);
  }
  if (drop.length === 0) return items;
  const next = new Map(items);
  for (const id of drop) next.delete(id);
  return next;
}

/** What a view must say about its data. */
export type LiveHealth =
  /** Connected and the server's feed is current: the screen is live. */
  | 'live'
  /** Connected, the server answers, but its data feed has stopped (`feedAt` too old). */
  | 'feedStalled'
  /** Connected but nothing (not even a heartbeat) arrived for too long. */
  | 'silent'
  /** Not connected (or no data yet). */
  | 'offline'
  /** Showing the past on purpose (replay): never mistaken for now. */
  | 'replay';

type HealthInput = Pick<
  LiveState,
  'connection' | 'lastUpdateAt' | 'feedAt' | 'serverOffsetMs' | 'hasSnapshot'
>;

/** The view's health at client time `now`; only `live` may look live. */
export function liveHealth(state: HealthInput, now: number): LiveHealth {
  if (state.connection !== 'connected' || state.lastUpdateAt === null) return 'offline';
  if (now - state.lastUpdateAt > STALE_AFTER_MS) return 'silent';
  // The server's clock, not ours: `feedAt` was stamped by the server.
  if (
    state.hasSnapshot &&
    (state.feedAt === null || now + state.serverOffsetMs - state.feedAt > STALE_AFTER_MS)
  )
    return 'feedStalled';
  return 'live';
}

/** True when a view must show itself as stale: no data, disconnected, silent, or its server's feed stalled. */
export function isStale(state: HealthInput, now: number): boolean {
  return liveHealth(state, now) !== 'live';
}

/**
 * When the data on screen was last known current (client clock): with a stalled feed, the feed's
 * last read rather than the last heartbeat (which only proves the server is alive).
 */
export function dataAsOf(state: HealthInput, now: number): number | null {
  if (liveHealth(state, now) === 'feedStalled' && state.feedAt !== null)
    return state.feedAt - state.serverOffsetMs;
  return state.lastUpdateAt;
}
