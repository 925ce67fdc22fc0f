import type { Request } from 'express';
import type { z } from 'zod';
import { MAX_BATCH } from '../../shared/limits.js';
import { ValidationError, zodIssues, type Issue } from '../errors.js';

/**
 * Parses an ingest body: one object or an array of up to MAX_BATCH. Every item is validated;
 * any problem rejects the whole request with every issue located (`[index, ...path]` for arrays).
 */
export function parseBatch<S extends z.ZodType>(
  req: Request,
  schema: S,
): { items: z.infer<S>[]; isArray: boolean } {
  const body: unknown = req.body;
  const isArray = Array.isArray(body);
  const raw: unknown[] = isArray ? (body as unknown[]) : [body];
  if (body === undefined || body === null || (typeof body !== 'object' && !isArray)) {
    throw new ValidationError([{ path: [], message: 'expected a JSON object or an array of objects' }]);
  }
  if (raw.length === 0) throw new ValidationError([{ path: [], message: 'empty batch' }]);
  if (raw.length > MAX_BATCH)
    throw new ValidationError([{ path: [], message: `at most ${MAX_BATCH} items per request` }]);
  const issues: Issue[] = [];
  const items: z.infer<S>[] = [];
  raw.forEach((item, i) => {
    const r = schema.safeParse(item);
    if (r.success) items.push(r.data);
    else issues.push(...zodIssues(r.error, isArray ? [i] : []));
  });
  if (issues.length) throw new ValidationError(issues);
  return { items, isArray };
}
