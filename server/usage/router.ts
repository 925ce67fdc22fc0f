import { Router } from 'express';
import { UsageSampleSchema } from '../../shared/schemas/index.js';
import { requireScope } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { refuseFuture } from '../http/instants.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { wrap } from '../http/validate.js';
import type { Metrics } from '../ops/metrics.js';
import { adoptionRouter } from './adoptionRouter.js';
import { usageIngestChecks } from './checks.js';
import { usageImportRouter } from './importRouter.js';
import { checkKnownApps, recordUsage } from './usage.js';

/** `POST /usage` (ingest), `POST /usage/import` (CSV), `GET /usage/adoption` and `GET /usage/participation`. */
export function usageRouter(ctx: Ctx, metrics: Metrics): Router {
  const r = Router();
  r.post(
    '/usage',
    requireScope(ctx, 'usage:write'),
    requireStore(ctx.store),
    requireContentType('application/json'),
    wrap(async (req, res) => {
      const { items, isArray } = parseBatch(req, UsageSampleSchema);
      checkKnownApps(ctx, items, isArray);
      refuseFuture(
        ctx,
        items.map((it, i) => ({ path: [...(isArray ? [i] : []), 'at'], at: it.at })),
      );
      const result = await recordUsage(ctx, items, usageIngestChecks(ctx));
      metrics.ingested.inc({ feed: 'usage' }, items.length);
      res.status(202).json({ data: result });
    }),
  );
  r.use(usageImportRouter(ctx, metrics));
  r.use(adoptionRouter(ctx));
  return r;
}
