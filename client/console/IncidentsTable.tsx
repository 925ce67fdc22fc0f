/** Live incidents, open first, newest first. */
import { useMemo } from 'react';
import { SeverityBadge } from '../components/Badges.js';
import { formatAge, formatDateTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive, useNow } from '../live/hooks.js';
import { useAreaNames } from '../map/useAreaNames.js';

export function IncidentsTable() {
  const incidents = useLive((s) => s.incidents);
  const offset = useLive((s) => s.serverOffsetMs);
  const now = useNow(5000) + offset;
  const names = useAreaNames();
  const rows = useMemo(
    () =>
      [...incidents.values()].sort(
        (a, b) =>
          Number(b.status === 'open') - Number(a.status === 'open') || Date.parse(b.receivedAt) - Date.parse(a.receivedAt),
      ),
    [incidents],
  );
  return (
    <section className="panel" aria-labelledby="incidents-title">
      <div className="panel__head">
        <h2 id="incidents-title">{t('console.incidents')}</h2>
      </div>
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
                  <td>
                    {(i.kelurahanCode ? names.get(i.kelurahanCode) : undefined) ??
                      (i.outsideCity ? t('feed.outsideCity') : (i.kelurahanCode ?? '—'))}
                  </td>
                  <td>{t(`incidentStatus.${i.status}`)}</td>
                  <td title={formatDateTimeWita(i.receivedAt)}>
                    {formatDateTimeWita(i.receivedAt)} · {t('live.ago', { age: formatAge(now - Date.parse(i.receivedAt)) })}
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
