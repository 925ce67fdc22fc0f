/**
 * Citizen reports: numbering, storing (acknowledged only once written), reading, and the status a
 * reporter sees (which follows the linked incident).
 */
import type { LngLat } from '../../shared/geo.js';
import { reportCategory } from '../../shared/reference/reportCategories.js';
import type { Incident, Report, ReportChannel } from '../../shared/schemas/index.js';
import { alertForDedupeKey } from '../alerts/engine.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, allDocs, getDoc, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import { refuseBlocked } from './blocks.js';
import { takeReportSlot } from './limits.js';
import { placeReport } from './places.js';

/** What a channel hands in. */
export interface ReportInput {
  serviceCode: string;
  description: string;
  point: LngLat | null;
  kelurahanCode: string | null;
  address: string | null;
  mediaUrl: string | null;
  channel: ReportChannel;
  keyId: string | null;
  contact: Report['contact'];
  /** Stores the photo (after every check passed); absent without one. */
  photo?: () => Promise<Report['photo']>;
}

interface Seq {
  year: number;
  n: number;
  version: number;
}

/** The report number: `LPR-<year>-<n, 6 digits at least>`. */
export const reportNumber = (year: number, n: number) => `LPR-${year}-${String(n).padStart(6, '0')}`;

/**
 * Accepts a report: checks the category, the place, the block list and the sender's rate, stores
 * the photo, then writes the report with the next number of the year in one commit.
 */
export async function submitReport(ctx: Ctx, input: ReportInput): Promise<Report> {
  if (!reportCategory(input.serviceCode))
    throw new HttpError(400, 'unknown_service', `No report category "${input.serviceCode}".`);
  const description = input.description.trim();
  if (!description) throw new HttpError(400, 'no_description', 'Describe the problem.');
  const place = placeReport(ctx, input.point, input.kelurahanCode);
  await refuseBlocked(ctx, input.contact);
  const identities = [
    ...(input.keyId ? [`key:${input.keyId}`] : []),
    ...(input.contact.ip ? [`ip:${input.contact.ip}`] : []),
  ];
  // An Open311 key relays many residents: its key is the identity, not the relay's address.
  await takeReportSlot(ctx, input.keyId ? identities.slice(0, 1) : identities);
  const photo = input.photo ? await input.photo() : null;
  return commitWithRetry(async () => {
    const now = ctx.now();
    const year = now.getUTCFullYear();
    const seqId = String(year);
    const seq = await getDoc<Seq>(ctx.store, COLL.reportSeq, seqId);
    const next: Seq = { year, n: (seq?.n ?? 0) + 1, version: (seq?.version ?? 0) + 1 };
    const at = now.toISOString();
    const report: Report = {
      id: reportNumber(year, next.n),
      serviceCode: input.serviceCode,
      description,
      ...place,
      address: input.address,
      mediaUrl: input.mediaUrl,
      photo,
      channel: input.channel,
      keyId: input.keyId,
      contact: input.contact,
      status: 'new',
      statusNote: null,
      mergedInto: null,
      incidentId: null,
      history: [{ at, status: 'new', note: null, by: null }],
      submittedAt: at,
      updatedAt: at,
      version: 1,
    };
    const result = await ctx.store.commit({
      puts: [
        putDoc(COLL.reportSeq, seqId, next, seq ? seq.version : 'absent'),
        putDoc(COLL.reports, report.id, report, 'absent'),
      ],
    });
    return { result, value: report };
  });
}

/** A report by number, or null. */
export function getReport(ctx: Ctx, id: string): Promise<Report | null> {
  return getDoc<Report>(ctx.store, COLL.reports, id);
}

/** Every report, newest first. */
export async function allReports(ctx: Ctx): Promise<Report[]> {
  const all = await allDocs<Report>(ctx.store, COLL.reports);
  return all.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id));
}

/**
 * The status a reporter sees: the stored one, except that a verified report follows its incident
 * and its agency's alert (acknowledged → in progress; resolved, or the incident closed → closed) and a merged one the report it joined.
 */
export async function effectiveStatus(ctx: Ctx, r: Report, followMerge = true): Promise<Report['status']> {
  // For its reporter, a duplicate follows the report it was merged into (never itself merged).
  if (followMerge && r.status === 'merged' && r.mergedInto) {
    const target = await getReport(ctx, r.mergedInto);
    if (target && target.status !== 'merged') return effectiveStatus(ctx, target);
  }
  if ((r.status === 'verified' || r.status === 'in_progress') && r.incidentId) {
    const inc = await getDoc<Incident>(ctx.store, COLL.incidents, r.incidentId);
    if (inc && inc.status !== 'open') return 'closed';
    // The agency's alert: acknowledged → being handled, resolved → done.
    const alert = await alertForDedupeKey(ctx, `incident:${r.incidentId}`);
    if (alert?.status === 'resolved' || alert?.status === 'closed') return 'closed';
    if (alert?.status === 'acknowledged' || alert?.status === 'snoozed') return 'in_progress';
  }
  return r.status;
}

/** Open311's two states. */
export const open311Status = (s: Report['status']): 'open' | 'closed' =>
  s === 'new' || s === 'verified' || s === 'in_progress' ? 'open' : 'closed';
