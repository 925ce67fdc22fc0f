import type { Ctx } from '../context.js';
import {
  listDisplays,
  presentDisplay,
  showDisplay,
  updateDisplay,
  type DisplayPush,
} from '../displays/displays.js';
import { HttpError } from '../errors.js';
import { COLL } from '../store/docs.js';
import { handle, type Binding } from '../http/routes.js';
import { httpActor, listAudit } from './audit.js';
import type { Revoker } from './revocation.js';
import { createDisplay, createKey, listCredentials, revokeCredential } from './credentials.js';
import { loginLimits, unlockUser } from './loginLimits.js';
import { SESSION_COOKIE } from './middleware.js';
import type { Principal } from './policy.js';
import { login, revokeSession, revokeUserSessions } from './sessions.js';
import { createUser, deleteUser, listUsers, presentUser, updateUser } from './users.js';

function me(p: Principal | null) {
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
export function authBindings(ctx: Ctx, hub: () => (Revoker & DisplayPush) | null): Binding[] {
  // Created with the bindings, so its Redis connection is open before the first login.
  const limits = loginLimits(ctx);

  return [
    handle('post /api/v1/auth/login', async ({ body, req, res }) => {
      const { session, user } = await login(ctx, limits, body.username, body.password, req.ip ?? null);
      res.cookie(SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.secure,
        path: '/',
        maxAge: ctx.config.sessionMaxMs,
      });
      return { data: { user: presentUser(user), csrfToken: session.csrfToken } };
    }),
    handle('post /api/v1/auth/logout', async ({ principal: p, res }) => {
      if (p?.kind === 'user') {
        await revokeSession(ctx, p.sessionId);
        hub()?.revokeSession(p.sessionId, 'logged_out');
      }
      res.clearCookie(SESSION_COOKIE, { path: '/' });
    }),
    handle('get /api/v1/auth/me', ({ principal }) => ({ data: me(principal) })),

    handle('get /api/v1/users', async () => ({ data: { items: (await listUsers(ctx)).map(presentUser) } })),
    handle('post /api/v1/users', async ({ body, principal, req }) => ({
      data: presentUser(await createUser(ctx, body, httpActor(req, principal))),
    })),
    handle('patch /api/v1/users/:id', async ({ params, body, principal, req }) => {
      const id = String(params.id);
      const user = await updateUser(ctx, id, body, httpActor(req, principal));
      // A changed role, agency, password or disabled flag ends every open session of that user at
      // once; a new display name or contacts do not (nobody is signed out for a phone number).
      const access = ['role', 'agencyId', 'password', 'disabled'] as const;
      if (access.some((k) => body[k] !== undefined))
        for (const sid of await revokeUserSessions(ctx, id)) hub()?.revokeSession(sid, 'account_changed');
      return { data: presentUser(user) };
    }),
    handle('delete /api/v1/users/:id', async ({ params, principal, req }) => {
      const id = String(params.id);
      await deleteUser(ctx, id, httpActor(req, principal));
      for (const sid of await revokeUserSessions(ctx, id)) hub()?.revokeSession(sid, 'account_deleted');
    }),
    // Lifts the account's progressive delay and every (account, address) lock at once.
    handle('post /api/v1/users/:id/unlock', async ({ params, principal, req }) => {
      await unlockUser(ctx, String(params.id), httpActor(req, principal));
    }),

    handle('get /api/v1/keys', async () => ({ data: { items: await listCredentials(ctx, COLL.apiKeys) } })),
    handle('post /api/v1/keys', async ({ body, principal, req }) => {
      const { key, record } = await createKey(ctx, body, httpActor(req, principal));
      return { data: { id: record.id, name: record.name, scopes: record.scopes, key } };
    }),
    handle('delete /api/v1/keys/:id', async ({ params, principal, req }) => {
      await revokeCredential(ctx, COLL.apiKeys, String(params.id), httpActor(req, principal));
    }),

    handle('get /api/v1/displays', async () => ({ data: { items: await listDisplays(ctx) } })),
    handle('post /api/v1/displays', async ({ body, principal, req }) => {
      const { token, record } = await createDisplay(ctx, body, httpActor(req, principal));
      const base = ctx.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      return {
        data: {
          id: record.id,
          name: record.name,
          token,
          url: `${base.replace(/\/$/, '')}/wall?token=${encodeURIComponent(token)}`,
        },
      };
    }),
    // The new config reaches the display's open walls on every instance at once.
    handle('patch /api/v1/displays/:id', async ({ params, body, principal, req }) => {
      const id = String(params.id);
      const next = await updateDisplay(ctx, id, body, httpActor(req, principal));
      hub()?.pushDisplayConfig({ displayId: id, config: next.config ?? null, version: next.version });
      return { data: (await showDisplay(ctx, id)) ?? presentDisplay(ctx, next, undefined) };
    }),
    handle('delete /api/v1/displays/:id', async ({ params, principal, req }) => {
      const id = String(params.id);
      await revokeCredential(ctx, COLL.displays, id, httpActor(req, principal));
      hub()?.revokeDisplay(id, 'display_revoked');
    }),

    handle('get /api/v1/audit', async ({ query: { limit, cursor } }) => {
      const page = await listAudit(ctx, limit, cursor);
      return { data: { items: page.items, nextCursor: page.nextCursor, limit } };
    }),
  ];
}
