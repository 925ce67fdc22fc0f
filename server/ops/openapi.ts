import { z } from 'zod';
import { ErrorEnvelopeSchema, type RouteAuth, type RouteSpec } from '../../shared/api/route.js';

const jsonSchema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { unrepresentable: 'any', io });
const errorContent = { 'application/json': { schema: jsonSchema(ErrorEnvelopeSchema, 'output') } };

/** The error answers a route can give, by how it is called. */
function errors(spec: RouteSpec): Record<string, object> {
  const out: Record<string, object> = {
    '400': {
      description: 'Invalid request: `invalid_request` with every issue located; nothing written',
      content: errorContent,
    },
    '404': { description: 'No such resource (or not visible to the caller)', content: errorContent },
    '429': { description: 'Rate limited (Retry-After)', content: errorContent },
    '503': { description: 'Store unavailable (Retry-After); nothing written', content: errorContent },
  };
  if (spec.auth.kind !== 'public') {
    out['401'] = { description: 'No valid credential', content: errorContent };
    out['403'] = {
      description: 'Not allowed for this role, scope or agency (or missing X-CSRF-Token)',
      content: errorContent,
    };
  }
  if (spec.body || spec.bodyTypes) {
    out['413'] = { description: 'Body too large', content: errorContent };
    out['415'] = { description: 'Unsupported content type', content: errorContent };
  }
  return out;
}

function security(a: RouteAuth): { security: Record<string, string[]>[]; note: string } {
  switch (a.kind) {
    case 'public':
      return { security: [], note: 'Public.' };
    case 'caller':
      return {
        security: [{ session: [] }, { bearer: [] }],
        note: 'Any credential: a session, an API key or a display token.',
      };
    case 'session':
      return { security: [{ session: [] }, { bearer: [] }], note: 'A logged-in user or an API key.' };
    case 'action':
      return {
        security: [{ session: [] }],
        note: `Session with the \`${a.action}\` permission (server/auth/policy.ts).`,
      };
    case 'scope':
      return {
        security: [{ bearer: [] }, ...(a.orAction ? [{ session: [] }] : [])],
        note: `API key with the \`${a.scope}\` scope${a.orAction ? `, or a session with \`${a.orAction}\`` : ''}.`,
      };
    case 'token':
      return { security: [{ token: [] }], note: `Authenticated by ${a.what}.` };
  }
}

/** Path parameters of an Express path, and the path in OpenAPI form. */
function openPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const p = path.replace(/:(\w+)/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: p, params };
}

function queryParameters(s: z.ZodType): object[] {
  const js = jsonSchema(s, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema,
  }));
}

function operation(spec: RouteSpec, params: string[]): object {
  const sec = security(spec.auth);
  const responses: Record<string, object> = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const content: Record<string, object> = {};
    if (r.schema) content['application/json'] = { schema: jsonSchema(r.schema, 'output') };
    if (r.contentType) content[r.contentType] = { schema: { type: 'string' } };
    responses[status] = { description: r.description, ...(Object.keys(content).length ? { content } : {}) };
  }
  const content: Record<string, object> = {};
  if (spec.body) content['application/json'] = { schema: jsonSchema(spec.body, 'input') };
  for (const [type, description] of Object.entries(spec.bodyTypes ?? {}))
    content[type] = { schema: { type: 'string', description } };
  return {
    summary: spec.summary,
    description: sec.note,
    ...(spec.tags ? { tags: spec.tags } : {}),
    security: sec.security,
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(spec.query ? queryParameters(spec.query) : []),
    ],
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses: { ...errors(spec), ...responses },
  };
}

/** The OpenAPI 3.1 document, generated from the route table (shared/api). */
export function openApiDocument(routes: readonly RouteSpec[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const spec of routes) {
    const { path, params } = openPath(spec.path);
    (paths[path] ??= {})[spec.method] = operation(spec, params);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pantau API',
      version: '1',
      description:
        'Generated from the route table in shared/api: every route the server mounts is declared there.',
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'API key (scopes health:write, incidents:write, usage:write)',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'pantau_session',
          description: 'Session cookie from POST /api/v1/auth/login; mutations need X-CSRF-Token',
        },
        token: { type: 'http', scheme: 'bearer', description: 'A display token or a push-check token' },
      },
    },
    paths,
  };
}
