import { Router, type Response } from 'express';
import { IncidentInputSchema, SEVERITY_RANK, type Incident } from '../../shared/schemas/index.js';
import { requireAction, requireScope, principalOf } from '../auth/middleware.js';
import { can } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { refuseFuture } from '../http/instants.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { listQuery, page } from '../http/list.js';
import { wrap } from '../http/validate.js';
import type { Metrics } from '../ops/metrics.js';
import { COLL, allDocs } from '../store/docs.js';
import { parseAlertmanager } from './alertmanager.js';
import { ingestCap } from './capIngest.js';
import { recordIncidents } from './incidents.js';

/** CAP 1.2 documents arrive on the same route as JSON, as XML text. */
const XML_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/** The feed writing: the API key (ingest routes take nothing else). */
function ownerOf(res: Response): string {
  const p = principalOf(res);
  return p?.kind === 'key' ? `key:${p.keyId}` : p?.kind === 'user' ? `user:${p.userId}` : 'unknown';
}

/** `POST /incidents` (JSON or CAP 1.2 ingest), `POST /ingest/alertmanager` and `GET /incidents` (filtered, paged). */
export function incidentsRouter(ctx: Ctx, metrics: Metrics): Router {
  const r = Router();
  r.post('/incidents', requireScope(ctx, 'incidents:write'), requireStore(ctx.store), requireContentType('application/json', ...XML_TYPES), wrap(async (req, res) => {
    if (req.is(XML_TYPES)) {
      const result = await ingestCap(ctx, req.body, ownerOf(res));
      metrics.ingested.inc({ feed: 'cap' }, result.ids.length);
      res.status(202).json({ data: result });
      return;
    }
    const { items, isArray } = parseBatch(req, IncidentInputSchema);
    refuseFuture(ctx, items.map((it, i) => ({ path: [...(isArray ? [i] : []), 'occurredAt'], at: it.occurredAt })));
    const key = principalOf(res);
    const source = key?.kind === 'key' ? `api:${key.name}` : 'api';
    const result = await recordIncidents(ctx, items, { source, owner: ownerOf(res), isArray });
    metrics.ingested.inc({ feed: 'incidents' }, items.length);
    res.status(202).json({ data: result });
  }));
  r.post('/ingest/alertmanager', requireScope(ctx, 'incidents:write'), requireStore(ctx.store), requireContentType('application/json'), wrap(async (req, res) => {
    const items = parseAlertmanager(req.body);
    refuseFuture(ctx, items.map((it, i) => ({ path: ['alerts', i, 'startsAt'], at: it.occurredAt })));
    const key = principalOf(res);
    const result = await recordIncidents(ctx, items, { source: key?.kind === 'key' ? `alertmanager:${key.name}` : 'alertmanager', owner: ownerOf(res), at: (i) => ['alerts', i, 'fingerprint'] });
    metrics.ingested.inc({ feed: 'alertmanager' }, items.length);
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
