import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../../shared/limits.js';
import { InstantSchema } from '../../shared/schemas/index.js';
import { parseOr400 } from './validate.js';

const ListQuerySchema = z.object({
  status: z.string().max(40).default('open'),
  agency: z.string().max(128).optional(),
  category: z.string().max(60).optional(),
  severity: z.string().max(20).optional(),
  /** Alerts: `active` (source still firing) or `cleared` (the source is over; people still have to resolve). */
  condition: z.enum(['active', 'cleared']).optional(),
  kecamatan: z.string().max(20).optional(),
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

/** Parses the common list filters (`status` — `all` included — agency, category, severity, time, paging). */
export function listQuery(query: unknown): ListQuery {
  return parseOr400(ListQuerySchema, query);
}

/** One page of items with the total. */
export function page<T>(items: T[], q: ListQuery): { items: T[]; total: number; limit: number; offset: number } {
  return { items: items.slice(q.offset, q.offset + q.limit), total: items.length, limit: q.limit, offset: q.offset };
}
