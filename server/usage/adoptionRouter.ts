import { Router } from 'express';
import { ParticipationQuerySchema, type UsageSample } from '../../shared/schemas/index.js';
import { requireAction } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { ValidationError } from '../http/errors.js';
import { parseOr400, wrap } from '../http/validate.js';
import { COLL, allDocs } from '../store/docs.js';
import { computeAdoption } from './adoption.js';
import { computeParticipation } from './participation.js';

/** Every stored usage sample (the adoption views read the raw samples; no rollups yet). */
export function readSamples(ctx: Ctx): Promise<UsageSample[]> {
  return allDocs<UsageSample>(ctx.store, COLL.usage);
}

/** `GET /usage/adoption` and `GET /usage/participation?appId=&metric=` for every logged-in user and display. */
export function adoptionRouter(ctx: Ctx): Router {
  const r = Router();
  r.get('/usage/adoption', requireAction('wall:read'), wrap(async (_req, res) => {
    res.json({ data: { at: ctx.now().toISOString(), ...computeAdoption(ctx.catalog, await readSamples(ctx)) } });
  }));
  r.get('/usage/participation', requireAction('wall:read'), wrap(async (req, res) => {
    const q = parseOr400(ParticipationQuerySchema, req.query);
    if (q.appId && !ctx.catalog.appById.has(q.appId)) throw new ValidationError([{ path: ['appId'], message: `unknown app "${q.appId}"` }]);
    res.json({ data: computeParticipation(ctx.catalog, await readSamples(ctx), q.appId, q.metric) });
  }));
  return r;
}
