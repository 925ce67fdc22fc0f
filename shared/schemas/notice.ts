import { z } from 'zod';
import { MAX_NOTE_LENGTH, MAX_TITLE_LENGTH } from '../limits.js';
import { IdSchema, InstantSchema } from './common.js';
import { ServiceKindSchema, ServiceStatusSchema } from './service.js';

/** Most services one notice names. */
export const MAX_NOTICE_SERVICES = 100;
/** Most updates appended to one notice. */
export const MAX_NOTICE_UPDATES = 50;
/** How long a past notice stays on the public status page, in days. */
export const NOTICE_PAST_DAYS = 90;
/** Days of uptime bars per service on the public status page. */
export const PUBLIC_UPTIME_DAYS = 90;

/** An announcement, or planned maintenance of some services. */
export const NoticeKindSchema = z.enum(['announcement', 'maintenance']);
/** `active` while it applies (or is upcoming); `closed` once a supervisor closes it. */
export const NoticeStatusSchema = z.enum(['active', 'closed']);

/** One update appended to a notice ("the server move has started"). */
export const NoticeUpdateSchema = z.object({
  at: InstantSchema,
  body: z.string().min(1).max(MAX_NOTE_LENGTH),
});

const noticeFields = {
  kind: NoticeKindSchema,
  title: z.string().trim().min(1).max(MAX_TITLE_LENGTH),
  body: z.string().max(MAX_NOTE_LENGTH),
  serviceIds: z.array(IdSchema).max(MAX_NOTICE_SERVICES),
  startsAt: InstantSchema,
  endsAt: InstantSchema.nullable(),
};

/** `POST /notices`: a new notice (starting now unless `startsAt` says otherwise). */
export const NoticeInputSchema = z
  .object({
    ...noticeFields,
    body: noticeFields.body.default(''),
    serviceIds: noticeFields.serviceIds.default([]),
    startsAt: InstantSchema.optional(),
    endsAt: InstantSchema.nullable().default(null),
  })
  .strict()
  .refine((n) => !n.startsAt || !n.endsAt || n.startsAt < n.endsAt, {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type NoticeInput = z.infer<typeof NoticeInputSchema>;

/** `PATCH /notices/:id`: changed fields, and/or an `update` appended with the time it was written. */
export const NoticePatchSchema = z
  .object({
    ...noticeFields,
    status: NoticeStatusSchema,
    update: z.string().trim().min(1).max(MAX_NOTE_LENGTH),
    expectedVersion: z.number().int().positive(),
  })
  .partial()
  .strict();
export type NoticePatch = z.infer<typeof NoticePatchSchema>;

/** A stored notice, as the console lists it. */
export const NoticeSchema = z.object({
  id: z.string(),
  ...noticeFields,
  status: NoticeStatusSchema,
  updates: z.array(NoticeUpdateSchema).max(MAX_NOTICE_UPDATES),
  createdAt: InstantSchema,
  createdBy: z.string().nullable(),
  updatedAt: InstantSchema,
  version: z.number().int(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** Where a notice stands for the public: applying now, later, or over (closed or ended). */
export const NoticePhaseSchema = z.enum(['current', 'upcoming', 'past']);
export type NoticePhase = z.infer<typeof NoticePhaseSchema>;

/** The phase of a notice at `now` (ISO). */
export function noticePhase(n: Pick<Notice, 'status' | 'startsAt' | 'endsAt'>, now: string): NoticePhase {
  if (n.status === 'closed' || (n.endsAt !== null && n.endsAt <= now)) return 'past';
  return n.startsAt > now ? 'upcoming' : 'current';
}

/** A notice as the public sees it (no author). */
export const PublicNoticeSchema = NoticeSchema.omit({ createdBy: true, version: true }).extend({
  phase: NoticePhaseSchema,
});
export type PublicNotice = z.infer<typeof PublicNoticeSchema>;

/**
 * A service's daily uptime bar, compact: `uptime[i]` is the uptime of day `from + i` (a WITA
 * calendar day, `from` its date; null: nothing counted), `maintenance` the indexes of the days
 * with maintenance.
 */
export const PublicDaysSchema = z.object({
  from: z.string(),
  uptime: z.array(z.number().min(0).max(1).nullable()),
  maintenance: z.array(z.number().int().nonnegative()),
});
export type PublicDays = z.infer<typeof PublicDaysSchema>;

/** What the public sees of one service: no evidence, no reasons, no people. */
export const PublicServiceSchema = z.object({
  id: IdSchema,
  name: z.string(),
  agencyId: IdSchema,
  agencyName: z.string(),
  kind: ServiceKindSchema,
  /** A hijacked site shows as `degraded` ("gangguan"), never what was found on it. */
  state: ServiceStatusSchema,
  since: InstantSchema.nullable(),
  uptime90d: z.number().min(0).max(1).nullable(),
  days: PublicDaysSchema,
});
export type PublicService = z.infer<typeof PublicServiceSchema>;

/** `GET /api/v1/public/status`: the public status page's data. */
export const PublicStatusSchema = z.object({
  /** When this content was built (it is re-read every few seconds; this changes only with the content). */
  generatedAt: InstantSchema,
  /** The worst state among the listed services that are watched (unknown ones left out). */
  overall: ServiceStatusSchema,
  city: z.object({
    /** Agency websites UP or DEGRADED among those observed now (shared/reference/scorecard.json). */
    websites: z.object({
      observed: z.number().int(),
      available: z.number().int(),
      percent: z.number().nullable(),
    }),
    baseline: z.object({
      year: z.number().int(),
      percent: z.number(),
      finding: z.string(),
      source: z.string(),
    }),
  }),
  services: z.array(PublicServiceSchema),
  notices: z.array(PublicNoticeSchema),
  /**
   * Citizen reports over the last `days` WITA days, counted only: how many came in, and how many
   * steps the city took on reports in that time (verified and passed to an agency, resolved, rejected).
   */
  reports: z.object({
    days: z.number().int().positive(),
    received: z.number().int().nonnegative(),
    verified: z.number().int().nonnegative(),
    closed: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
});
export type PublicStatus = z.infer<typeof PublicStatusSchema>;
