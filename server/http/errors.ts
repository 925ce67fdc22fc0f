import type { NextFunction, Request, Response } from 'express';
import { toEnvelope } from '../errors.js';

/** The one error middleware: every error becomes the envelope of `toEnvelope()` (server/errors.ts). */
export function errorMiddleware(log: { error: (o: object, m: string) => void }) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) return;
    const e = toEnvelope(err);
    if (e.unexpected) log.error({ err }, 'unhandled error');
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    res.status(e.status).json({ error: e.error });
  };
}
