import { z } from 'zod';
import {
  AppSchema,
  ParticipationQuerySchema,
  ParticipationSourceSchema,
  PopulationSchema,
  ScorecardIndicatorSchema,
  ScorecardStoredValueSchema,
  ScorecardValueInputSchema,
  ScorecardYearValueSchema,
  UsageImportQuerySchema,
  UsageSampleSchema,
} from '../schemas/index.js';
import { auth, dataOf, ok, routes, batchOf } from './route.js';

/** What a usage ingest stored: the sample keys and how many were repeats. */
const UsageResultSchema = z.looseObject({ ids: z.array(z.string()), duplicates: z.number().int() });

/** A point of an adoption trend. */
const TrendPointSchema = z.looseObject({ at: z.string(), value: z.number(), rate: z.number() });
/** The rate at the start of a trend window and the change since. */
const TrendSchema = z.looseObject({ from: TrendPointSchema.nullable(), change: z.number().nullable() });

/** The study's 2018 figure of an app (apps.json), with where it comes from. */
const StudyBaselineSchema = AppSchema.shape.baseline.unwrap();

/** One app's adoption: latest active users against its served population, trends and the study baseline. */
export const AppAdoptionSchema = z.looseObject({
  appId: z.string(),
  name: z.string(),
  agencyId: z.string(),
  population: PopulationSchema.loose(),
  activeUsers: z
    .looseObject({ metric: z.string(), period: z.string(), value: z.number(), at: z.string() })
    .nullable(),
  rate: z.number().nullable(),
  trends: z.looseObject({ week: TrendSchema, month: TrendSchema, year: TrendSchema }),
  baseline: StudyBaselineSchema.extend({ rate: z.number().nullable() }).loose().nullable(),
});

/** A group of apps with a study baseline (the study's "any local service app"). */
export const AdoptionGroupSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  appIds: z.array(z.string()),
  baseline: StudyBaselineSchema.loose(),
  activeUsers: z.number().nullable(),
  changeSinceBaseline: z.number().nullable(),
});

/** An indicator's current value and where it comes from (live, or the latest entered year). */
const ScorecardCurrentSchema = z.looseObject({
  value: z.number().nullable(),
  source: z.string(),
  at: z.string().optional(),
  year: z.number().optional(),
  detail: z.unknown().optional(),
});

/** One indicator of the scorecard: its definition, entered values, current value and verdict. */
export const ScorecardEntrySchema = ScorecardIndicatorSchema.extend({
  values: z.array(
    ScorecardYearValueSchema.extend({
      enteredBy: z.string().nullable().optional(),
      enteredAt: z.string().nullable().optional(),
    }).loose(),
  ),
  current: ScorecardCurrentSchema.nullable(),
  meetsTarget: z.boolean().nullable(),
}).loose();

/** `GET /usage/adoption`: adoption per app now, and the study's app groups. */
export const AdoptionSchema = z.looseObject({
  at: z.string(),
  formula: z.string(),
  apps: z.array(AppAdoptionSchema),
  groups: z.array(AdoptionGroupSchema),
});

/**
 * `GET /usage/participation`: per kelurahan. From app usage (`source: usage`, `rate` only for one
 * app, on an estimated even split of its population) or from citizen reports (`source: reports`:
 * every kelurahan, reports over the window `from`..`to`; no `rate`, as no kelurahan population is known).
 * Answers before `source` existed carried no `source` and meant usage.
 */
export const ParticipationSchema = z.looseObject({
  source: ParticipationSourceSchema.optional(),
  /** Reports only: the window in WITA days, its first and last day, and all reports in it. */
  days: z.number().int().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  total: z.number().optional(),
  appId: z.string().nullable(),
  metric: z.string().nullable(),
  rateBasis: z.string().nullable(),
  items: z.array(
    z.looseObject({
      kelurahanCode: z.string(),
      name: z.string(),
      value: z.number(),
      rate: z.number().optional(),
      share: z.number(),
      at: z.string(),
    }),
  ),
});

/** `GET /scorecard`: every indicator. */
export const ScorecardSchema = z.looseObject({ at: z.string(), indicators: z.array(ScorecardEntrySchema) });

// The answers the screens read, by name (each is also its route's declared schema below).
/** `POST /usage/import?dryRun=true`: what would be imported. */
export const UsageImportCheckResponseSchema = dataOf(
  z.looseObject({
    dryRun: z.literal(true),
    rows: z.number().int(),
    valid: z.number().int(),
    wouldImport: z.number().int(),
    duplicatesOfStored: z.number().int(),
  }),
);
/** `POST /usage/import`: what was imported. */
export const UsageImportResponseSchema = dataOf(
  z.looseObject({
    dryRun: z.literal(false),
    rows: z.number().int(),
    imported: z.number().int(),
    duplicatesOfStored: z.number().int(),
  }),
);
export const AdoptionResponseSchema = dataOf(AdoptionSchema);
export const ParticipationResponseSchema = dataOf(ParticipationSchema);
export const ScorecardResponseSchema = dataOf(ScorecardSchema);

/** Usage ingest and CSV import, adoption, participation per kelurahan and the governance scorecard. */
export const usageRoutes = routes([
  {
    method: 'post',
    path: '/api/v1/usage',
    summary: 'Ingest app usage samples (one or a batch, atomic; a repeated sample key is accepted once)',
    auth: auth.scope('usage:write'),
    body: batchOf(UsageSampleSchema),
    responses: { 202: { description: 'Recorded', schema: dataOf(UsageResultSchema) } },
    tags: ['usage'],
  },
  {
    method: 'post',
    path: '/api/v1/usage/import',
    summary:
      'Import a usage CSV all-or-nothing (`?dryRun=true` only validates and counts); 400 `invalid_csv` lists every bad row',
    auth: auth.scope('usage:write', 'config:write'),
    query: UsageImportQuerySchema,
    bodyTypes: {
      'text/csv':
        'UTF-8 CSV with the header app_id,metric,period,period_start,value[,kelurahan_code][,source]; one sample per row',
    },
    responses: {
      200: { description: 'Dry run: what would be imported', schema: UsageImportCheckResponseSchema },
      202: { description: 'Imported', schema: UsageImportResponseSchema },
    },
    tags: ['usage'],
  },
  {
    method: 'get',
    path: '/api/v1/usage/adoption',
    summary:
      "Adoption per app (latest active users / served population) with trends, and the study's app groups",
    auth: auth.action('wall:read'),
    responses: ok('Adoption now', AdoptionResponseSchema),
    tags: ['usage'],
  },
  {
    method: 'get',
    path: '/api/v1/usage/participation',
    summary:
      'Participation per kelurahan: the latest value of a user metric, of one app or all (`source=usage`, the default), or citizen reports over the last `days` WITA days (`source=reports`, default 30)',
    auth: auth.action('wall:read'),
    query: ParticipationQuerySchema,
    responses: ok(
      'Per kelurahan (`rate` only for one app of the usage source, on an estimated even split of its population)',
      ParticipationResponseSchema,
    ),
    tags: ['usage'],
  },
  {
    method: 'get',
    path: '/api/v1/scorecard',
    summary:
      'The governance scorecard: each indicator with baseline, target, values, current value and verdict',
    auth: auth.action('wall:read'),
    responses: ok('The scorecard', ScorecardResponseSchema),
    tags: ['usage'],
  },
  {
    method: 'put',
    path: '/api/v1/scorecard/:indicatorId/values/:year',
    summary: "Enter or correct an entered indicator's value for a year, with its source (audited)",
    auth: auth.action('config:write'),
    body: ScorecardValueInputSchema,
    responses: ok(
      'The stored value',
      dataOf(ScorecardStoredValueSchema.extend({ version: z.number().int() })),
    ),
    tags: ['usage'],
  },
]);
