/**
 * Replay: a screen shows the city as it was at a past instant (`?at=` in the URL) from
 * `GET /api/v1/snapshot?at=`, and can play on from there at 1×, 10× or 60×. It never opens the live
 * socket, so nothing live can be mistaken for the past or the other way round.
 */
import { parseData } from './api.js';
import { SnapshotResponseSchema } from '../../shared/api/catalog.js';
import type { LiveStore, ReplayState } from './store.js';

/** Speeds offered (replay seconds per real second). */
export const REPLAY_SPEEDS = [1, 10, 60] as const;

/** The `?at=` of the page URL as ms, when it is a valid past instant. */
export function replayAtFromUrl(search: string = window.location.search): number | null {
  const at = new URLSearchParams(search).get('at');
  const ms = at ? Date.parse(at) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** Controls of a running replay. */
export interface ReplayControl {
  seek(at: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  stop(): void;
}

/** How often a playing replay asks for the state at its new position. */
const STEP_MS = 1_000;

/** Starts a replay at `at` (paused); the store shows each position as it arrives. */
export function startReplay(store: LiveStore, at: number, token: string | null): ReplayControl {
  let state: ReplayState = { at, playing: false, speed: 1, error: null };
  let timer: ReturnType<typeof setInterval> | null = null;
  let inFlight = false;
  let pending: number | null = null;
  let stopped = false;

  const show = async (target: number): Promise<void> => {
    if (stopped) return;
    // One request at a time; the newest position asked for meanwhile goes next.
    if (inFlight) {
      pending = target;
      return;
    }
    inFlight = true;
    try {
      const iso = new Date(Math.min(target, Date.now())).toISOString();
      const res = await fetch(`/api/v1/snapshot?at=${encodeURIComponent(iso)}`, {
        credentials: 'same-origin',
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      const body = (await res.json().catch(() => null)) as {
        data?: unknown;
        error?: { message?: string };
      } | null;
      if (!res.ok) {
        state = { ...state, playing: false, error: body?.error?.message ?? `HTTP ${res.status}` };
        stopTimer();
        store.showReplay(state);
        return;
      }
      const snap = parseData(SnapshotResponseSchema, body);
      state = { ...state, at: Date.parse(iso), error: null };
      store.showReplay(state, snap);
    } catch (e) {
      state = { ...state, error: e instanceof Error ? e.message : String(e) };
      store.showReplay(state);
    } finally {
      inFlight = false;
      const next = pending;
      pending = null;
      if (next !== null) void show(next);
    }
  };
  const stopTimer = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const tick = (): void => {
    const next = state.at + state.speed * STEP_MS;
    // Caught up with now: the replay stops at the present (going live is a page of its own).
    if (next >= Date.now()) {
      state = { ...state, playing: false };
      stopTimer();
    }
    void show(next);
  };

  store.showReplay(state);
  void show(at);
  return {
    seek(to) {
      state = { ...state, at: to };
      void show(to);
    },
    play() {
      if (timer !== null) return;
      state = { ...state, playing: true };
      store.showReplay(state);
      timer = setInterval(tick, STEP_MS);
    },
    pause() {
      stopTimer();
      state = { ...state, playing: false };
      store.showReplay(state);
    },
    setSpeed(speed) {
      state = { ...state, speed };
      store.showReplay(state);
    },
    stop() {
      stopped = true;
      stopTimer();
    },
  };
}
