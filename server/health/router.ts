import { Router } from 'express';
import { HealthSampleSchema } from '../../shared/schemas/index.js';
import { requireAction, requireScope } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { wrap } from '../http/validate.js';
import type { Metrics } from '../ops/metrics.js';
import { COLL, allDocs } from '../store/docs.js';
import { checkKnownServices, recordHeartbeats } from './health.js';
import { presentState, unknownState, type ServiceStateRecord } from './state.js';

/** `POST /health/heartbeats` (ingest) and `GET /services` (catalogue with current state). */
export function healthRouter(ctx: Ctx, metrics: Metrics): Router {
  const r = Router();
  r.post('/health/heartbeats', requireScope(ctx, 'health:write'), requireStore(ctx.store), requireContentType('application/json'), wrap(async (req, res) => {
    const { items, isArray } = parseBatch(req, HealthSampleSchema);
    checkKnownServices(ctx, items, isArray);
    const result = await recordHeartbeats(ctx, items);
    metrics.ingested.inc({ feed: 'health' }, items.length);
    res.status(202).json({ data: result });
  }));
  r.get('/services', requireAction('services:read'), wrap(async (_req, res) => {
    const states = new Map((await allDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates)).map((s) => [s.serviceId, s]));
    const now = ctx.now().toISOString();
    const items = ctx.catalog.services.map((s) => ({ ...s, state: presentState(states.get(s.id) ?? unknownState(s.id, now)) }));
    res.json({ data: { items } });
  }));
  return r;
}
