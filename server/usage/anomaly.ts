/**
 * Pure usage anomaly detectors. A drop is judged against the series' own recent pattern for the
 * same WITA hour of day and day of week, so a quiet night or a normal weekend dip is compared with
 * earlier nights and weekends, never with a busy weekday.
 */
import { HOUR_MS, WEEK_MS, witaSlot } from './wita.js';

/** Tuning of the drop detector. */
export interface DropOptions {
  /** Same-slot weeks looked back at. */
  weeks: number;
  /** Fewest of those weeks that must have a value before anything is judged. */
  minHistory: number;
  /** Raise when value < ratio × expected. */
  ratio: number;
  /** Expected values below this are too small for a drop to matter. */
  minExpected: number;
}

/** Median of the last 4 same-slot weeks (at least 3 present); raise below 40 % of it when it is at least 20. */
export const DEFAULT_DROP: DropOptions = { weeks: 4, minHistory: 3, ratio: 0.4, minExpected: 20 };

/** The outcome of judging one hourly value. */
export interface DropVerdict {
  anomalous: boolean;
  value: number;
  /** Median of the same-slot history, null when there is not enough of it. */
  expected: number | null;
  history: number[];
  slot: { hour: number; dow: number };
  reason: 'drop' | 'normal' | 'not_enough_history' | 'too_small';
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/**
 * Judges the hourly value of the hour starting at `atMs`. `lookup(ms)` gives the series' value for
 * the hour starting at `ms` (undefined when unknown).
 */
export function judgeDrop(
  atMs: number,
  value: number,
  lookup: (ms: number) => number | undefined,
  opts: DropOptions = DEFAULT_DROP,
): DropVerdict {
  const history: number[] = [];
  for (let k = 1; k <= opts.weeks; k++) {
    const v = lookup(atMs - k * WEEK_MS);
    if (v !== undefined) history.push(v);
  }
  const base = { value, history, slot: witaSlot(atMs) };
  if (history.length < opts.minHistory)
    return { ...base, anomalous: false, expected: null, reason: 'not_enough_history' };
  const expected = median(history);
  if (expected < opts.minExpected) return { ...base, anomalous: false, expected, reason: 'too_small' };
  const anomalous = value < opts.ratio * expected;
  return { ...base, anomalous, expected, reason: anomalous ? 'drop' : 'normal' };
}

/** Whether a feed last heard at `lastMs` is silent at `nowMs` (never heard is not silent: nothing is expected yet). */
export function judgeSilence(
  lastMs: number | null,
  nowMs: number,
  silentAfterMs: number,
): { silent: boolean; silentForMs: number } {
  if (lastMs === null) return { silent: false, silentForMs: 0 };
  const silentForMs = Math.max(0, nowMs - lastMs);
  return { silent: silentForMs > silentAfterMs, silentForMs };
}

/** Hours for a message ("6 jam"). */
export const hoursOf = (ms: number): number => Math.floor(ms / HOUR_MS);
