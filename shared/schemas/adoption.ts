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

/** The window of citizen reports the participation views count by default (WITA days, today included). */
export const PARTICIPATION_REPORT_DAYS = 30;
/** The longest window of citizen reports a participation query may ask for (the counters live 400 days). */
export const MAX_PARTICIPATION_REPORT_DAYS = 366;

/** What a participation measure counts: app users from the usage feed, or citizen reports (laporan warga). */
export const ParticipationSourceSchema = z.enum(['usage', 'reports']);
export type ParticipationSource = z.infer<typeof ParticipationSourceSchema>;

/**
 * Query of `GET /usage/participation`: `source=usage` (the default) takes `appId` and `metric`;
 * `source=reports` takes `days` (default {@link PARTICIPATION_REPORT_DAYS}).
 */
export const ParticipationQuerySchema = z
  .object({
    source: ParticipationSourceSchema.optional(),
    appId: IdSchema.optional(),
    metric: UsageMetricSchema.optional(),
    days: z.coerce.number().int().min(1).max(MAX_PARTICIPATION_REPORT_DAYS).optional(),
  })
  .strict()
  .superRefine((q, issues) => {
    const reports = q.source === 'reports';
    for (const key of reports ? (['appId', 'metric'] as const) : (['days'] as const))
      if (q[key] !== undefined)
        issues.addIssue({
          code: 'custom',
          path: [key],
          message: reports ? `"${key}" is for source=usage` : '"days" is for source=reports',
        });
  });
