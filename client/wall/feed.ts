/** The wall's "latest events": newest incidents and service state changes, merged by time. */
import type { Agency, Incident, Service, ServiceState, ServiceStatus } from '../../shared/schemas/index.js';
import type { ServiceChange } from '../live/store.js';
import { firstInOrder, isoMs } from '../live/time.js';

export type FeedItem =
  | { kind: 'incident'; key: string; at: number; incident: Incident }
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
}

const time = isoMs;
const newestFirst = (a: FeedItem, b: FeedItem): number => b.at - a.at || a.key.localeCompare(b.key);

/**
 * Incidents by arrival; services that are not up now (since their change); recoveries this view
 * saw happen. Newest first, at most `limit`.
 */
export function buildFeed(input: FeedInput, limit: number): FeedItem[] {
  const items: FeedItem[] = [];
  for (const inc of input.incidents.values()) {
    items.push({ kind: 'incident', key: `i:${inc.id}`, at: time(inc.receivedAt), incident: inc });
  }
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
