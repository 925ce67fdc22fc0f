import { describe, expect, it } from 'vitest';
import { applyCondition, planAlert, type AlertSpec } from '../../../server/alerts/engine.js';
import { PolicyCache, envPolicy, policyFor, watchPolicies } from '../../../server/alerts/policies.js';
import { loadCatalog } from '../../../server/catalog/catalog.js';
import { parseConfig } from '../../../server/config.js';
import type { Ctx } from '../../../server/context.js';
import { createLogger } from '../../../server/logger.js';
import { createStore } from '../../../server/store/index.js';
import { EscalationPolicyInputSchema } from '../../../shared/schemas/index.js';
import { waitFor } from '../../helpers/wait.js';

const T0 = '2026-11-29T10:00:00.000Z';
const spec = (agencyId: string, dedupeKey = `incident:${agencyId}-${Math.random()}`): AlertSpec => ({
  dedupeKey,
  title: 'Banjir',
  severity: 'severe',
  agencyId,
  sourceKind: 'incident',
  kelurahanCode: null,
  condition: 'active',
  flapping: false,
});

function makeCtx(): Ctx {
  const parsed = parseConfig({ PANTAU_ESCALATION_STEPS: '300:notify_agency_head,900:wall_red' });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const log = createLogger('silent');
  return {
    store: createStore(undefined, log),
    catalog: loadCatalog(),
    log,
    config: parsed.config,
    now: () => new Date(T0),
  };
}

/** Stores a policy as the API does (the document shape is the router's). */
async function storePolicy(
  ctx: Ctx,
  id: string,
  steps: { afterSeconds: number; action: 'wall_red' | 'notify_supervisor' }[],
) {
  const doc = {
    id,
    agencyId: id === 'default' ? null : id,
    steps,
    updatedAt: T0,
    updatedBy: 'admin',
    version: 1,
  };
  await ctx.store.commit({
    puts: [{ coll: 'escalation-policies', id, json: JSON.stringify(doc), version: 1, expect: 'absent' }],
  });
}

describe('escalation policy lookup', () => {
  it('applyCondition stays pure: it snapshots exactly the steps and policy id it is given', () => {
    const steps = [{ afterSeconds: 60, action: 'wall_red' as const }];
    expect(applyCondition(null, spec('dinkes'), T0, steps, 'dinkes')?.escalation).toEqual({
      policyId: 'dinkes',
      steps,
      generation: 1,
    });
    expect(applyCondition(null, spec('dinkes'), T0)?.escalation).toBeNull();
  });

  it('without a cache (a context built by hand, the CLI) a new alert reads its policy from the store', async () => {
    const ctx = makeCtx();
    expect(await policyFor(ctx, 'dinkes')).toEqual(envPolicy(ctx));
    await storePolicy(ctx, 'dinkes', [{ afterSeconds: 45, action: 'notify_supervisor' }]);
    const dinkes = await planAlert(ctx, spec('dinkes'), T0);
    expect(dinkes.alert?.escalation).toEqual({
      policyId: 'dinkes',
      steps: [{ afterSeconds: 45, action: 'notify_supervisor' }],
      generation: 1,
    });
    const bpbd = await planAlert(ctx, spec('bpbd'), T0);
    expect(bpbd.alert?.escalation).toEqual({
      policyId: 'default',
      steps: ctx.config.escalationSteps,
      generation: 1,
    });
  });

  it('with a cache, follows the store through the channel; a live alert keeps its snapshot', async () => {
    const ctx = makeCtx();
    const stop = await watchPolicies(ctx);
    expect(ctx.policies).toBeInstanceOf(PolicyCache);
    const key = 'incident:repeat';
    const first = await planAlert(ctx, spec('bpbd', key), T0);
    await ctx.store.commit({ puts: first.puts });
    await storePolicy(ctx, 'default', [{ afterSeconds: 30, action: 'wall_red' }]);
    expect((ctx.policies as PolicyCache | undefined)?.default.source).toBe('env');
    await ctx.store.publish('escalation-policies', 'changed');
    await waitFor(
      () => (ctx.policies as PolicyCache | undefined)?.default.source === 'store',
      'the reload on the notice',
    );
    expect((ctx.policies as PolicyCache | undefined)?.default).toMatchObject({
      source: 'store',
      steps: [{ afterSeconds: 30, action: 'wall_red' }],
    });
    const repeat = await planAlert(ctx, spec('bpbd', key), T0);
    expect(repeat.alert?.id).toBe(first.alert?.id);
    expect(repeat.alert?.escalation?.steps).toEqual(ctx.config.escalationSteps);
    expect((await planAlert(ctx, spec('bpbd'), T0)).alert?.escalation?.steps).toEqual([
      { afterSeconds: 30, action: 'wall_red' },
    ]);
    stop();
  });

  it('the input schema wants strictly ascending whole seconds, at most ten steps', () => {
    const ok = EscalationPolicyInputSchema.safeParse({
      steps: [
        { afterSeconds: 1, action: 'wall_red' },
        { afterSeconds: 2, action: 'wall_red' },
      ],
    });
    expect(ok.success).toBe(true);
    const desc = EscalationPolicyInputSchema.safeParse({
      steps: [
        { afterSeconds: 5, action: 'wall_red' },
        { afterSeconds: 2, action: 'wall_red' },
      ],
    });
    expect(desc.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.1.afterSeconds']);
    expect(EscalationPolicyInputSchema.safeParse({ steps: [] }).success).toBe(true);
  });
});
