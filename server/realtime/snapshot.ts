import { SNAPSHOT_MAX_INCIDENTS } from '../../shared/limits.js';
import {
  SEVERITY_RANK,
  type Alert,
  type Incident,
  type IncidentCluster,
  type Kpis,
  type ServiceState,
  type Snapshot,
  type UsageSample,
} from '../../shared/schemas/index.js';
import { agencyFilter, type Principal } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { presentState, type ServiceStateRecord } from '../health/state.js';
import { COLL, allDocs } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { readIndex } from '../store/walk.js';

/** The full current state, read from the store (the source of truth). */
export interface State {
  serviceStates: ServiceState[];
  incidents: Incident[];
  alerts: Alert[];
  usage: UsageSample[];
}

/**
 * Reads the live set from the store: service states, open incidents, alerts not closed and the
 * latest usage value per app, metric and kelurahan — never closed history, so its cost does not
 * grow with the years stored.
 */
export async function readState(ctx: Ctx): Promise<State> {
  const [states, incidents, alerts, usage] = await Promise.all([
    allDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates),
    readIndex<Incident>(ctx.store, COLL.incidents, IX.incidents.open),
    readIndex<Alert>(ctx.store, COLL.alerts, IX.alerts.live),
    allDocs<UsageSample>(ctx.store, COLL.usageLatest),
  ]);
  return {
    serviceStates: states.map(presentState),
    incidents: incidents.filter((i) => i.status === 'open'),
    alerts: alerts.filter((a) => a.status !== 'closed'),
    usage: latestUsage(usage),
  };
}

/** The newest sample per app, metric and kelurahan. */
export function latestUsage(samples: UsageSample[]): UsageSample[] {
  const latest = new Map<string, UsageSample>();
  for (const s of samples) {
    const k = `${s.appId}|${s.metric}|${s.kelurahanCode ?? ''}`;
    const cur = latest.get(k);
    if (!cur || cur.at < s.at) {
      const { appId, metric, value, at, period, kelurahanCode, source } = s;
      latest.set(k, {
        appId,
        metric,
        value,
        at,
        period,
        ...(kelurahanCode ? { kelurahanCode } : {}),
        ...(source ? { source } : {}),
      });
    }
  }
  return [...latest.values()];
}

/** Open incidents per severity. */
export function countOpenBySeverity(incidents: Iterable<Incident>): Record<string, number> {
  const bySeverity: Record<string, number> = { extreme: 0, severe: 0, moderate: 0, minor: 0, unknown: 0 };
  for (const i of incidents)
    if (i.status === 'open') bySeverity[i.severity] = (bySeverity[i.severity] ?? 0) + 1;
  return bySeverity;
}

/** Aggregate counts: the same for every viewer. */
export function computeKpis(
  totalServices: number,
  states: Iterable<ServiceState>,
  openBySeverity: Record<string, number>,
  alerts: Iterable<Alert>,
): Kpis {
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
  return {
    servicesTotal: totalServices,
    servicesUp: up,
    servicesDown: down,
    openIncidentsBySeverity: { ...openBySeverity },
    unacknowledgedAlerts: unack,
    oldestUnacknowledgedAt: oldest,
  };
}

/** Whether a viewer may see an agency-owned item. */
export function visibleTo(p: Principal, agencyId: string | null | undefined): boolean {
  const f = agencyFilter(p);
  return f === null || agencyId === f;
}

/**
 * Bounds a live set for a snapshot: the most severe and newest `max` incidents in full, the rest as
 * counts per kelurahan and category at their mean position.
 */
export function boundIncidents(
  incidents: Incident[],
  max = SNAPSHOT_MAX_INCIDENTS,
): { incidents: Incident[]; clusters: IncidentCluster[] } {
  if (incidents.length <= max) return { incidents, clusters: [] };
  const sorted = [...incidents].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.occurredAt.localeCompare(a.occurredAt),
  );
  const groups = new Map<string, { c: IncidentCluster; lng: number; lat: number }>();
  for (const i of sorted.slice(max)) {
    const k = `${i.kelurahanCode ?? ''}|${i.category}`;
    const g = groups.get(k) ?? {
      c: {
        kelurahanCode: i.kelurahanCode,
        category: i.category,
        count: 0,
        severity: i.severity,
        point: i.point,
      },
      lng: 0,
      lat: 0,
    };
    g.c.count++;
    g.lng += i.point[0];
    g.lat += i.point[1];
    if (SEVERITY_RANK[i.severity] < SEVERITY_RANK[g.c.severity as Incident['severity']])
      g.c.severity = i.severity;
    groups.set(k, g);
  }
  const clusters = [...groups.values()].map(({ c, lng, lat }) => ({
    ...c,
    point: [lng / c.count, lat / c.count] as [number, number],
  }));
  return { incidents: sorted.slice(0, max), clusters };
}

/**
 * A snapshot for one viewer: a liaison sees only its own agency's alerts and incidents. `feedAt`:
 * when the state was last known current (the live feed's last read, or now for a direct read).
 */
export function buildSnapshot(
  ctx: Ctx,
  p: Principal,
  state: State,
  seq: number,
  kpis: Kpis,
  feedAt: string | null,
): Snapshot {
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
    ...(({ incidents, clusters }) => ({ incidents, incidentClusters: clusters }))(
      boundIncidents(state.incidents.filter((i) => visibleTo(p, i.agencyId))),
    ),
    alerts: state.alerts.filter((a) => visibleTo(p, a.agencyId)),
    usage: state.usage,
    kpis,
  };
}
