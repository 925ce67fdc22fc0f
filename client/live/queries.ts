/** Read-only HTTP queries of the console, each parsed with a zod schema (the shapes the server answers). */
import { z } from './zod.js';
import { AlertSchema, EvidenceSchema, type Alert } from '../../shared/schemas/index.js';
import { request } from './api.js';

function dataOf<T extends z.ZodType>(schema: T, json: unknown): z.infer<T> {
  const env = z.object({ data: z.unknown() }).parse(json);
  return schema.parse(env.data);
}

/** One alert with its full timeline; `createdAt` finds it in the archive once retention has moved it. */
export async function fetchAlert(id: string, createdAt?: string): Promise<Alert> {
  const at = createdAt ? `?at=${encodeURIComponent(createdAt)}` : '';
  return dataOf(AlertSchema, await request('GET', `/api/v1/alerts/${encodeURIComponent(id)}${at}`));
}

/** One audit log entry (see server/auth/audit.ts). TODO(shared): a shared schema once the server publishes one. */
export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    actor: z.object({ kind: z.string(), name: z.string().nullable(), role: z.string().nullable() }).loose(),
    channel: z.string(),
    target: z.string().optional(),
  })
  .loose();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The newest audit entries (admin and supervisor only). */
export async function fetchAudit(limit = 1000): Promise<AuditEntry[]> {
  return dataOf(
    z.object({ items: z.array(AuditEntrySchema) }),
    await request('GET', `/api/v1/audit?limit=${limit}`),
  ).items;
}

export const HistoryEntrySchema = EvidenceSchema.extend({ seq: z.number() });
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
const HistoryPageSchema = z.object({ items: z.array(HistoryEntrySchema), nextBefore: z.number().nullable() });
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

/** A page of a service's check history, newest first. */
export async function fetchChecks(serviceId: string, limit = 50, before?: number): Promise<HistoryPage> {
  const q = new URLSearchParams({ limit: String(limit) });
  if (before !== undefined) q.set('before', String(before));
  return dataOf(
    HistoryPageSchema,
    await request('GET', `/api/v1/services/${encodeURIComponent(serviceId)}/checks?${q}`),
  );
}

const UptimeSchema = z.object({ uptime: z.number().nullable(), samples: z.number().optional() }).loose();
const SlaSchema = z.object({
  agencyId: z.string(),
  windows: z.record(
    z.string(),
    z.object({
      agency: UptimeSchema,
      services: z.array(UptimeSchema.extend({ serviceId: z.string(), name: z.string() })),
    }),
  ),
});
export type Sla = z.infer<typeof SlaSchema>;

/** Uptime of an agency and its services over the 24 h / 7 d / 30 d / 365 d windows, or over one `period` (key `period`). */
export async function fetchSla(agencyId: string, period?: { from: string; to: string }): Promise<Sla> {
  const q = period ? `?${new URLSearchParams(period)}` : '';
  return dataOf(SlaSchema, await request('GET', `/api/v1/agencies/${encodeURIComponent(agencyId)}/sla${q}`));
}

const ResponseTimesSchema = z
  .object({
    alerts: z.number(),
    acknowledged: z.number(),
    resolved: z.number(),
    mttaSeconds: z.number().nullable(),
    mttrSeconds: z.number().nullable(),
  })
  .loose();
export type ResponseTimes = z.infer<typeof ResponseTimesSchema>;
const AgencyResponseSchema = z.object({
  agencyId: z.string(),
  overall: ResponseTimesSchema,
  byCategory: z.record(z.string(), ResponseTimesSchema),
});
export type AgencyResponseTimes = z.infer<typeof AgencyResponseSchema>;

/** MTTA/MTTR of an agency's alerts over the last 30 days, overall and per category. */
export async function fetchResponseTimes(agencyId: string): Promise<AgencyResponseTimes> {
  return dataOf(
    AgencyResponseSchema,
    await request('GET', `/api/v1/agencies/${encodeURIComponent(agencyId)}/response-times`),
  );
}
