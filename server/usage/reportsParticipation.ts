/**
 * Citizen reports (laporan warga) as a participation measure: the scorecard's live
 * `citizen_reports` indicator and the per-kelurahan answer of `GET /usage/participation?source=reports`.
 * Both read the per-day counters the report writer keeps (`reportCounts`), never the reports.
 */
import {
  ParticipationSourceSchema,
  ReportChannelSchema,
  type CitizenReportsMeasure,
  type ReportChannel,
} from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Ctx } from '../context.js';
import { reportCounts, type ReportCounts } from '../reports/counts.js';
import type { KelurahanParticipation } from './participation.js';

/** Where the scorecard's reports measure comes from, as its answer states it. */
export const CITIZEN_REPORTS_SOURCE = 'live: laporan warga, 30 hari terakhir';

/**
 * The city's resident population as the catalogue states it: the census figure the apps serving
 * all residents divide by (the newest year; of equal years, the entry whose source says the least
 * besides the figure). Null when no app serves residents — then only counts are given.
 */
export function cityPopulation(catalog: Catalog): CitizenReportsMeasure['population'] {
  const best = catalog.apps
    .map((a) => a.population)
    .filter((p) => p.group === 'residents')
    .sort((a, b) => b.year - a.year || a.source.length - b.source.length)[0];
  return best ? { count: best.count, year: best.year, source: best.source } : null;
}

/** Every channel with its count (0 included), in the schema's order. */
function channels(byChannel: ReportCounts['byChannel']): CitizenReportsMeasure['byChannel'] {
  return ReportChannelSchema.options.map((channel: ReportChannel) => ({
    channel,
    count: byChannel[channel] ?? 0,
  }));
}

/** The scorecard's reports measure from a window of counters (pure). */
export function citizenReportsMeasure(catalog: Catalog, counts: ReportCounts): CitizenReportsMeasure {
  const population = cityPopulation(catalog);
  return {
    days: counts.days,
    from: counts.from,
    to: counts.to,
    total: counts.total,
    byChannel: channels(counts.byChannel),
    byKecamatan: catalog.areas.kecamatan.map((k) => ({
      code: k.code,
      name: k.name,
      count: counts.byKecamatan[k.code] ?? 0,
    })),
    perDay: counts.perDay,
    population,
    per10k: population ? (counts.total / population.count) * 10_000 : null,
  };
}

/** Reads the last `days` WITA days of report counters and builds the scorecard's reports measure. */
export async function readCitizenReportsMeasure(ctx: Ctx, days: number): Promise<CitizenReportsMeasure> {
  return citizenReportsMeasure(ctx.catalog, await reportCounts(ctx, days));
}

/**
 * Reports per kelurahan over a window, for the wall's shading: every kelurahan of the city (a
 * kelurahan without reports is a counted 0), `share` = its reports / all reports of the window.
 * The reference data has no population per kelurahan, so no `rate` is given (`rateBasis` null).
 */
export function reportsParticipation(catalog: Catalog, counts: ReportCounts, at: string) {
  const items: KelurahanParticipation[] = catalog.areas.kelurahan
    .map((k) => {
      const value = counts.byKelurahan[k.code] ?? 0;
      return {
        kelurahanCode: k.code,
        name: k.name,
        value,
        share: counts.total ? value / counts.total : 0,
        at,
      };
    })
    .sort((a, b) => a.kelurahanCode.localeCompare(b.kelurahanCode));
  return {
    source: ParticipationSourceSchema.enum.reports,
    appId: null,
    metric: null,
    rateBasis: null,
    days: counts.days,
    from: counts.from,
    to: counts.to,
    total: counts.total,
    items,
  };
}
