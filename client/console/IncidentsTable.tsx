/** Live incidents with filters and CSV export, open first, newest first. */
import { useMemo, useState } from 'react';
import { SeverityBadge } from '../components/Badges.js';
import { ExportButton } from '../components/ExportButton.js';
import { formatAge, formatDateTimeWita } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/index.js';
import { useLive, useNow } from '../live/hooks.js';
import { FilterBar } from './FilterBar.js';
import { EMPTY_FILTERS, kecamatanOf, matchIncident, type Filters } from './filters.js';

const STATUSES: readonly { value: string; label: MessageKey }[] = [
  { value: 'open', label: 'incidentStatus.open' },
  { value: 'all', label: 'filter.all' },
  { value: 'closed', label: 'incidentStatus.closed' },
  { value: 'cancelled', label: 'incidentStatus.cancelled' },
];

export type Props = { areaNames: ReadonlyMap<string, string> };

export function IncidentsTable({ areaNames: names }: Props) {
  const incidents = useLive((s) => s.incidents);
  const agencies = useLive((s) => s.agencies);
  const offset = useLive((s) => s.serverOffsetMs);
  const now = useNow(5000) + offset;
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const rows = useMemo(
    () =>
      [...incidents.values()]
        .filter((i) => matchIncident(i, filters))
        .sort(
          (a, b) =>
            Number(b.status === 'open') - Number(a.status === 'open') ||
            Date.parse(b.receivedAt) - Date.parse(a.receivedAt),
        ),
    [incidents, filters],
  );
  const areaOf = (code: string | null, outside: boolean): string =>
    (code ? names.get(code) : undefined) ?? (outside ? t('feed.outsideCity') : (code ?? '—'));

  const csvHeader = (): string[] => [
    t('col.id'),
    t('col.severity'),
    t('col.category'),
    t('col.title'),
    t('col.agency'),
    t('filter.kecamatan'),
    t('col.area'),
    t('col.status'),
    t('col.received'),
  ];
  const csvRows = (): string[][] =>
    rows.map((i) => [
      i.id,
      t(`severity.${i.severity}`),
      t(`category.${i.category}`),
      i.title,
      i.agencyId ? (agencies.get(i.agencyId)?.shortName ?? i.agencyId) : '',
      names.get(i.kecamatanCode ?? kecamatanOf(i.kelurahanCode) ?? '') ?? '',
      areaOf(i.kelurahanCode, i.outsideCity),
      t(`incidentStatus.${i.status}`),
      formatDateTimeWita(i.receivedAt),
    ]);

  return (
    <section className="panel" aria-labelledby="incidents-title">
      <div className="panel__head">
        <h2 id="incidents-title">
          {t('console.incidents')} <span className="muted">({rows.length})</span>
        </h2>
        <ExportButton name="incidents" label={t('console.incidents')} header={csvHeader} rows={csvRows} />
      </div>
      <FilterBar
        id="incidents-filter"
        value={filters}
        onChange={setFilters}
        statuses={STATUSES}
        areaNames={names}
      />
      {rows.length === 0 ? (
        <p className="panel__empty">{t('console.noIncidents')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="incidents-table">
            <thead>
              <tr>
                <th scope="col">{t('col.severity')}</th>
                <th scope="col">{t('col.category')}</th>
                <th scope="col">{t('col.title')}</th>
                <th scope="col">{t('col.area')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.received')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id} data-id={i.id}>
                  <td>
                    <SeverityBadge severity={i.severity} size="sm" />
                  </td>
                  <td>{t(`category.${i.category}`)}</td>
                  <td className="cell-title">{i.title}</td>
                  <td>{areaOf(i.kelurahanCode, i.outsideCity)}</td>
                  <td>{t(`incidentStatus.${i.status}`)}</td>
                  <td title={formatDateTimeWita(i.receivedAt)}>
                    {formatDateTimeWita(i.receivedAt)} ·{' '}
                    {t('live.ago', { age: formatAge(now - Date.parse(i.receivedAt)) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
