import { z } from 'zod';
import { AlertSchema, HealthSampleSchema, IncidentInputSchema, IncidentSchema, ResolveCommandSchema, AckCommandSchema, UsageSampleSchema, AgencySchema, SnapshotSchema } from '../../shared/schemas/index.js';
import { MAX_BATCH } from '../../shared/limits.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
const batch = (s: z.ZodType) => ({ oneOf: [schema(s), { type: 'array', maxItems: MAX_BATCH, items: schema(s) }] });
const errorEnvelope = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'array' }, message: { type: 'string' } } } } } } },
};
const errors = {
  '400': { description: 'Invalid; nothing written', content: { 'application/json': { schema: errorEnvelope } } },
  '401': { description: 'No valid credential' },
  '403': { description: 'Not allowed' },
  '413': { description: 'Body too large' },
  '415': { description: 'Wrong content type' },
  '429': { description: 'Rate limited (Retry-After)' },
  '503': { description: 'Store unavailable (Retry-After)' },
};
const ingest = (summary: string, s: z.ZodType, xml = false) => ({
  post: { summary, security: [{ bearer: [] }], requestBody: { required: true, content: { 'application/json': { schema: batch(s) }, ...(xml ? { 'application/cap+xml': { schema: { type: 'string', description: 'A CAP 1.2 alert (Alert, Update, Cancel); 422 if not CAP' } }, 'application/xml': { schema: { type: 'string' } } } : {}) } }, responses: { '202': { description: 'Stored; ids returned' }, ...(xml ? { '422': { description: 'Not a CAP 1.2 alert, or a DTD/entity was present' } } : {}), ...errors } },
});

/** The OpenAPI document, generated from the shared zod schemas. */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Pantau API', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'pantau_session' } } },
    paths: {
      '/api/v1/incidents': { ...ingest('Ingest incidents: JSON (one or a batch) or CAP 1.2 XML', IncidentInputSchema, true), get: { summary: 'List incidents', responses: { '200': { description: 'A page', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'object', properties: { items: { type: 'array', items: schema(IncidentSchema) } } } } } } } } } } },
      '/api/v1/ingest/alertmanager': { post: { summary: 'Prometheus Alertmanager webhook (version 4); idempotent on fingerprint + startsAt; resolved clears', security: [{ bearer: [] }], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['version', 'alerts'], properties: { version: { const: '4' }, groupKey: { type: 'string' }, status: { enum: ['firing', 'resolved'] }, alerts: { type: 'array' } } } } } }, responses: { '202': { description: 'Stored' }, '422': { description: 'Not a version 4 payload' }, ...errors } } },
      '/api/v1/health/heartbeats': ingest('Ingest health samples / heartbeats', HealthSampleSchema),
      '/api/v1/usage': ingest('Ingest app usage samples', UsageSampleSchema),
      '/api/v1/alerts': { get: { summary: 'List alerts (status=open|all|new|acknowledged|snoozed|resolved|closed)', responses: { '200': { description: 'A page', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'object', properties: { items: { type: 'array', items: schema(AlertSchema) } } } } } } } } } } },
      '/api/v1/alerts/{id}/ack': { post: { summary: 'Acknowledge', requestBody: { content: { 'application/json': { schema: schema(AckCommandSchema) } } }, responses: { '200': { description: 'The alert' }, '409': { description: 'Lost a race: who acknowledged and when' } } } },
      '/api/v1/alerts/{id}/resolve': { post: { summary: 'Resolve', requestBody: { content: { 'application/json': { schema: schema(ResolveCommandSchema) } } }, responses: { '200': { description: 'The alert' }, '409': { description: 'Conflict' } } } },
      '/api/v1/agencies': { get: { summary: 'Agencies (OPD)', responses: { '200': { description: 'List', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'object', properties: { items: { type: 'array', items: schema(AgencySchema) } } } } } } } } } } },
      '/api/v1/areas': { get: { summary: 'Kecamatan and kelurahan with official codes', responses: { '200': { description: 'Areas' } } } },
      '/api/v1/snapshot': { get: { summary: 'Current state', responses: { '200': { description: 'Snapshot', content: { 'application/json': { schema: schema(SnapshotSchema) } } } } } },
      '/api/v1/auth/login': { post: { summary: 'Log in; sets the session cookie and returns csrfToken', responses: { '200': { description: 'Logged in' }, '401': { description: 'Invalid username or password' }, '429': { description: 'Too many attempts' } } } },
    },
  };
}
