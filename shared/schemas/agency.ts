import { z } from 'zod';
import { IdSchema, KecamatanCodeSchema, LngLatSchema } from './common.js';

/** The kinds of perangkat daerah (OPD) the city has. */
export const AgencyKindSchema = z.enum(['dinas', 'badan', 'kecamatan', 'hospital', 'secretariat', 'other']);

/** When incidents join one alert: within this distance of a member and this time of the last one. */
export const AlertGroupingSchema = z.object({
  radiusMeters: z.number().int().min(0).max(50_000),
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});
export type AlertGrouping = z.infer<typeof AlertGroupingSchema>;

/** A city agency (OPD): who owns services and answers alerts. */
export const AgencySchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  shortName: z.string().min(1).max(60),
  kind: AgencyKindSchema,
  location: LngLatSchema,
  /** True where the location is an approximation, not a surveyed address. */
  approximate: z.boolean(),
  /** False until the city confirms the entry. */
  verified: z.boolean(),
  kecamatanCode: KecamatanCodeSchema.optional(),
  website: z.url().optional(),
  source: z.string().max(500).optional(),
  /** This agency's alert-grouping rule (default ALERT_GROUPING in shared/limits.ts). */
  alertGrouping: AlertGroupingSchema.optional(),
});
export type Agency = z.infer<typeof AgencySchema>;

/** An agency as `POST /agencies` and `PUT /agencies/:id` take it: `verified` defaults to true, `approximate` to false. */
export const AgencyInputSchema = AgencySchema.extend({
  approximate: z.boolean().default(false),
  verified: z.boolean().default(true),
}).strict();
export type AgencyInput = z.input<typeof AgencyInputSchema>;
