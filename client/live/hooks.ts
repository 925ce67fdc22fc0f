/** React bindings for the live store: a context and slice subscriptions. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { dataAsOf, liveHealth, type LiveHealth, type LiveState, type LiveStore } from './store.js';

export const LiveStoreContext = createContext<LiveStore | null>(null);

/** The store of the nearest provider. */
export function useLiveStore(): LiveStore {
  const store = useContext(LiveStoreContext);
  if (!store) throw new Error('useLiveStore outside LiveStoreContext');
  return store;
}

/**
 * Subscribes to a slice. The selector must return something whose identity only changes when it
 * changes (a Map, a primitive, an item), never a freshly built array or object.
 */
export function useLive<T>(selector: (s: LiveState) => T): T {
  const store = useLiveStore();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

/** The client clock, re-read every `intervalMs`, for ages and staleness. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** The view's health, re-judged every second: stale or not, why, and since when the data is current. */
export function useLiveHealth(): { health: LiveHealth; stale: boolean; dataAt: number | null; now: number } {
  const connection = useLive((s) => s.connection);
  const lastUpdateAt = useLive((s) => s.lastUpdateAt);
  const feedAt = useLive((s) => s.feedAt);
  const serverOffsetMs = useLive((s) => s.serverOffsetMs);
  const hasSnapshot = useLive((s) => s.hasSnapshot);
  const replay = useLive((s) => s.replay);
  const now = useNow(1000);
  const input = { connection, lastUpdateAt, feedAt, serverOffsetMs, hasSnapshot, replay };
  const health = liveHealth(input, now);
  return { health, stale: health !== 'live', dataAt: dataAsOf(input, now), now };
}
