import { randomBytes } from 'node:crypto';
import type { DisplayConfig, NewDisplay, NewKey } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, allDocs, getDoc, putDoc } from '../store/docs.js';
import { auditEntry, type AuditEntry } from './audit.js';
import type { Principal, Scope } from './policy.js';
import { parseToken, sameHash, secret, tokenHash } from './tokens.js';

/** The collections credentials live in. */
export type CredentialColl = typeof COLL.apiKeys | typeof COLL.displays;

/** A feed source's API key; only its hash is stored. */
export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  hash: string;
  createdAt: string;
  revokedAt: string | null;
  version: number;
}

/** A wall screen's read-only token; only its hash is stored. */
export interface Display {
  id: string;
  name: string;
  hash: string;
  createdAt: string;
  revokedAt: string | null;
  /** What its wall shows (server/displays/displays.ts); absent or null: the wall URL's parameters rule. */
  config?: DisplayConfig | null;
  version: number;
}

type AuditBase = Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>;
const newId = () => randomBytes(6).toString('hex');

/** Creates an API key; the plain key is returned once and never stored. */
export async function createKey(
  ctx: Ctx,
  input: NewKey,
  audit: AuditBase,
): Promise<{ key: string; record: ApiKey }> {
  const id = newId();
  const key = `pk_${id}_${secret(24)}`;
  const record: ApiKey = {
    id,
    name: input.name,
    scopes: [...new Set(input.scopes)],
    hash: tokenHash(key),
    createdAt: ctx.now().toISOString(),
    revokedAt: null,
    version: 1,
  };
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'key.create',
    target: id,
    details: { name: record.name, scopes: record.scopes },
  });
  await ctx.store.commit({
    puts: [putDoc(COLL.apiKeys, id, record, 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  return { key, record };
}

/** Creates a display token; the plain token is returned once. */
export async function createDisplay(
  ctx: Ctx,
  input: NewDisplay,
  audit: AuditBase,
): Promise<{ token: string; record: Display }> {
  const id = newId();
  const token = `pd_${id}_${secret(24)}`;
  const record: Display = {
    id,
    name: input.name,
    hash: tokenHash(token),
    createdAt: ctx.now().toISOString(),
    revokedAt: null,
    version: 1,
  };
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'display.create',
    target: id,
    details: { name: record.name },
  });
  await ctx.store.commit({
    puts: [putDoc(COLL.displays, id, record, 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  return { token, record };
}

/** Revokes a key or display by id. */
export async function revokeCredential(
  ctx: Ctx,
  coll: CredentialColl,
  id: string,
  audit: AuditBase,
): Promise<ApiKey | Display> {
  const cur = await getDoc<ApiKey | Display>(ctx.store, coll, id);
  if (!cur) throw new HttpError(404, 'not_found', 'Not found.');
  if (cur.revokedAt) return cur;
  const next = { ...cur, revokedAt: ctx.now().toISOString(), version: cur.version + 1 };
  const entry = auditEntry(ctx, {
    ...audit,
    action: coll === COLL.apiKeys ? 'key.revoke' : 'display.revoke',
    target: id,
    details: { name: cur.name },
  });
  await ctx.store.commit({
    puts: [putDoc(coll, id, next, cur.version), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  return next;
}

/** Lists keys or displays without their hashes. */
export async function listCredentials(ctx: Ctx, coll: CredentialColl) {
  const all = await allDocs<ApiKey | Display>(ctx.store, coll);
  return all.map(({ hash: _h, ...rest }) => rest).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Resolves a bearer API key to its principal (null if unknown or revoked). */
export async function principalFromKey(ctx: Ctx, key: string): Promise<Principal | null> {
  const parsed = parseToken(key, 'pk');
  if (!parsed) return null;
  const rec = await getDoc<ApiKey>(ctx.store, COLL.apiKeys, parsed.id);
  if (!rec || rec.revokedAt || !sameHash(rec.hash, tokenHash(key))) return null;
  return { kind: 'key', keyId: rec.id, name: rec.name, scopes: rec.scopes };
}

/** Resolves a display token; `revoked` when it existed but was revoked. */
export async function principalFromDisplayToken(
  ctx: Ctx,
  token: string,
): Promise<Principal | 'revoked' | null> {
  const parsed = parseToken(token, 'pd');
  if (!parsed) return null;
  const rec = await getDoc<Display>(ctx.store, COLL.displays, parsed.id);
  if (!rec || !sameHash(rec.hash, tokenHash(token))) return null;
  if (rec.revokedAt) return 'revoked';
  return { kind: 'display', displayId: rec.id, name: rec.name };
}
