import type { HealthSample, ServiceIntegrity } from '../../shared/schemas/index.js';
import { planAlert } from '../alerts/engine.js';
import { route } from '../alerts/routing.js';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { futureIssues } from '../http/instants.js';
import { COLL, event, getDocs, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import type { DocPut, LogEvent, Tx, ZAdd } from '../store/store.js';
import { rollupIncrs } from './rollups.js';
import { maintenanceCheck } from './maintenance.js';
import { applySample, presentState, unknownState, type ServiceStateRecord } from './state.js';

/** How long a client-supplied sample id is remembered for idempotency. */
const SAMPLE_ID_TTL_MS = 24 * 3_600_000;

/** Rejects samples for services not in the catalogue, or dated in the future, naming each one. */
export function checkKnownServices(ctx: Ctx, samples: HealthSample[], isArray: boolean): void {
  const at = (i: number) => (isArray ? [i] : []);
  const issues = samples.flatMap((s, i) =>
    ctx.catalog.serviceById.has(s.serviceId)
      ? []
      : [{ path: [...at(i), 'serviceId'], message: `unknown service "${s.serviceId}"` }],
  );
  issues.push(
    ...futureIssues(
      ctx,
      samples.map((s, i) => ({ path: [...at(i), 'checkedAt'], at: s.checkedAt })),
    ),
  );
  if (issues.length) throw new ValidationError(issues);
}

/**
 * Records heartbeats/samples atomically and moves each service's confirmed state; a state change
 * goes to the event log and opens or clears the service's alert in the same commit.
 */
export async function recordHeartbeats(
  ctx: Ctx,
  samples: HealthSample[],
  /** Extra writes for the same commit (check evidence), re-read on every retry. */
  extra?: () => Promise<DocPut[]>,
): Promise<{ ids: string[]; duplicates: number }> {
  return commitWithRetry(async () => {
    const now = ctx.now().toISOString();
    const seenFlags = await Promise.all(
      samples.map((s) => (s.id ? ctx.store.getValue(`idem:health:${s.id}`) : Promise.resolve(null))),
    );
    const fresh = samples.filter((_, i) => seenFlags[i] === null);
    const ids = [...new Set(fresh.map((s) => s.serviceId))];
    const prevs = await getDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates, ids);
    const records = new Map(ids.map((id, i) => [id, prevs[i] ?? unknownState(id, now)]));
    const before = new Map(records);
    const incrs: NonNullable<Tx['incrs']> = [];
    const inMaintenance = await maintenanceCheck(ctx);
    for (const s of [...fresh].sort((a, b) => a.checkedAt.localeCompare(b.checkedAt))) {
      const r = records.get(s.serviceId);
      if (!r) continue;
      const next = applySample(r, s, now, inMaintenance(s.serviceId, s.checkedAt));
      records.set(s.serviceId, next);
      // Out-of-order samples leave the state alone and are not counted twice into the rollups.
      if (next !== r) incrs.push(...rollupIncrs(s.serviceId, next.status, s.latencyMs, s.checkedAt));
    }
    const puts: DocPut[] = extra ? await extra() : [];
    const events: LogEvent[] = [];
    const zadds: ZAdd[] = [];
    for (const [id, rec] of records) {
      const prev = before.get(id);
      if (!prev || rec === prev) continue;
      puts.push(putDoc(COLL.serviceStates, id, rec, prev.version === 0 ? 'absent' : prev.version));
      events.push(event('serviceState', presentState(rec)));
      if (rec.status !== prev.status && (rec.status === 'down' || prev.status === 'down')) {
        const svc = ctx.catalog.serviceById.get(id);
        const plan = await planAlert(
          ctx,
          {
            dedupeKey: `service:${id}`,
            title: `${svc?.name ?? id}: ${rec.reason ?? 'down'}`,
            severity: 'severe',
            agencyId: route(ctx.catalog, {
              category: 'service_outage',
              sourceKind: 'service',
              serviceId: id,
              requested: svc?.agencyId ?? null,
            }),
            sourceKind: 'service',
            kelurahanCode: null,
            condition: rec.status === 'down' ? 'active' : 'cleared',
            flapping: rec.flapping,
            category: 'service_outage',
          },
          now,
        );
        puts.push(...plan.puts);
        events.push(...plan.events);
        zadds.push(...plan.zadds);
      }
    }
    const values = fresh.flatMap((s) =>
      s.id ? [{ key: `idem:health:${s.id}`, value: '1', ttlMs: SAMPLE_ID_TTL_MS }] : [],
    );
    const result = await ctx.store.commit({ puts, events, values, zadds, incrs });
    return {
      result,
      value: { ids: fresh.map((s) => s.id ?? s.serviceId), duplicates: samples.length - fresh.length },
    };
  });
}

/**
 * Sets the integrity verdict on a service's state (what the screens show as "hijacked", apart from
 * up or down), with its event; nothing is written when it is unchanged. Heartbeats keep it as is.
 */
export async function markIntegrity(
  ctx: Ctx,
  serviceId: string,
  integrity: ServiceIntegrity | null,
): Promise<void> {
  await commitWithRetry(async () => {
    const [prev] = await getDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates, [serviceId]);
    const cur = prev ?? unknownState(serviceId, ctx.now().toISOString());
    if (JSON.stringify(cur.integrity ?? null) === JSON.stringify(integrity))
      return { result: { ok: true, eventIds: [] }, value: undefined };
    const next: ServiceStateRecord = { ...cur, integrity, version: cur.version + 1 };
    const result = await ctx.store.commit({
      puts: [putDoc(COLL.serviceStates, serviceId, next, prev ? prev.version : 'absent')],
      events: [event('serviceState', presentState(next))],
    });
    return { result, value: undefined };
  });
}
