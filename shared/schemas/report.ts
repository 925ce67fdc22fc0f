/**
 * Citizen reports (laporan warga): what residents send through Open311 or the /lapor form, as
 * operators see it (with the reporter's contact) and as the public sees it (without).
 */
import { z } from 'zod';
import { LngLatSchema, KelurahanCodeSchema, KecamatanCodeSchema } from './common.js';

/** Longest report description a resident can send. */
export const MAX_REPORT_DESCRIPTION_LENGTH = 2000;
/** Largest photo accepted, before re-encoding (bytes). */
export const MAX_REPORT_PHOTO_BYTES = 5 * 1024 * 1024;

/** A report number: `LPR-<year>-<6 digits>`. */
export const ReportIdSchema = z.string().regex(/^LPR-\d{4}-\d{6,}$/, 'report number like LPR-2026-000123');

/** Where a report came from. */
export const ReportChannelSchema = z.enum(['open311', 'web', 'telegram']);
export type ReportChannel = z.infer<typeof ReportChannelSchema>;

/** new → verified | merged | rejected; verified → in_progress → closed. */
export const ReportStatusSchema = z.enum(['new', 'verified', 'merged', 'rejected', 'in_progress', 'closed']);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

/** The reporter's contact: operators only, never in a public answer. */
export const ReportContactSchema = z.object({
  email: z.string().max(254).nullable(),
  phone: z.string().max(40).nullable(),
  name: z.string().max(200).nullable(),
  /** The address the report was sent from. */
  ip: z.string().max(64).nullable(),
  /** The Telegram chat a report came from (and its status messages go to). */
  telegramChatId: z.string().max(40).nullable().optional(),
});

/** One step of a report's status history. */
export const ReportHistoryEntrySchema = z.object({
  at: z.string(),
  status: ReportStatusSchema,
  note: z.string().max(500).nullable(),
  by: z.string().max(140).nullable(),
});

/** A stored photo (re-encoded JPEG without metadata, in PANTAU_MEDIA_DIR). */
export const ReportPhotoSchema = z.object({
  id: z.string(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
});

/** A report as operators see it. */
export const ReportSchema = z.object({
  id: ReportIdSchema,
  serviceCode: z.string(),
  description: z.string(),
  point: LngLatSchema.nullable(),
  kelurahanCode: KelurahanCodeSchema.nullable(),
  kecamatanCode: KecamatanCodeSchema.nullable(),
  address: z.string().max(500).nullable(),
  /** A photo link an Open311 client sent (not fetched). */
  mediaUrl: z.string().max(2000).nullable(),
  photo: ReportPhotoSchema.nullable(),
  channel: ReportChannelSchema,
  /** The API key that sent it (Open311), for rate limits and audit. */
  keyId: z.string().nullable(),
  contact: ReportContactSchema,
  status: ReportStatusSchema,
  statusNote: z.string().nullable(),
  mergedInto: z.string().nullable(),
  incidentId: z.string().nullable(),
  history: z.array(ReportHistoryEntrySchema),
  /** A web report whose reporter gave an e-mail while e-mail was set up: they get its steps by e-mail. */
  notifyEmail: z.boolean().optional(),
  /** The last status the reporter was told about through their channel (Telegram, e-mail); absent: none yet. */
  notifiedStatus: ReportStatusSchema.nullable().optional(),
  /** A merged report: the status of the report it joined, as last seen (its reporter hears that report's steps). */
  joinedStatus: ReportStatusSchema.nullable().optional(),
  /** The last `joinedStatus` the reporter was told about. */
  notifiedJoined: ReportStatusSchema.nullable().optional(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().positive(),
});
export type Report = z.infer<typeof ReportSchema>;

/** A report that may be the same problem as another (`GET /reports/:id/similar`). */
export const SimilarReportSchema = z.object({
  report: ReportSchema,
  /** Metres between the two points; null when either was placed by kelurahan only. */
  distanceMeters: z.number().nonnegative().nullable(),
});
export type SimilarReport = z.infer<typeof SimilarReportSchema>;

/** `GET /reports` query: a status filter (default new). */
export const ReportListQuerySchema = z.object({
  status: z.union([ReportStatusSchema, z.literal('all')]).default('new'),
});

/** `POST /reports/:id/merge`. */
export const ReportMergeSchema = z.object({ into: ReportIdSchema }).strict();
/** `POST /reports/:id/reject`. */
export const ReportRejectSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
/** `POST /reports/:id/verify`: optional note. */
export const ReportVerifySchema = z.object({ note: z.string().trim().max(500).optional() }).strict();

/** What a block-list entry matches. */
export const ReportBlockKindSchema = z.enum(['ip', 'email', 'phone', 'telegram']);
/** `POST /reports/blocks`. */
export const NewReportBlockSchema = z
  .object({
    kind: ReportBlockKindSchema,
    value: z.string().trim().min(1).max(254),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type NewReportBlock = z.infer<typeof NewReportBlockSchema>;
/** A block-list entry. */
export const ReportBlockSchema = z.object({
  id: z.string(),
  kind: ReportBlockKindSchema,
  value: z.string(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  version: z.number().int().positive(),
});
export type ReportBlock = z.infer<typeof ReportBlockSchema>;

// ---- Open311 GeoReport v2 ----

/** An Open311 service (`GET /open311/v2/services.json`). */
export const Open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});

/** An Open311 service definition (`GET /open311/v2/services/:code.json`). */
export const Open311ServiceDefinitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(z.looseObject({ code: z.string() })),
});

/** Form fields of `POST /open311/v2/requests.json` (form-encoded; numbers arrive as text). */
export const Open311RequestInputSchema = z.looseObject({
  api_key: z.string().min(1).max(200),
  service_code: z.string().min(1).max(64),
  lat: z.coerce.number().gte(-90).lte(90).optional(),
  long: z.coerce.number().gte(-180).lte(180).optional(),
  address_string: z.string().max(500).optional(),
  address_id: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  phone: z.string().max(40).optional(),
  description: z.string().max(MAX_REPORT_DESCRIPTION_LENGTH).optional(),
  media_url: z.string().max(2000).optional(),
});

/** The answer to a new request. */
export const Open311CreatedSchema = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string(),
    account_id: z.string().nullable(),
  }),
);

/** A service request as Open311 shows it: public fields only. */
export const Open311RequestSchema = z
  .object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string().nullable(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string(),
    agency_responsible: z.string().nullable(),
    service_notice: z.string().nullable(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string().nullable(),
    address: z.string().nullable(),
    address_id: z.string().nullable(),
    zipcode: z.string().nullable(),
    lat: z.number().nullable(),
    long: z.number().nullable(),
    media_url: z.string().nullable(),
  })
  .strict();

/** `GET /open311/v2/requests.json` query. */
export const Open311RequestsQuerySchema = z.looseObject({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(64).optional(),
  status: z.string().max(20).optional(),
  start_date: z.string().max(40).optional(),
  end_date: z.string().max(40).optional(),
  jurisdiction_id: z.string().max(100).optional(),
});

/** The Open311 error format: `[{ code, description }]`. */
export const Open311ErrorSchema = z.array(z.object({ code: z.number().int(), description: z.string() }));

/** A report as the reporter (and anyone with its number) sees it on /lapor/:id. */
export const PublicReportSchema = z.object({
  id: z.string(),
  serviceCode: z.string(),
  description: z.string(),
  status: ReportStatusSchema,
  statusNote: z.string().nullable(),
  kelurahanCode: z.string().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
});
