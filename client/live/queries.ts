/** Read-only HTTP queries of the console, each parsed with its route's answer schema (shared/api). */
import type { z } from './zod.js';
import { parseData, request } from './api.js';
import {
  AgencyResponseTimesResponseSchema,
  AlertResponseSchema,
  type AgencyResponseTimesSchema,
} from '../../shared/api/alerts.js';
import { AuditPageResponseSchema } from '../../shared/api/auth.js';
import {
  AgencySlaResponseSchema,
  CheckHistoryResponseSchema,
  type AgencySlaSchema,
  type CheckHistoryEntrySchema,
  type CheckHistoryPageSchema,
} from '../../shared/api/health.js';
import type { Alert, AuditEntry } from '../../shared/schemas/index.js';

export type { AuditEntry };
export type HistoryEntry = z.infer<typeof CheckHistoryEntrySchema>;
export type HistoryPage = z.infer<typeof CheckHistoryPageSchema>;
export type Sla = z.infer<typeof AgencySlaSchema>;
export type AgencyResponseTimes = z.infer<typeof AgencyResponseTimesSchema>;

/** One alert with its full timeline; `createdAt` finds it in the archive once retention has moved it. */
export async function fetchAlert(id: string, createdAt?: string): Promise<Alert> {
  const at = createdAt ? `?at=${encodeURIComponent(createdAt)}` : '';
  return parseData(
    AlertResponseSchema,
    await request('GET', `/api/v1/alerts/${encodeURIComponent(id)}${at}`),
  );
}

/** The newest audit entries (admin and supervisor only). */
export async function fetchAudit(limit = 1000): Promise<AuditEntry[]> {
  return parseData(AuditPageResponseSchema, await request('GET', `/api/v1/audit?limit=${limit}`)).items;
}

/** A page of a service's check history, newest first. */
export async function fetchChecks(serviceId: string, limit = 50, before?: number): Promise<HistoryPage> {
  const q = new URLSearchParams({ limit: String(limit) });
  if (before !== undefined) q.set('before', String(before));
  return parseData(
    CheckHistoryResponseSchema,
    await request('GET', `/api/v1/services/${encodeURIComponent(serviceId)}/checks?${q}`),
  );
}

/** Uptime of an agency and its services over the 24 h / 7 d / 30 d / 365 d windows, or over one `period` (key `period`). */
export async function fetchSla(agencyId: string, period?: { from: string; to: string }): Promise<Sla> {
  const q = period ? `?${new URLSearchParams(period)}` : '';
  return parseData(
    AgencySlaResponseSchema,
    await request('GET', `/api/v1/agencies/${encodeURIComponent(agencyId)}/sla${q}`),
  );
}

/** MTTA/MTTR of an agency's alerts over the last 30 days, overall and per category. */
export async function fetchResponseTimes(agencyId: string): Promise<AgencyResponseTimes> {
  return parseData(
    AgencyResponseTimesResponseSchema,
    await request('GET', `/api/v1/agencies/${encodeURIComponent(agencyId)}/response-times`),
  );
}
