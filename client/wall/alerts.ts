/**
 * What the wall says about alerts, as pure functions: which ones need action now, which cleared
 * with nobody looking, where an alert is, and how many incidents a grouped one stands for.
 */
import type { Alert, AlertPlace } from '../../shared/schemas/index.js';
import { isoMs } from '../live/time.js';

/** Alerts still waiting for someone (not resolved or closed). */
export const OPEN_ALERT_STATUSES: ReadonlySet<Alert['status']> = new Set(['new', 'acknowledged', 'snoozed']);

/**
 * Nobody has taken it: new, or escalated and still without an acknowledgement (an escalated alert
 * that was snoozed by hand is still nobody's).
 */
export function unattended(a: Alert): boolean {
  if (!OPEN_ALERT_STATUSES.has(a.status) || a.acknowledgedBy || a.status === 'acknowledged') return false;
  return a.status === 'new' || a.escalationLevel > 0;
}

/** Needs action now: nobody has taken it and its condition is still active at the source. */
export function needsAction(a: Alert): boolean {
  return a.condition === 'active' && unattended(a);
}

/** Cleared at the source before anybody acknowledged it: shown apart, it closes itself in time. */
export function clearedUnattended(a: Alert): boolean {
  return a.condition === 'cleared' && unattended(a);
}

export interface AlertCounts {
  /** Alerts that need action now (the headline). */
  needsAction: number;
  /** When the oldest of them opened (ms), or null. */
  oldestNeedsActionAt: number | null;
  /** Alerts whose condition cleared with nobody on them. */
  clearedUnattended: number;
}

/** The wall's alert counts, from the live alerts (the store holds every alert not closed). */
export function alertCounts(alerts: Iterable<Alert>): AlertCounts {
  let act = 0;
  let cleared = 0;
  let oldest: number | null = null;
  for (const a of alerts) {
    if (needsAction(a)) {
      act++;
      const at = isoMs(a.createdAt);
      if (at > 0 && (oldest === null || at < oldest)) oldest = at;
    } else if (clearedUnattended(a)) cleared++;
  }
  return { needsAction: act, oldestNeedsActionAt: oldest, clearedUnattended: cleared };
}

/** How many incidents a grouped alert stands for (its members), or null for a single condition. */
export function groupSize(a: Alert): number | null {
  const n = a.members?.length ?? 0;
  return n > 1 ? n : null;
}

/**
 * Each alert by its own dedupe key and by its members' keys (`incident:<id>`): the incident of a
 * grouped alert finds the alert it joined.
 */
export function alertsByKey(alerts: Iterable<Alert>): Map<string, Alert> {
  const list = [...alerts];
  const byKey = new Map<string, Alert>();
  for (const a of list) for (const m of a.members ?? []) byKey.set(m.key, a);
  // An alert's own key wins over another's member entry.
  for (const a of list) byKey.set(a.dedupeKey, a);
  return byKey;
}

/** The parts of a place the wall names: kelurahan and kecamatan names, either may be missing. */
export function placeParts(place: AlertPlace | null | undefined): { kel: string | null; kec: string | null } {
  return { kel: place?.kelurahan?.name || null, kec: place?.kecamatan?.name || null };
}
