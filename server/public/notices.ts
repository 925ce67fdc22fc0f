import { randomUUID } from 'node:crypto';
import {
  MAX_NOTICE_UPDATES,
  NoticeSchema,
  type Notice,
  type NoticeInput,
  type NoticePatch,
} from '../../shared/schemas/index.js';
import { auditEntry, type AuditEntry } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { HttpError, ValidationError } from '../errors.js';
import { COLL, getDoc, putDoc } from '../store/docs.js';

type AuditBase = Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>;

function checkServices(ctx: Ctx, ids: string[] | undefined): void {
  const issues = (ids ?? []).flatMap((id, i) =>
    ctx.catalog.serviceById.has(id) ? [] : [{ path: ['serviceIds', i], message: `unknown service "${id}"` }],
  );
  if (issues.length) throw new ValidationError(issues);
}

/** Every valid stored notice, newest start first (an invalid stored one is left out). */
export async function listNotices(ctx: Ctx): Promise<Notice[]> {
  const out: Notice[] = [];
  for (const [, json] of await ctx.store.entries(COLL.notices)) {
    try {
      const r = NoticeSchema.safeParse(JSON.parse(json));
      if (r.success) out.push(r.data);
    } catch {
      /* not JSON: left out */
    }
  }
  return out.sort((a, b) => b.startsAt.localeCompare(a.startsAt) || b.createdAt.localeCompare(a.createdAt));
}

/** Publishes a notice (audited in the same commit). */
export async function createNotice(ctx: Ctx, input: NoticeInput, audit: AuditBase): Promise<Notice> {
  checkServices(ctx, input.serviceIds);
  const now = ctx.now().toISOString();
  const startsAt = input.startsAt ?? now;
  if (input.endsAt && input.endsAt <= startsAt)
    throw new ValidationError([{ path: ['endsAt'], message: 'endsAt must be after startsAt' }]);
  const n: Notice = {
    ...input,
    startsAt,
    id: `ntc-${randomUUID().slice(0, 12)}`,
    status: 'active',
    updates: [],
    createdAt: now,
    createdBy: audit.actor.name,
    updatedAt: now,
    version: 1,
  };
  const entry = auditEntry(ctx, { ...audit, action: 'notice.create', target: n.id, details: n });
  await ctx.store.commit({
    puts: [putDoc(COLL.notices, n.id, n, 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  return n;
}

async function current(ctx: Ctx, id: string): Promise<Notice> {
  const cur = await getDoc<Notice>(ctx.store, COLL.notices, id);
  if (!cur) throw new HttpError(404, 'not_found', 'No such notice.');
  return cur;
}

/** Changes a notice, appends an update or closes it (audited, version-checked: a lost race is a 409). */
export async function patchNotice(
  ctx: Ctx,
  id: string,
  patch: NoticePatch,
  audit: AuditBase,
): Promise<Notice> {
  checkServices(ctx, patch.serviceIds);
  const cur = await current(ctx, id);
  if (patch.expectedVersion !== undefined && patch.expectedVersion !== cur.version)
    throw new HttpError(409, 'conflict', 'The notice was changed meanwhile; reload it.', {
      details: { current: cur },
    });
  const { update, expectedVersion: _v, ...fields } = patch;
  const now = ctx.now().toISOString();
  if (update && cur.updates.length >= MAX_NOTICE_UPDATES)
    throw new ValidationError([{ path: ['update'], message: `at most ${MAX_NOTICE_UPDATES} updates` }]);
  const next: Notice = {
    ...cur,
    ...fields,
    updates: update ? [...cur.updates, { at: now, body: update }] : cur.updates,
    updatedAt: now,
    version: cur.version + 1,
  };
  if (next.endsAt && next.endsAt <= next.startsAt)
    throw new ValidationError([{ path: ['endsAt'], message: 'endsAt must be after startsAt' }]);
  const action = patch.status === 'closed' && cur.status !== 'closed' ? 'notice.close' : 'notice.update';
  const entry = auditEntry(ctx, { ...audit, action, target: id, details: { before: cur, after: next } });
  const r = await ctx.store.commit({
    puts: [putDoc(COLL.notices, id, next, cur.version), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  if (!r.ok) throw new HttpError(409, 'conflict', 'The notice was changed meanwhile; reload it.');
  return next;
}

/** Removes a notice (audited). */
export async function deleteNotice(ctx: Ctx, id: string, audit: AuditBase): Promise<void> {
  const cur = await current(ctx, id);
  const entry = auditEntry(ctx, { ...audit, action: 'notice.delete', target: id, details: cur });
  await ctx.store.commit({
    dels: [{ coll: COLL.notices, id }],
    puts: [putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
}
