import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What an instance reports about itself at scrape time (set up by main.ts once everything exists). */
export interface InstanceProbe {
  feed: () => { live: boolean; feedAt: number | null; recoveries: number; failures: number; tails: number };
  resources: () => Record<string, number>;
  store: () => {
    statusListeners: number;
    channelListeners: number;
    replication: { minReplicas: number; online: number | null; degraded: boolean };
  };
}

/** Prometheus metrics for one server instance. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pantau_' });
  let probe: InstanceProbe | null = null;
  return {
    registry,
    /** Lets the scrape read the live feed, the resources and the store (main.ts). */
    attach(p: InstanceProbe): void {
      probe = p;
    },
    ingested: new Counter({
      name: 'pantau_ingested_total',
      help: 'Items accepted by ingest',
      labelNames: ['feed'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'pantau_ingest_rejected_total',
      help: 'Ingest requests rejected',
      labelNames: ['feed', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'pantau_http_request_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    sockets: new Gauge({
      name: 'pantau_live_sockets',
      help: 'Connected live sockets',
      registers: [registry],
    }),
    deltas: new Counter({
      name: 'pantau_live_deltas_total',
      help: 'Delta messages sent',
      registers: [registry],
    }),
    storeReady: new Gauge({
      name: 'pantau_store_ready',
      help: '1 when the store is reachable',
      registers: [registry],
    }),
    storeReconnects: new Counter({
      name: 'pantau_store_reconnects_total',
      help: 'Times the store connection came back after a loss',
      registers: [registry],
    }),
    feedLive: new Gauge({
      name: 'pantau_feed_live',
      help: '1 while this instance tails the event log (its live clients get every change)',
      registers: [registry],
      collect() {
        if (probe) this.set(probe.feed().live ? 1 : 0);
      },
    }),
    feedLag: new Gauge({
      name: 'pantau_feed_lag_seconds',
      help: 'Seconds since this instance last read the event log successfully (-1 before the first read)',
      registers: [registry],
      collect() {
        const at = probe?.feed().feedAt;
        if (probe) this.set(at === null || at === undefined ? -1 : (Date.now() - at) / 1000);
      },
    }),
    feedRecoveries: new Gauge({
      name: 'pantau_feed_recoveries',
      help: 'Reloads of the live read model after the event-log tail failed or stalled, since start',
      registers: [registry],
      collect() {
        if (probe) this.set(probe.feed().recoveries);
      },
    }),
    feedFailures: new Gauge({
      name: 'pantau_feed_failures',
      help: 'Failed or stalled reads of the event log, since start',
      registers: [registry],
      collect() {
        if (probe) this.set(probe.feed().failures);
      },
    }),
    resources: new Gauge({
      name: 'pantau_instance_resources',
      help: 'Loops, timers, workers, listeners and subscriptions this instance runs, by kind (each should be 1 or a fixed number, however often start-up was retried)',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        if (!probe) return;
        this.reset();
        const store = probe.store();
        const all = {
          ...probe.resources(),
          live_feed_tails: probe.feed().tails,
          store_status_listeners: store.statusListeners,
          store_channel_listeners: store.channelListeners,
        };
        for (const [kind, n] of Object.entries(all)) this.set({ kind }, n);
      },
    }),
    replicas: new Gauge({
      name: 'pantau_redis_replicas_online',
      help: 'Replicas the Redis primary reports online (-1 when replica confirmation is off)',
      registers: [registry],
      collect() {
        if (probe) this.set(probe.store().replication.online ?? -1);
      },
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
