import { ADMIN_PASSWORD } from './server.js';

/** A logged-in HTTP client: keeps the session cookie and sends the CSRF token on mutations. */
export interface Session {
  cookie: string;
  csrf: string;
  request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
}

/** Logs in and returns a session client. */
export async function login(
  baseUrl: string,
  username = 'admin',
  password = ADMIN_PASSWORD,
): Promise<Session> {
  const r = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await r.json()) as { data: { csrfToken: string } };
  const csrf = body.data.csrfToken;
  return {
    cookie,
    csrf,
    async request(method, path, payload) {
      const res = await fetch(baseUrl + path, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
}

/** Creates an ingest key with the given scopes (default: all). */
export async function createIngestKey(
  baseUrl: string,
  scopes = ['health:write', 'incidents:write', 'usage:write'],
): Promise<string> {
  const s = await login(baseUrl);
  const r = await s.request('POST', '/api/v1/keys', {
    name: `test-${Math.random().toString(36).slice(2)}`,
    scopes,
  });
  if (r.status !== 201) throw new Error(`key: ${r.status}`);
  return (r.body as { data: { key: string } }).data.key;
}

/** Creates a display (wall) token. */
export async function createDisplayToken(baseUrl: string): Promise<string> {
  const s = await login(baseUrl);
  const r = await s.request('POST', '/api/v1/displays', { name: 'test wall' });
  if (r.status !== 201) throw new Error(`display: ${r.status}`);
  return (r.body as { data: { token: string } }).data.token;
}

/** POSTs JSON with a bearer key. */
export async function ingest(
  baseUrl: string,
  key: string,
  path: string,
  body: unknown,
  contentType = 'application/json',
) {
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A minimal valid incident. */
export function incident(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    title: 'Banjir di Gunung Samarinda',
    category: 'flood',
    severity: 'severe',
    location: [116.88, -1.16],
    occurredAt: new Date().toISOString(),
    ...over,
  };
}
