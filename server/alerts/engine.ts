import { randomUUID } from 'node:crypto';
import type { Alert, AlertEscalation, Severity } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, event, getDoc, putDoc } from '../store/docs.js';
import type { DocPut, LogEvent, ZAdd } from '../store/store.js';
import { escalationTimers } from './escalation.js';
import { notificationJobs } from './notify.js';
import { policyFor } from './policies.js';
import { activeSilenceFor } from './silences.js';

/** What a source says about a condition; the engine turns it into alert changes. */
export interface AlertSpec {
  dedupeKey: string;
  title: string;
  severity: Severity;
  agencyId: string | null;
  sourceKind: Alert['sourceKind'];
  kelurahanCode: string | null;
  condition: 'active' | 'cleared';
  flapping: boolean;
  category?: string | null;
}

interface AlertIndex {
  alertId: string;
  version: number;
}

/** The writes that apply a condition: empty when nothing changes. */
export interface AlertPlan {
  puts: DocPut[];
  events: LogEvent[];
  zadds: ZAdd[];
  alert: Alert | null;
}

/**
 * Decides how a source condition changes its alert (pure). A repeat bumps the counter; a cleared
 * source never un-acknowledges or re-opens (it closes an alert people already resolved); a closed
 * alert is history, so a new condition opens a new one. A new alert snapshots `policy` (its steps)
 * under `policyId`.
 */
export function applyCondition(
  current: Alert | null,
  spec: AlertSpec,
  now: string,
  policy: AlertEscalation['steps'] = [],
  policyId = 'default',
): Alert | null {
  const live = current && current.status !== 'closed' ? current : null;
  if (!live) {
    if (spec.condition === 'cleared') return null;
    return {
      id: `al-${randomUUID().slice(0, 13)}`,
      dedupeKey: spec.dedupeKey,
      title: spec.title,
      severity: spec.severity,
      agencyId: spec.agencyId,
      sourceKind: spec.sourceKind,
      kelurahanCode: spec.kelurahanCode,
      condition: 'active',
      flapping: spec.flapping,
      status: 'new',
      createdAt: now,
      updatedAt: now,
      lastSeenAt: now,
      count: 1,
      acknowledgedBy: null,
      acknowledgedAt: null,
      assignee: null,
      snoozedUntil: null,
      resolution: null,
      escalationLevel: 0,
      escalation: policy.length ? { policyId, steps: policy, generation: 1 } : null,
      category: spec.category ?? null,
      timeline: [{ at: now, action: 'opened', by: null }],
      version: 1,
    };
  }
  const next: Alert = {
    ...live,
    title: spec.title,
    severity: spec.severity,
    flapping: spec.flapping,
    updatedAt: now,
  };
  if (spec.condition === 'active') {
    next.count = live.count + 1;
    next.lastSeenAt = now;
    if (live.condition === 'cleared') {
      next.condition = 'active';
      next.timeline = [...live.timeline, { at: now, action: 'reactivated', by: null }];
    }
    if (live.status === 'resolved') {
      next.status = 'new';
      next.resolution = null;
      // A re-opened alert escalates afresh; timers of the earlier generation are now stale.
      if (live.escalation)
        next.escalation = { ...live.escalation, generation: live.escalation.generation + 1 };
      next.timeline = [...next.timeline, { at: now, action: 'reopened', by: null }];
    }
  } else {
    if (live.condition === 'cleared') return null;
    next.condition = 'cleared';
    next.timeline = [...live.timeline, { at: now, action: 'cleared', by: null }];
    // Already resolved by people and now cleared at the source: the alert is done and closes.
    if (live.status === 'resolved') {
      next.status = 'closed';
      next.timeline = [...next.timeline, { at: now, action: 'closed', by: null }];
    }
  }
  next.version = live.version + 1;
  return next;
}

/**
 * Reads the alert for a dedupe key and plans the writes for a new condition: the alert, its
 * index, escalation timers and notifications when it (re)opens — to go in the caller's commit.
 */
export async function planAlert(ctx: Ctx, spec: AlertSpec, now: string): Promise<AlertPlan> {
  const index = await getDoc<AlertIndex>(ctx.store, 'alert-index', spec.dedupeKey);
  const current = index ? await getDoc<Alert>(ctx.store, COLL.alerts, index.alertId) : null;
  // A new alert snapshots its agency's policy (its own, else the default); a live one keeps its snapshot.
  const policy = await policyFor(ctx, spec.agencyId);
  const next = applyCondition(current, spec, now, policy.steps, policy.id);
  if (!next) return { puts: [], events: [], zadds: [], alert: null };
  const opened = next.status === 'new' && (!current || current.id !== next.id || current.status !== 'new');
  const zadds: ZAdd[] = [];
  const jobPuts: DocPut[] = [];
  const silence = opened ? await activeSilenceFor(ctx, next, now) : null;
  if (silence) next.silencedBy = silence.id;
  if (opened && !silence) {
    zadds.push(...escalationTimers(next, now));
    const jobs = notificationJobs(ctx, next, `opened:${next.escalation?.generation ?? 1}`, 'Peringatan baru');
    jobPuts.push(...jobs.puts);
    zadds.push(...jobs.zadds);
  }
  const puts: DocPut[] = [
    putDoc(COLL.alerts, next.id, next, current && current.id === next.id ? current.version : 'absent'),
    ...jobPuts,
  ];
  if (!index || index.alertId !== next.id) {
    puts.push(
      putDoc(
        'alert-index',
        spec.dedupeKey,
        { alertId: next.id, version: (index?.version ?? 0) + 1 },
        index ? index.version : 'absent',
      ),
    );
  }
  return { puts, events: [event('alert', next)], zadds, alert: next };
}
