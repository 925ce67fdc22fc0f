import { z } from 'zod';
import { IdSchema, KecamatanCodeSchema, KelurahanCodeSchema } from './common.js';

/** Kecamatan and kelurahan of Balikpapan with official Kemendagri codes (generated from idn-area-data). */
export const AreasSchema = z.object({
  source: z.string(),
  regency: z.object({ code: z.string(), name: z.string() }),
  kecamatan: z.array(z.object({ code: KecamatanCodeSchema, name: z.string() })).length(6),
  kelurahan: z
    .array(z.object({ code: KelurahanCodeSchema, name: z.string(), kecamatanCode: KecamatanCodeSchema }))
    .length(34),
});
export type Areas = z.infer<typeof AreasSchema>;

/** The population an app serves, with where the figure comes from. */
export const PopulationSchema = z.object({
  group: z.string().min(1).max(60),
  count: z.number().int().positive(),
  source: z.string().min(1).max(300),
  year: z.number().int().min(1990).max(2100),
});

/** A city app whose usage Pantau tracks. */
export const AppSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1).max(200),
    agencyId: IdSchema,
    serviceId: IdSchema.optional(),
    platforms: z.array(z.string().max(40)).min(1),
    population: PopulationSchema,
    baseline: z
      .object({
        metric: z.string(),
        value: z.number(),
        year: z.number().int(),
        source: z.string(),
        note: z.string().optional(),
      })
      .optional(),
  })
  .loose();
export type App = z.infer<typeof AppSchema>;
