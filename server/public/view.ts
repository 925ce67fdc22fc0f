import {
  isHijacked,
  isPublicService,
  noticePhase,
  NOTICE_PAST_DAYS,
  PUBLIC_UPTIME_DAYS,
  type Notice,
  type PublicNotice,
  type PublicService,
  type PublicStatus,
  type ServiceStatus,
} from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { addTallies, uptimeOf, witaDailyTallies, witaDaySince } from '../health/rollups.js';
import type { ServiceStateRecord } from '../health/state.js';
import { COLL, getDocs } from '../store/docs.js';
import { loadIndicators, websiteAvailability } from '../usage/scorecard.js';
import { reportCounts } from '../reports/counts.js';
import { listNotices } from './notices.js';

/** The citizen-report figures on the page cover this many WITA days. */
const PUBLIC_REPORT_DAYS = 30;

const DAY_MS = 86_400_000;
/** Worst first: the order the page's overall state is picked by. */
const SEVERITY: ServiceStatus[] = ['down', 'degraded', 'maintenance', 'up', 'unknown'];

/**
 * What the public may see of a state: its status only. A hijacked site shows as `degraded`
 * ("gangguan") — what was found on it (spam, defacement) stays inside the command center.
 */
export function publicState(r: ServiceStateRecord | null): ServiceStatus {
  if (!r) return 'unknown';
  if (r.integrity && isHijacked(r.integrity) && (r.status === 'up' || r.status === 'degraded'))
    return 'degraded';
  return r.status;
}

/** A notice as published: without its author or version. */
export function publicNotice(n: Notice, now: string): PublicNotice {
  const { createdBy: _c, version: _v, ...rest } = n;
  return { ...rest, phase: noticePhase(n, now) };
}

/** The 2018 study's website figure (shared/reference/scorecard.json `agency-website-availability`). */
function baseline(): PublicStatus['city']['baseline'] {
  const ind = loadIndicators().find((i) => i.measure === 'website_availability');
  return {
    year: ind?.baseline?.year ?? 2018,
    percent: ind?.baseline?.value ?? 60.7,
    finding: ind?.baseline?.finding ?? '',
    source: ind?.baseline?.source ?? 'Studi smart governance Balikpapan 2018',
  };
}

/**
 * Builds the public view from the store: the states of the public services, their uptime per WITA
 * day for the bars (summed from the hour rollups), the city's website figure against the study's
 * baseline, and the notices current, upcoming and of the last NOTICE_PAST_DAYS days. Reads: one
 * for the states, one per service and UTC month touched for the rollups (4, at most 5), one for
 * the notices.
 */
export async function buildPublicStatus(ctx: Ctx): Promise<PublicStatus> {
  const now = ctx.now();
  const at = now.toISOString();
  const services = ctx.catalog.services.filter(isPublicService);
  const all = ctx.catalog.services.map((s) => s.id);
  const records = await getDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates, all);
  const byId = new Map(all.map((id, i) => [id, records[i] ?? null]));
  const listed: PublicService[] = [];
  const since = await witaDaySince(ctx, now);
  for (const s of services) {
    const days = await witaDailyTallies(ctx, s.id, PUBLIC_UPTIME_DAYS, now, since);
    const rec = byId.get(s.id) ?? null;
    listed.push({
      id: s.id,
      name: s.name,
      agencyId: s.agencyId,
      agencyName: ctx.catalog.agencyById.get(s.agencyId)?.name ?? s.agencyId,
      kind: s.kind,
      state: publicState(rec),
      since: rec && rec.status !== 'unknown' ? rec.since : null,
      uptime90d: uptimeOf(addTallies(days.map((d) => d.tally))),
      days: {
        from: days[0]?.date ?? '',
        // Four decimals are enough for a bar and keep the JSON small.
        uptime: days.map(({ tally }) => {
          const u = uptimeOf(tally);
          return u === null ? null : Math.round(u * 10_000) / 10_000;
        }),
        maintenance: days.flatMap(({ tally }, i) => (tally.maintenance > 0 ? [i] : [])),
      },
    });
  }
  listed.sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'id') || a.name.localeCompare(b.name, 'id'));
  const watched: ServiceStatus[] = listed.map((s) => s.state).filter((s) => s !== 'unknown');
  const overall = SEVERITY.find((s) => watched.includes(s)) ?? 'unknown';
  const sites = websiteAvailability(
    ctx.catalog,
    records.filter((r): r is ServiceStateRecord => r !== null),
    at,
  ).detail as { observed: number; available: number; percent: number | null };
  const pastFrom = new Date(now.getTime() - NOTICE_PAST_DAYS * DAY_MS).toISOString();
  const notices = (await listNotices(ctx))
    .map((n) => publicNotice(n, at))
    .filter((n) => n.phase !== 'past' || (n.endsAt ?? n.updatedAt) >= pastFrom);
  const reports = await reportCounts(ctx, PUBLIC_REPORT_DAYS, now);
  return {
    generatedAt: at,
    overall,
    city: {
      websites: { observed: sites.observed, available: sites.available, percent: sites.percent },
      baseline: baseline(),
    },
    services: listed,
    notices,
    reports: {
      days: reports.days,
      received: reports.total,
      verified: reports.byStatus.verified ?? 0,
      closed: reports.byStatus.closed ?? 0,
      rejected: reports.byStatus.rejected ?? 0,
    },
  };
}
