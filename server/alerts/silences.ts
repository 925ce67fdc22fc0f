import { randomUUID } from 'node:crypto';
import type { Alert } from '../../shared/schemas/index.js';
import { auditEntry, type AuditEntry } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { HttpError, ValidationError } from '../errors.js';
import { COLL, SETS, allDocs, event, getDoc, putDoc } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { readIndex } from '../store/walk.js';
import { messageJobs } from './notify.js';

const SILENCES = COLL.silences;
/** Sorted set of silence ends, so their expiry is announced once. */
export const SILENCE_EXPIRY_SET = SETS.silenceExpiry;

export { SilenceInputSchema, type Silence, type SilenceInput } from '../../shared/schemas/index.js';
import type { Silence, SilenceInput } from '../../shared/schemas/index.js';

/** Whether a silence is in force at `now` and covers the alert. */
export function silences(
  s: Pick<Silence, 'agencyId' | 'serviceId' | 'startsAt' | 'endsAt' | 'expired'>,
  alert: Pick<Alert, 'agencyId' | 'dedupeKey'>,
  now: string,
): boolean {
  if (s.expired || now < s.startsAt || now >= s.endsAt) return false;
  if (s.serviceId) return alert.dedupeKey === `service:${s.serviceId}`;
  return alert.agencyId === s.agencyId;
}

/** The silence in force for an alert, if any. */
export async function activeSilenceFor(
  ctx: Ctx,
  alert: Pick<Alert, 'agencyId' | 'dedupeKey'>,
  now: string,
): Promise<Silence | null> {
  const all = await allDocs<Silence>(ctx.store, SILENCES);
  return all.find((s) => silences(s, alert, now)) ?? null;
}

function checkScope(ctx: Ctx, input: SilenceInput): void {
  if (input.agencyId && !ctx.catalog.agencyById.has(input.agencyId))
    throw new ValidationError([{ path: ['agencyId'], message: `unknown agency "${input.agencyId}"` }]);
  if (input.serviceId && !ctx.catalog.serviceById.has(input.serviceId))
    throw new ValidationError([{ path: ['serviceId'], message: `unknown service "${input.serviceId}"` }]);
}

/** The open alerts a silence would match (a preview before creating it). */
export async function previewSilence(ctx: Ctx, input: SilenceInput): Promise<Alert[]> {
  checkScope(ctx, input);
  const now = ctx.now().toISOString();
  const probe = {
    agencyId: input.agencyId ?? null,
    serviceId: input.serviceId ?? null,
    startsAt: input.startsAt ?? now,
    endsAt: input.endsAt,
    expired: false,
  };
  const at = probe.startsAt > now ? probe.startsAt : now;
  const alerts = await readIndex<Alert>(ctx.store, COLL.alerts, IX.alerts.live);
  return alerts.filter((a) => a.status !== 'closed' && a.status !== 'resolved' && silences(probe, a, at));
}

/** Creates a silence (with its audit entry and expiry timer). */
export async function createSilence(
  ctx: Ctx,
  input: SilenceInput,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<Silence> {
  checkScope(ctx, input);
  const now = ctx.now().toISOString();
  if (input.endsAt <= now)
    throw new ValidationError([{ path: ['endsAt'], message: 'endsAt must be in the future' }]);
  const s: Silence = {
    id: `sil-${randomUUID().slice(0, 12)}`,
    agencyId: input.agencyId ?? null,
    serviceId: input.serviceId ?? null,
    reason: input.reason,
    author: { username: audit.actor.name ?? '?', role: audit.actor.role ?? '?' },
    createdAt: now,
    startsAt: input.startsAt ?? now,
    endsAt: input.endsAt,
    expired: false,
    version: 1,
  };
  const entry = auditEntry(ctx, { ...audit, action: 'silence.create', target: s.id, details: s });
  await ctx.store.commit({
    puts: [putDoc(SILENCES, s.id, s, 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')],
    zadds: [{ set: SILENCE_EXPIRY_SET, member: s.id, score: Date.parse(s.endsAt) }],
    events: [event('silence', s)],
  });
  return s;
}

/** Ends a silence now (its expiry is announced by the worker). */
export async function expireSilenceNow(
  ctx: Ctx,
  id: string,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<Silence> {
  const cur = await getDoc<Silence>(ctx.store, SILENCES, id);
  if (!cur) throw new HttpError(404, 'not_found', 'No such silence.');
  const now = ctx.now().toISOString();
  const next = { ...cur, endsAt: now < cur.endsAt ? now : cur.endsAt, version: cur.version + 1 };
  const entry = auditEntry(ctx, { ...audit, action: 'silence.end', target: id });
  await ctx.store.commit({
    puts: [putDoc(SILENCES, id, next, cur.version), putDoc(COLL.audit, entry.id, entry, 'absent')],
    zadds: [{ set: SILENCE_EXPIRY_SET, member: id, score: Date.parse(next.endsAt) }],
  });
  return next;
}

/** Every silence, newest first. */
export async function listSilences(ctx: Ctx): Promise<Silence[]> {
  // Newest first from the index; silences ended before the retention horizon are in the archive.
  return readIndex<Silence>(ctx.store, SILENCES, IX.silences.all);
}

/** Announces every silence that has ended (audit entry, live event, notification), once. */
export async function runSilenceExpiry(ctx: Ctx): Promise<number> {
  const due = await ctx.store.due(SILENCE_EXPIRY_SET, ctx.now().getTime(), 50);
  let n = 0;
  for (const { member } of due) {
    const s = await getDoc<Silence>(ctx.store, SILENCES, member);
    if (!s || s.expired) {
      await ctx.store.commit({ zrems: [{ set: SILENCE_EXPIRY_SET, member }] });
      continue;
    }
    const next = { ...s, expired: true, version: s.version + 1 };
    const scope = s.serviceId ?? s.agencyId ?? '?';
    const jobs = messageJobs(
      ctx,
      `${s.id}:expired`,
      `[Pantau] Senyap berakhir untuk ${scope}: ${s.reason}`,
      { event: 'silence.expired', silence: next },
      { alertId: '', agencyId: s.agencyId },
    );
    const entry = auditEntry(ctx, {
      action: 'silence.expired',
      actor: { kind: 'system', id: null, name: 'silences', role: null, agencyId: null },
      ip: null,
      channel: 'system',
      target: s.id,
    });
    const res = await ctx.store.commit({
      puts: [
        putDoc(SILENCES, s.id, next, s.version),
        putDoc(COLL.audit, entry.id, entry, 'absent'),
        ...jobs.puts,
      ],
      zrems: [{ set: SILENCE_EXPIRY_SET, member }],
      zadds: jobs.zadds,
      events: [event('silence', next)],
    });
    if (res.ok) n++;
  }
  return n;
}
