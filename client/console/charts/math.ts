/**
 * Pure chart maths for the service charts: scales, percentiles, the state of a check, the degraded
 * threshold a check reports, and the time buckets of a window (WITA days, UTC-aligned hours).
 * No DOM, no i18n: unit-tested under tests/client/console/charts.
 */

/** The windows the charts offer. */
export const CHART_WINDOWS = ['24h', '7d', '30d'] as const;
export type ChartWindow = (typeof CHART_WINDOWS)[number];

/** The states a check can show in the strip (the evidence says up/degraded/down; see `checkState`). */
export const CHECK_STATES = ['up', 'degraded', 'down', 'maintenance', 'unknown'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

/** Uptime target drawn on availability charts (the project defines no per-service SLA target yet). */
export const SLA_TARGET = 0.99;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** WITA is UTC+8 all year (no daylight saving). */
const WITA_OFFSET_MS = 8 * HOUR_MS;

/** A linear map from `domain` to `range`; a flat domain maps everything to the range's start. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** A round upper bound ≥ `v` (1, 2, 2.5, 5 × 10^k) so axis ticks read well; 1 for v ≤ 0. */
export function niceMax(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const pow = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= v) return m * pow;
  return 10 * pow;
}

/** `count` + 1 evenly spaced ticks from 0 to `max`. */
export function ticks(max: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/** Nearest-rank percentile (p in 0..100) of the finite values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!xs.length) return null;
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * xs.length);
  return xs[Math.max(0, rank - 1)] ?? null;
}

/** The fields of a check the charts read (a subset of the history entry the API serves). */
export interface CheckLike {
  seq: number;
  checkedAt: string;
  status: 'up' | 'degraded' | 'down';
  reason: string | null;
  timings: { total: number | null };
  conditions: readonly { name: string; expected: string }[];
}

/** What the strip shows for one check: a failure while the monitor doubted itself is UNKNOWN, as in the state machine. */
export function checkState(c: Pick<CheckLike, 'status' | 'reason'>): CheckState {
  if (c.reason === 'monitor_degraded') return 'unknown';
  return c.status;
}

/** The "slower than N ms is degraded" threshold a check was judged by, from its `response time ms` condition. */
export function degradedThreshold(c: Pick<CheckLike, 'conditions'>): number | null {
  const cond = c.conditions.find((x) => x.name === 'response time ms');
  const m = cond ? /^<=\s*(\d+(?:\.\d+)?)$/.exec(cond.expected.trim()) : null;
  return m?.[1] ? Number(m[1]) : null;
}

/** Summary of a run of checks: mean and p95 of the total time, failures (down) out of all. */
export interface CheckSummary {
  count: number;
  meanMs: number | null;
  p95Ms: number | null;
  failed: number;
}

/** Mean, p95 and failures of the checks (times of checks without a total are left out of the means). */
export function summarize(checks: readonly CheckLike[]): CheckSummary {
  const times = checks
    .map((c) => c.timings.total)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    count: checks.length,
    meanMs: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
    p95Ms: percentile(times, 95),
    failed: checks.filter((c) => checkState(c) === 'down').length,
  };
}

/** The checks oldest first (the API serves newest first), one per `seq`. */
export function chronological<T extends CheckLike>(items: readonly T[]): T[] {
  const seen = new Set<number>();
  return [...items]
    .sort((a, b) => a.checkedAt.localeCompare(b.checkedAt) || a.seq - b.seq)
    .filter((c) => (seen.has(c.seq) ? false : (seen.add(c.seq), true)));
}

/** One plotted check: x and y in SVG units, and its index in the chronological list. */
export interface PlotPoint {
  index: number;
  x: number;
  y: number | null;
  ms: number | null;
}

/** Chart geometry: the plot area inside the SVG viewBox. */
export interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Places the checks on the plot: one equal slot per check in run order (checks run at a fixed
 * interval, and time gaps would hide the failures one wants to see), each point at its slot's
 * centre so the state strip's cells line up under it; y by total ms against `maxMs`. A check with
 * no total (nothing answered) has y null.
 */
export function layoutPoints(checks: readonly CheckLike[], plot: Plot, maxMs: number): PlotPoint[] {
  const slot = (plot.right - plot.left) / Math.max(1, checks.length);
  const y = linearScale([0, maxMs], [plot.bottom, plot.top]);
  return checks.map((c, i) => {
    const ms = c.timings.total;
    return { index: i, x: plot.left + (i + 0.5) * slot, y: ms === null ? null : y(Math.min(ms, maxMs)), ms };
  });
}

/** The index of the point nearest to `x` (for pointer hover); -1 for none. */
export function nearestIndex(points: readonly { x: number }[], x: number): number {
  let best = -1;
  let dist = Infinity;
  points.forEach((p, i) => {
    const d = Math.abs(p.x - x);
    if (d < dist) {
      dist = d;
      best = i;
    }
  });
  return best;
}

/** One time bucket of a window: [from, to) in ms since the epoch. */
export interface Bucket {
  from: number;
  to: number;
}

/**
 * The buckets of a window ending at `now`: 24 clock hours for 24 h (the last one running), WITA
 * calendar days for 7 d and 30 d (today running). Hours are whole UTC hours, which are whole WITA
 * hours too, so they match the server's hour rollups exactly; a WITA day is 24 of them.
 */
export function windowBuckets(window: ChartWindow, now: number): Bucket[] {
  if (window === '24h') {
    const top = Math.floor(now / HOUR_MS) * HOUR_MS;
    return Array.from({ length: 24 }, (_, i) => {
      const from = top - (23 - i) * HOUR_MS;
      return { from, to: Math.min(from + HOUR_MS, now) };
    });
  }
  const days = window === '7d' ? 7 : 30;
  const today = Math.floor((now + WITA_OFFSET_MS) / DAY_MS) * DAY_MS - WITA_OFFSET_MS;
  return Array.from({ length: days }, (_, i) => {
    const from = today - (days - 1 - i) * DAY_MS;
    return { from, to: Math.min(from + DAY_MS, now) };
  });
}

/** The index of the bucket holding instant `t`, or -1 outside them all. */
export function bucketIndex(buckets: readonly Bucket[], t: number): number {
  return buckets.findIndex((b) => t >= b.from && t < b.to);
}

/**
 * The lower end of the uptime axis: low enough to show the lowest bar and the target with some
 * room, in steps of 5 points, never below 0 (so 99.9 % and 99 % don't look the same as 0 %).
 */
export function uptimeFloor(values: readonly (number | null)[], target: number): number {
  const lows = [target, ...values.filter((v): v is number => v !== null && Number.isFinite(v))];
  const lo = Math.min(...lows);
  return Math.max(0, Math.floor((lo - 0.02) * 20) / 20);
}
