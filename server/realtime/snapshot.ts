import type { Alert, Incident, Kpis, ServiceState, Snapshot, UsageSample } from '../../shared/schemas/index.js';
import { agencyFilter, type Principal } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { presentState, type ServiceStateRecord } from '../health/state.js';
import { COLL, allDocs } from '../store/docs.js';

/** Closed incidents and finished alerts kept in a snapshot, newest first. */
const RECENT_CLOSED = 200;

/** The full current state, read from the store (the source of truth). */
export interface State {
  serviceStates: ServiceState[];
  incidents: Incident[];
  alerts: Alert[];
  usage: UsageSample[];
}

/** Reads the current state from the store. */
export async function readState(ctx: Ctx): Promise<State> {
  const [states, incidents, alerts, usage] = await Promise.all([
    allDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates),
    allDocs<Incident>(ctx.store, COLL.incidents),
    allDocs<Alert>(ctx.store, COLL.alerts),
    allDocs<UsageSample & { key: string }>(ctx.store, COLL.usage),
  ]);
  const open = incidents.filter((i) => i.status === 'open');
  const closed = incidents
    .filter((i) => i.status !== 'open')
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, RECENT_CLOSED);
  const liveAlerts = alerts.filter((a) => a.status !== 'closed');
  return { serviceStates: states.map(presentState), incidents: [...open, ...closed], alerts: liveAlerts, usage: latestUsage(usage) };
}

/** The newest sample per app, metric and kelurahan. */
export function latestUsage(samples: UsageSample[]): UsageSample[] {
  const latest = new Map<string, UsageSample>();
  for (const s of samples) {
    const k = `${s.appId}|${s.metric}|${s.kelurahanCode ?? ''}`;
    const cur = latest.get(k);
    if (!cur || cur.at < s.at) {
      const { appId, metric, value, at, period, kelurahanCode, source } = s;
      latest.set(k, { appId, metric, value, at, period, ...(kelurahanCode ? { kelurahanCode } : {}), ...(source ? { source } : {}) });
    }
  }
  return [...latest.values()];
}

/** Open incidents per severity. */
export function countOpenBySeverity(incidents: Iterable<Incident>): Record<string, number> {
  const bySeverity: Record<string, number> = { extreme: 0, severe: 0, moderate: 0, minor: 0, unknown: 0 };
  for (const i of incidents) if (i.status === 'open') bySeverity[i.severity] = (bySeverity[i.severity] ?? 0) + 1;
  return bySeverity;
}

/** Aggregate counts: the same for every viewer. */
export function computeKpis(totalServices: number, states: Iterable<ServiceState>, openBySeverity: Record<string, number>, alerts: Iterable<Alert>): Kpis {
  let up = 0;
  let down = 0;
  for (const s of states) {
    if (s.status === 'up' || s.status === 'degraded') up++;
    else if (s.status === 'down') down++;
  }
  let unack = 0;
  let oldest: string | null = null;
  for (const a of alerts) {
    if (a.status !== 'new') continue;
    unack++;
    if (!oldest || a.createdAt < oldest) oldest = a.createdAt;
  }
  return { servicesTotal: totalServices, servicesUp: up, servicesDown: down, openIncidentsBySeverity: { ...openBySeverity }, unacknowledgedAlerts: unack, oldestUnacknowledgedAt: oldest };
}

/** Whether a viewer may see an agency-owned item. */
export function visibleTo(p: Principal, agencyId: string | null | undefined): boolean {
  const f = agencyFilter(p);
  return f === null || agencyId === f;
}

/**
 * A snapshot for one viewer: a liaison sees only its own agency's alerts and incidents. `feedAt`:
 * when the state was last known current (the live feed's last read, or now for a direct read).
 */
export function buildSnapshot(ctx: Ctx, p: Principal, state: State, seq: number, kpis: Kpis, feedAt: string | null): Snapshot {
  const at = ctx.now().toISOString();
  return {
    seq,
    at,
    feedAt,
    store: ctx.store.kind,
    demo: ctx.config.demo,
    agencies: ctx.catalog.agencies,
    services: ctx.catalog.services,
    serviceStates: state.serviceStates,
    incidents: state.incidents.filter((i) => visibleTo(p, i.agencyId)),
    alerts: state.alerts.filter((a) => visibleTo(p, a.agencyId)),
    usage: state.usage,
    kpis,
  };
}
