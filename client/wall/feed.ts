/** The wall's "latest events": newest incidents and service state changes, merged by time. */
import type {
  Agency,
  Alert,
  Incident,
  Service,
  ServiceState,
  ServiceStatus,
} from '../../shared/schemas/index.js';
import type { ServiceChange } from '../live/store.js';
import { firstInOrder, isoMs } from '../live/time.js';
import { groupSize } from './alerts.js';

export type FeedItem =
  | {
      kind: 'incident';
      key: string;
      at: number;
      /** The incident, or a group's newest member. */
      incident: Incident;
      /** Its alert (a group's, for every member), when it raised one. */
      alert?: Alert | undefined;
      /** How many incidents a grouped alert stands for, else 1. */
      size: number;
    }
  | {
      kind: 'service';
      key: string;
      at: number;
      service: Service;
      agency: Agency | null;
      status: ServiceStatus;
      from: ServiceStatus | null;
    };

export interface FeedInput {
  incidents: ReadonlyMap<string, Incident>;
  services: ReadonlyMap<string, Service>;
  serviceStates: ReadonlyMap<string, ServiceState>;
  agencies: ReadonlyMap<string, Agency>;
  serviceChanges: readonly ServiceChange[];
  /** Alerts by their own and their members' keys (`incident:<id>`), see `alertsByKey`. */
  alertByKey?: ReadonlyMap<string, Alert>;
}

const time = isoMs;
const newestFirst = (a: FeedItem, b: FeedItem): number => b.at - a.at || a.key.localeCompare(b.key);

/**
 * Incidents by arrival; services that are not up now (since their change); recoveries this view
 * saw happen. Newest first, at most `limit`. The incidents of one grouped alert are one item (its
 * newest member), not one near-identical row each.
 */
export function buildFeed(input: FeedInput, limit: number): FeedItem[] {
  const items: FeedItem[] = [];
  const groups = new Map<string, FeedItem & { kind: 'incident' }>();
  for (const inc of input.incidents.values()) {
    const alert = input.alertByKey?.get(`incident:${inc.id}`);
    const size = alert ? groupSize(alert) : null;
    const item = {
      kind: 'incident' as const,
      key: size ? `g:${alert?.id}` : `i:${inc.id}`,
      at: time(inc.receivedAt),
      incident: inc,
      alert,
      size: size ?? 1,
    };
    if (!size) {
      items.push(item);
      continue;
    }
    const held = groups.get(item.key);
    if (!held || item.at > held.at || (item.at === held.at && inc.id > held.incident.id))
      groups.set(item.key, item);
  }
  items.push(...groups.values());
  for (const st of input.serviceStates.values()) {
    if (st.status === 'up') continue;
    const service = input.services.get(st.serviceId);
    if (!service) continue;
    items.push({
      kind: 'service',
      key: `s:${st.serviceId}:${st.since}`,
      at: time(st.since),
      service,
      agency: input.agencies.get(service.agencyId) ?? null,
      status: st.status,
      from: null,
    });
  }
  for (const ch of input.serviceChanges) {
    if (ch.to !== 'up') continue;
    const service = input.services.get(ch.serviceId);
    if (!service) continue;
    items.push({
      kind: 'service',
      key: `r:${ch.serviceId}:${ch.at}`,
      at: time(ch.at),
      service,
      agency: input.agencies.get(service.agencyId) ?? null,
      status: 'up',
      from: ch.from,
    });
  }
  return firstInOrder(items, limit, newestFirst);
}
