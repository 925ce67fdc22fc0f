import { z } from 'zod';
import { MAX_BATCH, MAX_PAGE_SIZE } from '../limits.js';
import { IdSchema, InstantSchema } from './common.js';
import { ServiceSchema } from './service.js';

/* Operations: maintenance windows, SLA, check history and push heartbeats, service edits, the
   event export and the Alertmanager webhook (requests the server validates, and their answers). */

// --- Maintenance windows ---

const maintenanceScope = {
  serviceId: IdSchema.optional(),
  agencyId: IdSchema.optional(),
  reason: z.string().trim().min(3).max(500),
};
const onceShape = {
  kind: z.literal('once'),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  ...maintenanceScope,
};
const weeklyShape = {
  kind: z.literal('weekly'),
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM in WITA'),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  ...maintenanceScope,
};

/**
 * A maintenance window: one-off (`startsAt`–`endsAt`) or recurring weekly on given WITA weekdays
 * (0 = Sunday) from a WITA time for a duration. Scoped to one service or a whole agency.
 * Body of `POST /maintenance`.
 */
export const MaintenanceInputSchema = z
  .discriminatedUnion('kind', [z.object(onceShape).strict(), z.object(weeklyShape).strict()])
  .refine((m) => m.serviceId || m.agencyId, { message: 'give serviceId or agencyId', path: ['serviceId'] })
  .refine((m) => m.kind !== 'once' || m.startsAt < m.endsAt, {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type MaintenanceInput = z.infer<typeof MaintenanceInputSchema>;

const windowMeta = {
  id: z.string(),
  /** Empty for a stored window that lacks it. */
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  version: z.number().int(),
};
/** A stored maintenance window, as listed and created. */
export const MaintenanceWindowSchema = z.discriminatedUnion('kind', [
  z.looseObject({ ...onceShape, ...windowMeta }),
  z.looseObject({ ...weeklyShape, ...windowMeta }),
]);

// --- SLA ---

/** Query of `GET /agencies/:id/sla`: a period, or none for the standard windows. */
export const SlaQuerySchema = z
  .object({ from: InstantSchema.optional(), to: InstantSchema.optional() })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });

// --- Checks: history and push heartbeats ---

/** Query of `GET /services/:id/checks`. */
export const CheckHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  /** Cursor: return entries with a smaller `seq` (the `nextBefore` of the previous page). */
  before: z.coerce.number().int().min(1).optional(),
});

/** Body of `POST /health/push/:serviceId` (optional: an empty body is an `up` heartbeat). */
export const PushBodySchema = z
  .object({
    status: z.enum(['up', 'degraded', 'down']).default('up'),
    message: z.string().max(500).optional(),
  })
  .strict();

/** A check as shown to people: what is watched and how often, never headers or bodies. */
export const CheckSummarySchema = z.object({
  type: z.enum(['http', 'tcp', 'dns', 'push']),
  intervalSeconds: z.number(),
  target: z.string(),
});

// --- Service edits ---

/** A service as the API (`POST /services`, `PUT /services/:id`) and the services file take it (same shape both ways). */
export const ServiceInputSchema = ServiceSchema.extend({ verified: z.boolean().default(true) }).strict();

// --- Event export ---

/** Query of `GET /events/export`. */
export const EventsExportQuerySchema = z.object({
  from: InstantSchema,
  to: InstantSchema,
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
});

// --- Alertmanager webhook ---

/** Alertmanager's instants: RFC 3339 with any offset, within what an instant can be. */
function isInstant(value: string): boolean {
  const s = value.trim();
  if (!InstantSchema.safeParse(s).success) return false;
  const ms = Date.parse(s);
  return !Number.isNaN(ms) && InstantSchema.safeParse(new Date(ms).toISOString()).success;
}

const AmLabels = z.record(z.string().max(256), z.string().max(4096));
const AmInstant = z.string().max(64).refine(isInstant, 'expected an RFC 3339 date-time');

/** One alert of an Alertmanager notification (unknown fields ignored). */
export const AlertmanagerAlertSchema = z
  .object({
    status: z.enum(['firing', 'resolved']).optional(),
    labels: AmLabels,
    annotations: AmLabels.default({}),
    startsAt: AmInstant,
    endsAt: AmInstant.optional(),
    generatorURL: z.string().max(2048).optional(),
    fingerprint: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a fingerprint (letters, digits, . _ -)'),
  })
  .loose();

/** An Alertmanager webhook notification, version 4 (unknown fields such as `truncatedAlerts` ignored). */
export const AlertmanagerWebhookSchema = z
  .object({
    version: z.literal('4'),
    groupKey: z.string().max(4096),
    status: z.enum(['firing', 'resolved']),
    receiver: z.string().max(256),
    alerts: z.array(AlertmanagerAlertSchema).max(MAX_BATCH),
    groupLabels: AmLabels.optional(),
    commonLabels: AmLabels.optional(),
    commonAnnotations: AmLabels.optional(),
    externalURL: z.string().max(2048).optional(),
  })
  .loose();
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhookSchema>;
