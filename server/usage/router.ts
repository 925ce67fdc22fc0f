import type { Ctx } from '../context.js';
import { parseBatch } from '../http/ingest.js';
import { refuseFuture } from '../http/instants.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { handle, type Binding } from '../http/routes.js';
import type { Metrics } from '../ops/metrics.js';
import { UsageSampleSchema } from '../../shared/schemas/index.js';
import { adoptionBindings } from './adoptionRouter.js';
import { usageIngestChecks } from './checks.js';
import { usageImportBindings } from './importRouter.js';
import { checkKnownApps, recordUsage } from './usage.js';

/** `POST /usage` (ingest), `POST /usage/import` (CSV), `GET /usage/adoption` and `GET /usage/participation`. */
export function usageBindings(ctx: Ctx, metrics: Metrics): Binding[] {
  return [
    handle(
      'post /api/v1/usage',
      async ({ req }) => {
        // Parsed here rather than by the table: a batch's issues are located per item.
        const { items, isArray } = parseBatch(req, UsageSampleSchema);
        checkKnownApps(ctx, items, isArray);
        refuseFuture(
          ctx,
          items.map((it, i) => ({ path: [...(isArray ? [i] : []), 'at'], at: it.at })),
        );
        const result = await recordUsage(ctx, items, usageIngestChecks(ctx));
        metrics.ingested.inc({ feed: 'usage' }, items.length);
        return { data: result };
      },
      { rawBody: true, before: [requireStore(ctx.store), requireContentType('application/json')] },
    ),
    ...usageImportBindings(ctx, metrics),
    ...adoptionBindings(ctx),
  ];
}
