import type { UsageSample } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { COLL, event, getDocs, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import type { DocPut, Tx } from '../store/store.js';

/** The idempotency key of a usage sample: its own id, else source + app + metric + period + time. */
export function usageKey(s: UsageSample): string {
  return (
    s.id ??
    `${s.source ?? 'api'}:${s.appId}:${s.metric}:${s.period}:${s.at}${s.kelurahanCode ? `:${s.kelurahanCode}` : ''}`
  );
}

/** Rejects samples for apps not in the catalogue. */
export function checkKnownApps(ctx: Ctx, samples: UsageSample[], isArray: boolean): void {
  const issues = samples.flatMap((s, i) =>
    ctx.catalog.appById.has(s.appId)
      ? []
      : [{ path: [...(isArray ? [i] : []), 'appId'], message: `unknown app "${s.appId}"` }],
  );
  if (issues.length) throw new ValidationError(issues);
}

type StoredUsage = UsageSample & { key: string; receivedAt: string; version: number };

/** Further writes for the same commit, planned from the samples that are new (re-planned on every retry). */
export type UsageExtra = (
  fresh: UsageSample[],
  now: string,
) => Promise<Pick<Tx, 'puts' | 'events' | 'zadds' | 'values'>>;

/** The key of the latest value: one per app, metric and kelurahan. */
const latestKey = (s: UsageSample) => `${s.appId}|${s.metric}|${s.kelurahanCode ?? ''}`;
type Latest = UsageSample & { version: number };

/**
 * The latest value per app, metric and kelurahan, kept as its own small document beside the
 * samples (the live set reads these, never the history); written only where a sample is newer,
 * under the version read, so concurrent writers cannot roll it back.
 */
async function latestPuts(ctx: Ctx, docs: UsageSample[]): Promise<DocPut[]> {
  const newest = new Map<string, UsageSample>();
  for (const d of docs) {
    const k = latestKey(d);
    const cur = newest.get(k);
    if (!cur || cur.at < d.at) newest.set(k, d);
  }
  const keys = [...newest.keys()];
  const held = await getDocs<Latest>(ctx.store, COLL.usageLatest, keys);
  return keys.flatMap((k, i) => {
    const s = newest.get(k);
    const prev = held[i];
    if (!s || (prev && prev.at >= s.at)) return [];
    const { appId, metric, value, at, period, kelurahanCode, source } = s;
    const doc: Latest = {
      appId,
      metric,
      value,
      at,
      period,
      ...(kelurahanCode ? { kelurahanCode } : {}),
      ...(source ? { source } : {}),
      version: (prev?.version ?? 0) + 1,
    };
    return [putDoc(COLL.usageLatest, k, doc, prev ? prev.version : 'absent')];
  });
}

/** Records usage samples atomically; a repeat of the same key is accepted once. */
export async function recordUsage(
  ctx: Ctx,
  samples: UsageSample[],
  extra?: UsageExtra,
): Promise<{ ids: string[]; duplicates: number }> {
  const unique = [...new Map(samples.map((s) => [usageKey(s), s])).entries()];
  return commitWithRetry(async () => {
    const now = ctx.now().toISOString();
    const existing = await getDocs<StoredUsage>(
      ctx.store,
      COLL.usage,
      unique.map(([k]) => k),
    );
    const fresh = unique.filter((_, i) => existing[i] === null);
    const docs: StoredUsage[] = fresh.map(([key, s]) => ({ ...s, key, receivedAt: now, version: 1 }));
    const more =
      extra && fresh.length
        ? await extra(
            fresh.map(([, s]) => s),
            now,
          )
        : {};
    const latest = await latestPuts(ctx, docs);
    const result = await ctx.store.commit({
      puts: [...docs.map((d) => putDoc(COLL.usage, d.key, d, 'absent')), ...latest, ...(more.puts ?? [])],
      events: [...docs.map((d) => event('usage', d)), ...(more.events ?? [])],
      ...(more.zadds?.length ? { zadds: more.zadds } : {}),
      ...(more.values?.length ? { values: more.values } : {}),
    });
    return { result, value: { ids: docs.map((d) => d.key), duplicates: samples.length - docs.length } };
  });
}

/**
 * Builds the latest-value documents from the stored samples once (data recorded before they were
 * kept). Idempotent: a latest value is only ever replaced by a newer one.
 */
export async function ensureUsageLatest(ctx: Ctx): Promise<void> {
  const mark = 'usage-latest:built';
  if ((await ctx.store.getValue(mark)) !== null) return;
  const newest = new Map<string, UsageSample>();
  let cursor = '0';
  do {
    const page = await ctx.store.scan(COLL.usage, cursor, 1000);
    cursor = page.cursor;
    for (const [, json] of page.entries) {
      const s = JSON.parse(json) as UsageSample;
      const cur = newest.get(latestKey(s));
      if (!cur || cur.at < s.at) newest.set(latestKey(s), s);
    }
  } while (cursor !== '0');
  await commitWithRetry(async () => ({
    result: await ctx.store.commit({ puts: await latestPuts(ctx, [...newest.values()]) }),
    value: undefined,
  }));
  await ctx.store.setValue(mark, new Date().toISOString());
}
