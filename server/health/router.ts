import { Router } from 'express';
import { HealthSampleSchema } from '../../shared/schemas/index.js';
import { principalOf, requireAction, requireScope } from '../auth/middleware.js';
import { can } from '../auth/policy.js';
import { serviceOverlay } from './catalogEdits.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { wrap } from '../http/validate.js';
import type { Metrics } from '../ops/metrics.js';
import { COLL, allDocs } from '../store/docs.js';
import { checkSummary, checksRouter, presentEvidence } from './checksRouter.js';
import { latestEvidence } from './evidence.js';
import { checkKnownServices, recordHeartbeats } from './health.js';
import { checksOf } from './services.js';
import { presentState, unknownState, type ServiceStateRecord } from './state.js';

/** `POST /health/heartbeats` (ingest), `GET /services` (catalogue with current state and last check evidence) and the check routes. */
export function healthRouter(ctx: Ctx, metrics: Metrics): Router {
  const r = Router();
  r.post(
    '/health/heartbeats',
    requireScope(ctx, 'health:write'),
    requireStore(ctx.store),
    requireContentType('application/json'),
    wrap(async (req, res) => {
      const { items, isArray } = parseBatch(req, HealthSampleSchema);
      checkKnownServices(ctx, items, isArray);
      const result = await recordHeartbeats(ctx, items);
      metrics.ingested.inc({ feed: 'health' }, items.length);
      res.status(202).json({ data: result });
    }),
  );
  r.get(
    '/services',
    requireAction('services:read'),
    wrap(async (_req, res) => {
      const p = principalOf(res);
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
      res.json({ data: { items, ...invalid } });
    }),
  );
  r.use(checksRouter(ctx));
  return r;
}
