import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, putDoc } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { decodeCursor, walkIndex, type Page } from '../store/walk.js';
import type { Principal } from './policy.js';

/** One append-only audit entry (shared/schemas/account.ts). */
export type { AuditEntry };

/** Describes a principal for the audit log. */
export function actorOf(p: Principal | null, fallbackName: string | null = null): AuditEntry['actor'] {
  if (!p) return { kind: 'anonymous', id: null, name: fallbackName, role: null, agencyId: null };
  if (p.kind === 'user')
    return { kind: 'user', id: p.userId, name: p.username, role: p.role, agencyId: p.agencyId };
  if (p.kind === 'display')
    return { kind: 'display', id: p.displayId, name: p.name, role: 'display', agencyId: null };
  return { kind: 'key', id: p.keyId, name: p.name, role: 'key', agencyId: null };
}

/** Who did it, from where, over HTTP: the start of every audit entry a request writes. */
export function httpActor(
  req: { ip?: string | undefined },
  p: Principal | null,
): Pick<AuditEntry, 'actor' | 'ip' | 'channel'> {
  return { actor: actorOf(p), ip: req.ip ?? null, channel: 'http' };
}

/** Builds an audit entry to be written in the same commit as the change it records. */
export function auditEntry(ctx: Ctx, e: Omit<AuditEntry, 'id' | 'at' | 'version'>): AuditEntry {
  const at = ctx.now().toISOString();
  return { id: `${at}-${randomUUID().slice(0, 8)}`, at, version: 1, ...e };
}

/** Appends an entry on its own (for events that change nothing else, e.g. failed logins). */
export async function appendAudit(ctx: Ctx, e: Omit<AuditEntry, 'id' | 'at' | 'version'>): Promise<void> {
  const entry = auditEntry(ctx, e);
  await ctx.store.commit({ puts: [putDoc(COLL.audit, entry.id, entry, 'absent')] });
}

/** Audit entries, newest first. */
export async function listAudit(ctx: Ctx, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
  return walkIndex<AuditEntry>(ctx.store, {
    coll: COLL.audit,
    index: IX.audit.all,
    archive: ctx.archive ?? null,
    after: decodeCursor(cursor),
    limit,
    keep: () => true,
  });
}
