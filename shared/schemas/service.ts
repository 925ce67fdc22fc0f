import { z } from 'zod';
import { CheckSchema, FailureReasonSchema } from './check.js';
import { IdSchema, InstantSchema } from './common.js';
import { ServiceIntegritySchema } from './integrity.js';

/** What kind of thing a service is. */
export const ServiceKindSchema = z.enum(['website', 'app', 'api']);

/** The states a service can be in. DEGRADED counts as up for SLA; MAINTENANCE and UNKNOWN are excluded. */
export const ServiceStatusSchema = z.enum(['up', 'degraded', 'down', 'maintenance', 'unknown']);
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

/** A watched website, app backend or API belonging to one agency. */
export const ServiceSchema = z.object({
  id: IdSchema,
  agencyId: IdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(1000).optional(),
  kind: ServiceKindSchema,
  /** Where people reach it: a web address (http or https), never another scheme. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** False where the URL could not be confirmed. */
  verified: z.boolean(),
  /** Named by the 2018 city study. */
  studyNamed: z.boolean().optional(),
  /** How the service is watched. */
  check: CheckSchema.optional(),
  /** Shown on the public status page (`/status`); absent: true for websites and apps, false for APIs. */
  public: z.boolean().optional(),
});
export type Service = z.infer<typeof ServiceSchema>;

/** Whether a service appears on the public status page: its own `public`, else true for websites and apps. */
export const isPublicService = (s: Pick<Service, 'kind' | 'public'>): boolean =>
  s.public ?? (s.kind === 'website' || s.kind === 'app');

/** The current state of one service, as derived from its samples. */
export const ServiceStateSchema = z.object({
  serviceId: IdSchema,
  status: ServiceStatusSchema,
  since: InstantSchema,
  lastCheckedAt: InstantSchema.nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  reason: FailureReasonSchema.nullable(),
  message: z.string().max(500).nullable(),
  flapping: z.boolean(),
  /** Set while an integrity check finds the site hijacked or drifted (absent: nothing found). */
  integrity: ServiceIntegritySchema.nullable().optional(),
  version: z.number().int().nonnegative(),
});
export type ServiceState = z.infer<typeof ServiceStateSchema>;
