/**
 * A seeded, realistic usage generator for the study's apps: hourly `active_users` and
 * `transactions` with a WITA office-hours day (quiet nights, lunch dip, evening tail), a weekday /
 * weekend pattern (Saturday ~35 %, Sunday ~20 % of a weekday: a normal dip a naive detector would
 * flag), slow growth over the year and ±12 % noise; plus daily `daily_active_users` and monthly
 * `monthly_active_users`. Same seed, same output.
 *
 *   npx tsx scripts/gen-usage.ts [--seed 42] [--days 365] [--end 2026-01-01T00:00:00Z] [--apps hore,siak] > usage.csv
 */
import { parseArgs } from 'node:util';

/** One generated sample, in the shape of the usage API and CSV. */
export interface GeneratedSample {
  appId: string;
  metric: 'active_users' | 'transactions' | 'daily_active_users' | 'monthly_active_users';
  period: 'hour' | 'day' | 'month';
  at: string;
  value: number;
}

/** Generator options. */
export interface GenOptions {
  seed: number;
  /** The generated hours end just before this instant (UTC, on the hour). */
  end: Date;
  days: number;
  apps?: string[];
  /** Which series to emit (default: all four). */
  metrics?: GeneratedSample['metric'][];
}

/** Weekday peak of hourly active users per app (modest, as the study found). */
export const PEAK_HOURLY_USERS: Record<string, number> = {
  hore: 4,
  'digital-gov': 30,
  perizinan: 45,
  siak: 120,
  simpus: 80,
  'e-tax': 35,
  simpeg: 60,
};
/** Share of the weekday peak by WITA hour of day. */
export const HOUR_PROFILE = [
  0.04, 0.03, 0.02, 0.02, 0.03, 0.08, 0.25, 0.55, 0.9, 1, 1, 0.95, 0.7, 0.9, 0.95, 0.85, 0.65, 0.45, 0.4,
  0.38, 0.3, 0.2, 0.12, 0.07,
];
/** Share of a weekday by WITA day of week (0 = Sunday). */
export const DAY_PROFILE = [0.2, 1, 1, 1, 1, 0.95, 0.35];

const HOUR = 3_600_000;
const WITA = 8 * HOUR;

/** mulberry32: a small seeded PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The expected (noise-free) hourly active users of an app for the hour starting at `ms`. */
export function expectedHourly(appId: string, ms: number, startMs: number, days: number): number {
  const d = new Date(ms + WITA);
  const growth = 1 + (0.3 * (ms - startMs)) / (days * 24 * HOUR);
  return (
    (PEAK_HOURLY_USERS[appId] ?? 10) *
    (HOUR_PROFILE[d.getUTCHours()] ?? 0) *
    (DAY_PROFILE[d.getUTCDay()] ?? 1) *
    growth
  );
}

/** Generates the samples, oldest first. */
export function generateUsage(opts: GenOptions): GeneratedSample[] {
  const rnd = prng(opts.seed);
  const endMs = Math.floor(opts.end.getTime() / HOUR) * HOUR;
  const startMs = endMs - opts.days * 24 * HOUR;
  const apps = opts.apps ?? Object.keys(PEAK_HOURLY_USERS);
  const want = new Set(
    opts.metrics ?? ['active_users', 'transactions', 'daily_active_users', 'monthly_active_users'],
  );
  const out: GeneratedSample[] = [];
  for (const appId of apps) {
    const daily = new Map<number, number>();
    const monthly = new Map<number, number>();
    for (let ms = startMs; ms < endMs; ms += HOUR) {
      const noise = 0.88 + rnd() * 0.24;
      const users = Math.round(expectedHourly(appId, ms, startMs, opts.days) * noise);
      const tx = Math.round(users * (1.4 + rnd() * 0.4));
      const at = new Date(ms).toISOString();
      if (want.has('active_users'))
        out.push({ appId, metric: 'active_users', period: 'hour', at, value: users });
      if (want.has('transactions'))
        out.push({ appId, metric: 'transactions', period: 'hour', at, value: tx });
      const local = new Date(ms + WITA);
      const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - WITA;
      const month = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - WITA;
      // Distinct users of a day/month are fewer than the sum of hourly users (people come back).
      daily.set(day, (daily.get(day) ?? 0) + users * 0.6);
      monthly.set(month, (monthly.get(month) ?? 0) + users * 0.12);
    }
    if (want.has('daily_active_users'))
      for (const [ms, v] of daily)
        out.push({
          appId,
          metric: 'daily_active_users',
          period: 'day',
          at: new Date(ms).toISOString(),
          value: Math.round(v),
        });
    if (want.has('monthly_active_users'))
      for (const [ms, v] of monthly)
        out.push({
          appId,
          metric: 'monthly_active_users',
          period: 'month',
          at: new Date(ms).toISOString(),
          value: Math.round(v),
        });
  }
  return out;
}

/** The samples as a usage CSV (the importer's format). */
export function toCsv(samples: GeneratedSample[], source = 'gen-usage'): string {
  const lines = samples.map((s) => `${s.appId},${s.metric},${s.period},${s.at},${s.value},,${source}`);
  return `app_id,metric,period,period_start,value,kelurahan_code,source\n${lines.join('\n')}\n`;
}

const isEntry = process.argv[1]?.endsWith('gen-usage.ts');
if (isEntry) {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      days: { type: 'string' },
      end: { type: 'string' },
      apps: { type: 'string' },
    },
  });
  const samples = generateUsage({
    seed: Number(values.seed ?? 42),
    days: Number(values.days ?? 365),
    end: values.end ? new Date(values.end) : new Date(),
    ...(values.apps ? { apps: values.apps.split(',') } : {}),
  });
  process.stdout.write(toCsv(samples));
}
