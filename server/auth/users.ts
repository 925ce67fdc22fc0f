import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import type { Contacts, NewUser, UserPatch } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { ConflictError, HttpError, ValidationError } from '../errors.js';
import { COLL, allDocs, getDoc, putDoc } from '../store/docs.js';
import type { DocPut } from '../store/store.js';
import { auditEntry, type AuditEntry } from './audit.js';
import type { Role } from './policy.js';
import { secret } from './tokens.js';

/** A person who can log in. The password is kept only as an argon2id hash. */
export interface User {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  agencyId: string | null;
  disabled: boolean;
  /** How screens and notifications name the person (absent in accounts made before it existed). */
  displayName?: string | null;
  /** Where the person is reached (server/oncall/recipients.ts picks the channels). */
  contacts?: Contacts;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What the API shows of a user. */
export function presentUser(u: User) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    agencyId: u.agencyId,
    disabled: u.disabled,
    displayName: u.displayName ?? null,
    contacts: u.contacts ?? {},
    createdAt: u.createdAt,
  };
}

/** Hashes a password with argon2id. */
export function hashPassword(pw: string): Promise<string> {
  return argon2.hash(pw, { type: argon2.argon2id });
}

function checkAgency(ctx: Ctx, role: Role, agencyId: string | null | undefined): string | null {
  if (role === 'liaison') {
    if (!agencyId)
      throw new ValidationError([{ path: ['agencyId'], message: 'a liaison must be bound to an agency' }]);
    if (!ctx.catalog.agencyById.has(agencyId))
      throw new ValidationError([{ path: ['agencyId'], message: `unknown agency "${agencyId}"` }]);
    return agencyId;
  }
  if (agencyId && !ctx.catalog.agencyById.has(agencyId))
    throw new ValidationError([{ path: ['agencyId'], message: `unknown agency "${agencyId}"` }]);
  return agencyId ?? null;
}

/** Finds a user by username. */
export async function findUserByName(ctx: Ctx, username: string): Promise<User | null> {
  const idx = await getDoc<{ userId: string }>(ctx.store, COLL.usernames, username);
  return idx ? getDoc<User>(ctx.store, COLL.users, idx.userId) : null;
}

/** Creates a user; the username must be free. Written with its audit entry. */
export async function createUser(
  ctx: Ctx,
  input: NewUser,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<User> {
  const agencyId = checkAgency(ctx, input.role, input.agencyId);
  const now = ctx.now().toISOString();
  const user: User = {
    id: `u-${randomUUID().slice(0, 12)}`,
    username: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    agencyId,
    disabled: false,
    displayName: input.displayName ?? null,
    contacts: input.contacts ?? {},
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'user.create',
    target: user.id,
    details: presentUser(user),
  });
  const res = await ctx.store.commit({
    puts: [
      putDoc(COLL.usernames, user.username, { userId: user.id, version: 1 }, 'absent'),
      putDoc(COLL.users, user.id, user, 'absent'),
      putDoc(COLL.audit, entry.id, entry, 'absent'),
    ],
  });
  if (!res.ok) throw new ConflictError(`username "${input.username}" is taken`);
  return user;
}

/** Changes a user; returns the new user. */
export async function updateUser(
  ctx: Ctx,
  id: string,
  patch: UserPatch,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<User> {
  const cur = await getDoc<User>(ctx.store, COLL.users, id);
  if (!cur) throw new HttpError(404, 'not_found', 'No such user.');
  const role = patch.role ?? cur.role;
  const agencyId = checkAgency(ctx, role, patch.agencyId === undefined ? cur.agencyId : patch.agencyId);
  const next: User = {
    ...cur,
    role,
    agencyId,
    disabled: patch.disabled ?? cur.disabled,
    displayName: patch.displayName === undefined ? (cur.displayName ?? null) : patch.displayName,
    contacts: patch.contacts ?? cur.contacts ?? {},
    passwordHash: patch.password ? await hashPassword(patch.password) : cur.passwordHash,
    updatedAt: ctx.now().toISOString(),
    version: cur.version + 1,
  };
  const { password: _pw, ...shown } = patch;
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'user.update',
    target: id,
    details: {
      before: presentUser(cur),
      after: presentUser(next),
      passwordChanged: !!patch.password,
      changed: Object.keys(shown),
    },
  });
  const res = await ctx.store.commit({
    puts: [putDoc(COLL.users, id, next, cur.version), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  if (!res.ok) throw new ConflictError('The user changed meanwhile; retry.');
  return next;
}

/** Deletes a user. */
export async function deleteUser(
  ctx: Ctx,
  id: string,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<User> {
  const cur = await getDoc<User>(ctx.store, COLL.users, id);
  if (!cur) throw new HttpError(404, 'not_found', 'No such user.');
  const entry = auditEntry(ctx, { ...audit, action: 'user.delete', target: id, details: presentUser(cur) });
  const puts: DocPut[] = [putDoc(COLL.audit, entry.id, entry, 'absent')];
  await ctx.store.commit({
    puts,
    dels: [
      { coll: COLL.users, id },
      { coll: COLL.usernames, id: cur.username },
    ],
  });
  return cur;
}

/** Every user. */
export function listUsers(ctx: Ctx): Promise<User[]> {
  return allDocs<User>(ctx.store, COLL.users);
}

/**
 * First start: when no admin exists, creates `admin` with PANTAU_ADMIN_PASSWORD, or else with
 * `opts.password` (the demo's kept one) or a random password, returned so it can be printed.
 */
export async function ensureAdmin(
  ctx: Ctx,
  opts: { password?: string } = {},
): Promise<{ created: boolean; password: string | null }> {
  const users = await listUsers(ctx);
  if (users.some((u) => u.role === 'admin' && !u.disabled)) return { created: false, password: null };
  const password = ctx.config.adminPassword ?? opts.password ?? secret(12);
  const existing = await findUserByName(ctx, 'admin');
  const system = {
    actor: { kind: 'system', id: null, name: 'bootstrap', role: null, agencyId: null },
    ip: null,
    channel: 'system' as const,
  };
  if (existing) await updateUser(ctx, existing.id, { role: 'admin', password, disabled: false }, system);
  else await createUser(ctx, { username: 'admin', password, role: 'admin' }, system);
  return { created: true, password: ctx.config.adminPassword ? null : password };
}
