import { Router } from 'express';
import { principalOf, requireAction, requireAnyPrincipal } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { parseOr400, wrap } from '../http/validate.js';
import { buildSnapshot, computeKpis, countOpenBySeverity, readState } from '../realtime/snapshot.js';
import { HttpError, ValidationError } from '../errors.js';
import { stateAt } from '../realtime/replay.js';
import { SnapshotQuerySchema } from '../../shared/api/catalog.js';
import { policyRouter } from '../alerts/policies.js';
import { can } from '../auth/policy.js';
import { agencyEditRouter, agencyOverlay } from './agencyEdits.js';
import { invalidEntries } from './overlay.js';

/**
 * Reference data (`/agencies`, `/areas`, `/apps`), the current-state `/snapshot`, and the
 * configuration edited through the API: agencies and escalation policies.
 */
export function catalogRouter(ctx: Ctx): Router {
  const r = Router();
  r.get('/agencies', requireAnyPrincipal, (_req, res) => {
    // Those who configure also see stored edits left out as invalid, to fix or remove them.
    const invalid = can(principalOf(res), 'config:write') ? { invalid: agencyOverlay(ctx).invalid() } : {};
    res.json({ data: { items: ctx.catalog.agencies, ...invalid } });
  });
  r.get(
    '/config/invalid',
    requireAction('config:write'),
    wrap(async (_req, res) => {
      res.json({ data: { items: await invalidEntries(ctx) } });
    }),
  );
  r.get('/areas', requireAnyPrincipal, (_req, res) => {
    const { kecamatan, kelurahan, regency, source } = ctx.catalog.areas;
    res.json({
      data: {
        regency,
        source,
        kecamatan: kecamatan.map((k) => ({
          ...k,
          kelurahan: kelurahan.filter((l) => l.kecamatanCode === k.code),
        })),
        kelurahan,
      },
    });
  });
  r.get('/apps', requireAnyPrincipal, (_req, res) => {
    res.json({ data: { items: ctx.catalog.apps } });
  });
  r.get(
    '/snapshot',
    requireAction('snapshot:read'),
    wrap(async (req, res) => {
      const p = principalOf(res);
      if (!p) throw new HttpError(401, 'unauthenticated', 'Log in first.');
      const { at } = parseOr400(SnapshotQuerySchema, req.query);
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
        res.json({ data: { ...buildSnapshot(ctx, p, then, 0, kpis, at), replayAt: at } });
        return;
      }
      const state = await readState(ctx);
      const kpis = computeKpis(
        ctx.catalog.services.length,
        state.serviceStates,
        countOpenBySeverity(state.incidents),
        state.alerts,
      );
      res.json({ data: buildSnapshot(ctx, p, state, 0, kpis, ctx.now().toISOString()) });
    }),
  );
  r.use(agencyEditRouter(ctx));
  r.use(policyRouter(ctx));
  return r;
}
