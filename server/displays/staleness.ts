import type { Alert } from '../../shared/schemas/index.js';
import { planAlert, type AlertSpec } from '../alerts/engine.js';
import type { Display } from '../auth/credentials.js';
import type { Ctx } from '../context.js';
import { COLL, allDocs, getDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import { readPresence } from './presence.js';

/** One instance at a time sweeps the displays. */
const LEASE = 'displays:stale';

/** The dedupe key of a display's "not seen" alert. */
export const staleKey = (displayId: string): string => `display:${displayId}`;

const WITA_OFFSET_MS = 8 * 3_600_000;
const witaText = (iso: string): string =>
  `${new Date(Date.parse(iso) + WITA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} WITA`;

/** The command center's own agency (as the monitor's connectivity alert picks it), else none. */
function commandCenter(ctx: Ctx): string | null {
  return ctx.catalog.agencyById.has('command-center')
    ? 'command-center'
    : ctx.catalog.agencyById.has('diskominfo')
      ? 'diskominfo'
      : null;
}

function spec(ctx: Ctx, d: Display, lastSeenAt: string, active: boolean): AlertSpec {
  return {
    dedupeKey: staleKey(d.id),
    title: active
      ? `Layar dinding "${d.name}" tidak terlihat sejak ${witaText(lastSeenAt)}`
      : d.revokedAt
        ? `Layar dinding "${d.name}" dicabut`
        : `Layar dinding "${d.name}" terlihat lagi`,
    severity: 'moderate',
    agencyId: commandCenter(ctx),
    sourceKind: 'monitor',
    kelurahanCode: null,
    condition: active ? 'active' : 'cleared',
    flapping: false,
    category: 'monitor',
  };
}

/** The live (not closed) alert of a dedupe key, if any. */
async function liveAlert(ctx: Ctx, key: string): Promise<Alert | null> {
  const index = await getDoc<{ alertId: string }>(ctx.store, COLL.alertIndex, key);
  const a = index ? await getDoc<Alert>(ctx.store, COLL.alerts, index.alertId) : null;
  return a && a.status !== 'closed' ? a : null;
}

/**
 * One sweep (under a lease, so one instance at a time): a display seen at least once, not revoked,
 * and unseen for `config.displayStaleMs` raises one alert (`display:<id>`, source `monitor`) for
 * the command center; seen again, or revoked, it clears. A condition that holds changes nothing
 * (no counter bump per sweep). `since` is when this watcher started: after a pause of every
 * instance, walls get that long to come back before they count as stale.
 */
export async function sweepStaleDisplays(ctx: Ctx, since: number): Promise<{ stale: string[] } | null> {
  if (!(await ctx.store.acquireLease(LEASE, ctx.config.instanceId, 60_000))) return null;
  try {
    const [displays, presence] = await Promise.all([
      allDocs<Display>(ctx.store, COLL.displays),
      readPresence(ctx),
    ]);
    const stale: string[] = [];
    for (const d of displays) {
      const p = presence.get(d.id);
      if (!p) continue;
      const nowMs = ctx.now().getTime();
      const seenMs = Date.parse(p.lastSeenAt);
      const limit = ctx.config.displayStaleMs;
      const raise = !d.revokedAt && nowMs - Math.max(seenMs, since) > limit;
      const clear = !!d.revokedAt || nowMs - seenMs <= limit;
      if (raise) stale.push(d.id);
      if (!raise && !clear) continue;
      const changed = await commitWithRetry(async () => {
        const live = await liveAlert(ctx, staleKey(d.id));
        const holds = raise ? live?.condition === 'active' : !live || live.condition === 'cleared';
        if (holds) return { result: { ok: true, eventIds: [] }, value: false };
        const plan = await planAlert(ctx, spec(ctx, d, p.lastSeenAt, raise), ctx.now().toISOString());
        if (!plan.puts.length) return { result: { ok: true, eventIds: [] }, value: false };
        return {
          result: await ctx.store.commit({ puts: plan.puts, events: plan.events, zadds: plan.zadds }),
          value: true,
        };
      });
      if (changed)
        ctx.log.warn(
          { display: d.id, lastSeenAt: p.lastSeenAt },
          raise ? 'display: not seen' : 'display: seen again',
        );
    }
    return { stale };
  } finally {
    await ctx.store.releaseLease(LEASE, ctx.config.instanceId);
  }
}

/** Sweeps now and every `config.displaySeenEveryMs`; returns the stopper. */
export function startDisplayWatch(ctx: Ctx): () => void {
  const since = ctx.now().getTime();
  let busy = false;
  const tick = () => {
    if (busy || !ctx.store.isReady()) return;
    busy = true;
    sweepStaleDisplays(ctx, since)
      .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'displays: stale sweep failed; next time'))
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, ctx.config.displaySeenEveryMs);
  timer.unref();
  const untrack = ctx.resources?.track('display_watch') ?? (() => undefined);
  return () => {
    clearInterval(timer);
    untrack();
  };
}
