import { Router, type Response } from 'express';
import { IncidentInputSchema, type Incident } from '../../shared/schemas/index.js';
import { requireAction, requireScope, principalOf } from '../auth/middleware.js';
import { agencyFilter, can } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { refuseFuture } from '../http/instants.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { listQuery, pageOf, seekTo, stopBefore } from '../http/list.js';
import { wrap } from '../http/validate.js';
import type { Metrics } from '../ops/metrics.js';
import { COLL } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { walkIndex } from '../store/walk.js';
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
  r.post(
    '/incidents',
    requireScope(ctx, 'incidents:write'),
    requireStore(ctx.store),
    requireContentType('application/json', ...XML_TYPES),
    wrap(async (req, res) => {
      if (req.is(XML_TYPES)) {
        const result = await ingestCap(ctx, req.body, ownerOf(res));
        metrics.ingested.inc({ feed: 'cap' }, result.ids.length);
        res.status(202).json({ data: result });
        return;
      }
      const { items, isArray } = parseBatch(req, IncidentInputSchema);
      refuseFuture(
        ctx,
        items.map((it, i) => ({ path: [...(isArray ? [i] : []), 'occurredAt'], at: it.occurredAt })),
      );
      const key = principalOf(res);
      const source = key?.kind === 'key' ? `api:${key.name}` : 'api';
      const result = await recordIncidents(ctx, items, { source, owner: ownerOf(res), isArray });
      metrics.ingested.inc({ feed: 'incidents' }, items.length);
      res.status(202).json({ data: result });
    }),
  );
  r.post(
    '/ingest/alertmanager',
    requireScope(ctx, 'incidents:write'),
    requireStore(ctx.store),
    requireContentType('application/json'),
    wrap(async (req, res) => {
      const items = parseAlertmanager(req.body);
      refuseFuture(
        ctx,
        items.map((it, i) => ({ path: ['alerts', i, 'startsAt'], at: it.occurredAt })),
      );
      const key = principalOf(res);
      const result = await recordIncidents(ctx, items, {
        source: key?.kind === 'key' ? `alertmanager:${key.name}` : 'alertmanager',
        owner: ownerOf(res),
        at: (i) => ['alerts', i, 'fingerprint'],
      });
      metrics.ingested.inc({ feed: 'alertmanager' }, items.length);
      res.status(202).json({ data: result });
    }),
  );
  r.get(
    '/incidents',
    requireAction('incidents:read'),
    wrap(async (req, res) => {
      const q = listQuery(req.query);
      const p = principalOf(res);
      // A liaison walks its own agency's index: it never even reads another agency's incidents.
      const own = p ? agencyFilter(p) : null;
      if (own && q.agency && q.agency !== own) {
        res.json({ data: pageOf({ items: [], nextCursor: null }, q.limit) });
        return;
      }
      const agency = own ?? q.agency;
      const ix = IX.incidents;
      // The most selective index the filters allow; the rest is checked on each document.
      const index = agency
        ? ix.agency(agency)
        : q.kecamatan
          ? ix.kecamatan(q.kecamatan)
          : q.category
            ? ix.category(q.category)
            : q.severity
              ? ix.severity(q.severity)
              : q.status === 'all'
                ? ix.all
                : q.status === 'open'
                  ? ix.open
                  : ix.status(q.status);
      const page = await walkIndex<Incident>(ctx.store, {
        coll: COLL.incidents,
        index,
        archive: ctx.archive ?? null,
        after: seekTo(q),
        limit: q.limit,
        stopAt: stopBefore(q.from),
        keep: (i) =>
          can(p, 'incidents:read', i.agencyId ?? null) &&
          (q.status === 'all' || i.status === q.status) &&
          (!agency || i.agencyId === agency) &&
          (!q.category || i.category === q.category) &&
          (!q.severity || i.severity === q.severity) &&
          (!q.kecamatan || i.kecamatanCode === q.kecamatan) &&
          (!q.from || i.occurredAt >= q.from) &&
          (!q.to || i.occurredAt <= q.to),
      });
      // The index answers the query exactly (status only, no bounds, nobody confined): its size is the total.
      const exact = !own && !q.agency && !q.kecamatan && !q.category && !q.severity && !q.from && !q.to;
      res.json({ data: pageOf(page, q.limit, exact ? await ctx.store.lexCount(index) : undefined) });
    }),
  );
  return r;
}
