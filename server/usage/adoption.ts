/**
 * Adoption = active users / served population, per app (pure functions over stored samples).
 * Active users: the app's samples of the first metric in ADOPTION_METRICS that it has
 * (monthly_active_users, then active_users, then daily_active_users), hourly samples excluded;
 * city-wide samples, else the sum of the per-kelurahan samples of the same instant. Where several
 * sources report the same instant, the largest value counts (sources are not added up).
 */
import { readFileSync } from 'node:fs';
import { ADOPTION_METRICS, type App, type UsageSample } from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';
import { DAY_MS } from './wita.js';

/** Trend windows: the rate now against the rate at the start of the window. */
export const TREND_WINDOWS = { week: 7 * DAY_MS, month: 30 * DAY_MS, year: 365 * DAY_MS } as const;
type Window = keyof typeof TREND_WINDOWS;

interface Point {
  at: string;
  value: number;
  rate: number;
}
/** One app's adoption. */
export interface AppAdoption {
  appId: string;
  name: string;
  agencyId: string;
  population: App['population'];
  activeUsers: { metric: string; period: string; value: number; at: string } | null;
  rate: number | null;
  trends: Record<Window, { from: Point | null; change: number | null }>;
  baseline: (NonNullable<App['baseline']> & { rate: number | null }) | null;
}

/** A group of apps with a study baseline (apps.json `aggregates`). */
interface Aggregate {
  id: string;
  name: string;
  appIds: string[];
  baseline: { metric: string; value: number; year: number; source: string; note?: string };
}

let aggregatesCache: Aggregate[] | null = null;
/** The app groups of shared/reference/apps.json (the study's "any local service app"). */
export function loadAggregates(): Aggregate[] {
  aggregatesCache ??=
    (
      JSON.parse(readFileSync(new URL('../../shared/reference/apps.json', import.meta.url), 'utf8')) as {
        aggregates?: Aggregate[];
      }
    ).aggregates ?? [];
  return aggregatesCache;
}

/** A series of (instant → value): city-wide samples, else per-kelurahan sums; the largest source per instant. */
export function citySeries(samples: UsageSample[]): Map<number, number> {
  const city = samples.filter((s) => !s.kelurahanCode);
  const out = new Map<number, number>();
  if (city.length) {
    for (const s of city) out.set(Date.parse(s.at), Math.max(out.get(Date.parse(s.at)) ?? 0, s.value));
    return out;
  }
  const perKel = new Map<string, number>();
  for (const s of samples) {
    const k = `${s.at}|${s.kelurahanCode ?? ''}`;
    perKel.set(k, Math.max(perKel.get(k) ?? 0, s.value));
  }
  for (const [k, v] of perKel) {
    const at = Date.parse(k.split('|')[0] ?? '');
    out.set(at, (out.get(at) ?? 0) + v);
  }
  return out;
}

/** The metric used for an app's active users, with its samples (hourly samples never count). */
export function adoptionSamples(
  appId: string,
  samples: UsageSample[],
): { metric: string; samples: UsageSample[] } | null {
  for (const m of ADOPTION_METRICS) {
    const mine = samples.filter((s) => s.appId === appId && s.metric === m && s.period !== 'hour');
    if (mine.length) return { metric: m, samples: mine };
  }
  return null;
}

const USER_METRICS = new Set<string>(ADOPTION_METRICS);

/** Adoption of one app from every stored sample. */
export function appAdoption(app: App, samples: UsageSample[]): AppAdoption {
  const pop = app.population.count;
  const baseline = app.baseline
    ? { ...app.baseline, rate: USER_METRICS.has(app.baseline.metric) ? app.baseline.value / pop : null }
    : null;
  const none = { from: null, change: null };
  const base = {
    appId: app.id,
    name: app.name,
    agencyId: app.agencyId,
    population: app.population,
    baseline,
  };
  const chosen = adoptionSamples(app.id, samples);
  if (!chosen)
    return { ...base, activeUsers: null, rate: null, trends: { week: none, month: none, year: none } };
  const series = [...citySeries(chosen.samples)].sort((a, b) => a[0] - b[0]);
  const [lastAt, lastValue] = series[series.length - 1] ?? [0, 0];
  const rate = lastValue / pop;
  const trend = (w: Window) => {
    const then = [...series].reverse().find(([at]) => at <= lastAt - TREND_WINDOWS[w]);
    if (!then) return none;
    const from = { at: new Date(then[0]).toISOString(), value: then[1], rate: then[1] / pop };
    return { from, change: rate - from.rate };
  };
  const period = chosen.samples.find((s) => Date.parse(s.at) === lastAt)?.period ?? 'instant';
  return {
    ...base,
    activeUsers: { metric: chosen.metric, period, value: lastValue, at: new Date(lastAt).toISOString() },
    rate,
    trends: { week: trend('week'), month: trend('month'), year: trend('year') },
  };
}

/** Adoption of every catalogue app plus the study's app groups (latest active users summed, against the group baseline). */
export function computeAdoption(catalog: Catalog, samples: UsageSample[]) {
  const apps = catalog.apps.map((a) => appAdoption(a, samples));
  const byId = new Map(apps.map((a) => [a.appId, a]));
  const groups = loadAggregates().map((g) => {
    const members = g.appIds.map((id) => byId.get(id)?.activeUsers?.value ?? null);
    const activeUsers = members.some((v) => v !== null)
      ? members.reduce<number>((s, v) => s + (v ?? 0), 0)
      : null;
    return {
      ...g,
      activeUsers,
      changeSinceBaseline: activeUsers === null ? null : activeUsers - g.baseline.value,
    };
  });
  return {
    formula:
      'rate = latest active users / served population; trend change = rate now − rate of the last sample known at the window start (latest sample at or before it)',
    apps,
    groups,
  };
}
