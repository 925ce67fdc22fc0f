import { z } from 'zod';
import {
  AlertSchema,
  HealthSampleSchema,
  IncidentInputSchema,
  IncidentSchema,
  ResolveCommandSchema,
  AckCommandSchema,
  UsageSampleSchema,
  AgencySchema,
  AgencyInputSchema,
  EscalationPolicySchema,
  EscalationPolicyInputSchema,
  SnapshotSchema,
} from '../../shared/schemas/index.js';
import { MAX_BATCH } from '../../shared/limits.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
const batch = (s: z.ZodType) => ({
  oneOf: [schema(s), { type: 'array', maxItems: MAX_BATCH, items: schema(s) }],
});
const errorEnvelope = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'array' }, message: { type: 'string' } } },
        },
      },
    },
  },
};
const errors = {
  '400': {
    description: 'Invalid; nothing written',
    content: { 'application/json': { schema: errorEnvelope } },
  },
  '401': { description: 'No valid credential' },
  '403': { description: 'Not allowed' },
  '413': { description: 'Body too large' },
  '415': { description: 'Wrong content type' },
  '429': { description: 'Rate limited (Retry-After)' },
  '503': { description: 'Store unavailable (Retry-After)' },
};
const json = (s: z.ZodType | object) => ({
  'application/json': { schema: s instanceof z.ZodType ? schema(s) : s },
});
const data = (s: z.ZodType | object) =>
  json({ type: 'object', properties: { data: s instanceof z.ZodType ? schema(s) : s } });
const inUse = {
  description:
    'Still in use: `in_use` with issues at services, users or routing (the command center is never deleted)',
};
const ingest = (summary: string, s: z.ZodType, xml = false) => ({
  post: {
    summary,
    security: [{ bearer: [] }],
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: batch(s) },
        ...(xml
          ? {
              'application/cap+xml': {
                schema: {
                  type: 'string',
                  description: 'A CAP 1.2 alert (Alert, Update, Cancel); 422 if not CAP',
                },
              },
              'application/xml': { schema: { type: 'string' } },
            }
          : {}),
      },
    },
    responses: {
      '202': { description: 'Stored; ids returned' },
      ...(xml ? { '422': { description: 'Not a CAP 1.2 alert, or a DTD/entity was present' } } : {}),
      ...errors,
    },
  },
});

/** The OpenAPI document, generated from the shared zod schemas. */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Pantau API', version: '1' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'pantau_session' },
      },
    },
    paths: {
      '/api/v1/incidents': {
        ...ingest('Ingest incidents: JSON (one or a batch) or CAP 1.2 XML', IncidentInputSchema, true),
        get: {
          summary: 'List incidents',
          responses: {
            '200': {
              description: 'A page',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      data: {
                        type: 'object',
                        properties: { items: { type: 'array', items: schema(IncidentSchema) } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/api/v1/ingest/alertmanager': {
        post: {
          summary:
            'Prometheus Alertmanager webhook (version 4); idempotent on fingerprint + startsAt; resolved clears',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['version', 'alerts'],
                  properties: {
                    version: { const: '4' },
                    groupKey: { type: 'string' },
                    status: { enum: ['firing', 'resolved'] },
                    alerts: { type: 'array' },
                  },
                },
              },
            },
          },
          responses: {
            '202': { description: 'Stored' },
            '422': { description: 'Not a version 4 payload' },
            ...errors,
          },
        },
      },
      '/api/v1/health/heartbeats': ingest('Ingest health samples / heartbeats', HealthSampleSchema),
      '/api/v1/usage': ingest('Ingest app usage samples', UsageSampleSchema),
      '/api/v1/alerts': {
        get: {
          summary:
            'List alerts (status=open|all|new|acknowledged|snoozed|resolved|closed; condition=active|cleared; agency, severity, category, from, to, limit, offset)',
          responses: {
            '200': {
              description: 'A page',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      data: {
                        type: 'object',
                        properties: { items: { type: 'array', items: schema(AlertSchema) } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/api/v1/alerts/{id}/ack': {
        post: {
          summary: 'Acknowledge',
          requestBody: { content: { 'application/json': { schema: schema(AckCommandSchema) } } },
          responses: {
            '200': { description: 'The alert' },
            '409': { description: 'Lost a race: who acknowledged and when' },
          },
        },
      },
      '/api/v1/alerts/{id}/resolve': {
        post: {
          summary: 'Resolve',
          requestBody: { content: { 'application/json': { schema: schema(ResolveCommandSchema) } } },
          responses: { '200': { description: 'The alert' }, '409': { description: 'Conflict' } },
        },
      },
      '/api/v1/agencies': {
        get: {
          summary: 'Agencies (OPD), as edited',
          responses: {
            '200': {
              description: 'List',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      data: {
                        type: 'object',
                        properties: { items: { type: 'array', items: schema(AgencySchema) } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        post: {
          summary: 'Add an agency (admin, supervisor); verified defaults to true, approximate to false',
          requestBody: { required: true, content: json(AgencyInputSchema) },
          responses: {
            '201': { description: 'The agency', content: data(AgencySchema) },
            '409': { description: 'The id exists' },
            ...errors,
          },
        },
      },
      '/api/v1/agencies/{id}': {
        put: {
          summary: 'Replace an agency (admin, supervisor); the body id must equal the path id',
          requestBody: { required: true, content: json(AgencyInputSchema) },
          responses: {
            '200': { description: 'The agency', content: data(AgencySchema) },
            '404': { description: 'No such agency' },
            ...errors,
          },
        },
        delete: {
          summary:
            'Delete an agency (admin, supervisor) nothing names any more; its own escalation policy goes with it',
          responses: {
            '204': { description: 'Deleted' },
            '404': { description: 'No such agency' },
            '409': inUse,
          },
        },
      },
      '/api/v1/escalation-policies': {
        get: {
          summary: 'Escalation policies: the default first, then each agency that has its own',
          responses: {
            '200': {
              description: 'List',
              content: data({ type: 'array', items: schema(EscalationPolicySchema) }),
            },
          },
        },
      },
      '/api/v1/escalation-policies/{id}': {
        put: {
          summary: 'Set the steps of `default` or of an agency (admin, supervisor); new alerts snapshot them',
          requestBody: { required: true, content: json(EscalationPolicyInputSchema) },
          responses: {
            '200': { description: 'The policy', content: data(EscalationPolicySchema) },
            '404': { description: 'No such agency' },
            '409': { description: 'Stale expectedVersion' },
            ...errors,
          },
        },
        delete: {
          summary: "Remove an agency's own policy (it falls back to the default)",
          responses: {
            '204': { description: 'Deleted' },
            '404': { description: 'The agency has no policy of its own' },
            '409': { description: '`default_policy`: the default cannot be deleted' },
          },
        },
      },
      '/api/v1/areas': {
        get: {
          summary: 'Kecamatan and kelurahan with official codes',
          responses: { '200': { description: 'Areas' } },
        },
      },
      '/api/v1/snapshot': {
        get: {
          summary: 'Current state',
          responses: {
            '200': {
              description: 'Snapshot',
              content: { 'application/json': { schema: schema(SnapshotSchema) } },
            },
          },
        },
      },
      '/api/v1/auth/login': {
        post: {
          summary: 'Log in; sets the session cookie and returns csrfToken',
          responses: {
            '200': { description: 'Logged in' },
            '401': { description: 'Invalid username or password' },
            '429': { description: 'Too many attempts' },
          },
        },
      },
    },
  };
}
