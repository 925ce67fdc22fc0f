import { z } from 'zod';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_POLYGON_POINTS,
  MAX_RADIUS_METERS,
  MAX_TITLE_LENGTH,
} from '../limits.js';
import { IdSchema, InstantSchema, KecamatanCodeSchema, KelurahanCodeSchema, LngLatSchema } from './common.js';

/** Incident categories: city security, disasters and cyber incidents against the city's systems. */
export const IncidentCategorySchema = z.enum([
  'crime',
  'fire',
  'flood',
  'landslide',
  'earthquake',
  'weather',
  'traffic',
  'public_order',
  'health',
  'infrastructure',
  'cyber_defacement',
  /** Gambling (judi online) or other spam injected into a website, often hidden or cloaked. */
  'cyber_seo_spam',
  'cyber_ddos',
  'cyber_intrusion',
  'cyber_malware',
  'cyber_data_leak',
  'cyber',
  'service_outage',
  'other',
]);
export type IncidentCategory = z.infer<typeof IncidentCategorySchema>;

/** CAP 1.2 severity, most severe first. */
export const SeveritySchema = z.enum(['extreme', 'severe', 'moderate', 'minor', 'unknown']);
export type Severity = z.infer<typeof SeveritySchema>;
/** CAP 1.2 urgency. */
export const UrgencySchema = z.enum(['immediate', 'expected', 'future', 'past', 'unknown']);
/** CAP 1.2 certainty. */
export const CertaintySchema = z.enum(['observed', 'likely', 'possible', 'unlikely', 'unknown']);

/** A closed ring of positions, first point repeated last. */
const RingSchema = z
  .array(LngLatSchema)
  .min(4)
  .max(MAX_POLYGON_POINTS)
  .refine((r) => r[0]?.[0] === r.at(-1)?.[0] && r[0]?.[1] === r.at(-1)?.[1], 'ring must be closed');

/** Where an incident is: a point, a circle or a polygon. */
export const IncidentLocationSchema = z.union([
  LngLatSchema,
  z.object({ type: z.literal('point'), coordinates: LngLatSchema }).strict(),
  z
    .object({
      type: z.literal('circle'),
      center: LngLatSchema,
      radiusMeters: z.number().positive().max(MAX_RADIUS_METERS),
    })
    .strict(),
  z.object({ type: z.literal('polygon'), coordinates: RingSchema }).strict(),
]);
export type IncidentLocation = z.infer<typeof IncidentLocationSchema>;

/** An incident as a feed source sends it (native JSON). */
export const IncidentInputSchema = z
  .object({
    id: IdSchema,
    title: z.string().trim().min(1).max(MAX_TITLE_LENGTH),
    description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
    category: IncidentCategorySchema,
    severity: SeveritySchema,
    urgency: UrgencySchema.optional(),
    certainty: CertaintySchema.optional(),
    location: IncidentLocationSchema,
    occurredAt: InstantSchema,
    /** The source's own kelurahan code wins over point-in-polygon. */
    kelurahanCode: KelurahanCodeSchema.optional(),
    agencyId: IdSchema.optional(),
    source: z.string().min(1).max(100).optional(),
    status: z.enum(['open', 'closed']).optional(),
    attributes: z
      .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
      .optional(),
  })
  .strict();
export type IncidentInput = z.infer<typeof IncidentInputSchema>;

/** One entry of an incident's status timeline. */
export const IncidentTimelineEntrySchema = z.object({
  at: InstantSchema,
  status: z.enum(['open', 'updated', 'closed', 'cancelled']),
  note: z.string().max(500).optional(),
});

/** An incident as Pantau keeps it. */
export const IncidentSchema = IncidentInputSchema.omit({ status: true })
  .extend({
    status: z.enum(['open', 'closed', 'cancelled']),
    /** A representative point (the point, the circle's centre, the polygon's centroid). */
    point: LngLatSchema,
    kecamatanCode: KecamatanCodeSchema.nullable(),
    kelurahanCode: KelurahanCodeSchema.nullable(),
    /** True when the location lies outside every Balikpapan kelurahan. */
    outsideCity: z.boolean(),
    source: z.string(),
    /** The feed that created it and alone may change it (`key:<id>`, `system:<name>`); absent on incidents stored before owners were kept. */
    owner: z.string().max(140).optional(),
    receivedAt: InstantSchema,
    updatedAt: InstantSchema,
    repeatCount: z.number().int().nonnegative(),
    lastSeenAt: InstantSchema,
    timeline: z.array(IncidentTimelineEntrySchema),
    version: z.number().int().positive(),
  })
  .strip();
export type Incident = z.infer<typeof IncidentSchema>;

/** Severity order for sorting, most severe first. */
export const SEVERITY_RANK: Record<Severity, number> = {
  extreme: 0,
  severe: 1,
  moderate: 2,
  minor: 3,
  unknown: 4,
};
