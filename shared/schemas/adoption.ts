import { z } from 'zod';
import { IdSchema } from './common.js';
import { UsageMetricSchema } from './usage.js';

/** Largest CSV usage import body, in bytes. */
export const MAX_CSV_BODY_BYTES = 5 * 1024 * 1024;
/** Most data rows in one CSV usage import. */
export const MAX_CSV_ROWS = 100_000;
/** Most problems listed for one CSV file (the count of the rest is reported). */
export const MAX_CSV_ISSUES = 1000;
/** A usage feed with no sample for an app for this long raises a "silent feed" alert. */
export const USAGE_SILENT_AFTER_HOURS = 6;

/**
 * Metrics that count users, in order of preference for the adoption rate: monthly active users
 * best match the study's "uses the app"; hourly samples are never used for adoption.
 */
export const ADOPTION_METRICS = ['monthly_active_users', 'active_users', 'daily_active_users'] as const;

/** Query of `POST /usage/import`. */
export const UsageImportQuerySchema = z
  .object({ dryRun: z.enum(['true', 'false', '1', '0']).optional() })
  .strict();

/** Query of `GET /usage/participation`. */
export const ParticipationQuerySchema = z
  .object({ appId: IdSchema.optional(), metric: UsageMetricSchema.optional() })
  .strict();
