/**
 * The service form's state and its translation to and from a services-file entry. The form covers
 * the common fields and an HTTP check; any other key of the check is kept as it was, and the
 * "advanced JSON" text can replace the whole check (validated with the shared ServiceSchema).
 */
import { ServiceSchema } from '../../../shared/schemas/index.js';
import type { Issue } from './errors.js';
import type { Service } from '../../../shared/schemas/index.js';

export type CheckMode = 'none' | 'http' | 'json';

export type ServiceFormState = {
  id: string;
  name: string;
  agencyId: string;
  kind: 'website' | 'app' | 'api';
  url: string;
  description: string;
  mode: CheckMode;
  checkUrl: string;
  method: 'GET' | 'HEAD' | 'POST';
  expectStatus: string;
  bodyContains: string;
  degradedAboveMs: string;
  intervalSeconds: string;
  /** Keys of an HTTP check the form does not show (headers, TLS options…), kept on save. */
  httpRest: Record<string, unknown>;
  /** The check as JSON, used when `mode` is `json`. */
  checkJson: string;
  /** Keys of the service the form does not show (studyNamed, verified…), kept on save. */
  rest: Record<string, unknown>;
};

export const EMPTY_SERVICE: ServiceFormState = {
  id: '',
  name: '',
  agencyId: '',
  kind: 'website',
  url: '',
  description: '',
  mode: 'http',
  checkUrl: '',
  method: 'GET',
  expectStatus: '',
  bodyContains: '',
  degradedAboveMs: '',
  intervalSeconds: '60',
  httpRest: {},
  checkJson: '',
  rest: {},
};

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** A stored definition (from the export) → form state. */
export function formFromDef(def: Record<string, unknown>): ServiceFormState {
  const { id, name, agencyId, kind, url, description, check, ...rest } = def;
  const base: ServiceFormState = {
    ...EMPTY_SERVICE,
    id: str(id),
    name: str(name),
    agencyId: str(agencyId),
    kind: kind === 'app' || kind === 'api' ? kind : 'website',
    url: str(url),
    description: str(description),
    rest,
    mode: 'none',
  };
  if (!check || typeof check !== 'object') return base;
  const c = check as Record<string, unknown>;
  if (c.type !== 'http') return { ...base, mode: 'json', checkJson: JSON.stringify(c, null, 2) };
  const {
    type: _t,
    url: cu,
    method,
    expectStatus,
    bodyContains,
    degradedAboveMs,
    intervalSeconds,
    ...httpRest
  } = c;
  return {
    ...base,
    mode: 'http',
    checkUrl: str(cu),
    method: method === 'HEAD' || method === 'POST' ? method : 'GET',
    expectStatus: Array.isArray(expectStatus) ? expectStatus.join(', ') : '',
    bodyContains: str(bodyContains),
    degradedAboveMs: str(degradedAboveMs),
    intervalSeconds: str(intervalSeconds) || '60',
    httpRest,
    checkJson: JSON.stringify(c, null, 2),
  };
}

/** The HTTP check the form's fields describe (as an object, not yet validated). */
export function httpCheckOf(f: ServiceFormState): Record<string, unknown> {
  const statuses = f.expectStatus
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => Number(s));
  return {
    ...f.httpRest,
    type: 'http',
    url: f.checkUrl.trim() || f.url.trim(),
    method: f.method,
    ...(statuses.length ? { expectStatus: statuses } : {}),
    ...(f.bodyContains ? { bodyContains: f.bodyContains } : {}),
    ...(f.degradedAboveMs.trim() ? { degradedAboveMs: Number(f.degradedAboveMs) } : {}),
    ...(f.intervalSeconds.trim() ? { intervalSeconds: Number(f.intervalSeconds) } : {}),
  };
}

/** Maps a check issue's path onto the form field that shows it. */
const CHECK_FIELD: Record<string, string> = {
  url: 'checkUrl',
  method: 'method',
  expectStatus: 'expectStatus',
  bodyContains: 'bodyContains',
  degradedAboveMs: 'degradedAboveMs',
  intervalSeconds: 'intervalSeconds',
};

/** The HTTP check form's own fields. */
export const HTTP_CHECK_FIELDS = [
  'checkUrl',
  'method',
  'expectStatus',
  'bodyContains',
  'degradedAboveMs',
  'intervalSeconds',
] as const;

/** Form-field names issues can be shown next to. */
export const SERVICE_FIELDS = [
  'id',
  'name',
  'agencyId',
  'kind',
  'url',
  'description',
  'checkJson',
  ...HTTP_CHECK_FIELDS,
] as const;

/** Moves issues about the check onto the form's own fields (or the JSON box in JSON mode). */
export function remapIssues(issues: readonly Issue[], mode: CheckMode): Issue[] {
  return issues.map((i) => {
    if (i.path[0] !== 'check') return i;
    if (mode === 'json') return { path: ['checkJson', ...i.path.slice(1)], message: i.message };
    const field = CHECK_FIELD[String(i.path[1])];
    return field ? { path: [field, ...i.path.slice(2)], message: i.message } : i;
  });
}

/** Builds the service and validates it as the server will; the issues use form field names. */
export function buildService(
  f: ServiceFormState,
): { ok: true; service: Service } | { ok: false; issues: Issue[] } {
  let check: unknown;
  if (f.mode === 'http') check = httpCheckOf(f);
  if (f.mode === 'json') {
    try {
      check = JSON.parse(f.checkJson) as unknown;
    } catch (e) {
      return {
        ok: false,
        issues: [{ path: ['checkJson'], message: e instanceof Error ? e.message : String(e) }],
      };
    }
  }
  const candidate = {
    verified: true,
    ...f.rest,
    id: f.id.trim(),
    name: f.name.trim(),
    agencyId: f.agencyId,
    kind: f.kind,
    ...(f.url.trim() ? { url: f.url.trim() } : {}),
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
    ...(check !== undefined ? { check } : {}),
  };
  const parsed = ServiceSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: i.message,
    }));
    return { ok: false, issues: remapIssues(issues, f.mode) };
  }
  // Send what the user wrote (defaults are the server's to fill), now known to be valid.
  return { ok: true, service: candidate as Service };
}
