/**
 * How much data an SLA figure rests on. `GET /agencies/:id/sla` gives sample counts per window
 * (24 h, 7 d, 30 d, 365 d) but not when the first sample was taken, so the period covered is
 * derived from the counts: when the 30-day window holds exactly as many samples as the 7-day one,
 * every sample is from the last 7 days ("at most 7 days"); when it holds more, some are older
 * ("more than 7 days"). Where every service is checked by Pantau at a fixed interval, samples ×
 * interval gives an estimate ("about 29 days"), kept inside those bounds. Pure: no DOM, no i18n.
 */

export const SLA_WINDOWS = ['24h', '7d', '30d', '365d'] as const;
export type SlaWindow = (typeof SLA_WINDOWS)[number];

const DAY_MS = 86_400_000;
export const SLA_WINDOW_MS: Record<SlaWindow, number> = {
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
  '365d': 365 * DAY_MS,
};

/** The sample counts of one agency or service over one window (as the API gives them). */
export interface Counts {
  up: number;
  degraded: number;
  down: number;
  samples: number;
}

/** The checks an uptime is computed from: up + degraded + down (maintenance and unknown excluded). */
export function countedChecks(c: Counts | null | undefined): number {
  return c ? c.up + c.degraded + c.down : 0;
}

export type Coverage =
  | { kind: 'none' }
  | { kind: 'about'; ms: number }
  | { kind: 'atMost'; window: SlaWindow }
  | { kind: 'moreThan'; window: SlaWindow };

/**
 * The period the samples of `window` cover. `samples` holds the sample count per window (the
 * larger windows contain the smaller); `estimateMs` is samples × check interval when known.
 */
export function coverage(
  samples: Partial<Record<SlaWindow, number>>,
  window: SlaWindow,
  estimateMs: number | null = null,
): Coverage {
  const n = samples[window] ?? 0;
  if (n <= 0) return { kind: 'none' };
  const at = SLA_WINDOWS.indexOf(window);
  // The smallest window that already holds every sample of this one.
  let hi = at;
  while (hi > 0 && samples[SLA_WINDOWS[hi - 1] as SlaWindow] === n) hi--;
  const hiWindow = SLA_WINDOWS[hi] as SlaWindow;
  const loWindow = hi > 0 ? (SLA_WINDOWS[hi - 1] as SlaWindow) : null;
  if (estimateMs !== null && Number.isFinite(estimateMs) && estimateMs > 0) {
    const lo = loWindow ? SLA_WINDOW_MS[loWindow] : 0;
    return { kind: 'about', ms: Math.min(SLA_WINDOW_MS[hiWindow], Math.max(lo, estimateMs)) };
  }
  if (hi < at || !loWindow) return { kind: 'atMost', window: hiWindow };
  return { kind: 'moreThan', window: loWindow };
}

/** What a service's check looks like in the live catalogue (only the fields read here). */
export interface CheckLike {
  type: string;
  intervalSeconds?: number;
}

/**
 * samples × interval for services Pantau checks itself at a fixed interval (http, tcp, dns), the
 * longest over the given services; null when any service with samples has no such check (pushed
 * heartbeats and reported states come at no fixed rate).
 */
export function intervalEstimate(
  parts: readonly { samples: number; check: CheckLike | null | undefined }[],
): number | null {
  let longest = 0;
  for (const p of parts) {
    if (p.samples <= 0) continue;
    const c = p.check;
    if (!c || c.type === 'push' || !c.intervalSeconds) return null;
    longest = Math.max(longest, p.samples * c.intervalSeconds * 1000);
  }
  return longest > 0 ? longest : null;
}
