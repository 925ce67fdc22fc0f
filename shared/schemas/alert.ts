import { z } from 'zod';
import { MAX_NOTE_LENGTH, MAX_SHORT_DESCRIPTION, MAX_TITLE_LENGTH } from '../limits.js';
import { IdSchema, InstantSchema, KecamatanCodeSchema, KelurahanCodeSchema, LngLatSchema } from './common.js';
import { SeveritySchema } from './incident.js';
import { DeliverySchema, EscalationTargetSchema, NotifyChannelSchema } from './oncall.js';

/** The human workflow of an alert. */
export const AlertStatusSchema = z.enum(['new', 'acknowledged', 'snoozed', 'resolved', 'closed']);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** How an alert was resolved. */
export const ResolutionCodeSchema = z.enum([
  'true_positive',
  'false_positive',
  'duplicate',
  'not_actionable',
  'fixed',
  'other',
]);

/** Who did something and through which channel. */
export const ActorSchema = z.object({
  userId: z.string(),
  username: z.string(),
  role: z.string(),
  agencyId: z.string().nullable(),
});
export type Actor = z.infer<typeof ActorSchema>;

/** One step in an alert's history. */
export const AlertTimelineEntrySchema = z.object({
  at: InstantSchema,
  action: z.enum([
    'opened',
    'repeated',
    'grouped',
    'cleared',
    'reactivated',
    'acknowledged',
    'resolved',
    'closed',
    'snoozed',
    'assigned',
    'escalated',
    'reopened',
    'confirm_requested',
    'confirmed',
  ]),
  by: z.string().nullable(),
  note: z.string().max(MAX_NOTE_LENGTH).optional(),
  /** Whom the notification of this step reached (opened and escalated entries). */
  delivery: DeliverySchema.optional(),
});

/** What an escalation step does when an alert is still unacknowledged at its time. */
export const EscalationActionSchema = z.enum(['notify_agency_head', 'notify_supervisor', 'wall_red']);
export type EscalationAction = z.infer<typeof EscalationActionSchema>;

/** The escalation policy snapshotted onto an alert when it opens (later policy changes don't touch it). */
export const AlertEscalationSchema = z.object({
  policyId: z.string(),
  steps: z.array(
    z.object({
      afterSeconds: z.number().int().positive(),
      action: EscalationActionSchema,
      target: EscalationTargetSchema.optional(),
      channels: z.array(NotifyChannelSchema).optional(),
    }),
  ),
  /** Bumped whenever the alert re-opens; timers of an older generation are stale and ignored. */
  generation: z.number().int().positive(),
});
export type AlertEscalation = z.infer<typeof AlertEscalationSchema>;

/** A named area: its Kemendagri code and its name. */
const NamedAreaSchema = <C extends z.ZodType>(code: C) => z.object({ code, name: z.string() });

/**
 * Where an alert is: the kelurahan and kecamatan (codes and names) and a point — the incident's
 * own, or for a service, app or monitor alert the responsible agency's office. Any part may be
 * null where the source has no place (an incident outside the city, an agency without a location).
 */
export const AlertPlaceSchema = z.object({
  kelurahan: NamedAreaSchema(KelurahanCodeSchema).nullable(),
  kecamatan: NamedAreaSchema(KecamatanCodeSchema).nullable(),
  location: LngLatSchema.nullable(),
});
export type AlertPlace = z.infer<typeof AlertPlaceSchema>;

/** One source condition of a grouped alert (an incident that joined it). */
export const AlertMemberSchema = z.object({
  /** The member's dedupe key (`incident:<id>`). */
  key: z.string().max(300),
  title: z.string().max(MAX_TITLE_LENGTH),
  at: InstantSchema,
  condition: z.enum(['active', 'cleared']),
  location: LngLatSchema.nullable(),
});
export type AlertMember = z.infer<typeof AlertMemberSchema>;

/** An alert: a condition from a source plus the responsible agency's workflow on it. */
export const AlertSchema = z.object({
  id: IdSchema,
  /** Same dedupe key → same alert; repeats bump `count`. Form: `<source kind>:<source id>`. */
  dedupeKey: z.string().max(300),
  title: z.string().max(MAX_TITLE_LENGTH),
  severity: SeveritySchema,
  agencyId: IdSchema.nullable(),
  sourceKind: z.enum(['incident', 'service', 'feed', 'usage', 'monitor']),
  kelurahanCode: KelurahanCodeSchema.nullable(),
  /** Where it is (absent on alerts stored before places were kept). */
  place: AlertPlaceSchema.nullable().optional(),
  /** A short description from the source (an incident's text, a service's failure reason). */
  description: z.string().max(MAX_SHORT_DESCRIPTION).nullable().optional(),
  /**
   * The source conditions grouped into this alert (incidents of one category and agency near each
   * other in space and time, rule in shared/limits.ts): the newest ALERT_GROUP_MAX_MEMBERS of them;
   * `count` counts them all. The alert's condition clears when every member has cleared.
   */
  members: z.array(AlertMemberSchema).optional(),
  /** The source's condition, kept apart from the human workflow. */
  condition: z.enum(['active', 'cleared']),
  flapping: z.boolean(),
  status: AlertStatusSchema,
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  lastSeenAt: InstantSchema,
  count: z.number().int().positive(),
  acknowledgedBy: ActorSchema.nullable(),
  acknowledgedAt: InstantSchema.nullable(),
  assignee: z.string().nullable(),
  snoozedUntil: InstantSchema.nullable(),
  resolution: z
    .object({ code: ResolutionCodeSchema, note: z.string().max(MAX_NOTE_LENGTH).optional() })
    .nullable(),
  escalationLevel: z.number().int().nonnegative(),
  escalation: AlertEscalationSchema.nullable().optional(),
  /** When the acknowledger was last asked "still working?" (null once confirmed). */
  confirmRequestedAt: InstantSchema.nullable().optional(),
  /** The silence that suppressed notifications and escalation when the alert opened. */
  silencedBy: z.string().nullable().optional(),
  /** The incident category or service kind the alert came from, for MTTA/MTTR per category. */
  category: z.string().max(60).nullable().optional(),
  timeline: z.array(AlertTimelineEntrySchema),
  version: z.number().int().positive(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** Body of an acknowledge command. `commandId` makes retries idempotent; `expectedVersion` guards races. */
export const AckCommandSchema = z
  .object({
    note: z.string().max(MAX_NOTE_LENGTH).optional(),
    commandId: z.string().min(1).max(128).optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();

/** Body of a resolve command. */
export const ResolveCommandSchema = AckCommandSchema.extend({ code: ResolutionCodeSchema }).strict();
/** Body of a snooze command. */
export const SnoozeCommandSchema = AckCommandSchema.extend({
  until: InstantSchema,
  reason: z.string().min(1).max(MAX_NOTE_LENGTH),
}).strict();
/** Body of an assign command. */
export const AssignCommandSchema = AckCommandSchema.extend({ assignee: z.string().min(1).max(100) }).strict();

/**
 * The alert workflow commands, one list: the HTTP routes (`POST /api/v1/alerts/:id/<name>`), the
 * socket's `alert:command` and the console's buttons all come from it, each with its body schema.
 */
export const ALERT_COMMANDS = {
  ack: AckCommandSchema,
  resolve: ResolveCommandSchema,
  snooze: SnoozeCommandSchema,
  assign: AssignCommandSchema,
  escalate: AckCommandSchema,
  confirm: AckCommandSchema,
} as const;
export const ALERT_ACTIONS = Object.keys(ALERT_COMMANDS) as (keyof typeof ALERT_COMMANDS)[];
export type AlertAction = keyof typeof ALERT_COMMANDS;

/**
 * The category an alert is filtered and grouped by, one rule for the server's lists and indexes
 * and the console's filters: the incident category or service kind it came from, else its source
 * kind (`feed`, `usage`, `monitor`, …).
 */
export function alertCategory(a: { category?: string | null | undefined; sourceKind: string }): string {
  return a.category ?? a.sourceKind;
}

/** Most alerts one bulk command names. */
export const MAX_BULK_IDS = 200;
const BulkIdsSchema = z.array(IdSchema).min(1).max(MAX_BULK_IDS);
/**
 * `POST /api/v1/alerts/bulk`: one command for many alerts, `{ ids, command, …that command's own
 * fields }`; each alert goes through the same command path (rules, races, audit) as one by one.
 */
export const BulkCommandSchema = z.discriminatedUnion('command', [
  AckCommandSchema.omit({ expectedVersion: true })
    .extend({ command: z.literal('ack'), ids: BulkIdsSchema })
    .strict(),
  ResolveCommandSchema.omit({ expectedVersion: true })
    .extend({ command: z.literal('resolve'), ids: BulkIdsSchema })
    .strict(),
  AssignCommandSchema.omit({ expectedVersion: true })
    .extend({ command: z.literal('assign'), ids: BulkIdsSchema })
    .strict(),
]);
export type BulkCommand = z.infer<typeof BulkCommandSchema>;

/** What a bulk command did to one alert: its status code, and the alert or the error. */
export const BulkResultSchema = z.object({
  id: z.string(),
  status: z.number().int(),
  alert: AlertSchema.optional(),
  error: z
    .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
    .loose()
    .optional(),
});
export type BulkResult = z.infer<typeof BulkResultSchema>;
