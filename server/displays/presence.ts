import type { DisplayPresence } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, allDocs, getDoc, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';

/**
 * Where a display's wall was last seen: written when a wall connects, every
 * `config.displaySeenEveryMs` while it stays connected (one write per display, however many sockets
 * it has), and when its last socket on an instance goes.
 */
export interface PresenceDoc {
  id: string;
  lastSeenAt: string;
  /** The instance that wrote it: the one the wall is (or was last) connected to. */
  instance: string;
  connected: boolean;
  version: number;
}

const PRESENCE = COLL.displayPresence;

async function write(ctx: Ctx, displayId: string, connected: boolean, onlyIfOurs: boolean): Promise<void> {
  await commitWithRetry(async () => {
    const cur = await getDoc<PresenceDoc>(ctx.store, PRESENCE, displayId);
    // Gone from here while another instance has since taken the wall: that instance's word stands.
    if (onlyIfOurs && (!cur || cur.instance !== ctx.config.instanceId))
      return { result: { ok: true, eventIds: [] }, value: undefined };
    const next: PresenceDoc = {
      id: displayId,
      lastSeenAt: ctx.now().toISOString(),
      instance: ctx.config.instanceId,
      connected,
      version: (cur?.version ?? 0) + 1,
    };
    return {
      result: await ctx.store.commit({
        puts: [putDoc(PRESENCE, displayId, next, cur ? cur.version : 'absent')],
      }),
      value: undefined,
    };
  }, 3);
}

/** Records that a wall of `displayId` is connected to this instance now. */
export function recordDisplaySeen(ctx: Ctx, displayId: string): Promise<void> {
  return write(ctx, displayId, true, false);
}

/** Records that the last wall of `displayId` on this instance went away (unless another instance has it now). */
export function recordDisplayGone(ctx: Ctx, displayId: string): Promise<void> {
  return write(ctx, displayId, false, true);
}

/** Every display's presence record, by display id. */
export async function readPresence(ctx: Ctx): Promise<Map<string, PresenceDoc>> {
  return new Map((await allDocs<PresenceDoc>(ctx.store, PRESENCE)).map((p) => [p.id, p]));
}

/**
 * A presence record as the API shows it. Online: connected, and its instance vouched for it within
 * three report intervals (an instance that died stops vouching, so its walls turn offline).
 */
export function presentPresence(ctx: Ctx, p: PresenceDoc | undefined, nowMs: number): DisplayPresence {
  if (!p) return { lastSeenAt: null, instance: null, online: false };
  const fresh = nowMs - Date.parse(p.lastSeenAt) <= 3 * ctx.config.displaySeenEveryMs;
  return { lastSeenAt: p.lastSeenAt, instance: p.instance, online: p.connected && fresh };
}
