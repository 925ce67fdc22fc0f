import { z } from 'zod';
import {
  CheckHistoryQuerySchema,
  CheckSummarySchema,
  EvidenceSchema,
  HealthSampleSchema,
  IntegrityBaselineSchema,
  MaintenanceInputSchema,
  MaintenanceWindowSchema,
  PushBodySchema,
  ServiceInputSchema,
  ServiceSchema,
  ServiceStateSchema,
  SlaQuerySchema,
} from '../schemas/index.js';
import { auth, created, dataOf, itemsOf, noContent, ok, routes, batchOf } from './route.js';

/** What a health ingest stored: the sample ids (or service ids) and how many were repeats. */
const HeartbeatResultSchema = z.looseObject({ ids: z.array(z.string()), duplicates: z.number().int() });

/** A catalogue service with its confirmed state, a summary of its check and its last check evidence. */
export const ServiceWithStateSchema = ServiceSchema.extend({
  state: ServiceStateSchema,
  check: CheckSummarySchema.nullable(),
  evidence: EvidenceSchema.nullable(),
}).loose();

/** A stored edit that fails validation (listed for admins so it can be fixed or removed). */
const InvalidEntrySchema = z.looseObject({ kind: z.string(), id: z.string(), message: z.string() });

/** Sample counts by state, uptime and mean latency over one window. */
export const UptimeSchema = z.looseObject({
  uptime: z.number().nullable(),
  meanLatencyMs: z.number().nullable(),
  up: z.number(),
  degraded: z.number(),
  down: z.number(),
  maintenance: z.number(),
  unknown: z.number(),
  samples: z.number(),
});

/** One check of a service's history: its evidence and its sequence number (the paging cursor). */
export const CheckHistoryEntrySchema = EvidenceSchema.extend({ seq: z.number().int() }).loose();

/** `GET /services/:id/checks`: the check summary and a page of evidence, newest first. */
export const CheckHistoryPageSchema = z.looseObject({
  serviceId: z.string(),
  check: CheckSummarySchema.nullable(),
  items: z.array(CheckHistoryEntrySchema),
  nextBefore: z.number().int().nullable(),
});

/** `GET /agencies/:id/sla`: uptime by window (`24h`, `7d`, `30d`, `365d`, or `period` when one was asked for). */
export const AgencySlaSchema = z.looseObject({
  agencyId: z.string(),
  rule: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  windows: z.record(
    z.string(),
    z.looseObject({
      agency: UptimeSchema,
      services: z.array(UptimeSchema.extend({ serviceId: z.string(), name: z.string() })),
    }),
  ),
});

/** `GET /services/export?format=json`: the services file, each service as stored (checks included). */
export const ServicesExportSchema = z.looseObject({
  services: z.array(z.record(z.string(), z.unknown())),
});

// The answers the screens read, by name (each is also its route's declared schema below).
export const ServiceListResponseSchema = dataOf(
  z.looseObject({
    items: z.array(ServiceWithStateSchema),
    invalid: z.array(InvalidEntrySchema).optional(),
  }),
);
export const CheckHistoryResponseSchema = dataOf(CheckHistoryPageSchema);
export const AgencySlaResponseSchema = dataOf(AgencySlaSchema);
export const MaintenanceListResponseSchema = itemsOf(MaintenanceWindowSchema);

/** Health ingest, the service catalogue and its edits, check history and push checks, SLA and maintenance. */
export const healthRoutes = routes([
  {
    method: 'post',
    path: '/api/v1/health/heartbeats',
    summary: 'Ingest health samples (one or a batch, atomic; a repeated sample id is accepted once)',
    auth: auth.scope('health:write'),
    body: batchOf(HealthSampleSchema),
    responses: { 202: { description: 'Recorded', schema: dataOf(HeartbeatResultSchema) } },
    tags: ['health'],
  },
  {
    method: 'get',
    path: '/api/v1/services',
    summary: "The service catalogue with each service's state, check summary and last check evidence",
    auth: auth.action('services:read'),
    responses: ok(
      'The services (condition values shown only to editors; `invalid` stored edits listed for editors)',
      ServiceListResponseSchema,
    ),
    tags: ['health'],
  },
  {
    method: 'get',
    path: '/api/v1/services/export',
    summary: 'The whole catalogue in services-file form, checks included (YAML; JSON with `?format=json`)',
    auth: auth.action('config:write'),
    // Any other `format` (or a repeated one) answers YAML, as the server always did.
    query: z.object({ format: z.enum(['yaml', 'json']).optional().catch(undefined) }),
    responses: {
      200: {
        description:
          'An attachment: the services file as YAML (`{ services: Service[] }`; the same as JSON with `?format=json`)',
        contentType: 'application/yaml',
        schema: ServicesExportSchema,
      },
    },
    tags: ['health'],
  },
  {
    method: 'post',
    path: '/api/v1/services',
    summary: 'Add a service to the catalogue (audited; an address check targets only allowed networks)',
    auth: auth.action('config:write'),
    body: ServiceInputSchema,
    responses: { ...created('The service', dataOf(ServiceSchema)), 409: { description: 'The id exists' } },
    tags: ['health'],
  },
  {
    method: 'put',
    path: '/api/v1/services/:id',
    summary: 'Replace a service (its id must match the path; audited)',
    auth: auth.action('config:write'),
    body: ServiceInputSchema,
    responses: ok('The service', dataOf(ServiceSchema)),
    tags: ['health'],
  },
  {
    method: 'delete',
    path: '/api/v1/services/:id',
    summary: 'Remove a service from the catalogue (audited)',
    auth: auth.action('config:write'),
    responses: noContent('Removed'),
    tags: ['health'],
  },
  {
    method: 'post',
    path: '/api/v1/health/push/:serviceId',
    summary: 'A push-check heartbeat from the service itself (the body is optional: `up` by default)',
    auth: auth.token("the service's push token: `?token=`, `X-Push-Token` or `Authorization: Bearer pp_…`"),
    // Never refused here: the handler reads the token (a repeated one is ignored) and answers 401 itself.
    query: z.object({ token: z.string().optional().catch(undefined) }),
    body: PushBodySchema,
    responses: {
      202: {
        description: 'Recorded',
        schema: dataOf(
          z.looseObject({
            serviceId: z.string(),
            status: z.enum(['up', 'degraded', 'down']),
            receivedAt: z.string(),
          }),
        ),
      },
    },
    tags: ['health'],
  },
  {
    method: 'post',
    path: '/api/v1/services/:id/push-token',
    summary: "Issue or rotate a push-check service's token (shown once; audited)",
    auth: auth.action('config:write'),
    responses: {
      ...created(
        'The token and where to push',
        dataOf(
          z.looseObject({
            serviceId: z.string(),
            token: z.string(),
            createdAt: z.string(),
            pushUrl: z.string(),
          }),
        ),
      ),
      409: { description: '`not_push_check`: the service has no push check' },
    },
    tags: ['health'],
  },
  {
    method: 'post',
    path: '/api/v1/services/:id/integrity/baseline',
    summary:
      "Accept a website's home page as last read by its integrity check as the new baseline (audited; closes an open drift finding)",
    auth: auth.action('config:write'),
    responses: {
      ...ok('The accepted page', dataOf(IntegrityBaselineSchema)),
      409: {
        description:
          '`not_integrity_check`: the service has no integrity check; `not_observed`: no run has read its page yet',
      },
    },
    tags: ['health'],
  },
  {
    method: 'get',
    path: '/api/v1/services/:id/checks',
    summary: "A service's check history, newest first, paged by `before`",
    auth: auth.action('services:read'),
    query: CheckHistoryQuerySchema,
    responses: ok(
      'The check summary and a page of evidence (condition values shown only to editors)',
      CheckHistoryResponseSchema,
    ),
    tags: ['health'],
  },
  {
    method: 'get',
    path: '/api/v1/agencies/:id/sla',
    summary:
      "An agency's uptime per service and overall: over `from`–`to`, else the 24 h, 7 d, 30 d and 365 d windows",
    auth: auth.action('services:read'),
    query: SlaQuerySchema,
    responses: ok('Uptime by window (`period` when a period was asked for)', AgencySlaResponseSchema),
    tags: ['health'],
  },
  {
    method: 'get',
    path: '/api/v1/maintenance',
    summary: 'Maintenance windows (one-off and weekly)',
    auth: auth.action('services:read'),
    responses: ok('The windows', MaintenanceListResponseSchema),
    tags: ['health'],
  },
  {
    method: 'post',
    path: '/api/v1/maintenance',
    summary: 'Add a maintenance window for a service or an agency (audited)',
    auth: auth.action('config:write'),
    body: MaintenanceInputSchema,
    responses: created('The window', dataOf(MaintenanceWindowSchema)),
    tags: ['health'],
  },
  {
    method: 'delete',
    path: '/api/v1/maintenance/:id',
    summary: 'Remove a maintenance window (audited)',
    auth: auth.action('config:write'),
    responses: noContent('Removed'),
    tags: ['health'],
  },
]);
