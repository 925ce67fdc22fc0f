import type { Alert, Incident, ServiceState, UsageSample } from '../../shared/schemas/index.js';
import type { StoredEvent } from '../store/store.js';
import type { State } from './snapshot.js';
import { countOpenBySeverity, latestUsage } from './snapshot.js';

/** Changes gathered since the last delta, keyed by id so repeats coalesce. */
export interface Pending {
  serviceStates: Map<string, ServiceState>;
  incidents: Map<string, Incident>;
  alerts: Map<string, Alert>;
  usage: Map<string, UsageSample>;
}

const usageKey = (u: UsageSample) => `${u.appId}|${u.metric}|${u.kelurahanCode ?? ''}`;

/**
 * This instance's read model (open incidents, live alerts, service states, latest usage) of the current state, built from the store and kept current from
 * the event log. It serves snapshots quickly; the store stays the source of truth.
 */
export class Projection {
  serviceStates = new Map<string, ServiceState>();
  incidents = new Map<string, Incident>();
  alerts = new Map<string, Alert>();
  usage = new Map<string, UsageSample>();
  openBySeverity: Record<string, number> = {};
  pending: Pending = emptyPending();

  /** Replaces everything with a fresh read. */
  load(state: State): void {
    // What was gathered before is in the fresh read (or older than it).
    this.pending = emptyPending();
    this.serviceStates = new Map(state.serviceStates.map((s) => [s.serviceId, s]));
    this.incidents = new Map(state.incidents.filter((i) => i.status === 'open').map((i) => [i.id, i]));
    this.openBySeverity = countOpenBySeverity(this.incidents.values());
    this.alerts = new Map(state.alerts.map((a) => [a.id, a]));
    this.usage = new Map(state.usage.map((u) => [usageKey(u), u]));
  }

  /** Applies events in order; older versions than what is held are ignored. */
  apply(events: StoredEvent[]): void {
    for (const e of events) {
      if (e.type === 'incident') {
        const i = JSON.parse(e.json) as Incident;
        const held = this.incidents.get(i.id);
        if ((held?.version ?? 0) > i.version) continue;
        // Open incidents per severity are kept incrementally: KPIs stay cheap with 10,000 on the map.
        if (held) this.openBySeverity[held.severity] = (this.openBySeverity[held.severity] ?? 1) - 1;
        if (i.status === 'open') {
          this.incidents.set(i.id, i);
          this.openBySeverity[i.severity] = (this.openBySeverity[i.severity] ?? 0) + 1;
        } else this.incidents.delete(i.id);
        this.pending.incidents.set(i.id, i);
      } else if (e.type === 'alert') {
        const a = JSON.parse(e.json) as Alert;
        if ((this.alerts.get(a.id)?.version ?? 0) > a.version) continue;
        if (a.status === 'closed') this.alerts.delete(a.id);
        else this.alerts.set(a.id, a);
        this.pending.alerts.set(a.id, a);
      } else if (e.type === 'serviceState') {
        const s = JSON.parse(e.json) as ServiceState;
        if ((this.serviceStates.get(s.serviceId)?.version ?? 0) > s.version) continue;
        this.serviceStates.set(s.serviceId, s);
        this.pending.serviceStates.set(s.serviceId, s);
      } else if (e.type === 'usage') {
        const [u] = latestUsage([JSON.parse(e.json) as UsageSample]);
        if (!u) continue;
        const k = usageKey(u);
        const cur = this.usage.get(k);
        if (cur && cur.at > u.at) continue;
        this.usage.set(k, u);
        this.pending.usage.set(k, u);
      }
    }
  }

  hasPending(): boolean {
    const p = this.pending;
    return p.incidents.size + p.alerts.size + p.serviceStates.size + p.usage.size > 0;
  }

  /** Takes the gathered changes, leaving an empty set. */
  drain(): Pending {
    const p = this.pending;
    this.pending = emptyPending();
    return p;
  }

  state(): State {
    return {
      serviceStates: [...this.serviceStates.values()],
      incidents: [...this.incidents.values()],
      alerts: [...this.alerts.values()],
      usage: [...this.usage.values()],
    };
  }
}

function emptyPending(): Pending {
  return { serviceStates: new Map(), incidents: new Map(), alerts: new Map(), usage: new Map() };
}
