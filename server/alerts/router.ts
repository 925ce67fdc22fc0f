import { Router } from 'express';
import type { Alert } from '../../shared/schemas/index.js';
import { principalOf, requireAction } from '../auth/middleware.js';
import { agencyFilter, can } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { listQuery, pageOf, seekTo, stopBefore } from '../http/list.js';
import { parseOr400, wrap } from '../http/validate.js';
import { InstantSchema, alertCategory } from '../../shared/schemas/index.js';
import { PeriodQuerySchema as PeriodSchema } from '../../shared/api/list.js';
import { responseTimesByCategory } from './measures.js';
import {
  SilenceInputSchema,
  createSilence,
  expireSilenceNow,
  listSilences,
  previewSilence,
} from './silences.js';
import { actorOf } from '../auth/audit.js';

import { COLL, getDoc } from '../store/docs.js';
import { IX, newestFirst } from '../store/indexes.js';
import { decodeCursor, walkIndex } from '../store/walk.js';
import { archivedDoc } from '../store/archive.js';
import { ALERT_ACTIONS, runAlertCommand } from './commands.js';

const OPEN = new Set(['new', 'acknowledged', 'snoozed']);

/** `GET /alerts`, `GET /alerts/:id` and the workflow commands `POST /alerts/:id/<action>`. */
export function alertsRouter(ctx: Ctx): Router {
  const r = Router();
  r.get(
    '/alerts',
    requireAction('alerts:read'),
    wrap(async (req, res) => {
      const q = listQuery(req.query);
      const p = principalOf(res);
      const own = p ? agencyFilter(p) : null;
      if (own && q.agency && q.agency !== own) {
        res.json({ data: pageOf({ items: [], nextCursor: null }, q.limit) });
        return;
      }
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
      res.json({ data: pageOf(page, q.limit) });
    }),
  );
  r.get(
    '/silences',
    requireAction('alerts:read'),
    wrap(async (_req, res) => {
      res.json({ data: { items: await listSilences(ctx) } });
    }),
  );
  r.post(
    '/silences/preview',
    requireAction('config:write'),
    wrap(async (req, res) => {
      const matches = await previewSilence(ctx, parseOr400(SilenceInputSchema, req.body));
      res.json({ data: { matches: matches.length, items: matches } });
    }),
  );
  r.post(
    '/silences',
    requireAction('config:write'),
    wrap(async (req, res) => {
      const s = await createSilence(ctx, parseOr400(SilenceInputSchema, req.body), {
        actor: actorOf(principalOf(res)),
        ip: req.ip ?? null,
        channel: 'http',
      });
      res.status(201).json({ data: s });
    }),
  );
  r.delete(
    '/silences/:id',
    requireAction('config:write'),
    wrap(async (req, res) => {
      const s = await expireSilenceNow(ctx, String(req.params.id), {
        actor: actorOf(principalOf(res)),
        ip: req.ip ?? null,
        channel: 'http',
      });
      res.json({ data: s });
    }),
  );
  r.get(
    '/agencies/:id/response-times',
    requireAction('alerts:read'),
    wrap(async (req, res) => {
      const agencyId = String(req.params.id);
      if (!ctx.catalog.agencyById.has(agencyId)) throw new HttpError(404, 'not_found', 'No such agency.');
      if (!can(principalOf(res), 'alerts:read', agencyId))
        throw new HttpError(403, 'forbidden', 'Another agency.');
      const q = parseOr400(PeriodSchema, req.query);
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
      res.json({ data: { agencyId, from, to, ...responseTimesByCategory(alerts) } });
    }),
  );
  r.get(
    '/alerts/:id',
    requireAction('alerts:read'),
    wrap(async (req, res) => {
      const id = String(req.params.id);
      // An alert retention has archived is found in the day file of its creation: `?at=<createdAt>`.
      const at = InstantSchema.safeParse(req.query.at);
      const a =
        (await getDoc<Alert>(ctx.store, COLL.alerts, id)) ??
        (at.success && ctx.archive ? await archivedDoc<Alert>(ctx.archive, COLL.alerts, id, at.data) : null);
      if (!a || !can(principalOf(res), 'alerts:read', a.agencyId))
        throw new HttpError(404, 'not_found', 'No such alert.');
      res.json({ data: a });
    }),
  );
  // One route per command, from the one list (shared/schemas ALERT_COMMANDS).
  for (const action of ALERT_ACTIONS) {
    r.post(
      `/alerts/:id/${action}`,
      requireAction('alerts:read'),
      wrap(async (req, res) => {
        const alert = await runAlertCommand(
          ctx,
          principalOf(res),
          String(req.params.id),
          action,
          req.body,
          'http',
          req.ip ?? null,
        );
        res.json({ data: alert });
      }),
    );
  }
  return r;
}
