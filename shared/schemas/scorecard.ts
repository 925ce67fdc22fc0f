import { z } from 'zod';
import { IdSchema, InstantSchema, KecamatanCodeSchema } from './common.js';
import { ReportChannelSchema } from './report.js';

/** The dimensions of the 2018 smart-governance study of Balikpapan. */
export const ScorecardDimensionSchema = z.enum([
  'participation_in_decision_making',
  'public_and_social_service',
  'transparent_governance',
  'political_and_strategic_perspective',
  'regional_resources_institutions',
  'regional_resources_budget',
  'regional_resources_it_staff',
  'service_providers',
  'citizen_use',
]);
export type ScorecardDimension = z.infer<typeof ScorecardDimensionSchema>;

/** How an indicator's current value is obtained: computed live by Pantau, or entered per year by a supervisor. */
export const ScorecardMeasureSchema = z.enum([
  'website_availability',
  'app_adoption',
  'alert_response',
  'citizen_reports',
  'entered',
]);
export type ScorecardMeasure = z.infer<typeof ScorecardMeasureSchema>;

/** A value entered for one year, with where it comes from. */
export const ScorecardYearValueSchema = z.object({
  year: z.number().int().min(1990).max(2100),
  value: z.number().finite(),
  source: z.string().min(1).max(300),
});
export type ScorecardYearValue = z.infer<typeof ScorecardYearValueSchema>;

/** One configurable indicator of the governance scorecard. */
export const ScorecardIndicatorSchema = z.object({
  id: IdSchema,
  dimension: ScorecardDimensionSchema,
  name: z.string().min(1).max(200),
  unit: z.enum(['percent', 'seconds', 'count', 'rating']),
  measure: ScorecardMeasureSchema,
  /** The study's 2018 rating (null where the study gives a finding but no rating) and, where it has one, its figure. */
  baseline: z.object({
    year: z.number().int(),
    rating: z.enum(['good', 'fair', 'low']).nullable(),
    value: z.number().nullable(),
    finding: z.string().max(500),
    source: z.string().min(1).max(300),
  }),
  target: z
    .object({ comparator: z.enum(['>=', '<=']), value: z.number(), source: z.string().min(1).max(300) })
    .nullable(),
  /** Preloaded entered values (entered indicators only). */
  values: z.array(ScorecardYearValueSchema).default([]),
});
export type ScorecardIndicator = z.infer<typeof ScorecardIndicatorSchema>;

/** The reference file `shared/reference/scorecard.json`. */
export const ScorecardFileSchema = z.object({
  note: z.string(),
  indicators: z.array(ScorecardIndicatorSchema).min(1),
});

/** Body of `PUT /scorecard/:indicatorId/values/:year`. */
export const ScorecardValueInputSchema = z
  .object({ value: z.number().finite(), source: z.string().trim().min(1).max(300) })
  .strict();

/** A stored entered value. */
export const ScorecardStoredValueSchema = ScorecardYearValueSchema.extend({
  indicatorId: IdSchema,
  enteredBy: z.string().nullable(),
  enteredAt: InstantSchema.nullable(),
});
export type ScorecardStoredValue = z.infer<typeof ScorecardStoredValueSchema>;

/**
 * The detail of the live `citizen_reports` indicator: citizen reports (laporan warga) over the last
 * `days` WITA days, per channel (every channel listed, 0 included), per kecamatan (all six) and per
 * day (oldest first); `per10k` only when the catalogue states the city's resident population.
 */
export const CitizenReportsMeasureSchema = z.object({
  days: z.number().int().positive(),
  /** First and last WITA day of the window, inclusive (`YYYY-MM-DD`). */
  from: z.string(),
  to: z.string(),
  total: z.number().int().nonnegative(),
  byChannel: z.array(z.object({ channel: ReportChannelSchema, count: z.number().int().nonnegative() })),
  byKecamatan: z.array(
    z.object({ code: KecamatanCodeSchema, name: z.string(), count: z.number().int().nonnegative() }),
  ),
  perDay: z.array(z.object({ day: z.string(), total: z.number().int().nonnegative() })),
  /** The resident population the rate divides by, with where the figure comes from; null: none known. */
  population: z
    .object({ count: z.number().int().positive(), year: z.number().int(), source: z.string() })
    .nullable(),
  /** Reports per 10,000 residents over the window; null without a population. */
  per10k: z.number().nullable(),
});
export type CitizenReportsMeasure = z.infer<typeof CitizenReportsMeasureSchema>;
