import type { ServiceStatus } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../store/store.js';
import { WITA_OFFSET_MS } from '../usage/wita.js';

/**
 * Uptime and latency rollups per service, per minute, hour and day (UTC buckets) and per WITA day,
 * as counters written in the same commit as the sample.
 * Accounting rule: each sample counts under the service's confirmed state after it;
 * uptime = (up + degraded) / (up + degraded + down); MAINTENANCE and UNKNOWN samples are excluded
 * from both sides.
 */
const STATUSES: ServiceStatus[] = ['up', 'degraded', 'down', 'maintenance', 'unknown'];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The WITA wall-clock time of a UTC instant, written as if it were UTC. */
const witaIso = (iso: string) => new Date(Date.parse(iso) + WITA_OFFSET_MS).toISOString();
/** The WITA-day hash of a service and WITA month `YYYY-MM`. */
const witaDayHash = (svc: string, witaMonth: string) => `rollup:wd:${svc}:${witaMonth}`;
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
  /** WITA calendar days (the public status page's bars), one hash per WITA month; `iso` is UTC. */
  witaDay: {
    hash: (svc: string, iso: string) => witaDayHash(svc, witaIso(iso).slice(0, 7)),
    field: (iso: string) => witaIso(iso).slice(8, 10),
    ttlMs: 120 * DAY_MS,
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

/** Adds a counter `kind` (`up`…, `lat`, `n`) to a tally. */
function count(tally: Tally, kind: string, n: number): void {
  if (kind === 'lat') tally.latencySum += n;
  else if (kind === 'n') tally.samples += n;
  else if ((STATUSES as string[]).includes(kind)) tally[kind as ServiceStatus] += n;
}

/**
 * A service's tallies per WITA calendar day for the `days` days ending with today's (oldest first).
 * Days from `since` on (the first whole day the WITA-day grain was written; see `witaDaySince`)
 * are read from the WITA-day hashes, one per WITA month touched (a few hundred fields each); days
 * before it are summed from the hour buckets — WITA is UTC+8 with no daylight saving, so a WITA day
 * is the 24 UTC hours from 16:00 UTC the day before — one read per UTC month touched (thousands
 * of fields each). Either way the reads do not grow with the history.
 */
export async function witaDailyTallies(
  ctx: Ctx,
  serviceId: string,
  days: number,
  now: Date,
  since: string | null = null,
): Promise<{ date: string; tally: Tally }[]> {
  // Day numbers are WITA dates written as UTC midnights; `start` is the first day's start as an instant.
  const today = Math.floor((now.getTime() + WITA_OFFSET_MS) / DAY_MS) * DAY_MS;
  const first = today - (days - 1) * DAY_MS;
  const start = first - WITA_OFFSET_MS;
  const out = Array.from({ length: days }, (_, i) => ({
    date: new Date(first + i * DAY_MS).toISOString().slice(0, 10),
    tally: empty(),
  }));
  const fromGrain = out.findIndex((d) => since !== null && d.date >= since);
  const split = fromGrain < 0 ? days : fromGrain;
  const reads: Promise<void>[] = [];
  // Before `since`: the hour buckets of the UTC months those days touch.
  const months = new Map<string, string>();
  for (let t = start; t < start + split * DAY_MS; t += DAY_MS) {
    for (const iso of [new Date(t).toISOString(), new Date(t + DAY_MS - HOUR_MS).toISOString()])
      months.set(GRAINS.hour.hash(serviceId, iso), iso.slice(0, 7));
  }
  for (const [hash, month] of months)
    reads.push(
      ctx.store.counters(hash).then((fields) => {
        const monthStart = Date.parse(`${month}-01T00:00:00Z`);
        for (const [field, n] of Object.entries(fields)) {
          // Hour field `DD-HH|kind` of month `YYYY-MM`.
          const at =
            monthStart + (Number(field.slice(0, 2)) - 1) * DAY_MS + Number(field.slice(3, 5)) * HOUR_MS;
          const i = Math.floor((at - start) / DAY_MS);
          const day = i < split ? out[i] : undefined;
          if (day) count(day.tally, field.slice(6), n);
        }
      }),
    );
  // From `since`: the WITA-day hashes of the WITA months those days fall in.
  const byDate = new Map(out.slice(split).map((d) => [d.date, d.tally]));
  const wdMonths = new Set(out.slice(split).map((d) => d.date.slice(0, 7)));
  for (const month of wdMonths)
    reads.push(
      ctx.store.counters(witaDayHash(serviceId, month)).then((fields) => {
        for (const [field, n] of Object.entries(fields)) {
          // WITA-day field `DD|kind` of WITA month `YYYY-MM`.
          const tally = byDate.get(`${month}-${field.slice(0, 2)}`);
          if (tally) count(tally, field.slice(3), n);
        }
      }),
    );
  await Promise.all(reads);
  return out;
}

const SINCE_KEY = 'rollup:wd-since';

/**
 * The first WITA date whose WITA-day rollups are whole: the day after this code first asked, kept
 * in the store (the grain was written from the start of the process that asks, so the next WITA
 * day is the first it saw from its beginning).
 */
export async function witaDaySince(ctx: Ctx, now: Date): Promise<string> {
  const have = await ctx.store.getValue(SINCE_KEY);
  if (have) return have;
  const tomorrow = new Date(Math.floor((now.getTime() + WITA_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS)
    .toISOString()
    .slice(0, 10);
  await ctx.store.setValue(SINCE_KEY, tomorrow);
  return tomorrow;
}
