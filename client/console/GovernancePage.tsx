/**
 * "Penggunaan & Tata Kelola", data first: app adoption (inline SVG bars and a table), the usage CSV
 * import folded away beneath it, citizen reports of the last 30 days, then the governance
 * scorecard; CSV and JSON export.
 */
import { CitizenReportsSection } from './CitizenReports.js';
import { UsageImport } from './UsageImport.js';
import '../styles/console-services.css';
import { ExportButton } from '../components/ExportButton.js';
import { witaStamp } from '../components/csv.js';
import { AdoptionBar, adoptionScale } from '../governance/AdoptionBar.js';
import {
  formatAppBaseline,
  formatBaseline,
  formatIndicatorValue,
  formatRate,
  formatRateChange,
  formatTarget,
  indicatorStatus,
  metricLabel,
  populationGroupLabel,
  statusLabel,
} from '../governance/format.js';
import { formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { GOVERNANCE_STALE_MS, isLive, useGovernance, type GovernanceData } from '../live/governance.js';
import { useNow } from '../live/hooks.js';

/** Saves the raw API answer as `pantau-<name>-<WITA stamp>_WITA.json`. */
function downloadJson(name: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `pantau-${name}-${witaStamp()}_WITA.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function JsonButton({ name, value, label }: { name: string; value: unknown; label: string }) {
  return (
    <button
      type="button"
      className="btn btn--small"
      data-testid={`export-json-${name}`}
      onClick={() => downloadJson(name, value)}
    >
      {t('gov.exportJson')}
      <span className="sr-only"> · {label}</span>
    </button>
  );
}

export function GovernancePage() {
  const { data, fetchedAt, error } = useGovernance(null);
  const now = useNow(5000);
  const stale = fetchedAt === null || now - fetchedAt > GOVERNANCE_STALE_MS;
  if (!data) {
    return (
      <section className="panel panel--open">
        <p className="panel__empty" role="status">
          {error ? `${t('gov.loadFailed')} (${error})` : t('common.loading')}
        </p>
      </section>
    );
  }
  return (
    <div className={`gov${stale ? ' gov--stale' : ''}`} data-stale={stale ? 'true' : 'false'}>
      {error ? (
        <p className="gov__error" role="status">
          {t('gov.refreshFailed')} ({error})
        </p>
      ) : null}
      <AdoptionSection data={data} />
      {/* The figures first; the monthly CSV upload is a secondary task, folded away until asked for. */}
      <UsageImport />
      <CitizenReportsSection scorecard={data.scorecard} />
      <ScorecardSection data={data} />
    </div>
  );
}

function AdoptionSection({ data }: { data: GovernanceData }) {
  const apps = data.adoption.apps;
  const scale = adoptionScale(apps);
  const header = (): string[] => [
    t('gov.col.app'),
    t('gov.col.populationGroup'),
    t('gov.col.population'),
    t('gov.col.populationSource'),
    t('gov.col.activeUsers'),
    t('gov.col.metric'),
    t('gov.col.rate'),
    t('gov.col.week'),
    t('gov.col.month'),
    t('gov.col.year'),
    t('gov.col.baselineMetric'),
    t('gov.col.baselineValue'),
    t('gov.col.baselineRate'),
    t('gov.col.baselineSource'),
  ];
  const rows = () =>
    apps.map((a) => [
      a.name,
      a.population?.group,
      a.population?.count,
      a.population?.source,
      a.activeUsers?.value,
      a.activeUsers?.metric,
      a.rate,
      a.trends.week.change,
      a.trends.month.change,
      a.trends.year.change,
      a.baseline?.metric,
      a.baseline?.value,
      a.baseline?.rate,
      a.baseline?.source,
    ]);
  return (
    <section className="panel panel--open" aria-labelledby="gov-adoption-title">
      <div className="panel__head">
        <h2 id="gov-adoption-title">{t('gov.adoptionTitle')}</h2>
        <div className="gov__actions">
          <span className="muted" data-testid="gov-asof">
            {t('gov.asOf', { time: formatDateTimeWita(data.adoption.at) })}
          </span>
          <ExportButton name="adoption" header={header} rows={rows} label={t('gov.adoptionTitle')} />
          <JsonButton name="adoption" value={data.raw.adoption} label={t('gov.adoptionTitle')} />
        </div>
      </div>
      <div className="panel__body">
        {data.adoption.formula ? <p className="muted gov__formula">{data.adoption.formula}</p> : null}
        <ul className="gov-chart" aria-label={t('gov.chartLabel')}>
          {apps.map((a) => (
            <li key={a.appId} className="gov-chart__row">
              <span className="gov-chart__name">{a.name}</span>
              <AdoptionBar app={a} className="gov-bar--console" scaleMax={scale} />
              <span className="gov-chart__value">{formatRate(a.rate)}</span>
            </li>
          ))}
        </ul>
        <p className="muted gov-legend">
          <span className="gov-key gov-key--now" aria-hidden="true" /> {t('gov.legendNow')}{' '}
          <span className="gov-key gov-key--base" aria-hidden="true" /> {t('gov.baseline2018')} ·{' '}
          {t('gov.scale', { max: formatRate(scale * 1.1) })}
        </p>
        <div className="table-wrap">
          <table className="table" data-testid="gov-adoption-table">
            <thead>
              <tr>
                <th scope="col">{t('gov.col.app')}</th>
                <th scope="col">{t('gov.col.population')}</th>
                <th scope="col">{t('gov.col.activeUsers')}</th>
                <th scope="col">{t('gov.col.rate')}</th>
                <th scope="col">{t('gov.col.trends')}</th>
                <th scope="col">{t('gov.baseline2018')}</th>
              </tr>
            </thead>
            <tbody>
              {apps.map((a) => (
                <tr key={a.appId}>
                  <th scope="row">{a.name}</th>
                  <td>
                    {a.population ? (
                      <>
                        {formatNumber(a.population.count)} {populationGroupLabel(a.population.group)} (
                        {a.population.year})<div className="muted gov__src">{a.population.source}</div>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {a.activeUsers ? (
                      <>
                        {formatNumber(a.activeUsers.value)}
                        <div className="muted gov__src">
                          {metricLabel(a.activeUsers.metric)} · {formatDateTimeWita(a.activeUsers.at)}
                        </div>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{formatRate(a.rate)}</td>
                  <td>
                    <dl className="gov-trends">
                      <dt>{t('gov.col.week')}</dt>
                      <dd>{formatRateChange(a.trends.week.change)}</dd>
                      <dt>{t('gov.col.month')}</dt>
                      <dd>{formatRateChange(a.trends.month.change)}</dd>
                      <dt>{t('gov.col.year')}</dt>
                      <dd>{formatRateChange(a.trends.year.change)}</dd>
                    </dl>
                  </td>
                  <td>
                    {formatAppBaseline(a)}
                    {a.baseline ? (
                      <div className="muted gov__src">
                        {a.baseline.source}
                        {a.baseline.note ? ` — ${a.baseline.note}` : ''}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function ScorecardSection({ data }: { data: GovernanceData }) {
  const inds = data.scorecard.indicators;
  const header = (): string[] => [
    t('gov.col.dimension'),
    t('gov.col.indicator'),
    t('gov.col.unit'),
    t('gov.col.baselineValue'),
    t('gov.col.baselineRating'),
    t('gov.col.now'),
    t('gov.col.target'),
    t('gov.col.status'),
    t('gov.col.live'),
    t('gov.col.source'),
  ];
  const rows = () =>
    inds.map((i) => [
      i.dimension,
      i.name,
      i.unit,
      i.baseline?.value,
      i.baseline?.rating,
      i.current?.value,
      i.target ? `${i.target.comparator} ${i.target.value}` : '',
      indicatorStatus(i),
      isLive(i) ? 'live' : 'entered',
      i.current?.source ?? i.baseline?.source,
    ]);
  return (
    <section className="panel panel--open" aria-labelledby="gov-score-title">
      <div className="panel__head">
        <h2 id="gov-score-title">{t('gov.scorecardTitle')}</h2>
        <div className="gov__actions">
          <span className="muted">{t('gov.asOf', { time: formatDateTimeWita(data.scorecard.at) })}</span>
          <ExportButton name="scorecard" header={header} rows={rows} label={t('gov.scorecardTitle')} />
          <JsonButton name="scorecard" value={data.raw.scorecard} label={t('gov.scorecardTitle')} />
        </div>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="gov-scorecard-table">
          <thead>
            <tr>
              <th scope="col">{t('gov.col.dimension')}</th>
              <th scope="col">{t('gov.col.indicator')}</th>
              <th scope="col">2018</th>
              <th scope="col">{t('gov.col.now')}</th>
              <th scope="col">{t('gov.col.target')}</th>
              <th scope="col">{t('gov.col.status')}</th>
              <th scope="col">{t('gov.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {inds.map((i) => {
              const s = indicatorStatus(i);
              return (
                <tr key={i.id} data-status={s}>
                  <td className="muted">{i.dimension.replace(/_/g, ' ')}</td>
                  <th scope="row">
                    {i.name} {isLive(i) ? <span className="pill pill--live">{t('gov.live')}</span> : null}
                  </th>
                  <td>
                    {formatBaseline(i)}
                    {i.baseline?.finding ? <div className="muted gov__src">{i.baseline.finding}</div> : null}
                  </td>
                  <td>
                    {formatIndicatorValue(i, i.current?.value)}
                    {i.current?.at ? (
                      <div className="muted gov__src">{formatDateTimeWita(i.current.at)}</div>
                    ) : i.current?.year ? (
                      <div className="muted gov__src">{i.current.year}</div>
                    ) : null}
                  </td>
                  <td>{formatTarget(i)}</td>
                  <td>
                    <span className={`gov-status gov-status--${s}`}>{statusLabel(s)}</span>
                  </td>
                  <td className="muted gov__src">{i.current?.source ?? i.baseline?.source ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
