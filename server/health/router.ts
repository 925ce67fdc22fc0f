import { HealthSampleSchema } from '../../shared/schemas/index.js';
import { can } from '../auth/policy.js';
import { serviceOverlay } from './catalogEdits.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { handle, type Binding } from '../http/routes.js';
import type { Metrics } from '../ops/metrics.js';
import { COLL, allDocs } from '../store/docs.js';
import { checkBindings, checkSummary, presentEvidence } from './checksRouter.js';
import { latestEvidence } from './evidence.js';
import { checkKnownServices, recordHeartbeats } from './health.js';
import { integrityBindings } from './integrity/router.js';
import { checksOf } from './services.js';
import { presentState, unknownState, type ServiceStateRecord } from './state.js';

/** `POST /health/heartbeats` (ingest), `GET /services` (catalogue with current state and last check evidence) and the check routes. */
export function healthBindings(ctx: Ctx, metrics: Metrics): Binding[] {
  return [
    // The batch is parsed here: each item's issues are located by its index.
    handle(
      'post /api/v1/health/heartbeats',
      async ({ req }) => {
        const { items, isArray } = parseBatch(req, HealthSampleSchema);
        checkKnownServices(ctx, items, isArray);
        const result = await recordHeartbeats(ctx, items);
        metrics.ingested.inc({ feed: 'health' }, items.length);
        return { data: result };
      },
      { rawBody: true, before: [requireStore(ctx.store), requireContentType('application/json')] },
    ),
    handle('get /api/v1/services', async ({ principal: p }) => {
      const invalid = can(p, 'config:write') ? { invalid: serviceOverlay(ctx).invalid() } : {};
      const states = new Map(
        (await allDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates)).map((s) => [s.serviceId, s]),
      );
      const evidence = await latestEvidence(ctx.store);
      const now = ctx.now().toISOString();
      const items = ctx.catalog.services.map((s) => {
        const latest = evidence.get(s.id)?.evidence;
        return {
          ...s,
          state: presentState(states.get(s.id) ?? unknownState(s.id, now)),
          check: checkSummary(checksOf(ctx).get(s.id)),
          evidence: latest ? presentEvidence(latest, p) : null,
        };
      });
      return { data: { items, ...invalid } };
    }),
    ...checkBindings(ctx),
    ...integrityBindings(ctx),
  ];
}
