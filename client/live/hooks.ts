/** React bindings for the live store: a context and slice subscriptions. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { LiveState, LiveStore } from './store.js';

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
