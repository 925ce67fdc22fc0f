import { can } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { httpActor } from '../auth/audit.js';
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

/** An agency's uptime: over `from`–`to` when either is given (`period`), else over each of WINDOWS. */
async function agencySla(ctx: Ctx, agencyId: string, q: { from?: string; to?: string }) {
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
  return {
    agencyId,
    rule: 'uptime = (up + degraded) / (up + degraded + down) over check samples; maintenance and unknown excluded',
    ...(q.from || q.to
      ? { from: periods.period?.[0].toISOString(), to: periods.period?.[1].toISOString() }
      : {}),
    windows: out,
  };
}

/** `GET /agencies/:id/sla?from&to` (uptime per service and agency, or the 24 h / 7 d / 30 d / 365 d windows) and maintenance windows. */
export function slaBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /api/v1/agencies/:id/sla', async ({ params, query: q, principal }) => {
      const agencyId = params.id ?? '';
      if (!ctx.catalog.agencyById.has(agencyId)) throw new HttpError(404, 'not_found', 'No such agency.');
      if (!can(principal, 'alerts:read', agencyId)) throw new HttpError(403, 'forbidden', 'Another agency.');
      return { data: await agencySla(ctx, agencyId, q) };
    }),
    handle('get /api/v1/maintenance', async () => ({ data: { items: await listMaintenance(ctx) } })),
    handle('post /api/v1/maintenance', async ({ body, principal, req }) => ({
      data: await createMaintenance(ctx, body, {
        ...httpActor(req, principal),
      }),
    })),
    handle('delete /api/v1/maintenance/:id', async ({ params, principal, req }) => {
      await deleteMaintenance(ctx, params.id ?? '', {
        ...httpActor(req, principal),
      });
    }),
  ];
}
