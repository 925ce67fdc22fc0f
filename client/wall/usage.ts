/** The wall's app-users KPI, as a pure function over the live usage samples. */
import type { UsageSample } from '../../shared/schemas/index.js';
import { isoMs } from '../live/time.js';

/**
 * The usage metrics that count an app's users, best first: `active_users` is what the city's apps
 * and the demo send live (instant or hourly); `daily_active_users` comes from the daily CSV
 * imports. (`monthly_active_users` is no figure for a wall that speaks of now.)
 */
export const USER_METRICS: readonly UsageSample['metric'][] = ['active_users', 'daily_active_users'];
/** A figure older than this is no longer "now" (a daily figure is at most a day and a half old). */
export const USAGE_FRESH_MS = 48 * 3_600_000;

/**
 * Each app's latest city-wide user count (its best metric in USER_METRICS, within USAGE_FRESH_MS),
 * summed; null when no app reports one. A kelurahan's sample is part of an app, never its whole.
 */
export function appUsers(
  usage: ReadonlyMap<string, UsageSample>,
  serverNow: number,
): { users: number; apps: number } | null {
  const best = new Map<string, UsageSample>();
  const rank = (u: UsageSample): number => USER_METRICS.indexOf(u.metric);
  for (const u of usage.values()) {
    if (u.kelurahanCode || rank(u) < 0 || serverNow - isoMs(u.at) > USAGE_FRESH_MS) continue;
    const held = best.get(u.appId);
    if (!held || rank(u) < rank(held) || (rank(u) === rank(held) && isoMs(u.at) > isoMs(held.at)))
      best.set(u.appId, u);
  }
  if (best.size === 0) return null;
  let users = 0;
  for (const u of best.values()) users += u.value;
  return { users, apps: best.size };
}
