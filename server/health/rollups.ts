import type { ServiceStatus } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../store/store.js';

/**
 * Uptime and latency rollups per service, per minute, hour and day (UTC buckets), as counters
 * written in the same commit as the sample. Accounting rule: each sample counts under the
 * service's confirmed state after it; uptime = (up + degraded) / (up + degraded + down);
 * MAINTENANCE and UNKNOWN samples are excluded from both sides.
 */
const STATUSES: ServiceStatus[] = ['up', 'degraded', 'down', 'maintenance', 'unknown'];
const DAY_MS = 86_400_000;
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
  const step = grain === GRAINS.hour ? 3_600_000 : DAY_MS;
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
 * A service's tallies per UTC day for the `days` days ending with today's (oldest first): one
 * counter read per calendar year touched, whatever the number of days.
 */
export async function dailyTallies(
  ctx: Ctx,
  serviceId: string,
  days: number,
  now: Date,
): Promise<{ date: string; tally: Tally }[]> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const out = Array.from({ length: days }, (_, i) => {
    const iso = new Date(today - (days - 1 - i) * DAY_MS).toISOString();
    return { date: iso.slice(0, 10), hash: GRAINS.day.hash(serviceId, iso), tally: empty() };
  });
  const byKey = new Map(out.map((d) => [`${d.hash}#${d.date.slice(5)}`, d.tally]));
  for (const hash of new Set(out.map((d) => d.hash))) {
    for (const [field, n] of Object.entries(await ctx.store.counters(hash))) {
      const [bucket = '', kind = ''] = field.split('|');
      const tally = byKey.get(`${hash}#${bucket}`);
      if (!tally) continue;
      if (kind === 'lat') tally.latencySum += n;
      else if (kind === 'n') tally.samples += n;
      else if ((STATUSES as string[]).includes(kind)) tally[kind as ServiceStatus] += n;
    }
  }
  return out.map(({ date, tally }) => ({ date, tally }));
}
