/**
 * Live alerts: search and filters (in the URL), sortable columns, pages of 50, a checkbox per row
 * for bulk actions and CSV export. Default order: unacknowledged and most severe first.
 */
import { useMemo, useState } from 'react';
import { alertCategory } from '../../shared/schemas/index.js';
import { AlertActions } from '../components/AlertActions.js';
import { SeverityBadge } from '../components/Badges.js';
import { formatAge, formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import type { SessionUser } from '../live/api.js';
import { useLive, useNow } from '../live/hooks.js';
import { BulkBar, canBulk } from './BulkBar.js';
import { ALERT_STATUSES, EXTRA_ALERT_CATEGORIES, FilterBar, type CommonFilters } from './FilterBar.js';
import { alertPlace, groupSize, matchAlert, sortAlerts, type AlertSortKey, type Sort } from './filters.js';
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
  user: SessionUser;
  areaNames: ReadonlyMap<string, string>;
  query: ConsoleQuery;
  update: (patch: Partial<ConsoleQuery>) => void;
  onOpen: (alertId: string) => void;
};

/** The sortable columns, in order (a checkbox column before them, the actions after). */
const COLUMNS: readonly SortColumn<AlertSortKey>[] = [
  { key: 'status', label: 'col.status' },
  { key: 'severity', label: 'col.severity' },
  { key: 'title', label: 'col.title' },
  { key: 'place', label: 'col.place' },
  { key: 'agency', label: 'col.agency' },
  { key: 'assignee', label: 'col.assignee' },
  { key: 'level', label: 'col.level', className: 'cell-num' },
  { key: 'age', label: 'col.age' },
];

export function AlertsTable({ user, areaNames, query, update, onOpen }: Props) {
  const alerts = useLive((s) => s.alerts);
  const agencies = useLive((s) => s.agencies);
  const hasSnapshot = useLive((s) => s.hasSnapshot);
  const offset = useLive((s) => s.serverOffsetMs);
  const now = useNow(5000) + offset;
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const filters = useMemo(() => filtersOf(query, 'alerts'), [query]);
  const agencyName = useMemo(
    () =>
      (id: string | null): string =>
        id ? (agencies.get(id)?.shortName ?? id) : t('alert.noAgency'),
    [agencies],
  );
  const rows = useMemo(
    () =>
      sortAlerts(
        [...alerts.values()].filter((a) => matchAlert(a, filters, areaNames)),
        query.sort,
        { names: areaNames, agencyName },
      ),
    [alerts, filters, areaNames, query.sort, agencyName],
  );
  const slice = pageSlice(rows.length, query.page);
  const pageRows = rows.slice(slice.start, slice.end);
  const bulk = canBulk(user.role);

  // Only the alerts the filters still show count as selected.
  const selectedAlerts = useMemo(() => rows.filter((a) => selected.has(a.id)), [rows, selected]);
  const pageAll = pageRows.length > 0 && pageRows.every((a) => selected.has(a.id));
  const pageSome = pageRows.some((a) => selected.has(a.id));
  const toggle = (id: string, on: boolean): void =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const togglePage = (on: boolean): void =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const a of pageRows) {
        if (on) next.add(a.id);
        else next.delete(a.id);
      }
      return next;
    });

  const setFilters = (patch: Partial<CommonFilters>): void => update({ ...patch, page: 1, ipage: 1 });
  const setSort = (sort: Sort<AlertSortKey> | null): void => update({ sort, page: 1 });
  const filtered = isFiltered(query, 'alerts');

  const csvHeader = (): string[] => [
    t('col.id'),
    t('col.status'),
    t('col.severity'),
    t('col.title'),
    t('col.agency'),
    t('col.category'),
    t('filter.kecamatan'),
    t('col.place'),
    t('drawer.description'),
    t('col.members'),
    t('col.created'),
    t('col.acknowledgedBy'),
    t('col.assignee'),
    t('col.level'),
  ];
  const csvRows = (): string[][] =>
    rows.map((a) => {
      const p = alertPlace(a, areaNames);
      return [
        a.id,
        t(`alertStatus.${a.status}`),
        t(`severity.${a.severity}`),
        a.title,
        agencyName(a.agencyId),
        alertCategory(a),
        p.kecamatan ?? '',
        placeText(p),
        a.description ?? '',
        String(groupSize(a) || ''),
        formatDateTimeWita(a.createdAt),
        a.acknowledgedBy?.username ?? '',
        a.assignee ?? '',
        String(a.escalationLevel),
      ];
    });

  return (
    <TablePanel
      name="alerts"
      title={t('console.alerts')}
      count={rows.length}
      csvHeader={csvHeader}
      csvRows={csvRows}
    >
      <FilterBar
        id="alerts-filter"
        value={query}
        onChange={setFilters}
        statusFields={[
          {
            name: 'status',
            label: 'col.status',
            value: query.status,
            options: ALERT_STATUSES,
            onChange: (status) => update({ status, page: 1 }),
          },
        ]}
        onReset={() => update({ ...RESET_FILTERS, status: DEFAULT_QUERY.status, page: 1, ipage: 1 })}
        areaNames={areaNames}
        extraCategories={EXTRA_ALERT_CATEGORIES}
      />
      {bulk ? (
        <BulkBar
          role={user.role}
          selected={selectedAlerts}
          titleOf={(id) => {
            const a = alerts.get(id);
            if (!a) return id;
            const place = placeText(alertPlace(a, areaNames));
            return place ? `${a.title} (${place})` : a.title;
          }}
          onClear={() => setSelected(new Set())}
          onDone={(ok) => setSelected((prev) => new Set([...prev].filter((id) => !ok.includes(id))))}
        />
      ) : null}
      <PagedTable
        name="alerts"
        className="table table--alerts"
        total={rows.length}
        page={slice.page}
        onPage={(page) => update({ page })}
        empty={noRowsText(hasSnapshot, filtered, t('console.noAlerts'))}
        head={
          <>
            {bulk ? (
              <th scope="col" className="cell-check">
                <PageCheckbox checked={pageAll} indeterminate={!pageAll && pageSome} onChange={togglePage} />
              </th>
            ) : null}
            <SortHeaders columns={COLUMNS} sort={query.sort} onSort={setSort} />
            <th scope="col">{t('col.actions')}</th>
          </>
        }
      >
        {pageRows.map((a) => {
          const place = placeText(alertPlace(a, areaNames));
          const members = groupSize(a);
          return (
            <tr
              key={a.id}
              data-id={a.id}
              data-status={a.status}
              className={selected.has(a.id) ? 'row--selected' : undefined}
            >
              {bulk ? (
                <td className="cell-check">
                  <input
                    type="checkbox"
                    checked={selected.has(a.id)}
                    onChange={(e) => toggle(a.id, e.target.checked)}
                    aria-label={t('select.row', { title: a.title })}
                    data-testid="select-alert"
                  />
                </td>
              ) : null}
              <td>
                <span className={`status status--${a.status}`}>{t(`alertStatus.${a.status}`)}</span>
                {a.condition === 'cleared' ? <div className="muted">{t('alert.cleared')}</div> : null}
              </td>
              <td>
                <SeverityBadge severity={a.severity} size="sm" />
              </td>
              <td>
                <button
                  type="button"
                  className="link-button cell-title"
                  onClick={() => onOpen(a.id)}
                  data-testid="open-alert"
                >
                  {a.title}
                </button>
                {members > 0 ? (
                  <div className="muted" data-testid="alert-members-count">
                    {t('alert.members', { n: formatNumber(members) })}
                  </div>
                ) : a.count > 1 ? (
                  <div className="muted">{t('alert.repeats', { n: formatNumber(a.count) })}</div>
                ) : null}
                {a.description ? <div className="muted cell-description">{a.description}</div> : null}
                {a.acknowledgedBy ? (
                  <div className="muted">
                    {t('alert.acknowledgedBy', { user: a.acknowledgedBy.username })}
                  </div>
                ) : null}
              </td>
              <td data-testid="alert-place">{place}</td>
              <td>{agencyName(a.agencyId)}</td>
              <td data-testid="alert-assignee">{a.assignee ?? ''}</td>
              <td className="cell-num" data-testid="alert-level">
                <EscalationLevel level={a.escalationLevel} />
              </td>
              <td title={formatDateTimeWita(a.createdAt)}>{formatAge(now - Date.parse(a.createdAt))}</td>
              <td>
                <AlertActions alert={a} role={user.role} />
              </td>
            </tr>
          );
        })}
      </PagedTable>
    </TablePanel>
  );
}

/** The header checkbox: all rows of this page (mixed when only some are). */
function PageCheckbox({
  checked,
  indeterminate,
  onChange,
}: {
  checked: boolean;
  indeterminate: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <input
      type="checkbox"
      checked={checked}
      ref={(el) => {
        if (el) el.indeterminate = indeterminate;
      }}
      onChange={(e) => onChange(e.target.checked)}
      aria-label={t('select.page')}
      data-testid="select-page"
    />
  );
}
