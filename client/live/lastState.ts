/**
 * A wall's last live state, kept in this browser's IndexedDB so a reload without the server (a
 * restart, a network cut) still shows the last picture, clearly marked stale. Saved at most every
 * `SAVE_EVERY_MS` and when the page is hidden; read once at start-up. The display token never
 * leaves the page: only a short local hash of it tags the record, so another token (or none) does
 * not get this screen's data.
 */
import type { LiveState, LiveStore, RestoredState } from './store.js';
import { isoMs } from './time.js';

/** How often a changed state is written. */
export const SAVE_EVERY_MS = 10_000;
/** Most incidents kept (open ones first, newest first): bounds the record to a few MB. */
export const MAX_SAVED_INCIDENTS = 3000;
/** Most alerts kept (open ones first, newest first). */
export const MAX_SAVED_ALERTS = 1000;
/** With only heartbeats since the last save (same data, newer time), save at most this often. */
export const SAVE_TIME_ONLY_EVERY_MS = 60_000;
/** A saved state older than this is not worth showing. */
export const MAX_SAVED_AGE_MS = 7 * 24 * 3_600_000;

const DB_NAME = 'pantau-wall';
const STORE = 'state';
const KEY = 'last';
const FORMAT = 1;

/** The stored record. */
export interface SavedRecord extends RestoredState {
  format: number;
  /** Local hash of the display token the data was received with. */
  tag: string;
  savedAt: number;
}

/** A short, non-cryptographic hash (cyrb53) of the token: enough to tell tokens apart locally. */
export function tokenTag(token: string | null): string {
  if (token === null) return 'none';
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const newestFirst = (a: { updatedAt: string }, b: { updatedAt: string }): number =>
  isoMs(b.updatedAt) - isoMs(a.updatedAt);

/** The newest `max` items, the ones still open first. */
export function capItems<T extends { updatedAt: string }>(
  items: Iterable<T>,
  isOpen: (item: T) => boolean,
  max: number,
): T[] {
  const all = [...items];
  if (all.length <= max) return all;
  const open = all.filter(isOpen).sort(newestFirst);
  const rest = all.filter((i) => !isOpen(i)).sort(newestFirst);
  return [...open, ...rest].slice(0, max);
}

/** What to save of a live state, or null while there is nothing live worth saving. */
export function recordFor(state: LiveState, tag: string, now: number): SavedRecord | null {
  if (!state.hasSnapshot || state.lastUpdateAt === null || state.connection === 'revoked') return null;
  return {
    format: FORMAT,
    tag,
    savedAt: now,
    lastUpdateAt: state.lastUpdateAt,
    serverOffsetMs: state.serverOffsetMs,
    demo: state.demo,
    storeKind: state.storeKind,
    agencies: [...state.agencies.values()],
    services: [...state.services.values()],
    serviceStates: [...state.serviceStates.values()],
    incidents: capItems(state.incidents.values(), (i) => i.status === 'open', MAX_SAVED_INCIDENTS),
    alerts: capItems(
      state.alerts.values(),
      (a) => a.status !== 'resolved' && a.status !== 'closed',
      MAX_SAVED_ALERTS,
    ),
    usage: [...state.usage.values()],
    kpis: state.kpis,
    serviceChanges: state.serviceChanges,
  };
}

/** True when `rec` looks like something this code saved for this token, recently enough. */
export function usableRecord(rec: unknown, tag: string, now: number): rec is SavedRecord {
  if (typeof rec !== 'object' || rec === null) return false;
  const r = rec as Partial<SavedRecord>;
  const arrays = [r.agencies, r.services, r.serviceStates, r.incidents, r.alerts, r.usage, r.serviceChanges];
  return (
    r.format === FORMAT &&
    r.tag === tag &&
    typeof r.lastUpdateAt === 'number' &&
    now - r.lastUpdateAt < MAX_SAVED_AGE_MS &&
    arrays.every((a) => Array.isArray(a))
  );
}

/** Same collections (the store keeps a slice's identity while it does not change). */
function sameData(a: LiveState, b: LiveState): boolean {
  return (
    a.agencies === b.agencies &&
    a.services === b.services &&
    a.serviceStates === b.serviceStates &&
    a.incidents === b.incidents &&
    a.alerts === b.alerts &&
    a.usage === b.usage &&
    a.kpis === b.kpis &&
    a.serviceChanges === b.serviceChanges
  );
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB open failed'));
  });
}

async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('indexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** Reads the saved state for `token` into the store (unless live data came first). */
export async function restoreLastState(store: LiveStore, token: string | null): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false;
  try {
    const rec = await run('readonly', (s) => s.get(KEY) as IDBRequest<unknown>);
    if (!usableRecord(rec, tokenTag(token), Date.now())) return false;
    store.restore(rec);
    return store.getState().restored;
  } catch {
    return false; // Storage disabled or broken: the wall simply starts empty.
  }
}

/**
 * Saves the store's live state every `everyMs` while it changes, and once more when the page is
 * hidden or closed; forgets it when the token is revoked or refused. Returns the stop function.
 */
export function persistLastState(
  store: LiveStore,
  token: string | null,
  { everyMs = SAVE_EVERY_MS, onSaved }: { everyMs?: number; onSaved?: (savedAt: number) => void } = {},
): () => void {
  if (typeof indexedDB === 'undefined') return () => undefined;
  const tag = tokenTag(token);
  let saved: LiveState | null = null;
  let savedAt = 0;
  let forgotten = false;
  let busy = false;
  const flush = (force = false): void => {
    const state = store.getState();
    if (state.connection === 'revoked') {
      if (!forgotten) run('readwrite', (s) => s.delete(KEY)).catch(() => undefined);
      forgotten = true;
      return;
    }
    const now = Date.now();
    if (busy || state.restored || state.version === saved?.version) return;
    if (saved && sameData(saved, state)) {
      // Nothing new at all (e.g. disconnected): nothing to write.
      if (saved.lastUpdateAt === state.lastUpdateAt) return;
      if (!force && now - savedAt < SAVE_TIME_ONLY_EVERY_MS) return;
    }
    const rec = recordFor(state, tag, now);
    if (!rec) return;
    busy = true;
    forgotten = false;
    saved = state;
    savedAt = now;
    run('readwrite', (s) => s.put(rec, KEY))
      .then(() => onSaved?.(rec.savedAt))
      .catch(() => {
        saved = null; // Try again next time (quota, a blocked database).
      })
      .finally(() => {
        busy = false;
      });
  };
  const onHide = (): void => {
    if (document.visibilityState === 'hidden') flush(true);
  };
  const onPageHide = (): void => flush(true);
  // Cloning a few thousand incidents takes tens of ms: do it when the page is idle (maps animate).
  const idle = (): void => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => flush(), { timeout: everyMs / 2 });
    else flush();
  };
  const timer = setInterval(idle, everyMs);
  window.addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onHide);
  return () => {
    clearInterval(timer);
    window.removeEventListener('pagehide', onPageHide);
    document.removeEventListener('visibilitychange', onHide);
  };
}
