import type { Ctx } from '../context.js';
import { dayOf, type Archive, type ArchivedRecord } from '../store/archive.js';
import { IX, idOfMember, newestFirst, timeOfMember } from '../store/indexes.js';
import { COLL } from '../store/docs.js';
import { compareIds } from '../store/store.js';
import { EVENT_LOG_HOT_MS } from '../../shared/limits.js';
import { CHECKPOINTS, CHECKPOINT_AGE } from '../realtime/replay.js';

const ALERT_INDEX = COLL.alertIndex;

/**
 * Retention: what is older than the horizon moves out of the store into the compressed archive
 * (store/archive.ts), so the store's memory stays flat under a steady load however long the city
 * runs, while the lists, exports and the replay still reach the past.
 *
 * - Closed incidents and alerts, usage samples (PANTAU_RETENTION_DAYS) and audit entries
 *   (PANTAU_AUDIT_RETENTION_DAYS) older than their horizon: written to the day file of their time,
 *   then deleted from the store with their index entries. Open incidents and live alerts stay,
 *   however old.
 * - The event log and the replay checkpoints: archived as they come (the log by the hour, or in
 *   parts of EVENT_PART events when busier), kept in the store for EVENT_LOG_HOT_MS (the live
 *   resync and recent replays read them there).
 *
 * One instance at a time (a lease); each step is "write the archive, then delete": a run stopped in
 * between leaves records in both places, and the next run writes them again (merged by id) and
 * deletes them. SLA rollups and usage aggregates are counters with their own expiry (a year and
 * more), not touched here.
 */

const LEASE = 'retention';
const LEASE_MS = 10 * 60_000;
/** Progress of the event archive: the last event id written to it. */
const EVENTS_THROUGH = 'archive:events:through';
const BATCH = 1_000;
/** Records gathered before the day files are written (and the documents deleted). */
const FLUSH_RECORDS = 50_000;
/** Events settle this long before they are archived (commits in flight land first). */
const EVENT_SETTLE_MS = 60_000;
/** Most events in one archived part of the log. */
const EVENT_PART = 20_000;
const msOf = (id: string): number => Number(id.split('-')[0]);

interface Rule {
  coll: string;
  index: string;
  days: (ctx: Ctx) => number;
  /** A document that may move once past the horizon (closed, for incidents and alerts). */
  movable: (doc: Record<string, unknown>, cutoffMs: number) => boolean;
}

const closedBefore = (doc: Record<string, unknown>, cutoffMs: number, closed: readonly string[]) =>
  typeof doc.updatedAt === 'string' &&
  closed.includes(String(doc.status)) &&
  Date.parse(doc.updatedAt) < cutoffMs;

const RULES: Rule[] = [
  {
    coll: COLL.incidents,
    index: IX.incidents.all,
    days: (ctx) => ctx.config.retentionDays,
    movable: (d, c) => closedBefore(d, c, ['closed', 'cancelled']),
  },
  {
    coll: COLL.alerts,
    index: IX.alerts.all,
    days: (ctx) => ctx.config.retentionDays,
    movable: (d, c) => closedBefore(d, c, ['closed']),
  },
  { coll: COLL.usage, index: IX.usage.all, days: (ctx) => ctx.config.retentionDays, movable: () => true },
  {
    coll: COLL.audit,
    index: IX.audit.all,
    days: (ctx) => ctx.config.auditRetentionDays,
    movable: () => true,
  },
  // Delivered (or given-up) notifications, and silences long ended.
  {
    coll: COLL.notifications,
    index: IX.notifications.all,
    days: (ctx) => ctx.config.retentionDays,
    movable: (d) => d.status === 'sent' || d.status === 'failed',
  },
  {
    coll: COLL.silences,
    index: IX.silences.all,
    days: (ctx) => ctx.config.retentionDays,
    movable: (d, c) => typeof d.endsAt === 'string' && Date.parse(d.endsAt) < c,
  },
];

export interface RetentionReport {
  moved: Record<string, number>;
  events: number;
  checkpoints: number;
  ms: number;
}

/** One retention pass (when this instance holds the lease; null when another does). */
export async function runRetention(ctx: Ctx, archive: Archive): Promise<RetentionReport | null> {
  const owner = ctx.config.instanceId;
  if (!(await ctx.store.acquireLease(LEASE, owner, LEASE_MS))) return null;
  const t0 = performance.now();
  try {
    const now = ctx.now().getTime();
    const moved: Record<string, number> = {};
    for (const rule of RULES) {
      moved[rule.coll] = await moveOld(ctx, archive, rule, now - rule.days(ctx) * 86_400_000, () =>
        ctx.store.acquireLease(LEASE, owner, LEASE_MS),
      );
    }
    moved.sessions = await purgeSessions(ctx, now - ctx.config.sessionMaxMs);
    const checkpoints = await archiveCheckpoints(ctx, archive, now - EVENT_LOG_HOT_MS);
    const events = await archiveEvents(ctx, archive, now);
    const report = { moved, events, checkpoints, ms: Math.round(performance.now() - t0) };
    if (events || checkpoints || Object.values(moved).some((n) => n > 0))
      ctx.log.info(report, 'retention: moved to the archive');
    return report;
  } finally {
    await ctx.store.releaseLease(LEASE, owner);
  }
}

/** Moves the movable documents of one collection older than `cutoffMs` to the archive; returns how many. */
async function moveOld(
  ctx: Ctx,
  archive: Archive,
  rule: Rule,
  cutoffMs: number,
  renew: () => Promise<boolean>,
): Promise<number> {
  // Newest first: the members past the cutoff's position are the older ones.
  let after: string | null = `${newestFirst(new Date(cutoffMs).toISOString())}|~`;
  let moved = 0;
  // Records gathered per day, written once the buffer is full (a day file is rewritten whole, so
  // writing it per read batch would cost the square of its size).
  let buffer = new Map<string, Movable[]>();
  let buffered = 0;
  const flush = async () => {
    for (const [day, records] of buffer) {
      await archive.write(
        rule.coll,
        day,
        records.map(({ id, json }) => ({ id, json })),
      );
      // Only once the day file is durable do the documents leave the store.
      for (let i = 0; i < records.length; i += BATCH)
        moved += await deleteArchived(ctx, rule.coll, records.slice(i, i + BATCH));
    }
    buffer = new Map();
    buffered = 0;
    if (!(await renew())) throw new Error('retention: lease lost');
  };
  for (;;) {
    const members = await ctx.store.lexRange(rule.index, after, BATCH);
    after = members.at(-1) ?? after;
    const docs = await ctx.store.getMany(rule.coll, members.map(idOfMember));
    members.forEach((member, i) => {
      const json = docs[i];
      if (!json) return;
      const doc = JSON.parse(json) as Record<string, unknown>;
      if (!rule.movable(doc, cutoffMs)) return;
      const day = dayOf(timeOfMember(member));
      const version = typeof doc.version === 'number' ? doc.version : undefined;
      const dedupeKey =
        rule.coll === COLL.alerts && typeof doc.dedupeKey === 'string' ? doc.dedupeKey : undefined;
      const list = buffer.get(day) ?? [];
      list.push({
        id: idOfMember(member),
        json,
        ...(version === undefined ? {} : { version }),
        ...(dedupeKey ? { dedupeKey } : {}),
      });
      buffer.set(day, list);
      buffered++;
    });
    const end = members.length < BATCH;
    if (buffered >= FLUSH_RECORDS || (end && buffered > 0)) await flush();
    if (end) return moved;
  }
}

interface Movable {
  id: string;
  json: string;
  version?: number;
  dedupeKey?: string;
}

/**
 * Deletes archived documents from the store, each only if unchanged since it was read (a document
 * updated meanwhile stays, and is archived again, newer, when its time comes). A closed alert takes
 * its dedupe pointer with it when that still points to it. Returns how many left the store.
 */
async function deleteArchived(ctx: Ctx, coll: string, records: Movable[]): Promise<number> {
  const pointers = new Map<string, { alertId: string; version: number }>();
  const keys = records.flatMap((r) => r.dedupeKey ?? []);
  if (keys.length) {
    const rows = await ctx.store.getMany(ALERT_INDEX, keys);
    keys.forEach(
      (k, i) => rows[i] && pointers.set(k, JSON.parse(rows[i] ?? '') as { alertId: string; version: number }),
    );
  }
  let left = records;
  for (let attempt = 0; attempt < 5 && left.length; attempt++) {
    const dels: { coll: string; id: string; expect?: number }[] = [];
    for (const r of left) {
      dels.push({ coll, id: r.id, ...(r.version === undefined ? {} : { expect: r.version }) });
      const ptr = r.dedupeKey ? pointers.get(r.dedupeKey) : undefined;
      if (r.dedupeKey && ptr?.alertId === r.id)
        dels.push({ coll: ALERT_INDEX, id: r.dedupeKey, expect: ptr.version });
    }
    const res = await ctx.store.commit({ dels });
    if (res.ok) return left.length;
    // Someone wrote one of them meanwhile: leave that one (and its pointer) for a later pass.
    const { coll: c, id } = res.conflict;
    left = left.filter((r) => !(c === coll ? r.id === id : r.dedupeKey === id));
  }
  return 0;
}

/**
 * Deletes the sessions past their absolute expiry: a session is otherwise removed only when it is
 * next used, and one never used again (a closed browser) would stay for good.
 */
async function purgeSessions(ctx: Ctx, cutoffMs: number): Promise<number> {
  let purged = 0;
  for (;;) {
    const members = await ctx.store.lexRange(
      IX.sessions.all,
      `${newestFirst(new Date(cutoffMs).toISOString())}|~`,
      BATCH,
    );
    if (members.length === 0) return purged;
    await ctx.store.commit({ dels: members.map((m) => ({ coll: COLL.sessions, id: idOfMember(m) })) });
    purged += members.length;
  }
}

/** Archives the replay checkpoints older than `cutoffMs` and removes them from the store. */
async function archiveCheckpoints(ctx: Ctx, archive: Archive, cutoffMs: number): Promise<number> {
  let moved = 0;
  for (;;) {
    // Oldest first (`<ms>|<id>`), up to the cutoff.
    const members = (await ctx.store.lexRange(CHECKPOINT_AGE, null, 200)).filter(
      (m) => Number(m.split('|')[0]) < cutoffMs,
    );
    if (members.length === 0) return moved;
    const docs = await ctx.store.getMany(CHECKPOINTS, members.map(idOfMember));
    const byDay = new Map<string, ArchivedRecord[]>();
    members.forEach((m, i) => {
      const json = docs[i];
      if (!json) return;
      const day = dayOf(Number(m.split('|')[0]));
      byDay.set(day, [...(byDay.get(day) ?? []), { id: idOfMember(m), json }]);
    });
    for (const [day, records] of byDay) await archive.write(CHECKPOINTS, day, records);
    await ctx.store.commit({ dels: members.map((m) => ({ coll: CHECKPOINTS, id: idOfMember(m) })) });
    moved += members.length;
    if (members.length < 200) return moved;
  }
}

/**
 * Appends the settled events of the log to the archive (in parts), records how
 * far it got, and trims the store's log to the hot window — never past what is archived.
 */
async function archiveEvents(ctx: Ctx, archive: Archive, now: number): Promise<number> {
  let through = (await ctx.store.getValue(EVENTS_THROUGH)) ?? '0';
  const [first] = await ctx.store.readEvents('0', 1);
  if (first && through !== '0' && compareIds(first.id, through) > 0) {
    // The log's length cap trimmed events this job had not archived yet (a burst beyond the cap).
    ctx.log.warn(
      { through, first: first.id },
      'retention: the event log was trimmed past the archive; replay has a gap there',
    );
  }
  const settled = now - EVENT_SETTLE_MS;
  const hourStart = Math.floor(now / 3_600_000) * 3_600_000;
  let archived = 0;
  for (;;) {
    const read = (await ctx.store.readEvents(through, EVENT_PART)).filter((e) => msOf(e.id) <= settled);
    // A short tail of the current hour waits for the hour to end (fewer, larger parts); a full part goes at once.
    const events = read.length === EVENT_PART ? read : read.filter((e) => msOf(e.id) < hourStart);
    if (events.length === 0) break;
    await archive.writeEvents(events);
    through = events.at(-1)?.id ?? through;
    await ctx.store.setValue(EVENTS_THROUGH, through);
    archived += events.length;
    if (read.length < EVENT_PART) break;
  }
  // The hot window stays in the store; nothing not yet archived is trimmed.
  const hotFrom = `${now - EVENT_LOG_HOT_MS}-0`;
  const [ms = '0', seq = '0'] = through.split('-');
  const pastArchived = `${ms}-${BigInt(seq) + 1n}`;
  const minId = compareIds(pastArchived, hotFrom) < 0 ? pastArchived : hotFrom;
  if (through !== '0') await ctx.store.trimEvents(minId);
  return archived;
}

/** Runs retention now and every `everyMs` (one instance at a time); returns the stopper. */
export function startRetention(ctx: Ctx, archive: Archive, everyMs: number): () => void {
  let busy = false;
  const tick = () => {
    if (busy || !ctx.store.isReady()) return;
    busy = true;
    runRetention(ctx, archive)
      .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'retention: pass failed; next time'))
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  const untrack = ctx.resources?.track('retention') ?? (() => undefined);
  return () => {
    clearInterval(timer);
    untrack();
  };
}
