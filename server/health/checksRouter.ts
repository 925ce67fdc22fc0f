import type { Request } from 'express';
import { PushBodySchema, type Check, type Evidence } from '../../shared/schemas/index.js';
import { can, type Principal } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { requireStore } from '../http/ingestGuards.js';
import { handle, type Binding } from '../http/routes.js';
import { parseOr400 } from '../http/validate.js';
import { readHistory, recordEvidence } from './evidence.js';
import { createPushToken, pushEvidence, verifyPushToken } from './push.js';
import { checksOf } from './services.js';

/** A check as shown to people: what is watched and how often, never headers or bodies. */
export function checkSummary(
  c: Check | undefined,
): { type: Check['type']; intervalSeconds: number; target: string } | null {
  if (!c) return null;
  const target =
    c.type === 'http'
      ? c.url
      : c.type === 'tcp'
        ? `${c.host}:${c.port}`
        : c.type === 'dns'
          ? c.hostname
          : `push every ${c.periodSeconds} s`;
  return { type: c.type, intervalSeconds: c.intervalSeconds, target };
}

/** Longest condition value shown (characters, the '…' included). */
export const MAX_SHOWN_ACTUAL = 200;

/**
 * Evidence as `p` may see it. A condition's `actual` can quote what a check fetched (a JSON value,
 * a final URL), so it is shown, cut to MAX_SHOWN_ACTUAL, only to those who edit checks (admins,
 * supervisors); everyone else gets the verdict, reason and message with each `actual` null.
 */
export function presentEvidence<E extends Evidence>(e: E, p: Principal | null): E {
  const shown = can(p, 'config:write');
  const cut = (v: Evidence['conditions'][number]['actual']) =>
    !shown
      ? null
      : typeof v === 'string' && v.length > MAX_SHOWN_ACTUAL
        ? `${v.slice(0, MAX_SHOWN_ACTUAL - 1)}…`
        : v;
  return { ...e, conditions: e.conditions.map((c) => ({ ...c, actual: cut(c.actual) })) };
}

function pushTokenFrom(req: Request): string | null {
  const q = req.query.token;
  if (typeof q === 'string' && q) return q;
  const h = req.get('x-push-token');
  if (h) return h;
  const auth = req.get('authorization');
  return auth?.startsWith('Bearer pp_') ? auth.slice(7).trim() : null;
}

/**
 * `POST /health/push/:serviceId` (heartbeat with the service's push token),
 * `POST /services/:id/push-token` (issue/rotate; shown once) and
 * `GET /services/:id/checks` (check history, newest first, paged by `before`).
 */
export function checkBindings(ctx: Ctx): Binding[] {
  const serviceOr404 = (id: string) => {
    const svc = ctx.catalog.serviceById.get(id);
    if (!svc) throw new HttpError(404, 'not_found', `No service "${id}".`);
    return svc;
  };

  return [
    // The token is checked (401) and the rate limit applied (429) before the body is looked at.
    handle(
      'post /api/v1/health/push/:serviceId',
      async ({ params, req }) => {
        const id = params.serviceId ?? '';
        const token = pushTokenFrom(req);
        if (!token)
          throw new HttpError(
            401,
            'unauthenticated',
            'Send the push token as ?token=, X-Push-Token or "Authorization: Bearer pp_…".',
          );
        if (
          !ctx.catalog.serviceById.has(id) ||
          checksOf(ctx).get(id)?.type !== 'push' ||
          !(await verifyPushToken(ctx, id, token))
        ) {
          throw new HttpError(401, 'unauthenticated', 'Unknown service or wrong push token.');
        }
        const { count, resetMs } = await ctx.store.hit(`rl:push:${id}`, 60_000);
        if (count > ctx.config.ingestRatePerMinute) {
          throw new HttpError(429, 'rate_limited', 'Too many heartbeats for this service.', {
            headers: { 'Retry-After': String(Math.ceil(resetMs / 1000)) },
          });
        }
        const body = parseOr400(
          PushBodySchema,
          typeof req.body === 'object' && req.body !== null ? req.body : {},
        );
        const evidence = {
          ...pushEvidence(ctx.now(), body.status, body.message),
          serviceId: id,
          instance: ctx.config.instanceId,
        };
        await recordEvidence(ctx, [{ serviceId: id, evidence }]);
        return { data: { serviceId: id, status: body.status, receivedAt: evidence.checkedAt } };
      },
      { rawBody: true, before: [requireStore(ctx.store)] },
    ),
    handle(
      'post /api/v1/services/:id/push-token',
      async ({ params, principal, req }) => {
        const id = params.id ?? '';
        serviceOr404(id);
        if (checksOf(ctx).get(id)?.type !== 'push')
          throw new HttpError(409, 'not_push_check', `Service "${id}" has no push check.`);
        const { token, createdAt } = await createPushToken(ctx, id, principal, req.ip ?? null);
        return {
          data: { serviceId: id, token, createdAt, pushUrl: `/api/v1/health/push/${encodeURIComponent(id)}` },
        };
      },
      { before: [requireStore(ctx.store)] },
    ),
    handle('get /api/v1/services/:id/checks', async ({ params, query: q, principal: p }) => {
      const id = params.id ?? '';
      serviceOr404(id);
      const page = await readHistory(ctx.store, id, q.limit, q.before);
      return {
        data: {
          serviceId: id,
          check: checkSummary(checksOf(ctx).get(id)),
          ...page,
          items: page.items.map((e) => presentEvidence(e, p)),
        },
      };
    }),
  ];
}
