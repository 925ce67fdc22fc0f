import type { Alert } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, SETS, event, getDoc, putDoc } from '../store/docs.js';
import type { ZAdd } from '../store/store.js';
import { escalationTimers } from './escalation.js';
import { notificationJobs } from './notify.js';
import { recipientFor } from '../oncall/recipients.js';

/** Sorted set of "still working?" checks; member = `alertId|version|ask` or `alertId|version|revert`. */
export const ACK_CHECK_SET = SETS.ackChecks;

/** The timer that asks "still working?" of an alert acknowledged (or confirmed) at `now`, at this version. */
export function ackCheckTimer(ctx: Ctx, alert: Alert, now: string): ZAdd {
  return {
    set: ACK_CHECK_SET,
    member: `${alert.id}|${alert.version}|ask`,
    score: Date.parse(now) + ctx.config.ackConfirmMs,
  };
}

/**
 * Runs due checks. A check is bound to the alert version it was set at: any later change (a
 * confirmation, a resolve) makes it stale. `ask` asks the acknowledger and sets a `revert` timer;
 * `revert` returns an unconfirmed alert to `new`, which escalates afresh.
 */
export async function runAckChecks(ctx: Ctx): Promise<number> {
  const due = await ctx.store.due(ACK_CHECK_SET, ctx.now().getTime(), 50);
  let n = 0;
  for (const { member } of due) {
    const [alertId = '', version, kind] = member.split('|');
    const a = await getDoc<Alert>(ctx.store, COLL.alerts, alertId);
    const zrems = [{ set: ACK_CHECK_SET, member }];
    if (!a || a.version !== Number(version) || a.status !== 'acknowledged') {
      await ctx.store.commit({ zrems });
      continue;
    }
    const now = ctx.now().toISOString();
    let next: Alert;
    const zadds: ZAdd[] = [];
    let jobs = { puts: [] as ReturnType<typeof putDoc>[], zadds: [] as ZAdd[] };
    if (kind === 'ask') {
      next = {
        ...a,
        confirmRequestedAt: now,
        updatedAt: now,
        version: a.version + 1,
        timeline: [...a.timeline, { at: now, action: 'confirm_requested', by: null }],
      };
      zadds.push({
        set: ACK_CHECK_SET,
        member: `${a.id}|${next.version}|revert`,
        score: Date.parse(now) + ctx.config.ackConfirmGraceMs,
      });
      // The question goes to whoever acknowledged.
      const asked = a.acknowledgedBy
        ? await recipientFor(ctx, { kind: 'user', userId: a.acknowledgedBy.userId }, a.agencyId, ctx.now())
        : null;
      jobs = notificationJobs(
        ctx,
        next,
        `confirm:${next.version}`,
        `Masih ditangani? (${a.acknowledgedBy?.username ?? '?'})`,
        { recipient: asked?.recipient ?? null },
      );
    } else {
      const generation = (a.escalation?.generation ?? 0) + 1;
      next = {
        ...a,
        status: 'new',
        acknowledgedBy: null,
        acknowledgedAt: null,
        confirmRequestedAt: null,
        escalation: a.escalation ? { ...a.escalation, generation } : null,
        updatedAt: now,
        version: a.version + 1,
        timeline: [
          ...a.timeline,
          { at: now, action: 'reopened', by: null, note: 'tidak ada konfirmasi "masih ditangani"' },
        ],
      };
      zadds.push(...escalationTimers(next, now));
      const { recipient } = await recipientFor(ctx, { kind: 'oncall' }, a.agencyId, ctx.now());
      jobs = notificationJobs(ctx, next, `reopened:${next.version}`, 'Dibuka kembali: tidak ada konfirmasi', {
        recipient,
      });
    }
    const res = await ctx.store.commit({
      puts: [putDoc(COLL.alerts, a.id, next, a.version), ...jobs.puts],
      zrems,
      zadds: [...zadds, ...jobs.zadds],
      events: [event('alert', next)],
    });
    if (res.ok) n++;
  }
  return n;
}
