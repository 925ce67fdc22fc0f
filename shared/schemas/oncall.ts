import { z } from 'zod';
import { IdSchema, InstantSchema } from './common.js';

/** The channels a person can be reached on, each optional. */
export const ContactsSchema = z
  .object({
    /** The numeric Telegram chat id of the person's chat with the city's bot (the bot tells it on /start). */
    telegramChatId: z
      .string()
      .regex(/^-?\d{1,20}$/, 'a numeric Telegram chat id, like 123456789')
      .optional(),
    /** International format, for a `tel:` and a WhatsApp link. */
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'international format, like +6281234567890')
      .optional(),
    email: z.email().max(254).optional(),
  })
  .strict();
export type Contacts = z.infer<typeof ContactsSchema>;

/** The person-addressed channels a notification can go out on (the webhook is city-wide, not a person's). */
export const PERSON_CHANNELS = ['telegram', 'email'] as const;
export const NOTIFY_CHANNELS = ['telegram', 'email', 'webhook'] as const;
export const NotifyChannelSchema = z.enum(NOTIFY_CHANNELS);
export type NotifyChannel = z.infer<typeof NotifyChannelSchema>;

/** A clock time in WITA, `HH:MM`. */
export const ClockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 08:00 (WITA)');

/**
 * One rotation layer: its people take turns of `lengthDays` days (a week by default), handing over
 * at `handoverTime` WITA, the first turn starting on `start`. With `hours`, the layer covers only
 * those hours of each day (a night layer: `from` after `to` wraps midnight). Where layers overlap,
 * the later one in the list wins (as in PagerDuty); an override wins over every layer.
 */
export const OnCallLayerSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    userIds: z.array(IdSchema).min(1).max(50),
    start: z.iso.date(),
    handoverTime: ClockSchema.default('08:00'),
    lengthDays: z.number().int().min(1).max(28).default(7),
    hours: z.object({ from: ClockSchema, to: ClockSchema }).strict().optional(),
  })
  .strict()
  .refine((l) => !l.hours || l.hours.from !== l.hours.to, {
    path: ['hours'],
    message: 'from and to must differ (leave hours out for all day)',
  });
export type OnCallLayer = z.infer<typeof OnCallLayerSchema>;

/** A stand-in: `userId` is on call from `start` to `end`, whatever the layers say. */
export const OnCallOverrideSchema = z
  .object({
    userId: IdSchema,
    start: InstantSchema,
    end: InstantSchema,
    note: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((o) => o.end > o.start, { path: ['end'], message: 'must be after start' });
export type OnCallOverride = z.infer<typeof OnCallOverrideSchema>;

/** The schedule of the command center's own supervisors ("supervisor on duty"), beside the agencies'. */
export const COMMAND_CENTER_SCHEDULE = 'command-center';

/** `PUT /agencies/:id/oncall` and `PUT /oncall/command-center`: a stale `expectedVersion` answers 409. */
export const OnCallScheduleInputSchema = z
  .object({
    layers: z.array(OnCallLayerSchema).max(5),
    overrides: z.array(OnCallOverrideSchema).max(100).default([]),
    /** The agency head (the target of "agency head" escalation steps). */
    headUserId: IdSchema.nullable().default(null),
    expectedVersion: z.number().int().nonnegative().optional(),
  })
  .strict();
export type OnCallScheduleInput = z.input<typeof OnCallScheduleInputSchema>;

/** An agency's (or the command center's) stored on-call schedule; version 0: never set up. */
export const OnCallScheduleSchema = z.object({
  id: IdSchema,
  layers: z.array(OnCallLayerSchema),
  overrides: z.array(OnCallOverrideSchema),
  headUserId: IdSchema.nullable(),
  updatedAt: InstantSchema.nullable(),
  updatedBy: z.string().nullable(),
  version: z.number().int().nonnegative(),
});
export type OnCallSchedule = z.infer<typeof OnCallScheduleSchema>;

/** A person as on-call answers show them: who, and how they can be reached. */
export const OnCallPersonSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  /** The channels this person can be notified on now (has the contact and the channel is set up). */
  reachable: z.array(z.enum(PERSON_CHANNELS)),
  /** Shown to supervisors and to the agency's own people only. */
  contacts: ContactsSchema.optional(),
});
export type OnCallPerson = z.infer<typeof OnCallPersonSchema>;

/** One stretch of time one person is on call. */
export const OnCallShiftSchema = z.object({
  from: InstantSchema,
  to: InstantSchema,
  userId: z.string(),
  layer: z.string().nullable(),
  source: z.enum(['rotation', 'override']),
});
export type OnCallShift = z.infer<typeof OnCallShiftSchema>;

/** `GET /agencies/:id/oncall`: who is on call at `at` (now by default), until when, who is next, and the head. */
export const OnCallAnswerSchema = z.object({
  scheduleId: z.string(),
  at: InstantSchema,
  onCall: OnCallPersonSchema.nullable(),
  layer: z.string().nullable(),
  source: z.enum(['rotation', 'override', 'none']),
  until: InstantSchema.nullable(),
  next: z.object({ person: OnCallPersonSchema, from: InstantSchema }).nullable(),
  head: OnCallPersonSchema.nullable(),
  /** The coming shifts (two weeks), merged where one person continues. */
  shifts: z.array(OnCallShiftSchema),
  schedule: OnCallScheduleSchema,
});
export type OnCallAnswer = z.infer<typeof OnCallAnswerSchema>;

/** `GET /agencies/:id/oncall?at=`: a past or future instant to ask about. */
export const OnCallQuerySchema = z.object({ at: InstantSchema.optional() });

/**
 * Whom an escalation step reaches: the on-call person of the alert's agency, the agency head, the
 * command center's supervisor on duty, or one named user. Without a target a step reaches the
 * head (`notify_agency_head`) or the supervisor on duty (`notify_supervisor`, `wall_red`).
 */
export const EscalationTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oncall') }).strict(),
  z.object({ kind: z.literal('agency_head') }).strict(),
  z.object({ kind: z.literal('supervisor_on_duty') }).strict(),
  z.object({ kind: z.literal('user'), userId: IdSchema }).strict(),
]);
export type EscalationTarget = z.infer<typeof EscalationTargetSchema>;

/** What a notification reached, kept on the alert's timeline entry: whom, on which channels, or why nobody. */
export const DeliverySchema = z.object({
  target: z.string(),
  userId: z.string().nullable(),
  name: z.string().nullable(),
  channels: z.array(NotifyChannelSchema),
  /** Set when the target has nobody reachable: no one on call, no contact, channel not set up. */
  unreachable: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;
