import { z } from 'zod';
import { AgencySchema } from './agency.js';
import { AlertSchema } from './alert.js';
import { IncidentSchema } from './incident.js';
import { ServiceSchema, ServiceStateSchema } from './service.js';
import { UsageSampleSchema } from './usage.js';

/** Aggregate counts every view may see, whatever its agency. */
export const KpisSchema = z.object({
  servicesTotal: z.number().int(),
  servicesUp: z.number().int(),
  servicesDown: z.number().int(),
  openIncidentsBySeverity: z.record(z.string(), z.number().int()),
  unacknowledgedAlerts: z.number().int(),
  oldestUnacknowledgedAt: z.string().nullable(),
});
export type Kpis = z.infer<typeof KpisSchema>;

/**
 * When the serving instance last read the event log successfully (ISO), null before its first read.
 * A view whose socket is connected but whose `feedAt` is older than STALE_AFTER_MS shows "data feed
 * stalled": the server is alive, its data is not.
 */
export const FeedAtSchema = z.string().nullable();

/** Proof of life while nothing changes, in the same `seq` order as deltas. */
export const HeartbeatSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  feedAt: FeedAtSchema,
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/** Open incidents a snapshot did not carry in full, counted per kelurahan and category, at their mean position. */
export const IncidentClusterSchema = z.object({
  kelurahanCode: z.string().nullable(),
  category: z.string(),
  count: z.number().int().positive(),
  /** The most severe among them. */
  severity: z.string(),
  point: z.tuple([z.number(), z.number()]),
});
export type IncidentCluster = z.infer<typeof IncidentClusterSchema>;

/** The full current state a view starts from. `seq` comes first and each later delta adds one. */
export const SnapshotSchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.string(),
  feedAt: FeedAtSchema,
  store: z.enum(['redis', 'memory']),
  demo: z.boolean(),
  agencies: z.array(AgencySchema),
  services: z.array(ServiceSchema),
  serviceStates: z.array(ServiceStateSchema),
  incidents: z.array(IncidentSchema),
  /** The rest of a very large live set (beyond SNAPSHOT_MAX_INCIDENTS), as counts; empty otherwise. */
  incidentClusters: z.array(IncidentClusterSchema).default([]),
  alerts: z.array(AlertSchema),
  usage: z.array(UsageSampleSchema),
  kpis: KpisSchema,
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** Changes since the previous message, coalesced. Upserts by id; a view applies them in `seq` order. */
export const DeltaSchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  feedAt: FeedAtSchema,
  serviceStates: z.array(ServiceStateSchema),
  incidents: z.array(IncidentSchema),
  alerts: z.array(AlertSchema),
  usage: z.array(UsageSampleSchema),
  kpis: KpisSchema.nullable(),
});
export type Delta = z.infer<typeof DeltaSchema>;
