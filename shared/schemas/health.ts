import { z } from 'zod';
import { IdSchema, InstantSchema } from './common.js';
import { FailureReasonSchema } from './check.js';

/** One observation of a service's health, pushed by a probe or an agent. */
export const HealthSampleSchema = z
  .object({
    /** Optional client id: a repeat with the same id is accepted once. */
    id: IdSchema.optional(),
    serviceId: IdSchema,
    status: z.enum(['up', 'degraded', 'down']),
    latencyMs: z.number().nonnegative().max(600_000),
    checkedAt: InstantSchema,
    reason: FailureReasonSchema.optional(),
    message: z.string().max(500).optional(),
  })
  .strict();
export type HealthSample = z.infer<typeof HealthSampleSchema>;
