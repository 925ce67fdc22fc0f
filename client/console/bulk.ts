/** `POST /api/v1/alerts/bulk`: one command for many alerts, answered per alert. */
import { BulkResponseSchema } from '../../shared/api/alerts.js';
import type { BulkCommand, BulkResult } from '../../shared/schemas/index.js';
import { ApiError, parseData, request } from '../live/api.js';

export type { BulkResult };
export type BulkAnswer = { items: BulkResult[]; succeeded: number; failed: number };

/** Runs the command on every id (each as if alone: rules, races, audit). */
export async function bulkCommand(body: BulkCommand): Promise<BulkAnswer> {
  return parseData(BulkResponseSchema, await request('POST', '/api/v1/alerts/bulk', body));
}

/** One alert's failure as the ApiError a single command would have thrown (for its message). */
export function resultError(r: BulkResult): ApiError | null {
  if (r.status >= 200 && r.status < 300) return null;
  return new ApiError(
    r.status,
    r.error?.code ?? `http_${r.status}`,
    r.error?.message ?? '',
    r.error?.details,
  );
}
