import type { NextFunction, Request, Response } from 'express';
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

/** The one error middleware: every error becomes `{ error: { code, message, issues? } }`. */
export function errorMiddleware(log: { error: (o: object, m: string) => void }) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) return;
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.extra.headers ?? {})) res.setHeader(k, v);
      res.status(err.status).json({
        error: {
          code: err.code,
          message: err.message,
          ...(err.extra.issues ? { issues: err.extra.issues } : {}),
          ...(err.extra.details !== undefined ? { details: err.extra.details } : {}),
        },
      });
      return;
    }
    if (err instanceof StoreUnavailableError) {
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      res.status(503).json({
        error: { code: 'store_unavailable', message: 'The data store is unavailable; retry shortly.' },
      });
      return;
    }
    const bp = err as BodyParserError;
    if (bp && bp.type === 'entity.too.large') {
      res
        .status(413)
        .json({ error: { code: 'payload_too_large', message: 'The request body is too large.' } });
      return;
    }
    if (bp && bp.type === 'entity.parse.failed') {
      res.status(400).json({
        error: {
          code: 'malformed_json',
          message: 'The body is not valid JSON.',
          issues: [{ path: [], message: 'malformed JSON' }],
        },
      });
      return;
    }
    if (bp && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
      res
        .status(bp.status)
        .json({ error: { code: 'bad_request', message: 'The request could not be read.' } });
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Internal server error.' } });
  };
}
