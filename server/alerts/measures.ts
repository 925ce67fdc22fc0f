import type { Alert } from '../../shared/schemas/index.js';

/** Response measures for a set of alerts: counts, mean and median time to acknowledge and to resolve. */
export interface ResponseTimes {
  alerts: number;
  acknowledged: number;
  resolved: number;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  medianTtaSeconds: number | null;
  medianTtrSeconds: number | null;
}

function firstAt(a: Alert, action: 'acknowledged' | 'resolved'): number | null {
  const e = a.timeline.find((t) => t.action === action);
  return e ? Date.parse(e.at) : null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? null) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/**
 * MTTA = mean time from opening to the first acknowledgement; MTTR = mean time from opening to
 * the first resolution (alerts resolved without an ack count for MTTR only). Seconds.
 */
export function responseTimes(alerts: Alert[]): ResponseTimes {
  const tta: number[] = [];
  const ttr: number[] = [];
  for (const a of alerts) {
    const opened = Date.parse(a.createdAt);
    const ack = firstAt(a, 'acknowledged');
    const res = firstAt(a, 'resolved');
    if (ack !== null) tta.push((ack - opened) / 1000);
    if (res !== null) ttr.push((res - opened) / 1000);
  }
  return {
    alerts: alerts.length,
    acknowledged: tta.length,
    resolved: ttr.length,
    mttaSeconds: round(mean(tta)),
    mttrSeconds: round(mean(ttr)),
    medianTtaSeconds: round(median(tta)),
    medianTtrSeconds: round(median(ttr)),
  };
}

/** The same measures overall and per category. */
export function responseTimesByCategory(alerts: Alert[]): {
  overall: ResponseTimes;
  byCategory: Record<string, ResponseTimes>;
} {
  const groups = new Map<string, Alert[]>();
  for (const a of alerts) {
    const k = a.category ?? a.sourceKind;
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  return {
    overall: responseTimes(alerts),
    byCategory: Object.fromEntries([...groups].map(([k, v]) => [k, responseTimes(v)])),
  };
}
