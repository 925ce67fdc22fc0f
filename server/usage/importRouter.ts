import { Router, type RequestHandler } from 'express';
import { UsageImportQuerySchema } from '../../shared/schemas/index.js';
import { principalOf, requireAction, requireScope } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { requireContentType, requireStore } from '../http/ingestGuards.js';
import { parseOr400, wrap } from '../http/validate.js';
import type { Metrics } from '../ops/metrics.js';
import { usageIngestChecks } from './checks.js';
import { importUsageCsv } from './importCsv.js';

/** A feed key with `usage:write`, or a supervisor/admin session (with its CSRF token). */
function keyOrSupervisor(ctx: Ctx): RequestHandler {
  const byKey = requireScope(ctx, 'usage:write');
  const byUser = requireAction('config:write');
  return (req, res, next) =>
    principalOf(res)?.kind === 'key' ? byKey(req, res, next) : byUser(req, res, next);
}

/**
 * `POST /usage/import` with `Content-Type: text/csv` (format: server/usage/csvRows.ts) and
 * `?dryRun=true`: 202 with counts, 200 for a dry run, 400 `invalid_csv` listing every bad row.
 */
export function usageImportRouter(ctx: Ctx, metrics: Metrics): Router {
  const r = Router();
  r.post(
    '/usage/import',
    keyOrSupervisor(ctx),
    requireStore(ctx.store),
    requireContentType('text/csv'),
    wrap(async (req, res) => {
      const q = parseOr400(UsageImportQuerySchema, req.query);
      const dryRun = q.dryRun === 'true' || q.dryRun === '1';
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body))
        throw new HttpError(400, 'invalid_csv', 'Send the CSV file as the request body.', {
          issues: [{ path: [], message: 'empty body' }],
        });
      const result = await importUsageCsv(ctx, body, dryRun, usageIngestChecks(ctx));
      if (!result.dryRun) metrics.ingested.inc({ feed: 'usage' }, result.imported);
      res.status(result.dryRun ? 200 : 202).json({ data: result });
    }),
  );
  return r;
}
