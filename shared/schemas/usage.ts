import { z } from 'zod';
import { IdSchema, InstantSchema, KelurahanCodeSchema } from './common.js';

/** Usage metrics an app reports. */
export const UsageMetricSchema = z.enum([
  'downloads',
  'new_downloads',
  'daily_active_users',
  'monthly_active_users',
  'active_users',
  'transactions',
  'sessions',
]);

/** One usage measurement of one app for one period. */
export const UsageSampleSchema = z
  .object({
    id: IdSchema.optional(),
    appId: IdSchema,
    metric: UsageMetricSchema,
    value: z.number().nonnegative().max(1e12),
    at: InstantSchema,
    period: z.enum(['instant', 'hour', 'day', 'month']).default('instant'),
    kelurahanCode: KelurahanCodeSchema.optional(),
    source: z.string().min(1).max(100).optional(),
  })
  .strict();
export type UsageSampleInput = z.input<typeof UsageSampleSchema>;
export type UsageSample = z.infer<typeof UsageSampleSchema>;
