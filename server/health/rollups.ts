import type { ServiceStatus } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../store/store.js';
import { WITA_OFFSET_MS } from '../usage/wita.js';

/**
 * Uptime and latency rollups per service, per minute, hour and day (UTC buckets), as counters
 * written in the same commit as the sample (WITA days are summed from the hour buckets).
 * Accounting rule: each sample counts under the service's confirmed state after it;
 * uptime = (up + degraded) / (up + degraded + down); MAINTENANCE and UNKNOWN samples are excluded
 * from both sides.
 */
const STATUSES: ServiceStatus[] = ['up', 'degraded', 'down', 'maintenance', 'unknown'];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const GRAINS = {
  minute: {
    hash: (svc: string, iso: string) => `rollup:m:${svc}:${iso.slice(0, 10)}`,
    field: (iso: string) => iso.slice(11, 16),
    ttlMs: 3 * DAY_MS,
  },
  hour: {
    hash: (svc: string, iso: string) => `rollup:h:${svc}:${iso.slice(0, 7)}`,
    field: (iso: string) => iso.slice(8, 13),
    ttlMs: 400 * DAY_MS,
  },
  day: {
    hash: (svc: string, iso: string) => `rollup:d:${svc}:${iso.slice(0, 4)}`,
    field: (iso: string) => iso.slice(5, 10),
    ttlMs: 3 * 365 * DAY_MS,
  },
} as const;

/** Counter increments for one sample: status count, latency sum and sample count at every grain. */
export function rollupIncrs(
  serviceId: string,
  status: ServiceStatus,
  latencyMs: number,
  checkedAt: string,
): NonNullable<Tx['incrs']> {
  const iso = new Date(checkedAt).toISOString();
  return Object.values(GRAINS).flatMap((g) => {
    const hash = g.hash(serviceId, iso);
    const f = g.field(iso);
    return [
      { hash, field: `${f}|${status}`, by: 1, ttlMs: g.ttlMs },
      { hash, field: `${f}|lat`, by: latencyMs, ttlMs: g.ttlMs },
      { hash, field: `${f}|n`, by: 1, ttlMs: g.ttlMs },
    ];
  });
}

/** Sample counts by status plus latency over a period. */
export interface Tally {
  up: number;
  degraded: number;
  down: number;
  maintenance: number;
  unknown: number;
  latencySum: number;
  samples: number;
}

const empty = (): Tally => ({
  up: 0,
  degraded: 0,
  down: 0,
  maintenance: 0,
  unknown: 0,
  latencySum: 0,
  samples: 0,
});

/** Uptime ratio of a tally under the accounting rule; null when nothing counted. */
export function uptimeOf(t: Tally): number | null {
  const counted = t.up + t.degraded + t.down;
  return counted ? (t.up + t.degraded) / counted : null;
}

/** Adds tallies. */
export function addTallies(ts: Tally[]): Tally {
  return ts.reduce((a, t) => {
    for (const k of Object.keys(a) as (keyof Tally)[]) a[k] += t[k];
    return a;
  }, empty());
}

/** A service's tally over [from, to): hour buckets up to 35 days, day buckets beyond. */
export async function tallyService(ctx: Ctx, serviceId: string, from: Date, to: Date): Promise<Tally> {
  const grain = to.getTime() - from.getTime() <= 35 * DAY_MS ? GRAINS.hour : GRAINS.day;
  const step = grain === GRAINS.hour ? HOUR_MS : DAY_MS;
  const hashes = new Set<string>();
  const wanted = new Set<string>();
  for (let t = Math.floor(from.getTime() / step) * step; t < to.getTime(); t += step) {
    const iso = new Date(t).toISOString();
    hashes.add(grain.hash(serviceId, iso));
    wanted.add(`${grain.hash(serviceId, iso)}#${grain.field(iso)}`);
  }
  const tally = empty();
  for (const hash of hashes) {
    const counters = await ctx.store.counters(hash);
    for (const [field, n] of Object.entries(counters)) {
      const [bucket = '', kind = ''] = field.split('|');
      if (!wanted.has(`${hash}#${bucket}`)) continue;
      if (kind === 'lat') tally.latencySum += n;
      else if (kind === 'n') tally.samples += n;
      else if ((STATUSES as string[]).includes(kind)) tally[kind as ServiceStatus] += n;
    }
  }
  return tally;
}

/** The standard SLA windows. */
export const WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '365d': 365 * DAY_MS } as const;

/**
 * A service's tallies per WITA calendar day for the `days` days ending with today's (oldest first),
 * summed from the hour buckets: WITA is UTC+8 with no daylight saving, so a WITA day is the 24 UTC
 * hours from 16:00 UTC the day before (the UTC day buckets would put 00:00–08:00 WITA on the
 * previous day). One counter read per UTC month touched, whatever the history: 4 for 90 days, 5
 * when they run from 1 February to 1 May of a common year.
 */
export async function witaDailyTallies(
  ctx: Ctx,
  serviceId: string,
  days: number,
  now: Date,
): Promise<{ date: string; tally: Tally }[]> {
  // Day numbers are WITA dates written as UTC midnights; `start` is the first day's start as an instant.
  const today = Math.floor((now.getTime() + WITA_OFFSET_MS) / DAY_MS) * DAY_MS;
  const first = today - (days - 1) * DAY_MS;
  const start = first - WITA_OFFSET_MS;
  const out = Array.from({ length: days }, (_, i) => ({
    date: new Date(first + i * DAY_MS).toISOString().slice(0, 10),
    tally: empty(),
  }));
  const months = new Map<string, string>();
  for (let t = start; t < start + days * DAY_MS; t += DAY_MS) {
    for (const iso of [new Date(t).toISOString(), new Date(t + DAY_MS - HOUR_MS).toISOString()])
      months.set(GRAINS.hour.hash(serviceId, iso), iso.slice(0, 7));
  }
  const read = await Promise.all([...months.keys()].map((hash) => ctx.store.counters(hash)));
  [...months.values()].forEach((month, m) => {
    const monthStart = Date.parse(`${month}-01T00:00:00Z`);
    for (const [field, n] of Object.entries(read[m] ?? {})) {
      // Hour field `DD-HH|kind` of month `YYYY-MM`.
      const at = monthStart + (Number(field.slice(0, 2)) - 1) * DAY_MS + Number(field.slice(3, 5)) * HOUR_MS;
      const tally = out[Math.floor((at - start) / DAY_MS)]?.tally;
      if (!tally) continue;
      const kind = field.slice(6);
      if (kind === 'lat') tally.latencySum += n;
      else if (kind === 'n') tally.samples += n;
      else if ((STATUSES as string[]).includes(kind)) tally[kind as ServiceStatus] += n;
    }
  });
  return out;
}
