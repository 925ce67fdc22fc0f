import { z } from 'zod';
import { EscalationActionSchema } from './alert.js';
import { IdSchema, InstantSchema } from './common.js';
import { EscalationTargetSchema, NotifyChannelSchema } from './oncall.js';

/** Most steps one escalation policy may have. */
export const MAX_ESCALATION_STEPS = 10;

/** The id of the city-wide policy every agency without its own falls back to. */
export const DEFAULT_POLICY_ID = 'default';

/**
 * One escalation step: if the alert is still unacknowledged `afterSeconds` after opening, do
 * `action` and notify `target` (default by action) on `channels` (default: every channel the
 * target can be reached on, and the city-wide webhook).
 */
export const EscalationStepSchema = z.object({
  afterSeconds: z.number().int().positive(),
  action: EscalationActionSchema,
  target: EscalationTargetSchema.optional(),
  channels: z.array(NotifyChannelSchema).min(1).optional(),
});
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

/** A policy's steps: at most ten, with strictly ascending `afterSeconds`. */
export const EscalationStepsSchema = z
  .array(EscalationStepSchema)
  .max(MAX_ESCALATION_STEPS)
  .superRefine((steps, c) => {
    steps.forEach((s, i) => {
      const prev = steps[i - 1];
      if (prev && s.afterSeconds <= prev.afterSeconds) {
        c.addIssue({
          code: 'custom',
          path: [i, 'afterSeconds'],
          message: `must be greater than the previous step's ${prev.afterSeconds}`,
        });
      }
    });
  });

/**
 * An escalation policy: `default` (city-wide; from PANTAU_ESCALATION_STEPS until edited) or one
 * agency's own (its id is the agency's id). A new alert snapshots its agency's policy, else the default.
 */
export const EscalationPolicySchema = z.object({
  id: IdSchema,
  agencyId: IdSchema.nullable(),
  steps: EscalationStepsSchema,
  /** Null for the environment's default that nobody has edited. */
  updatedAt: InstantSchema.nullable(),
  updatedBy: z.string().nullable(),
  /** 0 for the environment's default; every saved edit adds one (send it back as `expectedVersion`). */
  version: z.number().int().nonnegative(),
  source: z.enum(['env', 'store']),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

/** The body of `PUT /escalation-policies/:id`; a stale `expectedVersion` answers 409. */
export const EscalationPolicyInputSchema = z
  .object({
    steps: EscalationStepsSchema,
    expectedVersion: z.number().int().nonnegative().optional(),
  })
  .strict();
export type EscalationPolicyInput = z.infer<typeof EscalationPolicyInputSchema>;
