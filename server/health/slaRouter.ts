import { Router } from 'express';
import { MaintenanceInputSchema, SlaQuerySchema } from '../../shared/schemas/index.js';
import { principalOf, requireAction } from '../auth/middleware.js';
import { can } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { parseOr400, wrap } from '../http/validate.js';
import { actorOf } from '../auth/audit.js';
import { createMaintenance, deleteMaintenance, listMaintenance } from './maintenance.js';
import { addTallies, tallyService, uptimeOf, WINDOWS, type Tally } from './rollups.js';

function present(t: Tally) {
  const { latencySum, ...counts } = t;
  return {
    uptime: uptimeOf(t),
    meanLatencyMs: t.samples ? Math.round(latencySum / t.samples) : null,
    ...counts,
  };
}

/** `GET /agencies/:id/sla?from&to` (uptime per service and agency, or the 24 h / 7 d / 30 d / 365 d windows) and maintenance windows. */
export function slaRouter(ctx: Ctx): Router {
  const r = Router();
  r.get(
    '/agencies/:id/sla',
    requireAction('services:read'),
    wrap(async (req, res) => {
      const agencyId = String(req.params.id);
      if (!ctx.catalog.agencyById.has(agencyId)) throw new HttpError(404, 'not_found', 'No such agency.');
      if (!can(principalOf(res), 'alerts:read', agencyId))
        throw new HttpError(403, 'forbidden', 'Another agency.');
      const q = parseOr400(SlaQuerySchema, req.query);
      const services = ctx.catalog.services.filter((s) => s.agencyId === agencyId);
      const now = ctx.now();
      const periods: Record<string, [Date, Date]> =
        q.from || q.to
          ? { period: [new Date(q.from ?? now.getTime() - WINDOWS['30d']), q.to ? new Date(q.to) : now] }
          : Object.fromEntries(
              Object.entries(WINDOWS).map(([k, ms]) => [k, [new Date(now.getTime() - ms), now]]),
            );
      const out: Record<
        string,
        {
          agency: ReturnType<typeof present>;
          services: ({ serviceId: string; name: string } & ReturnType<typeof present>)[];
        }
      > = {};
      for (const [name, [from, to]] of Object.entries(periods)) {
        const tallies = await Promise.all(services.map((s) => tallyService(ctx, s.id, from, to)));
        out[name] = {
          agency: present(addTallies(tallies)),
          services: services.map((s, i) => ({
            serviceId: s.id,
            name: s.name,
            ...present(tallies[i] ?? addTallies([])),
          })),
        };
      }
      res.json({
        data: {
          agencyId,
          rule: 'uptime = (up + degraded) / (up + degraded + down) over check samples; maintenance and unknown excluded',
          ...(q.from || q.to
            ? { from: periods.period?.[0].toISOString(), to: periods.period?.[1].toISOString() }
            : {}),
          windows: out,
        },
      });
    }),
  );
  r.get(
    '/maintenance',
    requireAction('services:read'),
    wrap(async (_req, res) => {
      res.json({ data: { items: await listMaintenance(ctx) } });
    }),
  );
  r.post(
    '/maintenance',
    requireAction('config:write'),
    wrap(async (req, res) => {
      const w = await createMaintenance(ctx, parseOr400(MaintenanceInputSchema, req.body), {
        actor: actorOf(principalOf(res)),
        ip: req.ip ?? null,
        channel: 'http',
      });
      res.status(201).json({ data: w });
    }),
  );
  r.delete(
    '/maintenance/:id',
    requireAction('config:write'),
    wrap(async (req, res) => {
      await deleteMaintenance(ctx, String(req.params.id), {
        actor: actorOf(principalOf(res)),
        ip: req.ip ?? null,
        channel: 'http',
      });
      res.status(204).end();
    }),
  );
  return r;
}
