import type { z } from 'zod';
import { ValidationError, zodIssues } from '../errors.js';

/**
 * Parses a request part with its schema or throws a 400 listing every problem: the one validation
 * step (server/http/routes.ts runs it on every declared query and body; handlers that read a raw
 * body — CSV, CAP XML, per-item batches — call it on what they parse).
 */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(zodIssues(r.error));
  return r.data;
}
