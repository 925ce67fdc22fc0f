/** Small factories for the client's pure-logic tests. */
import type {
  Agency,
  Alert,
  Delta,
  Incident,
  Kpis,
  Service,
  ServiceState,
  Snapshot,
} from '../../shared/schemas/index.js';

export const T0 = Date.parse('2026-11-29T10:00:00Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

export function agency(id: string, location: [number, number] = [116.83, -1.27]): Agency {
  return {
    id,
    name: `Agency ${id}`,
    shortName: id.toUpperCase(),
    kind: 'dinas',
    location,
    approximate: true,
    verified: false,
  };
}

export function service(id: string, agencyId: string): Service {
  return { id, agencyId, name: `Service ${id}`, kind: 'website', verified: false };
}

export function state(
  serviceId: string,
  status: ServiceState['status'],
  version = 1,
  since = T0,
): ServiceState {
  return {
    serviceId,
    status,
    since: iso(since),
    lastCheckedAt: iso(since),
    latencyMs: 100,
    reason: null,
    message: null,
    flapping: false,
    version,
  };
}

export function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    id,
    title: `Incident ${id}`,
    category: 'flood',
    severity: 'severe',
    location: [116.88, -1.16],
    occurredAt: iso(T0),
    status: 'open',
    point: [116.88, -1.16],
    kecamatanCode: '64.71.03',
    kelurahanCode: null,
    outsideCity: false,
    source: 'test',
    receivedAt: iso(T0),
    updatedAt: iso(T0),
    repeatCount: 0,
    lastSeenAt: iso(T0),
    timeline: [],
    version: 1,
    ...over,
  };
}

export function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    dedupeKey: `incident:${id}`,
    title: `Alert ${id}`,
    severity: 'severe',
    agencyId: null,
    sourceKind: 'incident',
    kelurahanCode: null,
    condition: 'active',
    flapping: false,
    status: 'new',
    createdAt: iso(T0),
    updatedAt: iso(T0),
    lastSeenAt: iso(T0),
    count: 1,
    acknowledgedBy: null,
    acknowledgedAt: null,
    assignee: null,
    snoozedUntil: null,
    resolution: null,
    escalationLevel: 0,
    timeline: [],
    version: 1,
    ...over,
  };
}

export const kpis = (over: Partial<Kpis> = {}): Kpis => ({
  servicesTotal: 2,
  servicesUp: 2,
  servicesDown: 0,
  openIncidentsBySeverity: {},
  unacknowledgedAlerts: 0,
  oldestUnacknowledgedAt: null,
  ...over,
});

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    seq: 0,
    at: iso(T0),
    feedAt: iso(T0),
    store: 'memory',
    demo: false,
    agencies: [agency('a1')],
    services: [service('s1', 'a1'), service('s2', 'a1')],
    serviceStates: [state('s1', 'up'), state('s2', 'up')],
    incidents: [],
    incidentClusters: [],
    alerts: [],
    usage: [],
    kpis: kpis(),
    ...over,
  };
}

export function delta(seq: number, over: Partial<Delta> = {}): Delta {
  return {
    seq,
    at: iso(T0 + seq * 1000),
    feedAt: iso(T0 + seq * 1000),
    serviceStates: [],
    incidents: [],
    alerts: [],
    usage: [],
    kpis: null,
    ...over,
  };
}
