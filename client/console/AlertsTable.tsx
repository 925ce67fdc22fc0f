/** Live alerts with filters, CSV export and a detail drawer; unacknowledged and most severe first. */
import { useCallback, useMemo, useState } from 'react';
import type { Alert } from '../../shared/schemas/index.js';
import { SEVERITY_RANK, alertCategory } from '../../shared/schemas/index.js';
import { AlertActions } from '../components/AlertActions.js';
import { SeverityBadge } from '../components/Badges.js';
import { ExportButton } from '../components/ExportButton.js';
import { formatAge, formatDateTimeWita } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/index.js';
import type { SessionUser } from '../live/api.js';
import { useLive, useNow } from '../live/hooks.js';
import { AlertDrawer } from './AlertDrawer.js';
import { FilterBar } from './FilterBar.js';
import { EMPTY_FILTERS, kecamatanOf, matchAlert, type Filters } from './filters.js';

const STATUS_ORDER: Record<Alert['status'], number> = {
  new: 0,
  snoozed: 1,
  acknowledged: 2,
  resolved: 3,
  closed: 4,
};

/** Open work first, then severity, then newest. */
export function sortAlerts(alerts: Iterable<Alert>): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );
}

export function isFinished(a: Alert): boolean {
  return a.status === 'resolved' || a.status === 'closed';
}

const STATUSES: readonly { value: string; label: MessageKey }[] = [
  { value: 'open', label: 'filter.statusOpen' },
  { value: 'all', label: 'filter.all' },
  { value: 'new', label: 'alertStatus.new' },
  { value: 'acknowledged', label: 'alertStatus.acknowledged' },
  { value: 'snoozed', label: 'alertStatus.snoozed' },
  { value: 'resolved', label: 'alertStatus.resolved' },
  { value: 'closed', label: 'alertStatus.closed' },
];

export type Props = { user: SessionUser; areaNames: ReadonlyMap<string, string> };

export function AlertsTable({ user, areaNames }: Props) {
  const alerts = useLive((s) => s.alerts);
  const agencies = useLive((s) => s.agencies);
  const offset = useLive((s) => s.serverOffsetMs);
  const now = useNow(5000) + offset;
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const [openId, setOpenId] = useState<string | null>(null);
  const closeDrawer = useCallback(() => setOpenId(null), []);
  const rows = useMemo(
    () => sortAlerts([...alerts.values()].filter((a) => matchAlert(a, filters))),
    [alerts, filters],
  );
  const agencyName = (id: string | null): string =>
    id ? (agencies.get(id)?.shortName ?? id) : t('alert.noAgency');
  const open = openId ? alerts.get(openId) : undefined;

  const csvHeader = (): string[] => [
    t('col.id'),
    t('col.status'),
    t('col.severity'),
    t('col.title'),
    t('col.agency'),
    t('col.category'),
    t('filter.kecamatan'),
    t('col.created'),
    t('col.acknowledgedBy'),
    t('col.assignee'),
  ];
  const csvRows = (): string[][] =>
    rows.map((a) => [
      a.id,
      t(`alertStatus.${a.status}`),
      t(`severity.${a.severity}`),
      a.title,
      agencyName(a.agencyId),
      alertCategory(a),
      areaNames.get(kecamatanOf(a.kelurahanCode) ?? '') ?? '',
      formatDateTimeWita(a.createdAt),
      a.acknowledgedBy?.username ?? '',
      a.assignee ?? '',
    ]);

  return (
    <section className="panel" aria-labelledby="alerts-title">
      <div className="panel__head">
        <h2 id="alerts-title">
          {t('console.alerts')} <span className="muted">({rows.length})</span>
        </h2>
        <ExportButton name="alerts" label={t('console.alerts')} header={csvHeader} rows={csvRows} />
      </div>
      <FilterBar
        id="alerts-filter"
        value={filters}
        onChange={setFilters}
        statuses={STATUSES}
        areaNames={areaNames}
        extraCategories={['usage_drop', 'monitor']}
      />
      {rows.length === 0 ? (
        <p className="panel__empty">{t('console.noAlerts')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="alerts-table">
            <thead>
              <tr>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('col.severity')}</th>
                <th scope="col">{t('col.title')}</th>
                <th scope="col">{t('col.agency')}</th>
                <th scope="col">{t('col.age')}</th>
                <th scope="col">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} data-id={a.id} data-status={a.status}>
                  <td>
                    <span className={`status status--${a.status}`}>{t(`alertStatus.${a.status}`)}</span>
                    {a.condition === 'cleared' ? (
                      <span className="muted"> · {t('alert.cleared')}</span>
                    ) : null}
                  </td>
                  <td>
                    <SeverityBadge severity={a.severity} size="sm" />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button cell-title"
                      onClick={() => setOpenId(a.id)}
                      data-testid="open-alert"
                    >
                      {a.title}
                    </button>
                    {a.count > 1 ? <div className="muted">{t('alert.repeats', { n: a.count })}</div> : null}
                    {a.acknowledgedBy ? (
                      <div className="muted">
                        {t('alert.acknowledgedBy', { user: a.acknowledgedBy.username })}
                      </div>
                    ) : null}
                    {a.assignee ? (
                      <div className="muted">{t('alert.assignedTo', { user: a.assignee })}</div>
                    ) : null}
                  </td>
                  <td>{agencyName(a.agencyId)}</td>
                  <td title={formatDateTimeWita(a.createdAt)}>{formatAge(now - Date.parse(a.createdAt))}</td>
                  <td>
                    <AlertActions alert={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {openId ? <AlertDrawer alertId={openId} live={open} user={user} onClose={closeDrawer} /> : null}
    </section>
  );
}
