/**
 * The triage queue's actions: verify (→ an incident routed like any other, linked both ways),
 * merge a duplicate into another report, reject with a reason. Each is audited in the commit that
 * changes the report, and only a new report can be triaged.
 */
import { reportCategory } from '../../shared/reference/reportCategories.js';
import type { Report } from '../../shared/schemas/index.js';
import { auditEntry, type AuditEntry } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { recordIncidents } from '../incidents/incidents.js';
import { COLL, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import { reportStepIncrs } from './counts.js';
import { kelurahanCentre } from './places.js';
import { getReport } from './reports.js';

type AuditBase = Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>;

/** The incident a verified report becomes. */
export const incidentIdOf = (reportId: string) => `report:${reportId}`;

async function newReport(ctx: Ctx, id: string): Promise<Report> {
  const r = await getReport(ctx, id);
  if (!r) throw new HttpError(404, 'not_found', `No report ${id}.`);
  if (r.status !== 'new')
    throw new HttpError(
      409,
      'already_triaged',
      `Report ${id} is already ${r.status}; only new reports can be triaged.`,
    );
  return r;
}

/** Writes a triaged report with its history step and audit entry, if it is still as read. */
async function writeStep(
  ctx: Ctx,
  id: string,
  change: (r: Report) => Pick<Report, 'status'> & Partial<Report>,
  note: string | null,
  audit: AuditBase,
  action: string,
): Promise<Report> {
  return commitWithRetry(async () => {
    const cur = await newReport(ctx, id);
    const at = ctx.now().toISOString();
    const patch = change(cur);
    const next: Report = {
      ...cur,
      ...patch,
      history: [...cur.history, { at, status: patch.status, note, by: audit.actor.name ?? null }],
      updatedAt: at,
      version: cur.version + 1,
    };
    const entry = auditEntry(ctx, {
      ...audit,
      action,
      target: id,
      details: {
        status: next.status,
        ...(note ? { note } : {}),
        ...(patch.mergedInto ? { into: patch.mergedInto } : {}),
      },
    });
    const result = await ctx.store.commit({
      puts: [putDoc(COLL.reports, id, next, cur.version), putDoc(COLL.audit, entry.id, entry, 'absent')],
      incrs: reportStepIncrs(next.status, at),
    });
    return { result, value: next };
  });
}

/** Verifies a new report: records its incident (routed to the category's agency), then links it. */
export async function verifyReport(
  ctx: Ctx,
  id: string,
  note: string | null,
  audit: AuditBase,
): Promise<Report> {
  const r = await newReport(ctx, id);
  const cat = reportCategory(r.serviceCode);
  if (!cat) throw new HttpError(409, 'unknown_service', `Report ${id} has an unknown category.`);
  const point = r.point ?? (r.kelurahanCode ? kelurahanCentre(r.kelurahanCode) : null);
  if (!point) throw new HttpError(409, 'no_location', `Report ${id} has no location.`);
  const incidentId = incidentIdOf(id);
  await recordIncidents(
    ctx,
    [
      {
        id: incidentId,
        title: `${cat.nameId} (${id})`,
        description: r.description,
        category: cat.incidentCategory,
        severity: cat.severity,
        location: point,
        occurredAt: r.submittedAt,
        ...(r.kelurahanCode ? { kelurahanCode: r.kelurahanCode } : {}),
        agencyId: cat.agencyId,
        source: 'report',
        attributes: { reportId: id, channel: r.channel },
      },
    ],
    { source: 'report', owner: 'system:reports' },
  );
  return writeStep(ctx, id, () => ({ status: 'verified', incidentId }), note, audit, 'report.verify');
}

/** Merges a new report into another (not itself merged or rejected). */
export async function mergeReport(ctx: Ctx, id: string, into: string, audit: AuditBase): Promise<Report> {
  if (into === id) throw new HttpError(400, 'invalid_request', 'A report cannot be merged into itself.');
  const target = await getReport(ctx, into);
  if (!target) throw new HttpError(404, 'not_found', `No report ${into}.`);
  if (target.status === 'merged' || target.status === 'rejected')
    throw new HttpError(
      409,
      'bad_target',
      `Report ${into} is ${target.status}; merge into the report it points to.`,
    );
  return writeStep(
    ctx,
    id,
    () => ({
      status: 'merged',
      mergedInto: into,
      incidentId: target.incidentId,
      statusNote: `Digabung dengan ${into}`,
    }),
    `into ${into}`,
    audit,
    'report.merge',
  );
}

/** Rejects a new report with the reason the reporter will read. */
export function rejectReport(ctx: Ctx, id: string, reason: string, audit: AuditBase): Promise<Report> {
  return writeStep(
    ctx,
    id,
    () => ({ status: 'rejected', statusNote: reason }),
    reason,
    audit,
    'report.reject',
  );
}
