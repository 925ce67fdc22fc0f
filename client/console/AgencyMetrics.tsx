/**
 * SLA (uptime per window) and MTTA/MTTR per agency, loaded with the page (`useAgencyMetrics`).
 * Each uptime says how much data it rests on: "1.234 cek · sekitar 29 hari".
 */
import type { Agency } from '../../shared/schemas/index.js';
import { ExportButton } from '../components/ExportButton.js';
import { formatAge, formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { agencyEstimate, figureOf, SlaFigure, windowLabel, type Period } from './SlaFigure.js';
import { countedChecks, SLA_WINDOWS } from './slaCoverage.js';
import type { AgencyMetricsState } from './useAgencyMetrics.js';

export type Props = { agencies: readonly Agency[]; metrics: AgencyMetricsState };

function dur(s: number | null | undefined): string {
  return s === null || s === undefined ? '—' : formatAge(s * 1000);
}

const agencyOf = (p: Period) => p.agency;

export function AgencyMetrics({ agencies, metrics }: Props) {
  const services = useLive((s) => s.services);
  const estimate = agencyEstimate(services);
  const { figures, asOf, busy, reload } = metrics;

  const header = (): string[] => [
    t('col.agency'),
    ...SLA_WINDOWS.flatMap((w) => [
      t('sla.csv.uptime', { window: windowLabel(w) }),
      t('sla.csv.checks', { window: windowLabel(w) }),
    ]),
    t('sla.csv.mtta'),
    t('sla.csv.mttr'),
    t('metrics.alerts'),
  ];
  const rows = (): (string | number | null)[][] =>
    agencies.map((a) => {
      const f = figures.get(a.id);
      if (f?.kind !== 'ready') return [a.shortName];
      return [
        a.shortName,
        ...SLA_WINDOWS.flatMap((w) => {
          const u = f.sla.windows[w]?.agency;
          return [
            u?.uptime === null || u?.uptime === undefined ? null : Math.round(u.uptime * 1e6) / 1e4,
            countedChecks(u),
          ];
        }),
        f.rt?.overall.mttaSeconds ?? null,
        f.rt?.overall.mttrSeconds ?? null,
        f.rt?.overall.alerts ?? null,
      ];
    });

  return (
    <section className="panel" aria-labelledby="metrics-title">
      <div className="panel__head">
        <h2 id="metrics-title">{t('metrics.title')}</h2>
        <div className="svc-detail__actions">
          <span className="muted" data-testid="metrics-asof" aria-live="polite">
            {busy ? t('common.loading') : asOf ? t('sla.asOf', { time: formatDateTimeWita(asOf) }) : ''}
          </span>
          <button type="button" className="btn btn--small" onClick={reload} disabled={busy}>
            {t('sla.reload')}
          </button>
          <ExportButton name="sla" label={t('metrics.title')} header={header} rows={rows} />
        </div>
      </div>
      <div className="panel__body">
        <p className="muted svc-metrics__hint">{t('metrics.hint')}</p>
        <p className="muted svc-metrics__hint">{t('sla.coverHint')}</p>
      </div>
      <div className="table-wrap">
        <table className="table svc-metrics" data-testid="metrics-table" aria-busy={busy}>
          <thead>
            <tr>
              <th scope="col">{t('col.agency')}</th>
              {SLA_WINDOWS.map((w) => (
                <th key={w} scope="col">
                  {t('metrics.uptime', { window: windowLabel(w) })}
                </th>
              ))}
              <th scope="col">
                <abbr title={t('metrics.mttaLong')}>MTTA</abbr>
              </th>
              <th scope="col">
                <abbr title={t('metrics.mttrLong')}>MTTR</abbr>
              </th>
              <th scope="col">{t('metrics.alerts')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => {
              const f = figures.get(a.id);
              return (
                <tr key={a.id} data-agency={a.id} data-state={f?.kind ?? 'loading'}>
                  <th scope="row" title={a.name}>
                    {a.shortName}
                  </th>
                  {!f || f.kind === 'loading' ? (
                    <td colSpan={7} className="muted">
                      {t('common.loading')}
                    </td>
                  ) : f.kind === 'error' ? (
                    <td colSpan={7} className="error-text">
                      {t('sla.failed', { error: f.error })}
                    </td>
                  ) : (
                    <>
                      {SLA_WINDOWS.map((w) => {
                        const { uptime, cover } = figureOf(f.sla, w, agencyOf, estimate);
                        return (
                          <td key={w} data-window={w}>
                            <SlaFigure uptime={uptime} cover={cover} variant="cell" />
                          </td>
                        );
                      })}
                      <td className="num" title={f.rtError ?? undefined}>
                        {dur(f.rt?.overall.mttaSeconds)}
                      </td>
                      <td className="num" title={f.rtError ?? undefined}>
                        {dur(f.rt?.overall.mttrSeconds)}
                      </td>
                      <td className="num">{f.rt ? formatNumber(f.rt.overall.alerts) : '—'}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
