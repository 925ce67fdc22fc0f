import { IncidentInputSchema, type Incident } from '../../shared/schemas/index.js';
import { agencyFilter, can, type Principal } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { refuseFuture } from '../http/instants.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { listQuery, pageOf, seekTo, stopBefore, type ListQuery } from '../http/list.js';
import { handle, type Binding } from '../http/routes.js';
import type { Metrics } from '../ops/metrics.js';
import { COLL } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { walkIndex } from '../store/walk.js';
import { parseAlertmanager } from './alertmanager.js';
import { ingestCap } from './capIngest.js';
import { recordIncidents } from './incidents.js';
import { ingestWazuh, parseWazuh } from './wazuhIngest.js';

/** CAP 1.2 documents arrive on the same route as JSON, as XML text. */
const XML_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/** The feed writing: the API key (ingest routes take nothing else). */
function ownerOf(p: Principal | null): string {
  return p?.kind === 'key' ? `key:${p.keyId}` : p?.kind === 'user' ? `user:${p.userId}` : 'unknown';
}

/** `POST /incidents` (JSON or CAP 1.2 ingest), `POST /ingest/alertmanager`, `POST /ingest/wazuh` and `GET /incidents` (filtered, paged). */
export function incidentBindings(ctx: Ctx, metrics: Metrics): Binding[] {
  return [
    // The body is parsed here: CAP XML, or a JSON batch whose issues are located by item.
    handle(
      'post /api/v1/incidents',
      async ({ principal: key, req }) => {
        if (req.is(XML_TYPES)) {
          const result = await ingestCap(ctx, req.body, ownerOf(key));
          metrics.ingested.inc({ feed: 'cap' }, result.ids.length);
          return { data: result };
        }
        const { items, isArray } = parseBatch(req, IncidentInputSchema);
        refuseFuture(
          ctx,
          items.map((it, i) => ({ path: [...(isArray ? [i] : []), 'occurredAt'], at: it.occurredAt })),
        );
        const source = key?.kind === 'key' ? `api:${key.name}` : 'api';
        const result = await recordIncidents(ctx, items, { source, owner: ownerOf(key), isArray });
        metrics.ingested.inc({ feed: 'incidents' }, items.length);
        return { data: result };
      },
      {
        rawBody: true,
        before: [requireStore(ctx.store), requireContentType('application/json', ...XML_TYPES)],
      },
    ),
    // The webhook is parsed here: an unknown version is a 422, before any schema issue.
    handle(
      'post /api/v1/ingest/alertmanager',
      async ({ principal: key, req }) => {
        const items = parseAlertmanager(req.body);
        refuseFuture(
          ctx,
          items.map((it, i) => ({ path: ['alerts', i, 'startsAt'], at: it.occurredAt })),
        );
        const result = await recordIncidents(ctx, items, {
          source: key?.kind === 'key' ? `alertmanager:${key.name}` : 'alertmanager',
          owner: ownerOf(key),
          at: (i) => ['alerts', i, 'fingerprint'],
        });
        metrics.ingested.inc({ feed: 'alertmanager' }, items.length);
        return { data: result };
      },
      { rawBody: true, before: [requireStore(ctx.store), requireContentType('application/json')] },
    ),
    // Wazuh's integrator posts each alert as written; anything that is not one is a 422.
    handle(
      'post /api/v1/ingest/wazuh',
      async ({ principal: key, req }) => {
        const { alerts, isArray } = parseWazuh(req);
        const result = await ingestWazuh(ctx, alerts, isArray, {
          source: key?.kind === 'key' ? `wazuh:${key.name}` : 'wazuh',
          owner: ownerOf(key),
        });
        metrics.ingested.inc({ feed: 'wazuh' }, alerts.length);
        return { data: result };
      },
      { rawBody: true, before: [requireStore(ctx.store), requireContentType('application/json')] },
    ),
    handle('get /api/v1/incidents', async ({ req, principal: p }) => {
      const q = listQuery(req.query);
      // A liaison walks its own agency's index: it never even reads another agency's incidents.
      const own = p ? agencyFilter(p) : null;
      if (own && q.agency && q.agency !== own)
        return { data: pageOf({ items: [], nextCursor: null }, q.limit) };
      return { data: await listIncidents(ctx, p, own, q) };
    }),
  ];
}

/** A page of incidents `p` may read, by the most selective index the filters allow (`own`: the caller's agency, if confined). */
async function listIncidents(ctx: Ctx, p: Principal | null, own: string | null, q: ListQuery) {
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
  return pageOf(page, q.limit, exact ? await ctx.store.lexCount(index) : undefined);
}
