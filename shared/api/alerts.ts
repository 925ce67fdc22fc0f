import { z } from 'zod';
import {
  ALERT_ACTIONS,
  ALERT_COMMANDS,
  AlertSchema,
  AlertStatusSchema,
  AssigneeSchema,
  BulkCommandSchema,
  BulkResultSchema,
  EscalationPolicyInputSchema,
  EscalationPolicySchema,
  InstantSchema,
  SilenceInputSchema,
  SilenceSchema,
} from '../schemas/index.js';
import { ListQuerySchema, PeriodQuerySchema } from './list.js';
import {
  ErrorEnvelopeSchema,
  auth,
  dataOf,
  itemsOf,
  noContent,
  ok,
  created,
  pageOf,
  type RouteSpec,
  routes,
} from './route.js';

/** Acknowledgement and resolution times of a set of alerts. */
export const ResponseTimesSchema = z.object({
  alerts: z.number(),
  acknowledged: z.number(),
  resolved: z.number(),
  mttaSeconds: z.number().nullable(),
  mttrSeconds: z.number().nullable(),
  medianTtaSeconds: z.number().nullable(),
  medianTtrSeconds: z.number().nullable(),
});

/** `GET /agencies/:id/response-times`: an agency's times over a period, overall and per category. */
export const AgencyResponseTimesSchema = z.looseObject({
  agencyId: z.string(),
  from: z.string(),
  to: z.string(),
  overall: ResponseTimesSchema,
  byCategory: z.record(z.string(), ResponseTimesSchema),
});

/** The `details` of an alert command's 409: the alert as it is now (who acknowledged it first, and when). */
export const AlertConflictSchema = z.looseObject({
  status: AlertStatusSchema,
  version: z.number().int(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
});

// The answers the screens read, by name (each is also its route's declared schema below).
export const AlertResponseSchema = dataOf(AlertSchema);
export const BulkResponseSchema = dataOf(
  z.object({ items: z.array(BulkResultSchema), succeeded: z.number().int(), failed: z.number().int() }),
);
export const SilenceListResponseSchema = itemsOf(SilenceSchema);
export const SilencePreviewResponseSchema = dataOf(
  z.looseObject({ matches: z.number(), items: z.array(AlertSchema) }),
);
export const SilenceResponseSchema = dataOf(SilenceSchema);
export const AgencyResponseTimesResponseSchema = dataOf(AgencyResponseTimesSchema);
export const EscalationPolicyListResponseSchema = itemsOf(EscalationPolicySchema);
export const EscalationPolicyResponseSchema = dataOf(EscalationPolicySchema);

/** Alerts, their workflow commands, silences, escalation policies and response times. */
export const alertRoutes = routes([
  {
    method: 'get',
    path: '/api/v1/alerts',
    summary:
      'List alerts: open ones (the default) most severe first, else newest first; filters and cursor paging',
    auth: auth.action('alerts:read'),
    query: ListQuerySchema,
    responses: ok('A page of alerts (a liaison sees its own agency only)', pageOf(AlertSchema)),
    tags: ['alerts'],
  },
  {
    method: 'get',
    path: '/api/v1/alerts/:id',
    summary: 'One alert; `?at=<createdAt>` finds one retention has archived',
    auth: auth.action('alerts:read'),
    query: z.object({ at: InstantSchema.optional() }),
    responses: ok('The alert', AlertResponseSchema),
    tags: ['alerts'],
  },
  {
    method: 'get',
    path: '/api/v1/assignees',
    summary:
      'Who alerts can be assigned to: enabled users whose role works on alerts; `?agency=` that agency and the city-wide staff (a liaison: its own agency)',
    auth: auth.action('alerts:read'),
    query: z.object({ agency: z.string().max(128).optional() }),
    responses: ok('The assignable users, by username', itemsOf(AssigneeSchema)),
    tags: ['alerts'],
  },
  {
    method: 'post',
    path: '/api/v1/alerts/bulk',
    summary:
      'One command (`ack`, `resolve`, `assign`) for many alerts: `{ ids, command, …its fields }`; each alert as if alone (rules, races, audit)',
    auth: auth.action('alerts:read'),
    body: BulkCommandSchema,
    responses: ok(
      'A result per id, in order: `status` 200 with the alert, or the status and error that alert answered (409, 404, 403)',
      BulkResponseSchema,
    ),
    tags: ['alerts'],
  },
  ...(ALERT_ACTIONS.map((action) => ({
    method: 'post' as const,
    path: `/api/v1/alerts/:id/${action}` as const,
    summary: `Alert command \`${action}\` (idempotent with commandId; 409 when another user was first)`,
    auth: auth.action('alerts:read'),
    body: ALERT_COMMANDS[action],
    responses: {
      ...ok('The alert after the command', AlertResponseSchema),
      409: {
        description: 'Lost a race: who was first, and when (`details`)',
        schema: z.object({ error: ErrorEnvelopeSchema.shape.error.extend({ details: AlertConflictSchema }) }),
      },
    },
    tags: ['alerts'],
  })) satisfies RouteSpec[]),
  {
    method: 'get',
    path: '/api/v1/silences',
    summary: 'Silences, newest first',
    auth: auth.action('alerts:read'),
    responses: ok('The silences', SilenceListResponseSchema),
    tags: ['alerts'],
  },
  {
    method: 'post',
    path: '/api/v1/silences/preview',
    summary: 'The open alerts a silence would cover',
    auth: auth.action('config:write'),
    body: SilenceInputSchema,
    responses: ok('The matching alerts', SilencePreviewResponseSchema),
    tags: ['alerts'],
  },
  {
    method: 'post',
    path: '/api/v1/silences',
    summary: 'Silence an agency or a service until a time (audited)',
    auth: auth.action('config:write'),
    body: SilenceInputSchema,
    responses: created('The silence', SilenceResponseSchema),
    tags: ['alerts'],
  },
  {
    method: 'delete',
    path: '/api/v1/silences/:id',
    summary: 'End a silence now (audited)',
    auth: auth.action('config:write'),
    responses: ok('The ended silence', SilenceResponseSchema),
    tags: ['alerts'],
  },
  {
    method: 'get',
    path: '/api/v1/agencies/:id/response-times',
    summary: "An agency's acknowledgement and resolution times over a period (default: the last 30 days)",
    auth: auth.action('alerts:read'),
    query: PeriodQuerySchema,
    responses: ok('Overall and per category', AgencyResponseTimesResponseSchema),
    tags: ['alerts'],
  },
  {
    method: 'get',
    path: '/api/v1/escalation-policies',
    summary: 'Escalation policies: the default first, then each agency that has its own',
    auth: auth.action('alerts:read'),
    responses: ok('The policies', EscalationPolicyListResponseSchema),
    tags: ['alerts'],
  },
  {
    method: 'put',
    path: '/api/v1/escalation-policies/:id',
    summary: 'Set the steps of `default` or of an agency; new alerts snapshot them (audited)',
    auth: auth.action('config:write'),
    body: EscalationPolicyInputSchema,
    responses: {
      ...ok('The policy', EscalationPolicyResponseSchema),
      409: { description: 'Stale expectedVersion' },
    },
    tags: ['alerts'],
  },
  {
    method: 'delete',
    path: '/api/v1/escalation-policies/:id',
    summary: "Remove an agency's own policy (it falls back to the default)",
    auth: auth.action('config:write'),
    responses: {
      ...noContent('Deleted'),
      409: { description: '`default_policy`: the default cannot be deleted' },
    },
    tags: ['alerts'],
  },
]);
