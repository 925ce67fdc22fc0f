import { readFileSync } from 'node:fs';
import {
  PARTICIPATION_REPORT_DAYS,
  ScorecardFileSchema,
  type Alert,
  type ScorecardIndicator,
  type ScorecardStoredValue,
  type ScorecardYearValue,
} from '../../shared/schemas/index.js';
import { responseTimes } from '../alerts/measures.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Ctx } from '../context.js';
import type { ServiceStateRecord } from '../health/state.js';
import { stopBefore } from '../http/list.js';
import { COLL, allDocs } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { readIndex } from '../store/walk.js';
import { computeAdoption } from './adoption.js';
import { readSamples } from './adoptionRouter.js';
import { CITIZEN_REPORTS_SOURCE, readCitizenReportsMeasure } from './reportsParticipation.js';
import { DAY_MS } from './wita.js';

/** Stored entered values, one per indicator and year (`<indicatorId>:<year>`). */
export const SCORECARD_VALUES_COLL = COLL.scorecardValues;
/** The window of the alert-response indicator. */
export const RESPONSE_WINDOW_MS = 30 * DAY_MS;

let cache: ScorecardIndicator[] | null = null;
/** The indicators of shared/reference/scorecard.json (validated once). */
export function loadIndicators(): ScorecardIndicator[] {
  cache ??= ScorecardFileSchema.parse(
    JSON.parse(readFileSync(new URL('../../shared/reference/scorecard.json', import.meta.url), 'utf8')),
  ).indicators;
  return cache;
}

/** A current value with where it comes from. */
export interface Current {
  value: number | null;
  source: string;
  at?: string;
  year?: number;
  detail?: unknown;
}

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 10_000) / 100 : null);

/**
 * Agency website availability: of the `website` services whose state has been observed (not
 * unknown, not in maintenance), the share UP or DEGRADED, overall and for dinas and badan.
 */
export function websiteAvailability(catalog: Catalog, states: ServiceStateRecord[], at: string): Current {
  const byId = new Map(states.map((s) => [s.serviceId, s]));
  const count = (kind?: string) => {
    const sites = catalog.services.filter(
      (s) => s.kind === 'website' && (!kind || catalog.agencyById.get(s.agencyId ?? '')?.kind === kind),
    );
    const observed = sites
      .map((s) => byId.get(s.id))
      .filter((r): r is ServiceStateRecord => !!r && r.status !== 'unknown' && r.status !== 'maintenance');
    const available = observed.filter((r) => r.status === 'up' || r.status === 'degraded').length;
    return {
      websites: sites.length,
      observed: observed.length,
      available,
      down: observed.length - available,
      percent: pct(available, observed.length),
    };
  };
  const all = count();
  return {
    value: all.percent,
    at,
    source: 'live: service-states of website services (health feed)',
    detail: { ...all, dinas: count('dinas'), badan: count('badan') },
  };
}

/** Alert response: median seconds from opening to first acknowledgement of alerts opened in the last 30 days, overall and per agency. */
export function alertResponse(alerts: Alert[], nowMs: number): Current {
  const recent = alerts.filter((a) => nowMs - Date.parse(a.createdAt) <= RESPONSE_WINDOW_MS);
  const groups = new Map<string, Alert[]>();
  for (const a of recent) groups.set(a.agencyId ?? 'none', [...(groups.get(a.agencyId ?? 'none') ?? []), a]);
  const overall = responseTimes(recent);
  return {
    value: overall.medianTtaSeconds,
    at: new Date(nowMs).toISOString(),
    source: 'live: alert workflow, alerts opened in the last 30 days',
    detail: { overall, byAgency: Object.fromEntries([...groups].map(([k, v]) => [k, responseTimes(v)])) },
  };
}

/** Merges preloaded and stored entered values (stored wins for the same year), oldest first. */
export function enteredValues(
  ind: ScorecardIndicator,
  stored: ScorecardStoredValue[],
): (ScorecardYearValue & { enteredBy?: string | null; enteredAt?: string | null })[] {
  const byYear = new Map<
    number,
    ScorecardYearValue & { enteredBy?: string | null; enteredAt?: string | null }
  >(ind.values.map((v) => [v.year, v]));
  for (const s of stored)
    if (s.indicatorId === ind.id)
      byYear.set(s.year, {
        year: s.year,
        value: s.value,
        source: s.source,
        enteredBy: s.enteredBy,
        enteredAt: s.enteredAt,
      });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

function meets(ind: ScorecardIndicator, value: number | null): boolean | null {
  if (value === null || !ind.target) return null;
  return ind.target.comparator === '>=' ? value >= ind.target.value : value <= ind.target.value;
}

/** The scorecard: every indicator with its baseline, target, current value (live or latest entered) and whether it meets the target. */
export async function computeScorecard(ctx: Ctx) {
  const now = ctx.now();
  const at = now.toISOString();
  const [states, alerts, stored, samples, reports] = await Promise.all([
    allDocs<ServiceStateRecord>(ctx.store, COLL.serviceStates),
    // Only the alerts the response measure looks at: those opened in its window.
    readIndex<Alert>(
      ctx.store,
      COLL.alerts,
      IX.alerts.all,
      stopBefore(new Date(now.getTime() - RESPONSE_WINDOW_MS).toISOString()),
    ),
    allDocs<ScorecardStoredValue>(ctx.store, SCORECARD_VALUES_COLL),
    readSamples(ctx),
    readCitizenReportsMeasure(ctx, PARTICIPATION_REPORT_DAYS),
  ]);
  const adoption = computeAdoption(ctx.catalog, samples);
  const adoptionCurrent = (): Current => {
    const group = adoption.groups.find((g) => g.id === 'local-service-apps');
    const pop = Math.max(
      0,
      ...ctx.catalog.apps.filter((a) => group?.appIds.includes(a.id)).map((a) => a.population.count),
    );
    const users = group?.activeUsers ?? null;
    return {
      value: users === null || !pop ? null : Math.round((users / pop) * 10_000) / 100,
      at,
      source:
        'live: usage feed; sum of the latest active users of the local service apps / residents (an upper bound: a resident using two apps counts twice)',
      detail: {
        activeUsers: users,
        population: pop,
        apps: adoption.apps.map((a) => ({ appId: a.appId, rate: a.rate, activeUsers: a.activeUsers })),
      },
    };
  };
  const indicators = loadIndicators().map((ind) => {
    const values = enteredValues(ind, stored);
    let current: Current | null;
    if (ind.measure === 'website_availability') current = websiteAvailability(ctx.catalog, states, at);
    else if (ind.measure === 'alert_response') current = alertResponse(alerts, now.getTime());
    else if (ind.measure === 'app_adoption') current = adoptionCurrent();
    // Reports counted, not scored: the study gives this measure neither baseline nor target.
    else if (ind.measure === 'citizen_reports')
      current = { value: reports.total, at, source: CITIZEN_REPORTS_SOURCE, detail: reports };
    else {
      const last = values[values.length - 1];
      current = last ? { value: last.value, year: last.year, source: last.source } : null;
    }
    return { ...ind, values, current, meetsTarget: meets(ind, current?.value ?? null) };
  });
  return { at, indicators };
}
