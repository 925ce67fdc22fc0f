import { z } from 'zod';
import { IdSchema, InstantSchema } from './common.js';

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
