/** Live alerts: unacknowledged and most severe first, with actions. */
import { useMemo, useState } from 'react';
import type { Alert } from '../../shared/schemas/index.js';
import { SEVERITY_RANK } from '../../shared/schemas/index.js';
import { AlertActions } from '../components/AlertActions.js';
import { SeverityBadge } from '../components/Badges.js';
import { formatAge, formatDateTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive, useNow } from '../live/hooks.js';

const STATUS_ORDER: Record<Alert['status'], number> = { new: 0, snoozed: 1, acknowledged: 2, resolved: 3, closed: 4 };

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

export function AlertsTable() {
  const alerts = useLive((s) => s.alerts);
  const agencies = useLive((s) => s.agencies);
  const offset = useLive((s) => s.serverOffsetMs);
  const now = useNow(5000) + offset;
  const [showFinished, setShowFinished] = useState(false);
  const rows = useMemo(
    () => sortAlerts([...alerts.values()].filter((a) => showFinished || !isFinished(a))),
    [alerts, showFinished],
  );

  return (
    <section className="panel" aria-labelledby="alerts-title">
      <div className="panel__head">
        <h2 id="alerts-title">{t('console.alerts')}</h2>
        <label className="check">
          <input type="checkbox" checked={showFinished} onChange={(e) => setShowFinished(e.target.checked)} />
          {t('console.showFinished')}
        </label>
      </div>
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
                    {a.condition === 'cleared' ? <span className="muted"> · {t('alert.cleared')}</span> : null}
                  </td>
                  <td>
                    <SeverityBadge severity={a.severity} size="sm" />
                  </td>
                  <td>
                    <div className="cell-title">{a.title}</div>
                    {a.count > 1 ? <div className="muted">{t('alert.repeats', { n: a.count })}</div> : null}
                    {a.acknowledgedBy ? (
                      <div className="muted">{t('alert.acknowledgedBy', { user: a.acknowledgedBy.username })}</div>
                    ) : null}
                  </td>
                  <td>{a.agencyId ? (agencies.get(a.agencyId)?.shortName ?? a.agencyId) : t('alert.noAgency')}</td>
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
    </section>
  );
}
