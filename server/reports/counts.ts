/**
 * Participation counters: how many citizen reports arrived per WITA day, per channel, kelurahan
 * and kecamatan. Written in the same commit as the report (so they never count a report that was
 * not stored), read by summing a window of days — a read costs one hash per day, however many
 * reports there are.
 */
import type { Report, ReportChannel } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../store/store.js';
import { DAY_MS, WITA_OFFSET_MS } from '../usage/wita.js';

/** Counters are kept this long (a year of windows and some). */
const TTL_MS = 400 * DAY_MS;

/** The WITA calendar day of an instant, `YYYY-MM-DD`. */
export const witaDay = (ms: number) => new Date(ms + WITA_OFFSET_MS).toISOString().slice(0, 10);

const hashOf = (day: string) => `reports:day:${day}`;

/** The counter increments of one new report. */
export function reportCountIncrs(
  r: Pick<Report, 'submittedAt' | 'channel' | 'kelurahanCode' | 'kecamatanCode'>,
): NonNullable<Tx['incrs']> {
  const hash = hashOf(witaDay(Date.parse(r.submittedAt)));
  const fields = [
    'total',
    `ch:${r.channel}`,
    ...(r.kelurahanCode ? [`kel:${r.kelurahanCode}`] : []),
    ...(r.kecamatanCode ? [`kec:${r.kecamatanCode}`] : []),
  ];
  return fields.map((field) => ({ hash, field, by: 1, ttlMs: TTL_MS }));
}

/** The counter a report's step to `status` adds on the WITA day it happens (`st:<status>`). */
export function reportStepIncrs(status: Report['status'], atIso: string): NonNullable<Tx['incrs']> {
  return [{ hash: hashOf(witaDay(Date.parse(atIso))), field: `st:${status}`, by: 1, ttlMs: TTL_MS }];
}

/** Reports over a window of WITA days ending today. */
export interface ReportCounts {
  /** First and last WITA day of the window, inclusive. */
  from: string;
  to: string;
  days: number;
  total: number;
  byChannel: Partial<Record<ReportChannel, number>>;
  byKelurahan: Record<string, number>;
  byKecamatan: Record<string, number>;
  /** Steps taken in the window, by the status reached (verified, merged, rejected, in_progress, closed). */
  byStatus: Partial<Record<Report['status'], number>>;
  /** Reports per WITA day, oldest first (days without reports are 0). */
  perDay: { day: string; total: number }[];
}

/** Sums the last `days` WITA days (today included) of report counters. */
export async function reportCounts(ctx: Ctx, days: number, now = ctx.now()): Promise<ReportCounts> {
  const n = Math.max(1, Math.min(400, Math.floor(days)));
  const dayList = Array.from({ length: n }, (_, i) => witaDay(now.getTime() - (n - 1 - i) * DAY_MS));
  const hashes = await Promise.all(dayList.map((d) => ctx.store.counters(hashOf(d))));
  const out: ReportCounts = {
    from: dayList[0] ?? '',
    to: dayList[n - 1] ?? '',
    days: n,
    total: 0,
    byChannel: {},
    byKelurahan: {},
    byKecamatan: {},
    byStatus: {},
    perDay: [],
  };
  hashes.forEach((h, i) => {
    out.perDay.push({ day: dayList[i] ?? '', total: h.total ?? 0 });
    for (const [field, v] of Object.entries(h)) {
      if (field === 'total') out.total += v;
      const [kind, key = ''] = field.split(':');
      const into =
        kind === 'ch'
          ? (out.byChannel as Record<string, number>)
          : kind === 'kel'
            ? out.byKelurahan
            : kind === 'kec'
              ? out.byKecamatan
              : kind === 'st'
                ? (out.byStatus as Record<string, number>)
                : null;
      if (into && key) into[key] = (into[key] ?? 0) + v;
    }
  });
  return out;
}
