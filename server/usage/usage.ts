import type { UsageSample } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { ValidationError } from '../http/errors.js';
import { COLL, event, getDocs, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import type { Tx } from '../store/store.js';

/** The idempotency key of a usage sample: its own id, else source + app + metric + period + time. */
export function usageKey(s: UsageSample): string {
  return s.id ?? `${s.source ?? 'api'}:${s.appId}:${s.metric}:${s.period}:${s.at}${s.kelurahanCode ? `:${s.kelurahanCode}` : ''}`;
}

/** Rejects samples for apps not in the catalogue. */
export function checkKnownApps(ctx: Ctx, samples: UsageSample[], isArray: boolean): void {
  const issues = samples.flatMap((s, i) =>
    ctx.catalog.appById.has(s.appId) ? [] : [{ path: [...(isArray ? [i] : []), 'appId'], message: `unknown app "${s.appId}"` }],
  );
  if (issues.length) throw new ValidationError(issues);
}

type StoredUsage = UsageSample & { key: string; receivedAt: string; version: number };

/** Further writes for the same commit, planned from the samples that are new (re-planned on every retry). */
export type UsageExtra = (fresh: UsageSample[], now: string) => Promise<Pick<Tx, 'puts' | 'events' | 'zadds' | 'values'>>;

/** Records usage samples atomically; a repeat of the same key is accepted once. */
export async function recordUsage(ctx: Ctx, samples: UsageSample[], extra?: UsageExtra): Promise<{ ids: string[]; duplicates: number }> {
  const unique = [...new Map(samples.map((s) => [usageKey(s), s])).entries()];
  return commitWithRetry(async () => {
    const now = ctx.now().toISOString();
    const existing = await getDocs<StoredUsage>(ctx.store, COLL.usage, unique.map(([k]) => k));
    const fresh = unique.filter((_, i) => existing[i] === null);
    const docs: StoredUsage[] = fresh.map(([key, s]) => ({ ...s, key, receivedAt: now, version: 1 }));
    const more = extra && fresh.length ? await extra(fresh.map(([, s]) => s), now) : {};
    const result = await ctx.store.commit({
      puts: [...docs.map((d) => putDoc(COLL.usage, d.key, d, 'absent')), ...(more.puts ?? [])],
      events: [...docs.map((d) => event('usage', d)), ...(more.events ?? [])],
      ...(more.zadds?.length ? { zadds: more.zadds } : {}),
      ...(more.values?.length ? { values: more.values } : {}),
    });
    return { result, value: { ids: docs.map((d) => d.key), duplicates: samples.length - docs.length } };
  });
}
