import { request as httpRequest } from 'node:http';
import type { Alert, Incident } from '../../shared/schemas/index.js';
import { ingest, login, type Session } from './api.js';
import { ADMIN_PASSWORD } from './server.js';
import { waitFor } from './wait.js';

/** A response read as JSON where possible. */
export interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

/** The shared error envelope. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: { path: (string | number)[]; message: string }[];
  details?: unknown;
}

/** Any HTTP call with optional bearer token or cookie; JSON bodies are serialised. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  opts: { body?: unknown; bearer?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    ...(opts.body !== undefined
      ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
      : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

/**
 * A session request on its own new TCP connection (no keep-alive pool), so that many of them sent
 * together reach the server together and really race.
 */
export function freshRequest(
  baseUrl: string,
  s: Session,
  method: string,
  path: string,
  body: unknown = {},
): Promise<Reply> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      baseUrl + path,
      {
        method,
        agent: false,
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The `data` of a success envelope. */
export function dataOf<T>(r: { body: unknown }): T {
  return (r.body as { data: T }).data;
}

/** The `error` of an error envelope. */
export function errorOf(r: { body: unknown }): ErrorBody {
  return (r.body as { error: ErrorBody }).error;
}

/** A user created by the admin, with the password needed to log in. */
export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: string;
  agencyId: string | null;
}

let userSeq = 0;

/** Creates a user through `POST /api/v1/users` as `admin`. */
export async function createUser(
  admin: Session,
  role: 'admin' | 'supervisor' | 'operator' | 'liaison',
  agencyId?: string,
): Promise<TestUser> {
  const username = `${role}-${process.pid}-${++userSeq}-${Math.random().toString(36).slice(2, 6)}`;
  const password = `pw-${username}-long-enough`;
  const r = await admin.request('POST', '/api/v1/users', {
    username,
    password,
    role,
    ...(agencyId ? { agencyId } : {}),
  });
  if (r.status !== 201) throw new Error(`create user: ${r.status} ${JSON.stringify(r.body)}`);
  const u = dataOf<{ id: string; agencyId: string | null }>(r);
  return { id: u.id, username, password, role, agencyId: u.agencyId };
}

/** Logs a created user in. */
export function loginAs(baseUrl: string, u: TestUser): Promise<Session> {
  return login(baseUrl, u.username, u.password);
}

/** Logs in as the bootstrap admin. */
export function loginAdmin(baseUrl: string): Promise<Session> {
  return login(baseUrl, 'admin', ADMIN_PASSWORD);
}

/** Creates a display (wall) token and returns its id too, for revocation. */
export async function createDisplay(
  admin: Session,
  name = 'test wall',
): Promise<{ id: string; token: string }> {
  const r = await admin.request('POST', '/api/v1/displays', { name });
  if (r.status !== 201) throw new Error(`display: ${r.status}`);
  return dataOf<{ id: string; token: string }>(r);
}

/** Every alert the admin can see (all statuses). */
export async function allAlerts(admin: Session): Promise<Alert[]> {
  const r = await admin.request('GET', '/api/v1/alerts?status=all&limit=500');
  if (r.status !== 200) throw new Error(`alerts: ${r.status}`);
  return dataOf<{ items: Alert[] }>(r).items;
}

/** The alert opened for an incident, or undefined. */
export async function alertForIncident(admin: Session, incidentId: string): Promise<Alert | undefined> {
  return (await allAlerts(admin)).find((a) => a.dedupeKey === `incident:${incidentId}`);
}

/** Every incident (all statuses) the admin can see, page by page (cursor paging). */
export async function allIncidents(admin: Session): Promise<{ items: Incident[]; total: number }> {
  const items: Incident[] = [];
  let cursor: string | null = null;
  do {
    const r = await admin.request(
      'GET',
      `/api/v1/incidents?status=all&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (r.status !== 200) throw new Error(`incidents: ${r.status}`);
    const page = dataOf<{ items: Incident[]; nextCursor: string | null }>(r);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, total: items.length };
}

let incidentSeq = 0;

/** A unique incident id for this test run. */
export function uid(prefix = 'inc'): string {
  return `${prefix}-${process.pid}-${++incidentSeq}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Ingests one incident and returns the alert it opened (fails when none opens). */
export async function openAlert(
  baseUrl: string,
  key: string,
  admin: Session,
  body: Record<string, unknown>,
): Promise<Alert> {
  const r = await ingest(baseUrl, key, '/api/v1/incidents', body);
  if (r.status !== 202) throw new Error(`ingest: ${r.status} ${JSON.stringify(r.body)}`);
  const id = String(body.id);
  return waitFor(() => alertForIncident(admin, id), `alert for ${id}`);
}
