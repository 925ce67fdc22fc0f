import { Router, type Request, type Response } from 'express';
import {
  AuditQuerySchema,
  LoginSchema,
  NewDisplaySchema,
  NewKeySchema,
  NewUserSchema,
  UserPatchSchema,
} from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { parseOr400, wrap } from '../http/validate.js';
import { actorOf, listAudit } from './audit.js';
import type { Revoker } from './revocation.js';
import { createDisplay, createKey, listCredentials, revokeCredential } from './credentials.js';
import { loginLimits, unlockUser } from './loginLimits.js';
import { SESSION_COOKIE, principalOf, requireAction } from './middleware.js';
import { login, revokeSession, revokeUserSessions } from './sessions.js';
import { createUser, deleteUser, listUsers, presentUser, updateUser } from './users.js';

function auditBase(req: Request, res: Response) {
  return { actor: actorOf(principalOf(res)), ip: req.ip ?? null, channel: 'http' as const };
}

function me(res: Response) {
  const p = principalOf(res);
  if (!p) throw new HttpError(401, 'unauthenticated', 'Not logged in.');
  if (p.kind === 'user')
    return {
      user: { id: p.userId, username: p.username, role: p.role, agencyId: p.agencyId },
      csrfToken: p.csrfToken,
    };
  if (p.kind === 'display') return { display: { id: p.displayId, name: p.name }, role: 'display' };
  return { key: { id: p.keyId, name: p.name, scopes: p.scopes }, role: 'key' };
}

/** Login (with its limits and the admin's unlock), sessions, users, API keys, displays and the audit log. */
export function authRouter(ctx: Ctx, hub: () => Revoker | null): Router {
  const r = Router();
  const secure = (req: Request) => req.secure;
  // Created with the router, so its Redis connection is open before the first login.
  const limits = loginLimits(ctx);

  r.post(
    '/auth/login',
    wrap(async (req, res) => {
      const body = parseOr400(LoginSchema, req.body);
      const { session, user } = await login(ctx, limits, body.username, body.password, req.ip ?? null);
      res.cookie(SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secure(req),
        path: '/',
        maxAge: ctx.config.sessionMaxMs,
      });
      res.json({ data: { user: presentUser(user), csrfToken: session.csrfToken } });
    }),
  );
  r.post(
    '/auth/logout',
    requireAction('live:view'),
    wrap(async (_req, res) => {
      const p = principalOf(res);
      if (p?.kind === 'user') {
        await revokeSession(ctx, p.sessionId);
        hub()?.revokeSession(p.sessionId, 'logged_out');
      }
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.status(204).end();
    }),
  );
  r.get('/auth/me', (_req, res) => {
    res.json({ data: me(res) });
  });

  r.get(
    '/users',
    requireAction('users:manage'),
    wrap(async (_req, res) => {
      res.json({ data: { items: (await listUsers(ctx)).map(presentUser) } });
    }),
  );
  r.post(
    '/users',
    requireAction('users:manage'),
    wrap(async (req, res) => {
      const user = await createUser(ctx, parseOr400(NewUserSchema, req.body), auditBase(req, res));
      res.status(201).json({ data: presentUser(user) });
    }),
  );
  r.patch(
    '/users/:id',
    requireAction('users:manage'),
    wrap(async (req, res) => {
      const id = String(req.params.id);
      const user = await updateUser(ctx, id, parseOr400(UserPatchSchema, req.body), auditBase(req, res));
      // A changed role, agency or password ends every open session of that user at once.
      for (const sid of await revokeUserSessions(ctx, id)) hub()?.revokeSession(sid, 'account_changed');
      res.json({ data: presentUser(user) });
    }),
  );
  r.delete(
    '/users/:id',
    requireAction('users:manage'),
    wrap(async (req, res) => {
      const id = String(req.params.id);
      await deleteUser(ctx, id, auditBase(req, res));
      for (const sid of await revokeUserSessions(ctx, id)) hub()?.revokeSession(sid, 'account_deleted');
      res.status(204).end();
    }),
  );

  // Lifts the account's progressive delay and every (account, address) lock at once.
  r.post(
    '/users/:id/unlock',
    requireAction('users:manage'),
    wrap(async (req, res) => {
      await unlockUser(ctx, String(req.params.id), auditBase(req, res));
      res.status(204).end();
    }),
  );

  r.get(
    '/keys',
    requireAction('keys:manage'),
    wrap(async (_req, res) => {
      res.json({ data: { items: await listCredentials(ctx, 'api-keys') } });
    }),
  );
  r.post(
    '/keys',
    requireAction('keys:manage'),
    wrap(async (req, res) => {
      const { key, record } = await createKey(ctx, parseOr400(NewKeySchema, req.body), auditBase(req, res));
      res.status(201).json({ data: { id: record.id, name: record.name, scopes: record.scopes, key } });
    }),
  );
  r.delete(
    '/keys/:id',
    requireAction('keys:manage'),
    wrap(async (req, res) => {
      await revokeCredential(ctx, 'api-keys', String(req.params.id), auditBase(req, res));
      res.status(204).end();
    }),
  );

  r.get(
    '/displays',
    requireAction('displays:manage'),
    wrap(async (_req, res) => {
      res.json({ data: { items: await listCredentials(ctx, 'displays') } });
    }),
  );
  r.post(
    '/displays',
    requireAction('displays:manage'),
    wrap(async (req, res) => {
      const { token, record } = await createDisplay(
        ctx,
        parseOr400(NewDisplaySchema, req.body),
        auditBase(req, res),
      );
      const base = ctx.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      res.status(201).json({
        data: {
          id: record.id,
          name: record.name,
          token,
          url: `${base.replace(/\/$/, '')}/wall?token=${encodeURIComponent(token)}`,
        },
      });
    }),
  );
  r.delete(
    '/displays/:id',
    requireAction('displays:manage'),
    wrap(async (req, res) => {
      const id = String(req.params.id);
      await revokeCredential(ctx, 'displays', id, auditBase(req, res));
      hub()?.revokeDisplay(id, 'display_revoked');
      res.status(204).end();
    }),
  );

  r.get(
    '/audit',
    requireAction('audit:read'),
    wrap(async (req, res) => {
      const { limit, cursor } = parseOr400(AuditQuerySchema, req.query);
      const page = await listAudit(ctx, limit, cursor);
      res.json({ data: { items: page.items, nextCursor: page.nextCursor, limit } });
    }),
  );
  return r;
}
