import { Router } from 'express';
import { IncidentInputSchema, SEVERITY_RANK, type Incident } from '../../shared/schemas/index.js';
import { requireAction, requireScope, principalOf } from '../auth/middleware.js';
import { can } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { listQuery, page } from '../http/list.js';
import { wrap } from '../http/validate.js';
import type { Metrics } from '../ops/metrics.js';
import { COLL, allDocs } from '../store/docs.js';
import { recordIncidents } from './incidents.js';

/** `POST /incidents` (ingest) and `GET /incidents` (filtered, paged). */
export function incidentsRouter(ctx: Ctx, metrics: Metrics): Router {
  const r = Router();
  r.post('/incidents', requireScope(ctx, 'incidents:write'), requireStore(ctx.store), requireContentType('application/json'), wrap(async (req, res) => {
    const { items } = parseBatch(req, IncidentInputSchema);
    const key = principalOf(res);
    const source = key?.kind === 'key' ? `api:${key.name}` : 'api';
    const result = await recordIncidents(ctx, items, source);
    metrics.ingested.inc({ feed: 'incidents' }, items.length);
    res.status(202).json({ data: result });
  }));
  r.get('/incidents', requireAction('incidents:read'), wrap(async (req, res) => {
    const q = listQuery(req.query);
    const p = principalOf(res);
    const all = await allDocs<Incident>(ctx.store, COLL.incidents);
    const items = all
      .filter((i) => can(p, 'incidents:read', i.agencyId ?? null))
      .filter((i) => (q.status === 'all' ? true : q.status === 'open' ? i.status === 'open' : i.status === q.status))
      .filter((i) => !q.agency || i.agencyId === q.agency)
      .filter((i) => !q.category || i.category === q.category)
      .filter((i) => !q.severity || i.severity === q.severity)
      .filter((i) => !q.kecamatan || i.kecamatanCode === q.kecamatan)
      .filter((i) => (!q.from || i.occurredAt >= q.from) && (!q.to || i.occurredAt <= q.to))
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    res.json({ data: page(items, q) });
  }));
  return r;
}
