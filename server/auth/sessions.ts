import argon2 from 'argon2';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, getDoc, putDoc } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { readIndex } from '../store/walk.js';
import { appendAudit } from './audit.js';
import type { LoginLimits } from './loginLimits.js';
import type { Principal } from './policy.js';
import { secret } from './tokens.js';
import { findUserByName, type User } from './users.js';

/** A login session, kept in the store so every instance sees it and revocation is immediate. */
export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  version: number;
}

/** Only refresh `lastSeenAt` this often, to keep reads cheap. */
const TOUCH_EVERY_MS = 60_000;

// A fixed hash to verify against when the user is unknown, so both failures cost the same time.
let dummyHash: Promise<string> | null = null;

/**
 * Logs in: reserves the attempt with the login limits first (429 when locked or delayed, nothing
 * verified), then verifies the password (argon2id), answers the same 401 for an unknown user and a
 * wrong password, and creates a session.
 */
export async function login(
  ctx: Ctx,
  limits: LoginLimits,
  username: string,
  password: string,
  ip: string | null,
): Promise<{ session: Session; user: User }> {
  const attempt = await limits.reserve(username, ip);
  const user = await findUserByName(ctx, username);
  dummyHash ??= argon2.hash('not-a-real-password', { type: argon2.argon2id });
  const ok = await argon2.verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  if (!user || !ok || user.disabled) {
    await appendAudit(ctx, {
      action: 'auth.login_failed',
      actor: { kind: 'anonymous', id: null, name: username.slice(0, 64), role: null, agencyId: null },
      ip,
      channel: 'http',
    });
    await attempt.failed(user?.id ?? null);
    throw new HttpError(401, 'invalid_credentials', 'Invalid username or password.');
  }
  await attempt.succeeded();
  const now = ctx.now().toISOString();
  const session: Session = {
    id: secret(24),
    userId: user.id,
    csrfToken: secret(24),
    createdAt: now,
    lastSeenAt: now,
    ip,
    version: 1,
  };
  await ctx.store.commit({ puts: [putDoc(COLL.sessions, session.id, session, 'absent')] });
  await appendAudit(ctx, {
    action: 'auth.login',
    actor: { kind: 'user', id: user.id, name: user.username, role: user.role, agencyId: user.agencyId },
    ip,
    channel: 'http',
  });
  return { session, user };
}

/** Resolves a session id to its principal, enforcing idle and absolute expiry. */
export async function principalFromSession(ctx: Ctx, sessionId: string): Promise<Principal | null> {
  const s = await getDoc<Session>(ctx.store, COLL.sessions, sessionId);
  if (!s) return null;
  const now = ctx.now().getTime();
  if (
    now - Date.parse(s.lastSeenAt) > ctx.config.sessionIdleMs ||
    now - Date.parse(s.createdAt) > ctx.config.sessionMaxMs
  ) {
    await ctx.store.commit({ dels: [{ coll: COLL.sessions, id: s.id }] });
    return null;
  }
  const user = await getDoc<User>(ctx.store, COLL.users, s.userId);
  if (!user || user.disabled) return null;
  if (now - Date.parse(s.lastSeenAt) > TOUCH_EVERY_MS) {
    const touched = { ...s, lastSeenAt: new Date(now).toISOString(), version: s.version + 1 };
    await ctx.store.commit({ puts: [putDoc(COLL.sessions, s.id, touched)] });
  }
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    role: user.role,
    agencyId: user.agencyId,
    sessionId: s.id,
    csrfToken: s.csrfToken,
  };
}

/** Ends one session. */
export async function revokeSession(ctx: Ctx, sessionId: string): Promise<void> {
  await ctx.store.commit({ dels: [{ coll: COLL.sessions, id: sessionId }] });
}

/** Ends every session of a user (role change, disable, delete); returns the ended ids. */
export async function revokeUserSessions(ctx: Ctx, userId: string): Promise<string[]> {
  const all = (await readIndex<Session>(ctx.store, COLL.sessions, IX.sessions.user(userId))).filter(
    (s) => s.userId === userId,
  );
  if (all.length) await ctx.store.commit({ dels: all.map((s) => ({ coll: COLL.sessions, id: s.id })) });
  return all.map((s) => s.id);
}
