import type { Alert } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, SETS, event, getDoc, putDoc } from '../store/docs.js';
import type { ZAdd } from '../store/store.js';
import { notificationJobs } from './notify.js';
import { defaultTarget, recipientFor } from '../oncall/recipients.js';
import { activeSilenceFor } from './silences.js';

/** Sorted set of pending escalation steps; member = `alertId|generation|step`. */
export const ESCALATION_SET = SETS.escalations;
/** Firing a step takes a few reads and one commit; a dead holder's lease frees the step soon after. */
const LEASE_MS = 10_000;
/** How long a fired step is remembered (longer than any policy). */
const FIRED_TTL_MS = 7 * 24 * 3_600_000;

/** The timers for an alert's current generation, due from `from`. */
export function escalationTimers(alert: Alert, from: string): ZAdd[] {
  const esc = alert.escalation;
  if (!esc || alert.status !== 'new') return [];
  const t0 = Date.parse(from);
  return esc.steps.map((s, i) => ({
    set: ESCALATION_SET,
    member: `${alert.id}|${esc.generation}|${i}`,
    score: t0 + s.afterSeconds * 1000,
  }));
}

/**
 * Fires one due step, exactly once: leased across instances, and committed together with the
 * removal of its timer under the alert's version, so a restart or a second instance can neither
 * repeat it nor fire a stale one (older generation, or an alert no longer `new`).
 */
async function fireStep(ctx: Ctx, member: string): Promise<void> {
  const [alertId = '', gen, stepIdx] = member.split('|');
  const alert = await getDoc<Alert>(ctx.store, COLL.alerts, alertId);
  const step = alert?.escalation?.steps[Number(stepIdx)];
  const fired = (await ctx.store.getValue(`escfired:${member}`)) !== null;
  const now = ctx.now().toISOString();
  const silenced = alert ? (await activeSilenceFor(ctx, alert, now)) !== null : false;
  const stale =
    fired ||
    silenced ||
    !alert ||
    !step ||
    alert.escalation?.generation !== Number(gen) ||
    alert.status !== 'new';
  if (stale) {
    await ctx.store.commit({ zrems: [{ set: ESCALATION_SET, member }] });
    return;
  }
  const level = Number(stepIdx) + 1;
  // Whom this step reaches, now; a target nobody can be reached at is written on the timeline.
  const { recipient, delivery } = await recipientFor(
    ctx,
    step.target ?? defaultTarget(step.action),
    alert.agencyId,
    ctx.now(),
    step.channels,
  );
  const next: Alert = {
    ...alert,
    escalationLevel: Math.max(alert.escalationLevel, level),
    updatedAt: now,
    timeline: [
      ...alert.timeline,
      {
        at: now,
        action: 'escalated',
        by: null,
        note: `step ${level}: ${step.action} → ${delivery.target}${delivery.name ? ` ${delivery.name}` : ''}${delivery.unreachable ? ` (tidak terjangkau: ${delivery.unreachable})` : ''}`,
        delivery,
      },
    ],
    version: alert.version + 1,
  };
  const jobs = notificationJobs(
    ctx,
    next,
    `escalated:${gen}:${level}`,
    `Eskalasi tahap ${level} (${step.action})`,
    { recipient, ...(step.channels ? { broadcast: step.channels } : {}) },
  );
  await ctx.store.commit({
    puts: [putDoc(COLL.alerts, next.id, next, alert.version), ...jobs.puts],
    zrems: [{ set: ESCALATION_SET, member }],
    zadds: jobs.zadds,
    values: [{ key: `escfired:${member}`, value: now, ttlMs: FIRED_TTL_MS }],
    events: [event('alert', next)],
  });
}

/** Runs every due escalation step once; returns how many were handled. */
export async function runDueEscalations(ctx: Ctx): Promise<number> {
  const due = await ctx.store.due(ESCALATION_SET, ctx.now().getTime(), 100);
  let n = 0;
  for (const { member } of due) {
    const lease = `esc:${member}`;
    if (!(await ctx.store.acquireLease(lease, ctx.config.instanceId, LEASE_MS))) continue;
    try {
      await fireStep(ctx, member);
      n++;
    } finally {
      await ctx.store.releaseLease(lease, ctx.config.instanceId);
    }
  }
  return n;
}
