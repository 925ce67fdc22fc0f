import { createHash } from 'node:crypto';
import type { NewReportBlock, ReportBlock } from '../../shared/schemas/index.js';
import { auditEntry, type AuditEntry } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, allDocs, getDoc, putDoc } from '../store/docs.js';

type AuditBase = Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>;

/** The form a blocked value is compared in: e-mails lower-cased, phones as digits (+62/0 prefix folded). */
export function normalizeBlockValue(kind: ReportBlock['kind'], value: string): string {
  const v = value.trim();
  if (kind === 'email') return v.toLowerCase();
  if (kind === 'phone') return v.replace(/\D/g, '').replace(/^62/, '0');
  if (kind === 'telegram') return v.replace(/[^\d-]/g, '');
  return v.replace(/^::ffff:/, '');
}

const idOf = (kind: string, norm: string) =>
  `${kind}-${createHash('sha256').update(`${kind}:${norm}`).digest('hex').slice(0, 16)}`;

/** Blocks a sender (audited); blocking the same value twice keeps the first entry. */
export async function addBlock(ctx: Ctx, input: NewReportBlock, audit: AuditBase): Promise<ReportBlock> {
  const value = normalizeBlockValue(input.kind, input.value);
  if (!value) throw new HttpError(400, 'invalid_request', 'Nothing to block.');
  const id = idOf(input.kind, value);
  const cur = await getDoc<ReportBlock>(ctx.store, COLL.reportBlocks, id);
  if (cur) return cur;
  const block: ReportBlock = {
    id,
    kind: input.kind,
    value,
    reason: input.reason ?? null,
    createdAt: ctx.now().toISOString(),
    createdBy: audit.actor.name ?? null,
    version: 1,
  };
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'report.block',
    target: id,
    details: { kind: input.kind },
  });
  await ctx.store.commit({
    puts: [putDoc(COLL.reportBlocks, id, block, 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  return block;
}

/** Lifts a block (audited). */
export async function removeBlock(ctx: Ctx, id: string, audit: AuditBase): Promise<void> {
  const cur = await getDoc<ReportBlock>(ctx.store, COLL.reportBlocks, id);
  if (!cur) throw new HttpError(404, 'not_found', 'No such block.');
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'report.unblock',
    target: id,
    details: { kind: cur.kind },
  });
  await ctx.store.commit({
    dels: [{ coll: COLL.reportBlocks, id, expect: cur.version }],
    puts: [putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
}

/** Every block, oldest first. */
export async function listBlocks(ctx: Ctx): Promise<ReportBlock[]> {
  return (await allDocs<ReportBlock>(ctx.store, COLL.reportBlocks)).sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
}

/** Refuses (403 `blocked`) a sender whose address, e-mail or phone is on the block list. */
export async function refuseBlocked(
  ctx: Ctx,
  who: { ip: string | null; email: string | null; phone: string | null; telegramChatId?: string | null },
): Promise<void> {
  const ids = (['ip', 'email', 'phone', 'telegram'] as const).flatMap((kind) => {
    const v = kind === 'telegram' ? who.telegramChatId : who[kind];
    return v ? [idOf(kind, normalizeBlockValue(kind, v))] : [];
  });
  if (!ids.length) return;
  const found = await ctx.store.getMany(COLL.reportBlocks, ids);
  if (found.some((d) => d !== null))
    throw new HttpError(403, 'blocked', 'Reports from this sender are not accepted.');
}
