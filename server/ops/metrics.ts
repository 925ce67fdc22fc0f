import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for one server instance. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pantau_' });
  return {
    registry,
    ingested: new Counter({ name: 'pantau_ingested_total', help: 'Items accepted by ingest', labelNames: ['feed'], registers: [registry] }),
    rejected: new Counter({ name: 'pantau_ingest_rejected_total', help: 'Ingest requests rejected', labelNames: ['feed', 'status'], registers: [registry] }),
    httpDuration: new Histogram({ name: 'pantau_http_request_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] }),
    sockets: new Gauge({ name: 'pantau_live_sockets', help: 'Connected live sockets', registers: [registry] }),
    deltas: new Counter({ name: 'pantau_live_deltas_total', help: 'Delta messages sent', registers: [registry] }),
    storeReady: new Gauge({ name: 'pantau_store_ready', help: '1 when the store is reachable', registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
