import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { handle, type Binding } from '../http/routes.js';
import type { Metrics } from '../ops/metrics.js';
import { usageIngestChecks } from './checks.js';
import { importUsageCsv } from './importCsv.js';

/**
 * `POST /usage/import` with `Content-Type: text/csv` (format: server/usage/csvRows.ts) and
 * `?dryRun=true`, for a feed key with `usage:write` or a supervisor/admin session: 202 with counts,
 * 200 for a dry run, 400 `invalid_csv` listing every bad row.
 */
export function usageImportBindings(ctx: Ctx, metrics: Metrics): Binding[] {
  return [
    handle(
      'post /api/v1/usage/import',
      async ({ query, req, res }) => {
        const dryRun = query.dryRun === 'true' || query.dryRun === '1';
        const body: unknown = req.body;
        if (!Buffer.isBuffer(body))
          throw new HttpError(400, 'invalid_csv', 'Send the CSV file as the request body.', {
            issues: [{ path: [], message: 'empty body' }],
          });
        const result = await importUsageCsv(ctx, body, dryRun, usageIngestChecks(ctx));
        if (!result.dryRun) metrics.ingested.inc({ feed: 'usage' }, result.imported);
        res.status(result.dryRun ? 200 : 202).json({ data: result });
      },
      { before: [requireStore(ctx.store), requireContentType('text/csv')] },
    ),
  ];
}
