import { Router } from 'express';
import { principalOf, requireAction, requireAnyPrincipal } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { wrap } from '../http/validate.js';
import { buildSnapshot, computeKpis, countOpenBySeverity, readState } from '../realtime/snapshot.js';
import { HttpError } from '../http/errors.js';
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
  r.get('/config/invalid', requireAction('config:write'), wrap(async (_req, res) => {
    res.json({ data: { items: await invalidEntries(ctx) } });
  }));
  r.get('/areas', requireAnyPrincipal, (_req, res) => {
    const { kecamatan, kelurahan, regency, source } = ctx.catalog.areas;
    res.json({ data: { regency, source, kecamatan: kecamatan.map((k) => ({ ...k, kelurahan: kelurahan.filter((l) => l.kecamatanCode === k.code) })), kelurahan } });
  });
  r.get('/apps', requireAnyPrincipal, (_req, res) => {
    res.json({ data: { items: ctx.catalog.apps } });
  });
  r.get('/snapshot', requireAction('snapshot:read'), wrap(async (_req, res) => {
    const p = principalOf(res);
    if (!p) throw new HttpError(401, 'unauthenticated', 'Log in first.');
    const state = await readState(ctx);
    const kpis = computeKpis(ctx.catalog.services.length, state.serviceStates, countOpenBySeverity(state.incidents), state.alerts);
    res.json({ data: buildSnapshot(ctx, p, state, 0, kpis, ctx.now().toISOString()) });
  }));
  r.use(agencyEditRouter(ctx));
  r.use(policyRouter(ctx));
  return r;
}
