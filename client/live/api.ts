/**
 * HTTP calls for the console and liaison screens: same-origin session cookie, the CSRF token
 * from login/me on every mutation, and the one error envelope `{error:{code,message,...}}`.
 */
// zod configured for the browser (zod.ts) before any shared schema below is built.
import './zod.js';
import type { z } from './zod.js';
import { AlertConflictSchema } from '../../shared/api/alerts.js';
import { LoginResponseSchema, MeResponseSchema } from '../../shared/api/auth.js';
import { ErrorEnvelopeSchema } from '../../shared/api/route.js';
import { ResolutionCodeSchema, type SessionUser } from '../../shared/schemas/index.js';

export type { SessionUser };
export type Session = { user: SessionUser; csrfToken: string | null };

/**
 * The `data` of an answer, parsed with the schema its route declares (the named answer schemas of
 * shared/api: `dataOf`, `itemsOf`, `pageOf` envelopes). The one way the client reads an answer.
 */
export function parseData<S extends z.ZodType<{ data: unknown }>>(
  answer: S,
  json: unknown,
): z.output<S>['data'] {
  return answer.parse(json).data;
}

/** An HTTP failure, with the server's own code and message when it sent the envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** One same-origin JSON call; throws ApiError with the server's envelope on failure. */
export async function request(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = contentType;
  const raw = typeof body === 'string' && contentType !== 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const env = ErrorEnvelopeSchema.safeParse(json);
    if (env.success) {
      const { code, message, details, issues } = env.data.error;
      throw new ApiError(res.status, code, message, details ?? issues);
    }
    throw new ApiError(res.status, 'http_' + res.status, res.statusText || 'HTTP ' + res.status);
  }
  return json;
}

type Me = z.output<typeof MeResponseSchema>['data'];
/** The `/auth/me` of a logged-in user (not a display token nor an API key). */
type UserMe = Extract<Me, { csrfToken: string }>;
const isUserMe = (me: Me): me is UserMe => 'csrfToken' in me && 'user' in me;

function toSession(answer: { user: SessionUser; csrfToken: string }): Session {
  csrfToken = answer.csrfToken;
  return { user: answer.user, csrfToken: answer.csrfToken };
}

/** The signed-in user, or null when the session is missing (401). */
export async function fetchMe(): Promise<Session | null> {
  let me: Me;
  try {
    me = parseData(MeResponseSchema, await request('GET', '/api/v1/auth/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
  // A display token or an API key is no user session.
  if (!isUserMe(me)) throw new Error('not a user session');
  return toSession(me);
}

/** Signs in; the server sets the session cookie. */
export async function login(username: string, password: string): Promise<Session> {
  return toSession(
    parseData(LoginResponseSchema, await request('POST', '/api/v1/auth/login', { username, password })),
  );
}

/** Signs out (best effort). */
export async function logout(): Promise<void> {
  try {
    await request('POST', '/api/v1/auth/logout', {});
  } finally {
    csrfToken = null;
  }
}

export type ResolutionCode = z.infer<typeof ResolutionCodeSchema>;
/** Resolution codes in the order the forms offer them. */
export const RESOLUTION_CODES: readonly ResolutionCode[] = ResolutionCodeSchema.options;

/** Acknowledges an alert at the version the user saw. */
export async function acknowledgeAlert(
  alertId: string,
  expectedVersion: number,
  note?: string,
): Promise<unknown> {
  return request('POST', `/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, {
    ...(note ? { note } : {}),
    commandId: crypto.randomUUID(),
    expectedVersion,
  });
}

/** Resolves an alert with a resolution code at the version the user saw. */
export async function resolveAlert(
  alertId: string,
  expectedVersion: number,
  code: ResolutionCode,
  note?: string,
): Promise<unknown> {
  return request('POST', `/api/v1/alerts/${encodeURIComponent(alertId)}/resolve`, {
    code,
    ...(note ? { note } : {}),
    commandId: crypto.randomUUID(),
    expectedVersion,
  });
}

/** The action endpoints beyond acknowledge/resolve. */
export type AlertCommand = 'snooze' | 'assign' | 'escalate';

/** Snoozes, assigns or escalates an alert at the version the user saw. */
export async function alertCommand(
  alertId: string,
  expectedVersion: number,
  action: AlertCommand,
  fields: { note?: string; until?: string; reason?: string; assignee?: string },
): Promise<unknown> {
  return request('POST', `/api/v1/alerts/${encodeURIComponent(alertId)}/${action}`, {
    ...fields,
    commandId: crypto.randomUUID(),
    expectedVersion,
  });
}

/** Who acknowledged first, from a 409's details, when the server said so. */
export function conflictAck(err: unknown): { by: string; at: string | null } | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const d = AlertConflictSchema.safeParse(err.details);
  if (!d.success || !d.data.acknowledgedBy || d.data.status !== 'acknowledged') return null;
  return { by: d.data.acknowledgedBy, at: d.data.acknowledgedAt ?? null };
}
