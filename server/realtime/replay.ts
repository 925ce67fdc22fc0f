import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, putDoc } from '../store/docs.js';
import { idOfMember, newestFirst } from '../store/indexes.js';
import { dayOf } from '../store/archive.js';
import { compareIds } from '../store/store.js';
import { Projection } from './projection.js';
import { readState, type State } from './snapshot.js';

/**
 * Replay: the live set as it was at any past instant the store still covers. Every few minutes one
 * instance (leased) writes a checkpoint — the live set plus the event-log position it is current
 * to —; the state at T is the newest checkpoint at or before T with the logged events up to T
 * applied on top, through the same projection the live screens use.
 */

export const CHECKPOINTS = COLL.checkpoints;
const CHECKPOINT_INDEX = 'checkpoint:all';
/** The same checkpoints oldest first, for trimming. */
export const CHECKPOINT_AGE = 'checkpoint:age';
const LEASE = 'replay:checkpoint';
const EVENT_BATCH = 2_000;

interface Checkpoint {
  id: string;
  at: string;
  /** The last event the state includes. */
  eventId: string;
  state: State;
  version: number;
}

/** Milliseconds of a stream id (`ms-seq`). */
const msOf = (eventId: string): number => Number(eventId.split('-')[0]);

/** Writes a checkpoint of the current live set (if this instance holds the lease). */
export async function takeCheckpoint(ctx: Ctx): Promise<boolean> {
  if (!(await ctx.store.acquireLease(LEASE, ctx.config.instanceId, 60_000))) return false;
  try {
    const eventId = await ctx.store.lastEventId();
    const state = await readState(ctx);
    const at = ctx.now().toISOString();
    const cp: Checkpoint = { id: `cp-${Date.parse(at)}`, at, eventId, state, version: 1 };
    const ms = String(Date.parse(at)).padStart(13, '0');
    await ctx.store.commit({
      puts: [
        {
          ...putDoc(CHECKPOINTS, cp.id, cp),
          index: [
            [CHECKPOINT_INDEX, `${newestFirst(at)}|${cp.id}`],
            [CHECKPOINT_AGE, `${ms}|${cp.id}`],
          ],
        },
      ],
    });
    // With an archive, retention moves old checkpoints there; without one they are only trimmed.
    if (!ctx.archive) await trimCheckpoints(ctx);
    return true;
  } finally {
    await ctx.store.releaseLease(LEASE, ctx.config.instanceId);
  }
}

/**
 * Drops checkpoints the event log no longer reaches past: of those older than the log's first
 * event, only the newest stays (replay starts from it); the rest could answer nothing.
 */
async function trimCheckpoints(ctx: Ctx): Promise<void> {
  const [first] = await ctx.store.readEvents('0', 1);
  if (!first) return;
  const firstMs = msOf(first.id);
  const oldest = await ctx.store.lexRange(CHECKPOINT_AGE, null, 200);
  const before = oldest.filter((m) => Number(m.split('|')[0]) < firstMs);
  const drop = before.slice(0, -1).map(idOfMember);
  if (drop.length) await ctx.store.commit({ dels: drop.map((id) => ({ coll: CHECKPOINTS, id })) });
}

/** Takes a checkpoint now and every `everyMs` (one instance at a time); returns the stopper. */
export function startCheckpoints(ctx: Ctx, everyMs: number): () => void {
  let busy = false;
  const tick = () => {
    if (busy || !ctx.store.isReady()) return;
    busy = true;
    takeCheckpoint(ctx)
      .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'replay: checkpoint failed; next time'))
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  const untrack = ctx.resources?.track('replay_checkpoints') ?? (() => undefined);
  return () => {
    clearInterval(timer);
    untrack();
  };
}

/** The newest checkpoint at or before `t` in the store. */
async function storedCheckpoint(ctx: Ctx, at: string): Promise<Checkpoint | null> {
  // The first member from T's position on (newest first).
  const [member] = await ctx.store.lexRange(CHECKPOINT_INDEX, newestFirst(at), 1);
  const json = member ? await ctx.store.get(CHECKPOINTS, idOfMember(member)) : null;
  return json ? (JSON.parse(json) as Checkpoint) : null;
}

/** The newest archived checkpoint at or before `t` (the day of T, else the day before). */
async function archivedCheckpoint(ctx: Ctx, t: number): Promise<Checkpoint | null> {
  if (!ctx.archive) return null;
  for (const day of [dayOf(t), dayOf(t - 86_400_000)]) {
    const cps = (await ctx.archive.records(CHECKPOINTS, day))
      .map((r) => JSON.parse(r.json) as Checkpoint)
      .filter((c) => Date.parse(c.at) <= t);
    const newest = cps.reduce<Checkpoint | null>((best, c) => (!best || c.at > best.at ? c : best), null);
    if (newest) return newest;
  }
  return null;
}

/**
 * The live set as it was at `at` (ISO, not in the future), or 410 when neither the store nor the
 * archive covers that instant. Starts from the newest checkpoint at or before it (in the store,
 * else in the archive) and applies the logged events up to it — archived ones first, then the
 * store's.
 */
export async function stateAt(ctx: Ctx, at: string): Promise<State> {
  const t = Date.parse(at);
  const stored = await storedCheckpoint(ctx, at);
  const archived = await archivedCheckpoint(ctx, t);
  const cp = stored && archived ? (stored.at >= archived.at ? stored : archived) : (stored ?? archived);
  const [first] = await ctx.store.readEvents('0', 1);
  if (
    !ctx.archive &&
    cp &&
    first &&
    cp.eventId !== '0' &&
    compareIds(first.id, cp.eventId) > 0 &&
    msOf(first.id) <= t
  ) {
    // The log was trimmed past the checkpoint: the events between are gone, the answer would be wrong.
    throw new HttpError(410, 'outside_replay_window', `The event log no longer covers ${at}.`);
  }
  if (!cp) {
    // Without a checkpoint, only a log that still starts at its very beginning can be folded from nothing.
    const [oldest] = await ctx.store.lexRange(CHECKPOINT_INDEX, null, 1);
    const archivedDays = ctx.archive ? await ctx.archive.days(CHECKPOINTS) : [];
    if (oldest || archivedDays.length || (first && msOf(first.id) > t)) {
      const oldestAt = archivedDays.length
        ? `${archivedDays.at(-1)}T00:00:00.000Z`
        : oldest
          ? new Date(9_999_999_999_999 - Number(oldest.split('|')[0])).toISOString()
          : null;
      throw new HttpError(410, 'outside_replay_window', `No history is kept for ${at}.`, {
        details: { oldestCheckpoint: oldestAt },
      });
    }
  }
  const projection = new Projection();
  projection.load(cp?.state ?? { serviceStates: [], incidents: [], alerts: [], usage: [] });
  let from = cp?.eventId ?? '0';
  // The archived part of the log first (when the checkpoint is older than what the store keeps).
  if (ctx.archive && cp && (!first || compareIds(first.id, from) > 0)) {
    for (;;) {
      const events = await ctx.archive.events(from, t, EVENT_BATCH);
      const before = first ? events.filter((e) => compareIds(e.id, first.id) < 0) : events;
      projection.apply(before);
      from = before.at(-1)?.id ?? from;
      if (before.length < events.length || events.length < EVENT_BATCH) break;
    }
  }
  for (;;) {
    const events = await ctx.store.readEvents(from, EVENT_BATCH);
    const upTo = events.filter((e) => msOf(e.id) <= t);
    projection.apply(upTo);
    if (upTo.length < events.length || events.length < EVENT_BATCH) break;
    from = events.at(-1)?.id ?? from;
  }
  return projection.state();
}
