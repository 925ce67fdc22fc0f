/**
 * Citizen reports: numbering, storing (acknowledged only once written), reading, and the status a
 * reporter sees (which follows the linked incident).
 */
import { haversineMeters, type LngLat } from '../../shared/geo.js';
import { reportCategory } from '../../shared/reference/reportCategories.js';
import type { Incident, Report, ReportChannel } from '../../shared/schemas/index.js';
import { alertForDedupeKey } from '../alerts/engine.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, getDoc, getDocs, putDoc } from '../store/docs.js';
import { IX, idOfMember, newestFirst } from '../store/indexes.js';
import { commitWithRetry } from '../store/retry.js';
import { channelSettings } from '../notify/channels.js';
import { refuseBlocked } from './blocks.js';
import { reportCountIncrs } from './counts.js';
import { removePhoto } from './photos.js';
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
  const chat = input.contact.telegramChatId ?? null;
  const identities = [
    ...(input.keyId ? [`key:${input.keyId}`] : []),
    ...(chat ? [`tg:${chat}`] : []),
    ...(input.contact.ip ? [`ip:${input.contact.ip}`] : []),
  ];
  // An Open311 key relays many residents: its key is the identity, not the relay's address.
  await takeReportSlot(ctx, input.keyId ? identities.slice(0, 1) : identities);
  const photo = input.photo ? await input.photo() : null;
  try {
    return await writeReport(ctx, input, description, place, photo);
  } catch (err) {
    // Nothing refers to a photo whose report was not written: it goes too.
    if (photo) await removePhoto(ctx.config.mediaDir, photo.id);
    throw err;
  }
}

/** Writes a new report with the next number of its year and its participation counters. */
function writeReport(
  ctx: Ctx,
  input: ReportInput,
  description: string,
  place: ReturnType<typeof placeReport>,
  photo: Report['photo'],
): Promise<Report> {
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
      // A Telegram reporter is told the number in the chat that sent it; a web reporter with an
      // e-mail gets it (and the later steps) by e-mail when e-mail is set up.
      ...(input.contact.telegramChatId ? { notifiedStatus: 'new' as const } : {}),
      ...(input.channel === 'web' && input.contact.email && channelSettings(ctx).email
        ? { notifyEmail: true }
        : {}),
      submittedAt: at,
      updatedAt: at,
      version: 1,
    };
    const result = await ctx.store.commit({
      puts: [
        putDoc(COLL.reportSeq, seqId, next, seq ? seq.version : 'absent'),
        putDoc(COLL.reports, report.id, report, 'absent'),
      ],
      incrs: reportCountIncrs(report),
    });
    return { result, value: report };
  });
}

/** A report by number, or null. */
export function getReport(ctx: Ctx, id: string): Promise<Report | null> {
  return getDoc<Report>(ctx.store, COLL.reports, id);
}

/** Index members read per page while walking a list. */
const PAGE = 200;

/** A report's member in the newest-first report indexes: `<newestFirst time>|<id>`. */
export const reportMember = (r: Pick<Report, 'submittedAt' | 'id'>) =>
  `${newestFirst(r.submittedAt)}|${r.id}`;

/**
 * Where a walk starts to read reports submitted at or before `iso`: the bare time prefix sorts just
 * before that instant's members.
 */
export const notAfter = (iso: string) => newestFirst(iso);

/**
 * Reads reports newest first from one of the report indexes, page by page, after the member `from`
 * (exclusive; null: from the newest; see `reportMember`, `notAfter`), keeping those `keep` accepts,
 * until `limit` are kept, `keep` says 'stop' (older than wanted) or `maxRead` were read (so a filter
 * that matches little cannot make one request read all history).
 */
export async function walkReports(
  ctx: Ctx,
  index: string,
  keep: (r: Report) => Promise<boolean | 'stop'> | boolean | 'stop',
  limit: number,
  maxRead = 5_000,
  from: string | null = null,
): Promise<Report[]> {
  const out: Report[] = [];
  let after = from;
  let read = 0;
  while (out.length < limit && read < maxRead) {
    const members = await ctx.store.lexRange(index, after, PAGE);
    if (!members.length) break;
    after = members[members.length - 1] ?? null;
    read += members.length;
    const docs = await getDocs<Report>(ctx.store, COLL.reports, members.map(idOfMember));
    for (const r of docs) {
      if (!r || out.length >= limit) continue;
      const k = await keep(r);
      if (k === 'stop') return out;
      if (k) out.push(r);
    }
    if (members.length < PAGE) break;
  }
  return out;
}

/** Newest first; of one millisecond, the highest number first (the index has those lowest first). */
export const newestFirstOrder = (a: Report, b: Report) =>
  b.submittedAt.localeCompare(a.submittedAt) || b.id.localeCompare(a.id);

/** Stored statuses a report shown as `status` may have (verified ones follow their incident). */
const STORED_AS: Record<Report['status'], Report['status'][]> = {
  new: ['new'],
  merged: ['merged'],
  rejected: ['rejected'],
  verified: ['verified'],
  in_progress: ['verified', 'in_progress'],
  closed: ['verified', 'in_progress', 'closed'],
};

/**
 * The triage queue's list, newest first, with the status each shows (a verified report follows its
 * incident; a merged one stays merged): at most `limit`, read through the status indexes.
 */
export async function listReports(
  ctx: Ctx,
  status: Report['status'] | 'all',
  limit: number,
): Promise<Report[]> {
  const shown = async (r: Report) => ({ ...r, status: await effectiveStatus(ctx, r, false) });
  if (status === 'all')
    return Promise.all(
      (await walkReports(ctx, IX.reports.all, () => true, limit)).sort(newestFirstOrder).map(shown),
    );
  const lists = await Promise.all(
    STORED_AS[status].map(async (stored) => {
      const out: Report[] = [];
      await walkReports(
        ctx,
        IX.reports.status(stored),
        async (r) => {
          const s = await shown(r);
          if (s.status !== status) return false;
          out.push(s);
          return true;
        },
        limit,
      );
      return out;
    }),
  );
  return lists.flat().sort(newestFirstOrder).slice(0, limit);
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

/** The agency a report's incident was routed to (its alert's; routing may pick another than the category's), if it has one yet. */
export async function routedAgency(ctx: Ctx, r: Report): Promise<string | null> {
  const alert = r.incidentId ? await alertForDedupeKey(ctx, `incident:${r.incidentId}`) : null;
  return alert?.agencyId ?? null;
}

/** Open311's two states. */
export const open311Status = (s: Report['status']): 'open' | 'closed' =>
  s === 'new' || s === 'verified' || s === 'in_progress' ? 'open' : 'closed';

/** How near and how close in time another report must be to be offered as the same problem. */
export const SIMILAR = { radiusMeters: 1_000, windowMs: 3 * 86_400_000, limit: 5 } as const;

/**
 * Reports that may be the same problem as `r`, for the triage card's "merge into" suggestion: the
 * same category, within SIMILAR.radiusMeters (the same kelurahan when either has no point), submitted
 * within SIMILAR.windowMs before or after it, and not rejected or merged; nearest first. Reads the
 * time index from the window's end back to its start, never all history.
 */
export async function similarReports(
  ctx: Ctx,
  r: Report,
): Promise<{ report: Report; distanceMeters: number | null }[]> {
  const at = Date.parse(r.submittedAt);
  const from = at - SIMILAR.windowMs;
  const to = new Date(at + SIMILAR.windowMs).toISOString();
  const found: { report: Report; distanceMeters: number | null }[] = [];
  await walkReports(
    ctx,
    IX.reports.all,
    (o) => {
      if (Date.parse(o.submittedAt) < from) return 'stop';
      if (o.id === r.id || o.serviceCode !== r.serviceCode) return false;
      if (o.status === 'rejected' || o.status === 'merged') return false;
      const d = r.point && o.point ? haversineMeters(r.point, o.point) : null;
      const near = d !== null ? d <= SIMILAR.radiusMeters : o.kelurahanCode === r.kelurahanCode;
      if (near) found.push({ report: o, distanceMeters: d === null ? null : Math.round(d) });
      return near;
    },
    50,
    2_000,
    notAfter(to),
  );
  return found
    .sort((a, b) => (a.distanceMeters ?? SIMILAR.radiusMeters) - (b.distanceMeters ?? SIMILAR.radiusMeters))
    .slice(0, SIMILAR.limit);
}
