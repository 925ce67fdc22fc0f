/**
 * Live incidents: search and filters (in the URL, shared with the alerts and the map), sortable
 * columns, pages of 50 and CSV export; each row shows the assignee and escalation level of the
 * alert it raised or joined. Default order: open first, newest first.
 */
import { useMemo } from 'react';
import type { Incident } from '../../shared/schemas/index.js';
import { SeverityBadge } from '../components/Badges.js';
import { ExportButton } from '../components/ExportButton.js';
import { formatAge, formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive, useNow } from '../live/hooks.js';
import { FilterBar, INCIDENT_STATUSES, type CommonFilters } from './FilterBar.js';
import {
  alertsByIncident,
  incidentPlace,
  matchIncident,
  sortIncidents,
  type IncidentSortKey,
  type Sort,
} from './filters.js';
import { placeText } from './place.js';
import { DEFAULT_QUERY, filtersOf, RESET_FILTERS, type ConsoleQuery } from './query.js';
import { Pager, pageSlice, SortHeader } from './TableParts.js';

export type Props = {
  areaNames: ReadonlyMap<string, string>;
  query: ConsoleQuery;
  update: (patch: Partial<ConsoleQuery>) => void;
  onOpenIncident: (incidentId: string) => void;
};

export function IncidentsTable({ areaNames: names, query, update, onOpenIncident }: Props) {
  const incidents = useLive((s) => s.incidents);
  const alerts = useLive((s) => s.alerts);
  const agencies = useLive((s) => s.agencies);
  const hasSnapshot = useLive((s) => s.hasSnapshot);
  const offset = useLive((s) => s.serverOffsetMs);
  const now = useNow(5000) + offset;
  const filters = useMemo(() => filtersOf(query, 'incidents'), [query]);
  const byIncident = useMemo(() => alertsByIncident(alerts.values()), [alerts]);
  const rows = useMemo(() => {
    const alertOf = (i: Incident) => byIncident.get(i.id);
    const agencyName = (id: string | null): string => (id ? (agencies.get(id)?.shortName ?? id) : '');
    return sortIncidents(
      [...incidents.values()].filter((i) => matchIncident(i, filters, names, alertOf)),
      query.isort,
      { names, agencyName, alertOf, categoryName: (c) => t(`category.${c as Incident['category']}`) },
    );
  }, [incidents, filters, names, byIncident, agencies, query.isort]);
  const slice = pageSlice(rows.length, query.ipage);
  const pageRows = rows.slice(slice.start, slice.end);
  const areaOf = (i: Incident): string =>
    placeText(incidentPlace(i, names)) || (i.outsideCity ? t('feed.outsideCity') : '');
  const agencyShort = (id: string | null | undefined): string =>
    id ? (agencies.get(id)?.shortName ?? id) : '';
  const setFilters = (patch: Partial<CommonFilters>): void => update({ ...patch, page: 1, ipage: 1 });
  const setSort = (isort: Sort<IncidentSortKey> | null): void => update({ isort, ipage: 1 });
  const sortProps = { sort: query.isort, onSort: setSort };
  const filtered =
    JSON.stringify({ ...filters, status: '' }) !==
    JSON.stringify({ ...filtersOf(DEFAULT_QUERY, 'incidents'), status: '' });

  const csvHeader = (): string[] => [
    t('col.id'),
    t('col.severity'),
    t('col.category'),
    t('col.title'),
    t('col.agency'),
    t('filter.kecamatan'),
    t('col.place'),
    t('col.status'),
    t('col.assignee'),
    t('col.level'),
    t('col.received'),
  ];
  const csvRows = (): string[][] =>
    rows.map((i) => {
      const alert = byIncident.get(i.id);
      return [
        i.id,
        t(`severity.${i.severity}`),
        t(`category.${i.category}`),
        i.title,
        agencyShort(i.agencyId),
        incidentPlace(i, names).kecamatan ?? '',
        areaOf(i),
        t(`incidentStatus.${i.status}`),
        alert?.assignee ?? '',
        alert ? String(alert.escalationLevel) : '',
        formatDateTimeWita(i.receivedAt),
      ];
    });

  return (
    <section className="panel" aria-labelledby="incidents-title">
      <div className="panel__head">
        <h2 id="incidents-title">
          {t('console.incidents')} <span className="muted">({formatNumber(rows.length)})</span>
        </h2>
        <ExportButton name="incidents" label={t('console.incidents')} header={csvHeader} rows={csvRows} />
      </div>
      <FilterBar
        id="incidents-filter"
        value={query}
        onChange={setFilters}
        statusFields={[
          {
            name: 'status',
            label: 'col.status',
            value: query.istatus,
            options: INCIDENT_STATUSES,
            onChange: (istatus) => update({ istatus, ipage: 1 }),
          },
        ]}
        onReset={() => update({ ...RESET_FILTERS, istatus: DEFAULT_QUERY.istatus, page: 1, ipage: 1 })}
        areaNames={names}
      />
      {rows.length === 0 ? (
        <p className="panel__empty">
          {!hasSnapshot ? t('common.loading') : filtered ? t('console.noMatch') : t('console.noIncidents')}
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="incidents-table">
              <thead>
                <tr>
                  <SortHeader sortKey="severity" {...sortProps}>
                    {t('col.severity')}
                  </SortHeader>
                  <SortHeader sortKey="category" {...sortProps}>
                    {t('col.category')}
                  </SortHeader>
                  <SortHeader sortKey="title" {...sortProps}>
                    {t('col.title')}
                  </SortHeader>
                  <SortHeader sortKey="place" {...sortProps}>
                    {t('col.place')}
                  </SortHeader>
                  <SortHeader sortKey="agency" {...sortProps}>
                    {t('col.agency')}
                  </SortHeader>
                  <SortHeader sortKey="assignee" {...sortProps}>
                    {t('col.assignee')}
                  </SortHeader>
                  <SortHeader sortKey="level" {...sortProps} className="cell-num">
                    {t('col.level')}
                  </SortHeader>
                  <SortHeader sortKey="status" {...sortProps}>
                    {t('col.status')}
                  </SortHeader>
                  <SortHeader sortKey="received" {...sortProps}>
                    {t('col.received')}
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {pageRows.map((i) => {
                  const alert = byIncident.get(i.id);
                  return (
                    <tr key={i.id} data-id={i.id}>
                      <td>
                        <SeverityBadge severity={i.severity} size="sm" />
                      </td>
                      <td>{t(`category.${i.category}`)}</td>
                      <td>
                        <button
                          type="button"
                          className="link-button cell-title"
                          onClick={() => onOpenIncident(i.id)}
                          data-testid="open-incident"
                        >
                          {i.title}
                        </button>
                      </td>
                      <td data-testid="incident-place">{areaOf(i)}</td>
                      <td>{agencyShort(i.agencyId)}</td>
                      <td>{alert?.assignee ?? ''}</td>
                      <td className="cell-num">
                        {alert ? (
                          alert.escalationLevel > 0 ? (
                            <span className="level level--up">{formatNumber(alert.escalationLevel)}</span>
                          ) : (
                            <span className="muted">0</span>
                          )
                        ) : (
                          ''
                        )}
                      </td>
                      <td>{t(`incidentStatus.${i.status}`)}</td>
                      <td title={formatDateTimeWita(i.receivedAt)}>
                        {formatDateTimeWita(i.receivedAt)} ·{' '}
                        {t('live.ago', { age: formatAge(now - Date.parse(i.receivedAt)) })}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager id="incidents" total={rows.length} page={slice.page} onPage={(ipage) => update({ ipage })} />
        </>
      )}
    </section>
  );
}
