import type { Alert } from '../../shared/schemas/index.js';
import { agencyFilter, can } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { listQuery, pageOf, seekTo, stopBefore } from '../http/list.js';
import { handle, type Binding } from '../http/routes.js';
import { alertCategory } from '../../shared/schemas/index.js';
import { responseTimesByCategory } from './measures.js';
import { createSilence, expireSilenceNow, listSilences, previewSilence } from './silences.js';
import { httpActor } from '../auth/audit.js';

import { COLL, getDoc } from '../store/docs.js';
import { IX, newestFirst } from '../store/indexes.js';
import { decodeCursor, walkIndex } from '../store/walk.js';
import { archivedDoc } from '../store/archive.js';
import { ALERT_ACTIONS, assignees, runAlertCommand, runBulkCommand } from './commands.js';

const OPEN = new Set(['new', 'acknowledged', 'snoozed']);

/** `GET /alerts`, `GET /alerts/:id`, the workflow commands `POST /alerts/:id/<action>`, silences and response times. */
export function alertBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /api/v1/alerts', async ({ req, principal: p }) => {
      const q = listQuery(req.query);
      const own = p ? agencyFilter(p) : null;
      if (own && q.agency && q.agency !== own)
        return { data: pageOf({ items: [], nextCursor: null }, q.limit) };
      const agency = own ?? q.agency;
      const ix = IX.alerts;
      // Open alerts (the default) walk the live index: most severe first, then newest. Other lists are newest first.
      const live = q.status === 'open' && !agency && !q.severity && !q.condition && !q.category;
      const index = live
        ? ix.live
        : agency
          ? ix.agency(agency)
          : q.severity
            ? ix.severity(q.severity)
            : q.condition
              ? ix.condition(q.condition)
              : q.category
                ? ix.category(q.category)
                : q.status === 'all' || q.status === 'open'
                  ? ix.all
                  : ix.status(q.status);
      const page = await walkIndex<Alert>(ctx.store, {
        coll: COLL.alerts,
        index,
        archive: live ? null : (ctx.archive ?? null),
        after: live ? decodeCursor(q.cursor) : seekTo(q),
        limit: q.limit,
        ...(live ? {} : { stopAt: stopBefore(q.from) }),
        keep: (a) =>
          can(p, 'alerts:read', a.agencyId) &&
          (q.status === 'all' ? true : q.status === 'open' ? OPEN.has(a.status) : a.status === q.status) &&
          (!agency || a.agencyId === agency) &&
          (!q.severity || a.severity === q.severity) &&
          (!q.condition || a.condition === q.condition) &&
          (!q.category || alertCategory(a) === q.category) &&
          (!q.from || a.createdAt >= q.from) &&
          (!q.to || a.createdAt <= q.to),
      });
      return { data: pageOf(page, q.limit) };
    }),
    handle('get /api/v1/silences', async () => ({ data: { items: await listSilences(ctx) } })),
    handle('post /api/v1/silences/preview', async ({ body }) => {
      const matches = await previewSilence(ctx, body);
      return { data: { matches: matches.length, items: matches } };
    }),
    handle('post /api/v1/silences', async ({ body, principal, req }) => ({
      data: await createSilence(ctx, body, {
        ...httpActor(req, principal),
      }),
    })),
    handle('delete /api/v1/silences/:id', async ({ params, principal, req }) => ({
      data: await expireSilenceNow(ctx, params.id ?? '', {
        ...httpActor(req, principal),
      }),
    })),
    handle('get /api/v1/agencies/:id/response-times', async ({ params, query: q, principal }) => {
      const agencyId = params.id ?? '';
      if (!ctx.catalog.agencyById.has(agencyId)) throw new HttpError(404, 'not_found', 'No such agency.');
      if (!can(principal, 'alerts:read', agencyId)) throw new HttpError(403, 'forbidden', 'Another agency.');
      const from = q.from ?? new Date(ctx.now().getTime() - 30 * 86_400_000).toISOString();
      const to = q.to ?? ctx.now().toISOString();
      // The agency's alerts of the period only, newest first from `to` back to `from`.
      const alerts: Alert[] = [];
      let after: string | null = newestFirst(to);
      do {
        const page = await walkIndex<Alert>(ctx.store, {
          coll: COLL.alerts,
          index: IX.alerts.agency(agencyId),
          archive: ctx.archive ?? null,
          after,
          limit: 500,
          stopAt: stopBefore(from),
          keep: (a) => a.createdAt >= from && a.createdAt <= to,
        });
        alerts.push(...page.items);
        after = decodeCursor(page.nextCursor ?? undefined);
      } while (after !== null);
      return { data: { agencyId, from, to, ...responseTimesByCategory(alerts) } };
    }),
    handle('get /api/v1/alerts/:id', async ({ params, query, principal }) => {
      const id = params.id ?? '';
      // An alert retention has archived is found in the day file of its creation: `?at=<createdAt>`.
      const a =
        (await getDoc<Alert>(ctx.store, COLL.alerts, id)) ??
        (query.at && ctx.archive ? await archivedDoc<Alert>(ctx.archive, COLL.alerts, id, query.at) : null);
      if (!a || !can(principal, 'alerts:read', a.agencyId))
        throw new HttpError(404, 'not_found', 'No such alert.');
      return { data: a };
    }),
    handle('get /api/v1/assignees', async ({ query, principal }) => ({
      data: { items: await assignees(ctx, principal, query.agency ?? null) },
    })),
    handle('post /api/v1/alerts/bulk', async ({ body, principal, req }) => {
      const items = await runBulkCommand(ctx, principal, body, 'http', req.ip ?? null);
      const succeeded = items.filter((r) => r.status === 200).length;
      return { data: { items, succeeded, failed: items.length - succeeded } };
    }),
    // One route per command, from the one list (shared/schemas ALERT_COMMANDS); the command parses its own body.
    ...ALERT_ACTIONS.map((action) =>
      handle(
        `post /api/v1/alerts/:id/${action}`,
        async ({ params, principal, req }) => ({
          data: await runAlertCommand(
            ctx,
            principal,
            params.id ?? '',
            action,
            req.body,
            'http',
            req.ip ?? null,
          ),
        }),
        { rawBody: true },
      ),
    ),
  ];
}
