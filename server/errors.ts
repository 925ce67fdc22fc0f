/**
 * Pantau's errors, one place for every layer (store, feed parsers, domains, HTTP, sockets), and
 * `toEnvelope()`: the one translation of any error into the answer both HTTP and socket replies
 * give — `{ error: { code, message, issues?, details? } }` with its status and headers.
 */
import type { ZodError } from 'zod';

/** One problem with a request, located by path. */
export interface Issue {
  path: (string | number)[];
  message: string;
}

/** An error that maps to an HTTP status and the shared error envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { issues?: Issue[]; details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

/** 400 with a list of located problems. */
export class ValidationError extends HttpError {
  constructor(issues: Issue[], message = 'The request is invalid; nothing was written.') {
    super(400, 'invalid_request', message, { issues });
  }
}

/** 503: the store cannot be reached; the client should retry. */
export class UnavailableError extends HttpError {
  constructor(message = 'The data store is unavailable; retry shortly.', retryAfterSeconds = 5) {
    super(503, 'store_unavailable', message, { headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

/** 409: a concurrent change won. */
export class ConflictError extends HttpError {
  constructor(message: string, details?: unknown) {
    super(409, 'conflict', message, { details });
  }
}

/** Converts zod issues to ours, optionally under a path prefix. */
export function zodIssues(err: ZodError, prefix: (string | number)[] = []): Issue[] {
  return err.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: i.message,
  }));
}

/** Store failures surface with this marker so the error middleware answers 503. */
export class StoreUnavailableError extends Error {
  readonly storeUnavailable = true;
  constructor(
    message: string,
    /** How long the client should wait before retrying (the `Retry-After` header). */
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** The error envelope of an answer, with its status and headers; `internal` for anything unexpected. */
export interface Envelope {
  status: number;
  headers: Record<string, string>;
  error: { code: string; message: string; issues?: Issue[]; details?: unknown };
  /** Not one of ours: worth logging. */
  unexpected: boolean;
}

/** Any error, as the answer to give. */
export function toEnvelope(err: unknown): Envelope {
  const answer = (
    status: number,
    error: Envelope['error'],
    headers: Record<string, string> = {},
  ): Envelope => ({
    status,
    headers,
    error,
    unexpected: false,
  });
  if (err instanceof HttpError)
    return answer(
      err.status,
      {
        code: err.code,
        message: err.message,
        ...(err.extra.issues ? { issues: err.extra.issues } : {}),
        ...(err.extra.details !== undefined ? { details: err.extra.details } : {}),
      },
      err.extra.headers ?? {},
    );
  if (err instanceof StoreUnavailableError)
    return answer(
      503,
      { code: 'store_unavailable', message: 'The data store is unavailable; retry shortly.' },
      { 'Retry-After': String(err.retryAfterSeconds) },
    );
  const bp = err as BodyParserError | null;
  if (bp?.type === 'entity.too.large')
    return answer(413, { code: 'payload_too_large', message: 'The request body is too large.' });
  if (bp?.type === 'entity.parse.failed')
    return answer(400, {
      code: 'malformed_json',
      message: 'The body is not valid JSON.',
      issues: [{ path: [], message: 'malformed JSON' }],
    });
  if (bp && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500)
    return answer(bp.status, { code: 'bad_request', message: 'The request could not be read.' });
  return {
    status: 500,
    headers: {},
    error: { code: 'internal', message: 'Internal server error.' },
    unexpected: true,
  };
}
