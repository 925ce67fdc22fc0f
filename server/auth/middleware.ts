import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { principalFromDisplayToken, principalFromKey } from './credentials.js';
import { can, hasScope, type Action, type Principal, type Scope } from './policy.js';
import { principalFromSession } from './sessions.js';
import { readCookie } from './tokens.js';

export const SESSION_COOKIE = 'pantau_session';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The principal of a request (set by `authenticate`). */
export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

/** Reads who is calling: a Bearer API key or display token, or the session cookie. Never rejects. */
export function authenticate(ctx: Ctx): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const auth = req.get('authorization');
      let p: Principal | null = null;
      if (auth?.startsWith('Bearer ')) {
        const token = auth.slice(7).trim();
        if (token.startsWith('pk_')) p = await principalFromKey(ctx, token);
        else if (token.startsWith('pd_')) {
          const d = await principalFromDisplayToken(ctx, token);
          p = d === 'revoked' ? null : d;
        }
        res.locals.bearer = true;
      } else {
        const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
        if (sid) p = await principalFromSession(ctx, sid);
      }
      res.locals.principal = p;
      next();
    })().catch(next);
  };
}

/** Requires a logged-in principal allowed to do `action`; cookie sessions must send the CSRF token on mutations. */
export function requireAction(action: Action): RequestHandler {
  return (req, res, next) => {
    const p = principalOf(res);
    if (!p) return next(new HttpError(401, 'unauthenticated', 'Log in or send a valid token.'));
    if (p.kind === 'user' && !SAFE.has(req.method) && req.get('x-csrf-token') !== p.csrfToken) {
      return next(new HttpError(403, 'csrf', 'Missing or wrong X-CSRF-Token header.'));
    }
    if (!can(p, action)) return next(new HttpError(403, 'forbidden', 'Your role does not allow this.'));
    next();
  };
}

/** Requires a signed-in user or an API key (reference data); a wall's display token reads only what a wall shows. */
export const requireAnyPrincipal: RequestHandler = (_req, res, next) => {
  const p = principalOf(res);
  if (!p) return next(new HttpError(401, 'unauthenticated', 'Log in or send a valid token.'));
  if (p.kind === 'display')
    return next(new HttpError(403, 'forbidden', 'A display token reads only what a wall shows.'));
  next();
};

/** Ingest: requires an API key with `scope`, rate-limited per key (429 with Retry-After). */
export function requireScope(ctx: Ctx, scope: Scope): RequestHandler {
  return (_req, res, next) => {
    const p = principalOf(res);
    if (!p)
      return next(new HttpError(401, 'unauthenticated', 'Send an API key as "Authorization: Bearer <key>".'));
    if (!hasScope(p, scope))
      return next(new HttpError(403, 'forbidden', `This key lacks the "${scope}" scope.`));
    if (p.kind !== 'key') return next();
    ctx.store
      .hit(`rl:key:${p.keyId}`, 60_000)
      .then(({ count, resetMs }) => {
        if (count > ctx.config.ingestRatePerMinute) {
          next(
            new HttpError(429, 'rate_limited', 'Too many requests for this key.', {
              headers: { 'Retry-After': String(Math.ceil(resetMs / 1000)) },
            }),
          );
        } else next();
      })
      .catch(next);
  };
}
