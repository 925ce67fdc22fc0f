import type { FailureReason, HealthSample, ServiceState } from '../../shared/schemas/index.js';
import { notAfter } from '../http/instants.js';

/** Consecutive failures needed to call a service DOWN, successes to call it UP again. */
export const CONFIRM_DOWN = 3;
export const CONFIRM_UP = 2;
export const CONFIRM_DEGRADED = 2;
/** Transitions within FLAP_WINDOW_MS that mark a service as flapping. */
export const FLAP_TRANSITIONS = 4;
export const FLAP_WINDOW_MS = 10 * 60_000;

/** The stored state record: the public state plus the streak counters that drive confirmation. */
export interface ServiceStateRecord extends ServiceState {
  failStreak: number;
  degradedStreak: number;
  okStreak: number;
  transitions: string[];
}

/** A fresh record for a service never observed. */
export function unknownState(serviceId: string, now: string): ServiceStateRecord {
  return {
    serviceId,
    status: 'unknown',
    since: now,
    lastCheckedAt: null,
    latencyMs: null,
    reason: null,
    message: null,
    flapping: false,
    version: 0,
    failStreak: 0,
    degradedStreak: 0,
    okStreak: 0,
    transitions: [],
  };
}

/**
 * Applies one sample (pure). A service never observed takes the first sample's status at once;
 * after that DOWN needs CONFIRM_DOWN failures in a row, UP needs CONFIRM_UP successes.
 * Samples older than the last one are ignored for state.
 */
export function applySample(
  prev: ServiceStateRecord,
  s: HealthSample,
  now: string,
  inMaintenance = false,
): ServiceStateRecord {
  // Instants are normalised UTC, so text order is time order. A stored time ahead of `now` (a fast
  // clock, an older version) counts as `now`: it can never make every later sample look "older".
  const last = prev.lastCheckedAt ? notAfter(prev.lastCheckedAt, now) : null;
  if (last && s.checkedAt < last) return prev;
  const next: ServiceStateRecord = {
    ...prev,
    lastCheckedAt: notAfter(s.checkedAt, now),
    latencyMs: s.latencyMs,
    failStreak: s.status === 'down' ? prev.failStreak + 1 : 0,
    degradedStreak: s.status === 'degraded' ? prev.degradedStreak + 1 : 0,
    okStreak: s.status === 'up' ? prev.okStreak + 1 : 0,
    version: prev.version + 1,
  };
  // The monitor's own connectivity failed: nothing is known about the service, so it is UNKNOWN at once.
  if (s.reason === 'monitor_degraded') {
    const changed = prev.status !== 'unknown' && prev.status !== 'maintenance';
    return {
      ...next,
      status: changed ? 'unknown' : prev.status,
      since: changed ? now : prev.since,
      reason: 'monitor_degraded',
      message: s.message ?? null,
      failStreak: 0,
      degradedStreak: 0,
      okStreak: 0,
    };
  }
  // Inside a maintenance window the service is MAINTENANCE whatever it answers (no alerts, not in SLA);
  // once the window ends, the next sample sets its state afresh.
  if (inMaintenance) {
    return {
      ...next,
      status: 'maintenance',
      since: prev.status === 'maintenance' ? prev.since : now,
      reason: null,
      message: s.message ?? null,
      failStreak: 0,
      degradedStreak: 0,
      okStreak: 0,
    };
  }
  let target = prev.status;
  const fresh = prev.status === 'unknown' || prev.status === 'maintenance';
  if (s.status === 'down' && (fresh || next.failStreak >= CONFIRM_DOWN)) target = 'down';
  else if (
    s.status === 'degraded' &&
    (fresh || next.degradedStreak >= CONFIRM_DEGRADED || prev.status === 'down')
  )
    target = 'degraded';
  else if (s.status === 'up' && (fresh || next.okStreak >= CONFIRM_UP || prev.status === 'degraded'))
    target = 'up';
  const reason: FailureReason | null =
    s.status === 'up' ? null : (s.reason ?? (s.status === 'degraded' ? 'slow' : 'reported'));
  if (target !== prev.status) {
    next.status = target;
    next.since = now;
    next.transitions = [...prev.transitions, now].filter(
      (t) => Date.parse(now) - Date.parse(t) <= FLAP_WINDOW_MS,
    );
  }
  if (target === 'up') {
    next.reason = null;
    next.message = null;
  } else if (s.status !== 'up') {
    next.reason = reason;
    next.message = s.message ?? null;
  }
  next.flapping = next.transitions.length >= FLAP_TRANSITIONS;
  return next;
}

/** The public part of a record. */
export function presentState(r: ServiceStateRecord): ServiceState {
  const { failStreak: _f, degradedStreak: _d, okStreak: _o, transitions: _t, ...state } = r;
  return state;
}
