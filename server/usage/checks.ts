/**
 * Usage anomalies as alerts to the app's owning agency (sourceKind `usage`):
 * - a drop of an hourly `transactions`, `active_users` or `sessions` value against the same WITA
 *   hour and weekday of earlier weeks (dedupe key `usage:<appId>:<metric>`), judged in the ingest
 *   commit and again by the periodic check;
 * - a silent feed: no sample for an app for more than USAGE_SILENT_AFTER_HOURS (dedupe key
 *   `usage-silent:<appId>`), judged by the periodic check and cleared by the next sample.
 */
import { USAGE_SILENT_AFTER_HOURS, type Alert, type UsageSample } from '../../shared/schemas/index.js';
import { planAlert, type AlertSpec } from '../alerts/engine.js';
import type { Ctx } from '../context.js';
import { COLL, getDoc, getDocs } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import type { DocPut, LogEvent, Tx, ZAdd } from '../store/store.js';
import {
  DEFAULT_DROP,
  hoursOf,
  judgeDrop,
  judgeSilence,
  type DropOptions,
  type DropVerdict,
} from './anomaly.js';
import type { UsageExtra } from './usage.js';
import { HOUR_MS, WEEK_MS } from './wita.js';

/** Hourly metrics watched for drops. */
export const WATCHED_METRICS: readonly string[] = ['transactions', 'active_users', 'sessions'];
/** City-wide hourly values by series and hour, for same-slot look-ups. */
export const HOURLY_COLL = COLL.usageHourly;
/** Only an hour that ended at most this long ago is judged (old imports raise nothing). */
export const JUDGE_MAX_AGE_MS = 3 * HOUR_MS;
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/** Tuning of the checks (defaults from shared/schemas/adoption.ts and anomaly.ts). */
export interface UsageCheckOptions {
  silentAfterMs: number;
  drop: DropOptions;
}
const DEFAULTS: UsageCheckOptions = { silentAfterMs: USAGE_SILENT_AFTER_HOURS * HOUR_MS, drop: DEFAULT_DROP };

const lastKey = (appId: string) => `usage:last:${appId}`;
const seriesKey = (appId: string, metric: string) => `usage:series-latest:${appId}|${metric}`;
const hourlyId = (appId: string, metric: string, source: string, ms: number) =>
  `${appId}|${metric}|${source}|${new Date(ms).toISOString()}`;
interface HourlyDoc {
  value: number;
  version: number;
}
interface SeriesLatest {
  appId: string;
  metric: string;
  source: string;
  atMs: number;
  value: number;
}
interface Plan {
  puts: DocPut[];
  events: LogEvent[];
  zadds: ZAdd[];
}

/** Plans a condition only when it changes the alert (no counter bump for a condition that holds). */
async function planIfChanged(ctx: Ctx, spec: AlertSpec, now: string, into: Plan): Promise<void> {
  const index = await getDoc<{ alertId: string }>(ctx.store, COLL.alertIndex, spec.dedupeKey);
  const cur = index ? await getDoc<Alert>(ctx.store, COLL.alerts, index.alertId) : null;
  const live = cur && cur.status !== 'closed' ? cur : null;
  if (spec.condition === 'active' ? live?.condition === 'active' : !live || live.condition === 'cleared')
    return;
  const p = await planAlert(ctx, spec, now);
  into.puts.push(...p.puts);
  into.events.push(...p.events);
  into.zadds.push(...p.zadds);
}

function dropSpec(ctx: Ctx, appId: string, metric: string, v: DropVerdict | null): AlertSpec {
  const app = ctx.catalog.appById.get(appId);
  const title = v?.anomalous
    ? `Penggunaan ${app?.name ?? appId} turun: ${metric} ${v.value} jam ${v.slot.hour}:00 WITA ${DAYS[v.slot.dow] ?? ''}, biasanya ${v.expected ?? '?'}`
    : `Penggunaan ${app?.name ?? appId} (${metric}) kembali normal`;
  return {
    dedupeKey: `usage:${appId}:${metric}`,
    title,
    severity: 'moderate',
    agencyId: app?.agencyId ?? null,
    sourceKind: 'usage',
    kelurahanCode: null,
    condition: v?.anomalous ? 'active' : 'cleared',
    flapping: false,
    category: 'usage_drop',
  };
}

function silentSpec(ctx: Ctx, appId: string, silentForMs: number, active: boolean): AlertSpec {
  const app = ctx.catalog.appById.get(appId);
  const title = active
    ? `Umpan penggunaan ${app?.name ?? appId} diam: tidak ada data selama ${hoursOf(silentForMs)} jam`
    : `Umpan penggunaan ${app?.name ?? appId} kembali mengirim data`;
  return {
    dedupeKey: `usage-silent:${appId}`,
    title,
    severity: 'minor',
    agencyId: app?.agencyId ?? null,
    sourceKind: 'usage',
    kelurahanCode: null,
    condition: active ? 'active' : 'cleared',
    flapping: false,
    category: 'usage_silent',
  };
}

/** Judges a series' latest hour, looking up same-slot history in `known` first, then in the store. */
async function judgeSeries(
  ctx: Ctx,
  s: SeriesLatest,
  known: Map<string, number>,
  opts: UsageCheckOptions,
): Promise<DropVerdict> {
  const ids = Array.from({ length: opts.drop.weeks }, (_, k) =>
    hourlyId(s.appId, s.metric, s.source, s.atMs - (k + 1) * WEEK_MS),
  );
  const stored = await getDocs<HourlyDoc>(
    ctx.store,
    HOURLY_COLL,
    ids.filter((id) => !known.has(id)),
  );
  const found = new Map(known);
  ids
    .filter((id) => !known.has(id))
    .forEach((id, i) => {
      const d = stored[i];
      if (d) found.set(id, d.value);
    });
  return judgeDrop(s.atMs, s.value, (ms) => found.get(hourlyId(s.appId, s.metric, s.source, ms)), opts.drop);
}

/** The in-commit part of usage ingest: hourly index, last-heard marks, drop judgement, silent-alert clearing. */
export function usageIngestChecks(ctx: Ctx, opts: UsageCheckOptions = DEFAULTS): UsageExtra {
  return async (fresh: UsageSample[], now: string) => {
    const plan: Plan = { puts: [], events: [], zadds: [] };
    const values: NonNullable<Tx['values']> = [];
    const known = new Map<string, number>();
    const latest = new Map<string, SeriesLatest>();
    for (const s of fresh) {
      if (s.period !== 'hour' || s.kelurahanCode || !WATCHED_METRICS.includes(s.metric)) continue;
      const atMs = Date.parse(s.at);
      const source = s.source ?? 'api';
      const id = hourlyId(s.appId, s.metric, source, atMs);
      known.set(id, s.value);
      plan.puts.push({
        coll: HOURLY_COLL,
        id,
        json: JSON.stringify({ value: s.value, version: 1 }),
        version: 1,
      });
      const k = `${s.appId}|${s.metric}`;
      const cur = latest.get(k);
      if (!cur || cur.atMs < atMs)
        latest.set(k, { appId: s.appId, metric: s.metric, source, atMs, value: s.value });
    }
    const nowMs = Date.parse(now);
    for (const s of latest.values()) {
      const prev = await ctx.store.getValue(seriesKey(s.appId, s.metric));
      if (prev && (JSON.parse(prev) as SeriesLatest).atMs > s.atMs) continue;
      values.push({ key: seriesKey(s.appId, s.metric), value: JSON.stringify(s) });
      if (nowMs - (s.atMs + HOUR_MS) > JUDGE_MAX_AGE_MS || s.atMs > nowMs + HOUR_MS) continue;
      await planIfChanged(
        ctx,
        dropSpec(ctx, s.appId, s.metric, await judgeSeries(ctx, s, known, opts)),
        now,
        plan,
      );
    }
    for (const appId of new Set(fresh.map((s) => s.appId))) {
      values.push({ key: lastKey(appId), value: now });
      await planIfChanged(ctx, silentSpec(ctx, appId, 0, false), now, plan);
    }
    return { ...plan, values };
  };
}

/** The periodic check: silent feeds, and the latest hour of every watched series judged again. */
export async function runUsageChecks(
  ctx: Ctx,
  opts: UsageCheckOptions = DEFAULTS,
): Promise<{ silent: string[]; drops: string[] }> {
  const silent = new Set<string>();
  const drops = new Set<string>();
  for (const app of ctx.catalog.apps) {
    await commitWithRetry(async () => {
      const now = ctx.now().toISOString();
      const plan: Plan = { puts: [], events: [], zadds: [] };
      const last = await ctx.store.getValue(lastKey(app.id));
      const verdict = judgeSilence(last ? Date.parse(last) : null, Date.parse(now), opts.silentAfterMs);
      if (verdict.silent) silent.add(app.id);
      if (last)
        await planIfChanged(ctx, silentSpec(ctx, app.id, verdict.silentForMs, verdict.silent), now, plan);
      for (const metric of WATCHED_METRICS) {
        const raw = await ctx.store.getValue(seriesKey(app.id, metric));
        if (!raw) continue;
        const s = JSON.parse(raw) as SeriesLatest;
        if (Date.parse(now) - (s.atMs + HOUR_MS) > JUDGE_MAX_AGE_MS) continue;
        const v = await judgeSeries(ctx, s, new Map(), opts);
        if (v.anomalous) drops.add(`${app.id}:${metric}`);
        await planIfChanged(ctx, dropSpec(ctx, app.id, metric, v), now, plan);
      }
      if (!plan.puts.length) return { result: { ok: true, eventIds: [] }, value: null };
      return { result: await ctx.store.commit(plan), value: null };
    });
  }
  return { silent: [...silent], drops: [...drops] };
}

/** runUsageChecks at most once per `everyMs` from this instance (for the 1-second worker loop). */
export function pacedUsageChecks(
  ctx: Ctx,
  everyMs = 60_000,
  opts: UsageCheckOptions = DEFAULTS,
): () => Promise<void> {
  let next = 0;
  return async () => {
    if (Date.now() < next) return;
    next = Date.now() + everyMs;
    await runUsageChecks(ctx, opts);
  };
}
