import { z } from 'zod';
import { MAX_NOTE_LENGTH } from '../limits.js';
import { IdSchema, InstantSchema } from './common.js';

/** A new silence: scope (agency or service), reason and end required. */
export const SilenceInputSchema = z
  .object({
    agencyId: IdSchema.optional(),
    serviceId: IdSchema.optional(),
    reason: z.string().trim().min(3).max(MAX_NOTE_LENGTH),
    startsAt: InstantSchema.optional(),
    endsAt: InstantSchema,
  })
  .strict()
  .refine((s) => s.agencyId || s.serviceId, { message: 'give agencyId or serviceId', path: ['agencyId'] })
  .refine((s) => !s.startsAt || s.startsAt < s.endsAt, {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type SilenceInput = z.infer<typeof SilenceInputSchema>;

/** A silence: suppresses notifications and escalation for an agency's or a service's alerts until it ends. */
export const SilenceSchema = z.object({
  id: z.string(),
  agencyId: z.string().nullable(),
  serviceId: z.string().nullable(),
  reason: z.string(),
  author: z.object({ username: z.string(), role: z.string() }),
  createdAt: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  expired: z.boolean(),
  version: z.number(),
});
export type Silence = z.infer<typeof SilenceSchema>;
