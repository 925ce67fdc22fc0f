import type { Ctx } from '../context.js';
import { handle, type Binding } from '../http/routes.js';
import { buildSnapshot, computeKpis, countOpenBySeverity, readState } from '../realtime/snapshot.js';
import { HttpError, ValidationError } from '../errors.js';
import { stateAt } from '../realtime/replay.js';
import { can } from '../auth/policy.js';
import { agencyEditBindings, agencyOverlay } from './agencyEdits.js';
import { invalidEntries } from './overlay.js';

/**
 * Reference data (`/agencies`, `/areas`, `/apps`), the current-state `/snapshot`, and the agencies
 * edited through the API. (The escalation policies, also configuration, are bound in
 * alerts/policies.ts and mounted right after these.)
 */
export function catalogBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /api/v1/agencies', ({ principal }) => {
      // Those who configure also see stored edits left out as invalid, to fix or remove them.
      const invalid = can(principal, 'config:write') ? { invalid: agencyOverlay(ctx).invalid() } : {};
      return { data: { items: ctx.catalog.agencies, ...invalid } };
    }),
    handle('get /api/v1/config/invalid', async () => ({ data: { items: await invalidEntries(ctx) } })),
    handle('get /api/v1/areas', () => {
      const { kecamatan, kelurahan, regency, source } = ctx.catalog.areas;
      return {
        data: {
          regency,
          source,
          kecamatan: kecamatan.map((k) => ({
            ...k,
            kelurahan: kelurahan.filter((l) => l.kecamatanCode === k.code),
          })),
          kelurahan,
        },
      };
    }),
    handle('get /api/v1/apps', () => ({ data: { items: ctx.catalog.apps } })),
    handle('get /api/v1/snapshot', async ({ query: { at }, principal: p }) => {
      if (!p) throw new HttpError(401, 'unauthenticated', 'Log in first.');
      if (at) {
        // Replay: the live set as it was then, for this caller's role and agency.
        if (Date.parse(at) > ctx.now().getTime())
          throw new ValidationError([{ path: ['at'], message: 'lies in the future; replay shows the past' }]);
        const then = await stateAt(ctx, at);
        const kpis = computeKpis(
          ctx.catalog.services.length,
          then.serviceStates,
          countOpenBySeverity(then.incidents),
          then.alerts,
        );
        return { data: { ...buildSnapshot(ctx, p, then, 0, kpis, at), replayAt: at } };
      }
      const state = await readState(ctx);
      const kpis = computeKpis(
        ctx.catalog.services.length,
        state.serviceStates,
        countOpenBySeverity(state.incidents),
        state.alerts,
      );
      return { data: buildSnapshot(ctx, p, state, 0, kpis, ctx.now().toISOString()) };
    }),
    ...agencyEditBindings(ctx),
  ];
}
