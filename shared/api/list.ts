import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../limits.js';
import { InstantSchema } from '../schemas/common.js';

/** The list filters every list endpoint takes (`status` — `all` included — agency, category, severity, time, cursor paging). */
export const ListQuerySchema = z.object({
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
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(600).optional(),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

/** A time window (`from`, `to`), both optional. */
export const PeriodQuerySchema = z.object({ from: InstantSchema.optional(), to: InstantSchema.optional() });
