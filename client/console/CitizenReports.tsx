/**
 * The scorecard's live citizen-reports measure in the console's governance tab: reports of the last
 * 30 WITA days in all, per 10,000 residents (when the city's population is known), per channel, per
 * kecamatan and per day. Read from the scorecard's `citizen_reports` indicator; unscored, as the
 * study gives it no baseline or target.
 */
// zod configured for the browser (client/live/zod.ts) before the shared schema is used.
import '../live/zod.js';
import {
  CitizenReportsMeasureSchema,
  type CitizenReportsMeasure,
  type ReportChannel,
} from '../../shared/schemas/index.js';
import { ExportButton } from '../components/ExportButton.js';
import { formatDateWita, formatNumber, formatRatio } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { Scorecard } from '../live/governance.js';

const CHANNEL_LABEL: Record<ReportChannel, MessageKey> = {
  open311: 'gov.reports.channel.open311',
  web: 'gov.reports.channel.web',
  telegram: 'gov.reports.channel.telegram',
};

/** The measure in a scorecard answer; null when the indicator or its detail is missing. */
export function citizenReportsOf(
  scorecard: Scorecard,
): { measure: CitizenReportsMeasure; source: string } | null {
  const ind = scorecard.indicators.find((i) => i.measure === 'citizen_reports');
  const parsed = CitizenReportsMeasureSchema.safeParse(ind?.current?.detail);
  return ind?.current && parsed.success ? { measure: parsed.data, source: ind.current.source } : null;
}

/** A WITA calendar day (`YYYY-MM-DD`) as the UI writes dates. */
const day = (d: string) => formatDateWita(`${d}T12:00:00+08:00`);

export type Props = { scorecard: Scorecard };

export function CitizenReportsSection({ scorecard }: Props) {
  const found = citizenReportsOf(scorecard);
  if (!found) return null;
  const { measure: m, source } = found;
  const share = (n: number) => (m.total ? formatRatio(n / m.total) : '—');
  const header = (): string[] => [
    t('gov.reports.col.kind'),
    t('gov.col.indicator'),
    t('gov.reports.col.count'),
  ];
  const rows = () => [
    ...m.byChannel.map((c) => [t('gov.reports.col.channel'), t(CHANNEL_LABEL[c.channel]), c.count]),
    ...m.byKecamatan.map((k) => [t('gov.reports.col.kecamatan'), k.name, k.count]),
    ...m.perDay.map((d) => [t('gov.reports.col.day'), d.day, d.total]),
  ];
  return (
    <section className="panel panel--open" aria-labelledby="gov-reports-title" data-testid="gov-reports">
      <div className="panel__head">
        <h2 id="gov-reports-title">
          {t('gov.reports.title')} <span className="pill pill--live">{t('gov.live')}</span>
        </h2>
        <div className="gov__actions">
          <span className="muted">{t('gov.reports.window', { from: day(m.from), to: day(m.to) })}</span>
          <ExportButton name="reports" header={header} rows={rows} label={t('gov.reports.title')} />
        </div>
      </div>
      <div className="panel__body gov-reports">
        <p className="gov-reports__figure">
          <strong data-testid="gov-reports-total">
            {t('gov.reports.total', { n: formatNumber(m.total) })}
          </strong>
          {m.per10k !== null ? (
            <span data-testid="gov-reports-rate">
              {' · '}
              {t('gov.reports.per10k', { rate: formatNumber(m.per10k) })}
            </span>
          ) : null}
        </p>
        <p className="muted gov__src">
          {m.population
            ? t('gov.reports.population', {
                n: formatNumber(m.population.count),
                year: m.population.year,
                source: m.population.source,
              })
            : t('gov.reports.noPopulation')}
          <br />
          {t('gov.reports.unscored')} · {source}
        </p>
        <div className="gov-reports__grid">
          <table className="table" data-testid="gov-reports-channels">
            <caption>{t('gov.reports.byChannel')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('gov.reports.col.channel')}</th>
                <th scope="col">{t('gov.reports.col.count')}</th>
                <th scope="col">{t('gov.reports.col.share')}</th>
              </tr>
            </thead>
            <tbody>
              {m.byChannel.map((c) => (
                <tr key={c.channel} data-channel={c.channel}>
                  <th scope="row">{t(CHANNEL_LABEL[c.channel])}</th>
                  <td>{formatNumber(c.count)}</td>
                  <td>{share(c.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="table" data-testid="gov-reports-kecamatan">
            <caption>{t('gov.reports.byKecamatan')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('gov.reports.col.kecamatan')}</th>
                <th scope="col">{t('gov.reports.col.count')}</th>
                <th scope="col">{t('gov.reports.col.share')}</th>
              </tr>
            </thead>
            <tbody>
              {m.byKecamatan.map((k) => (
                <tr key={k.code} data-kecamatan={k.code}>
                  <th scope="row">{k.name}</th>
                  <td>{formatNumber(k.count)}</td>
                  <td>{share(k.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <DailyBars perDay={m.perDay} />
      </div>
    </section>
  );
}

/** Reports per day as inline SVG bars (oldest left), with the day and count on hover. */
function DailyBars({ perDay }: { perDay: CitizenReportsMeasure['perDay'] }) {
  const max = Math.max(0, ...perDay.map((d) => d.total));
  const H = 40;
  return (
    <figure className="gov-reports__trend">
      <figcaption className="muted gov__src">{t('gov.reports.trend')}</figcaption>
      <svg
        viewBox={`0 0 ${perDay.length * 10} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('gov.reports.trendLabel', { days: perDay.length, max: formatNumber(max) })}
        data-testid="gov-reports-trend"
      >
        {perDay.map((d, i) => {
          const h = max ? Math.max(d.total ? 2 : 0, (d.total / max) * H) : 0;
          return (
            <rect key={d.day} x={i * 10 + 1} y={H - h} width={8} height={h} className="gov-reports__bar">
              <title>{`${day(d.day)}: ${formatNumber(d.total)}`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
}
