/** The wall's escalation panel, as pure functions: which open alerts matter, in what order, and the next escalation step. */
import type { Alert, Severity } from '../../shared/schemas/index.js';
import { firstInOrder, isoMs } from '../live/time.js';
import { SEVERITY_ORDER } from '../map/palette.js';
import { clearedUnattended, needsAction, OPEN_ALERT_STATUSES } from './alerts.js';

/**
 * Needing action first, then taken (acknowledged), then snoozed; last those that cleared at the
 * source with nobody on them (they close themselves).
 */
function urgencyRank(a: Alert): number {
  if (needsAction(a)) return 0;
  if (clearedUnattended(a)) return 3;
  return a.status === 'acknowledged' ? 1 : a.status === 'snoozed' ? 2 : 4;
}

const time = isoMs;

const severityRank = (s: Severity): number => {
  const i = SEVERITY_ORDER.indexOf(s);
  return i < 0 ? SEVERITY_ORDER.length : i;
};

const mostUrgentFirst = (a: Alert, b: Alert): number =>
  urgencyRank(a) - urgencyRank(b) ||
  b.escalationLevel - a.escalationLevel ||
  severityRank(a.severity) - severityRank(b.severity) ||
  time(a.createdAt) - time(b.createdAt) ||
  a.id.localeCompare(b.id);

function* openAlerts(alerts: ReadonlyMap<string, Alert>): Iterable<Alert> {
  for (const a of alerts.values()) if (OPEN_ALERT_STATUSES.has(a.status)) yield a;
}

/**
 * Open alerts, most urgent first: needing action before acknowledged before snoozed before those
 * that cleared with nobody on them; within each,
 * escalated further first, then severity, then the oldest. `rows` holds at most `limit` of them
 * (a wall shows a handful of thousands), `total` counts them all.
 */
export function escalationRows(
  alerts: ReadonlyMap<string, Alert>,
  limit = Infinity,
): { rows: Alert[]; total: number } {
  let total = 0;
  for (const a of alerts.values()) if (OPEN_ALERT_STATUSES.has(a.status)) total++;
  const rows = Number.isFinite(limit)
    ? firstInOrder(openAlerts(alerts), limit, mostUrgentFirst)
    : [...openAlerts(alerts)].sort(mostUrgentFirst);
  return { rows, total };
}

/**
 * When the alert's escalation clock started: its opening, or the latest re-opening (the server
 * re-arms the steps from then with a new generation).
 */
export function escalationStart(alert: Alert): number {
  let start = time(alert.createdAt);
  for (const e of alert.timeline) {
    if (e.action === 'reopened' || e.action === 'reactivated') start = Math.max(start, time(e.at));
  }
  return start;
}

export interface NextStep {
  /** 1-based level this step will reach. */
  level: number;
  /** Server time (ms) the step is due. */
  at: number;
  action: NonNullable<Alert['escalation']>['steps'][number]['action'];
}

/**
 * The next escalation step still to come, or null: none while acknowledged or snoozed (the server
 * only escalates `new` alerts), none when silenced, none after the last step.
 */
export function nextEscalationStep(alert: Alert): NextStep | null {
  const steps = alert.escalation?.steps ?? [];
  if (alert.status !== 'new' || alert.silencedBy) return null;
  const idx = alert.escalationLevel;
  const step = steps[idx];
  if (!step) return null;
  return { level: idx + 1, at: escalationStart(alert) + step.afterSeconds * 1000, action: step.action };
}

/** Number of steps in the alert's snapshotted escalation policy. */
export function escalationSteps(alert: Alert): number {
  return alert.escalation?.steps.length ?? 0;
}

/** Who is on the alert: the acknowledger, else the assignee, else nobody. */
export function handler(alert: Alert): string | null {
  return alert.acknowledgedBy?.username ?? alert.assignee ?? null;
}

/**
 * Alerts nobody has taken that went all the way: they reached a `wall_red` step or the last step of
 * their policy, and their condition is still active. The wall shows them in a red banner no one in
 * the room can miss; most urgent first.
 */
export function wallRedAlerts(alerts: ReadonlyMap<string, Alert>): Alert[] {
  const out: Alert[] = [];
  for (const a of alerts.values()) {
    if (a.escalationLevel === 0 || !needsAction(a)) continue;
    const steps = a.escalation?.steps ?? [];
    const reached = steps.slice(0, a.escalationLevel);
    if (
      reached.some((s) => s.action === 'wall_red') ||
      (steps.length > 0 && a.escalationLevel >= steps.length)
    )
      out.push(a);
  }
  return out.sort(mostUrgentFirst);
}
