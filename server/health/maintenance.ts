import { randomUUID } from 'node:crypto';
import { MaintenanceInputSchema, type MaintenanceInput } from '../../shared/schemas/index.js';
import { auditEntry, type AuditEntry } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { registerInvalidSource, type InvalidEntry } from '../catalog/overlay.js';
import { HttpError, ValidationError, zodIssues, type Issue } from '../errors.js';
import { COLL, putDoc } from '../store/docs.js';

/** WITA is UTC+8 all year (no daylight saving). */
const WITA_OFFSET_MS = 8 * 3_600_000;
const MAINTENANCE = COLL.maintenanceWindows;

export type { MaintenanceInput };
export type MaintenanceWindow = MaintenanceInput & {
  id: string;
  createdAt: string;
  createdBy: string | null;
  version: number;
};

/** Whether a window covers the instant `at` (ISO) for a service of `agencyId`. */
export function covers(w: MaintenanceInput, serviceId: string, agencyId: string | null, at: string): boolean {
  if (w.serviceId ? w.serviceId !== serviceId : w.agencyId !== agencyId) return false;
  if (w.kind === 'once') return at >= w.startsAt && at < w.endsAt;
  const local = Date.parse(at) + WITA_OFFSET_MS;
  const [h = 0, m = 0] = w.startTime.split(':').map(Number);
  const dayMs = 86_400_000;
  // The window may have started on the previous WITA day and run past midnight.
  for (const back of [0, 1]) {
    const dayStart = Math.floor(local / dayMs) * dayMs - back * dayMs;
    const weekday = new Date(dayStart).getUTCDay();
    if (!w.days.includes(weekday)) continue;
    const start = dayStart + (h * 60 + m) * 60_000;
    if (local >= start && local < start + w.durationMinutes * 60_000) return true;
  }
  return false;
}

/** Checks one stored window: its fields by the API's schema (an invalid one is left out and listed for admins). */
function parseWindow(
  json: string,
  id: string,
): { ok: true; value: MaintenanceWindow } | { ok: false; issues: Issue[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return { ok: false, issues: [{ path: [], message: 'not valid JSON' }] };
  }
  if (typeof doc !== 'object' || doc === null)
    return { ok: false, issues: [{ path: [], message: 'not an object' }] };
  const { id: _id, createdAt, createdBy, version, ...rest } = doc as Record<string, unknown>;
  const r = MaintenanceInputSchema.safeParse(rest);
  if (!r.success) return { ok: false, issues: zodIssues(r.error) };
  return {
    ok: true,
    value: {
      ...r.data,
      id,
      createdAt: typeof createdAt === 'string' ? createdAt : '',
      createdBy: typeof createdBy === 'string' ? createdBy : null,
      version: Number(version ?? 0),
    },
  };
}

async function readWindows(ctx: Ctx): Promise<{ valid: MaintenanceWindow[]; invalid: InvalidEntry[] }> {
  const valid: MaintenanceWindow[] = [];
  const invalid: InvalidEntry[] = [];
  for (const [id, json] of await ctx.store.entries(MAINTENANCE)) {
    const r = parseWindow(json, id);
    if (r.ok) valid.push(r.value);
    else
      invalid.push({
        kind: 'maintenance',
        id,
        message: `stored maintenance window "${id}" is invalid; remove it with DELETE`,
        issues: r.issues,
        raw: json.slice(0, 2_000),
      });
  }
  return { valid, invalid };
}

/** Every valid window (an invalid stored one is left out; `GET /config/invalid` lists it). */
export async function listMaintenance(ctx: Ctx): Promise<MaintenanceWindow[]> {
  return (await readWindows(ctx)).valid;
}

/** Makes invalid stored windows show in the admins' list of invalid configuration. */
export function watchMaintenanceProblems(ctx: Ctx): void {
  registerInvalidSource(ctx, 'maintenance', { invalid: async () => (await readWindows(ctx)).invalid });
}

/** A predicate for one batch: is this service in maintenance at that instant? */
export async function maintenanceCheck(ctx: Ctx): Promise<(serviceId: string, at: string) => boolean> {
  const windows = await listMaintenance(ctx);
  if (!windows.length) return () => false;
  return (serviceId, at) =>
    windows.some((w) => covers(w, serviceId, ctx.catalog.serviceById.get(serviceId)?.agencyId ?? null, at));
}

/** Creates a window (audited in the same commit). */
export async function createMaintenance(
  ctx: Ctx,
  input: MaintenanceInput,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<MaintenanceWindow> {
  if (input.serviceId && !ctx.catalog.serviceById.has(input.serviceId))
    throw new ValidationError([{ path: ['serviceId'], message: `unknown service "${input.serviceId}"` }]);
  if (input.agencyId && !ctx.catalog.agencyById.has(input.agencyId))
    throw new ValidationError([{ path: ['agencyId'], message: `unknown agency "${input.agencyId}"` }]);
  const w: MaintenanceWindow = {
    ...input,
    id: `mw-${randomUUID().slice(0, 12)}`,
    createdAt: ctx.now().toISOString(),
    createdBy: audit.actor.name,
    version: 1,
  };
  const entry = auditEntry(ctx, { ...audit, action: 'maintenance.create', target: w.id, details: w });
  await ctx.store.commit({
    puts: [putDoc(MAINTENANCE, w.id, w, 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
  return w;
}

/** Deletes a window (audited). */
export async function deleteMaintenance(
  ctx: Ctx,
  id: string,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<void> {
  // Raw, so a window stored invalid (even one that is not JSON) can be removed too.
  const cur = await ctx.store.get(MAINTENANCE, id);
  if (cur === null) throw new HttpError(404, 'not_found', 'No such maintenance window.');
  const parsed = parseWindow(cur, id);
  const entry = auditEntry(ctx, {
    ...audit,
    action: 'maintenance.delete',
    target: id,
    details: parsed.ok ? parsed.value : { invalid: cur.slice(0, 2_000) },
  });
  await ctx.store.commit({
    dels: [{ coll: MAINTENANCE, id }],
    puts: [putDoc(COLL.audit, entry.id, entry, 'absent')],
  });
}
