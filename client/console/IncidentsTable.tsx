/**
 * Live incidents: search and filters (in the URL, shared with the alerts and the map), sortable
 * columns, pages of 50 and CSV export; each row shows the assignee and escalation level of the
 * alert it raised or joined. Default order: open first, newest first.
 */
import { useMemo } from 'react';
import type { Incident } from '../../shared/schemas/index.js';
import { SeverityBadge } from '../components/Badges.js';
import { formatAge, formatDateTimeWita } from '../i18n/format.js';
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
import { DEFAULT_QUERY, filtersOf, isFiltered, RESET_FILTERS, type ConsoleQuery } from './query.js';
import {
  EscalationLevel,
  noRowsText,
  PagedTable,
  pageSlice,
  SortHeaders,
  TablePanel,
  type SortColumn,
} from './TableParts.js';

export type Props = {
  areaNames: ReadonlyMap<string, string>;
  query: ConsoleQuery;
  update: (patch: Partial<ConsoleQuery>) => void;
  onOpenIncident: (incidentId: string) => void;
};

/** The sortable columns, in order. */
const COLUMNS: readonly SortColumn<IncidentSortKey>[] = [
  { key: 'severity', label: 'col.severity' },
  { key: 'category', label: 'col.category' },
  { key: 'title', label: 'col.title' },
  { key: 'place', label: 'col.place' },
  { key: 'agency', label: 'col.agency' },
  { key: 'assignee', label: 'col.assignee' },
  { key: 'level', label: 'col.level', className: 'cell-num' },
  { key: 'status', label: 'col.status' },
  { key: 'received', label: 'col.received' },
];

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
    <TablePanel
      name="incidents"
      title={t('console.incidents')}
      count={rows.length}
      csvHeader={csvHeader}
      csvRows={csvRows}
    >
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
      <PagedTable
        name="incidents"
        className="table"
        total={rows.length}
        page={slice.page}
        onPage={(ipage) => update({ ipage })}
        empty={noRowsText(hasSnapshot, isFiltered(query, 'incidents'), t('console.noIncidents'))}
        head={<SortHeaders columns={COLUMNS} sort={query.isort} onSort={setSort} />}
      >
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
              <td className="cell-num">{alert ? <EscalationLevel level={alert.escalationLevel} /> : ''}</td>
              <td>{t(`incidentStatus.${i.status}`)}</td>
              <td title={formatDateTimeWita(i.receivedAt)}>
                {formatDateTimeWita(i.receivedAt)} ·{' '}
                {t('live.ago', { age: formatAge(now - Date.parse(i.receivedAt)) })}
              </td>
            </tr>
          );
        })}
      </PagedTable>
    </TablePanel>
  );
}
