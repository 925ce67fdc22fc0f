import type { Alert } from '../../shared/schemas/index.js';
import { alertCategory } from '../../shared/schemas/index.js';
import { auditEntry } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { COLL, SETS, event, getDoc, putDoc } from '../store/docs.js';
import type { ZAdd } from '../store/store.js';

/** Sorted set of alerts to close once their cleared condition has stayed untouched; member = alert id. */
export const AUTO_RESOLVE_SET = SETS.autoResolve;

/** The system, as the audit log and the timeline name it. */
const SYSTEM_ACTOR = { kind: 'system', id: null, name: 'system', role: null, agencyId: null };

/** Minutes after clearing that `alert` closes itself if nobody touches it (0: never). */
export function autoResolveMinutes(ctx: Ctx, alert: Pick<Alert, 'category' | 'sourceKind'>): number {
  const m = ctx.config.autoResolveMinutes;
  return m[alertCategory(alert)] ?? m['*'] ?? 0;
}

/** Nobody has acted on it: still `new`, never acknowledged, assigned or snoozed by a person. */
function untouched(a: Alert): boolean {
  return a.status === 'new' && a.assignee === null && a.timeline.every((t) => t.by === null);
}

/** When the alert's condition last cleared. */
function clearedAt(a: Alert): string | null {
  return a.timeline.findLast((t) => t.action === 'cleared')?.at ?? null;
}

/** The timer for an alert whose condition has just cleared while nobody touched it (none otherwise). */
export function autoResolveTimer(ctx: Ctx, a: Alert, now: string): ZAdd[] {
  const minutes = autoResolveMinutes(ctx, a);
  if (a.condition !== 'cleared' || !untouched(a) || minutes <= 0) return [];
  return [{ set: AUTO_RESOLVE_SET, member: a.id, score: Date.parse(now) + minutes * 60_000 }];
}

/**
 * Closes the due alerts that are still cleared and untouched, audited as the system; an alert
 * that became active again or that someone acted on keeps its workflow (its timer is dropped; a
 * later clearing sets a new one). Returns how many closed.
 */
export async function runAutoResolve(ctx: Ctx): Promise<number> {
  const nowMs = ctx.now().getTime();
  const due = await ctx.store.due(AUTO_RESOLVE_SET, nowMs, 100);
  let n = 0;
  for (const { member } of due) {
    const a = await getDoc<Alert>(ctx.store, COLL.alerts, member);
    const zrems = [{ set: AUTO_RESOLVE_SET, member }];
    const since = a ? clearedAt(a) : null;
    const minutes = a ? autoResolveMinutes(ctx, a) : 0;
    if (!a || a.condition !== 'cleared' || !untouched(a) || !since || minutes <= 0) {
      await ctx.store.commit({ zrems });
      continue;
    }
    // Cleared again later than the timer knew: wait for the later clearing's time.
    const dueAt = Date.parse(since) + minutes * 60_000;
    if (dueAt > nowMs) {
      await ctx.store.commit({ zadds: [{ set: AUTO_RESOLVE_SET, member, score: dueAt }] });
      continue;
    }
    const now = ctx.now().toISOString();
    const note = `kondisi pulih ${minutes} menit tanpa tindakan; ditutup otomatis`;
    const next: Alert = {
      ...a,
      status: 'closed',
      resolution: { code: 'not_actionable', note },
      updatedAt: now,
      version: a.version + 1,
      timeline: [
        ...a.timeline,
        { at: now, action: 'resolved', by: null, note },
        { at: now, action: 'closed', by: null },
      ],
    };
    const audit = auditEntry(ctx, {
      action: 'alert.auto_resolve',
      actor: SYSTEM_ACTOR,
      ip: null,
      channel: 'system',
      target: a.id,
      details: {
        before: { status: a.status, version: a.version },
        after: { status: next.status, version: next.version },
        clearedAt: since,
        minutes,
      },
    });
    const res = await ctx.store.commit({
      puts: [putDoc(COLL.alerts, a.id, next, a.version), putDoc(COLL.audit, audit.id, audit, 'absent')],
      zrems,
      events: [event('alert', next)],
    });
    if (res.ok) n++;
  }
  return n;
}
