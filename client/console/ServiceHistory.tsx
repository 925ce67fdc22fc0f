/** One service's charts, then its check history with the evidence: status code, final URL, phase timings, conditions. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { ServiceStatusBadge } from '../components/Badges.js';
import { ExportButton } from '../components/ExportButton.js';
import { errorMessage } from '../components/LoginForm.js';
import { formatDateTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { fetchChecks, type HistoryEntry } from '../live/queries.js';

// The charts load when a service is first opened: they stay out of the console's initial bundle.
const ServiceCharts = lazy(() =>
  import('./charts/ServiceCharts.js').then((m) => ({ default: m.ServiceCharts })),
);

/** Checks fetched: all of them are charted, the newest LIST_SIZE are listed with their evidence. */
const CHART_SIZE = 100;
const LIST_SIZE = 50;

export type Props = { serviceId: string };

function ms(v: number | null): string {
  return v === null ? '—' : `${Math.round(v)}`;
}

export function ServiceHistory({ serviceId }: Props) {
  const service = useLive((s) => s.services.get(serviceId));
  const stateVersion = useLive((s) => s.serviceStates.get(serviceId)?.version);
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    fetchChecks(serviceId, CHART_SIZE)
      .then((p) => {
        if (cancelled) return;
        setItems(p.items);
        setError(null);
      })
      .catch((e: unknown) => !cancelled && setError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, [serviceId, stateVersion]);

  const header = (): string[] => [
    t('history.checkedAt'),
    t('col.status'),
    t('history.reason'),
    t('history.message'),
    t('history.statusCode'),
    t('history.finalUrl'),
    'dns',
    'connect',
    'tls',
    'firstByte',
    'transfer',
    'total',
  ];
  const rows = (): (string | number | null)[][] =>
    (items ?? []).map((e) => [
      formatDateTimeWita(e.checkedAt),
      t(`service.${e.status}`),
      e.reason ? t(`reason.${e.reason}`) : '',
      e.message,
      e.statusCode,
      e.finalUrl,
      e.timings.dns,
      e.timings.connect,
      e.timings.tls,
      e.timings.firstByte,
      e.timings.transfer,
      e.timings.total,
    ]);

  return (
    <section className="panel" aria-labelledby="history-title" data-testid="service-history">
      <div className="panel__head">
        <h2 id="history-title">{t('history.title', { name: service?.name ?? serviceId })}</h2>
        <ExportButton
          name={`checks-${serviceId}`}
          label={t('history.title', { name: service?.name ?? serviceId })}
          header={header}
          rows={rows}
        />
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <Suspense fallback={<p className="panel__empty">{t('common.loading')}</p>}>
        <ServiceCharts serviceId={serviceId} items={items ?? (error ? [] : null)} />
      </Suspense>
      {items === null ? (
        error ? null : (
          <p className="panel__empty">{t('common.loading')}</p>
        )
      ) : items.length === 0 ? (
        <p className="panel__empty">{t('history.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('history.checkedAt')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('history.evidence')}</th>
                <th scope="col">{t('history.timings')}</th>
                <th scope="col">{t('history.conditions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, LIST_SIZE).map((e) => (
                <tr key={e.seq}>
                  <td>{formatDateTimeWita(e.checkedAt)}</td>
                  <td>
                    <ServiceStatusBadge status={e.status} size="sm" />
                    {e.reason ? <div className="muted">{t(`reason.${e.reason}`)}</div> : null}
                  </td>
                  <td>
                    <div>{e.message}</div>
                    <div className="muted">
                      {t('history.statusCode')}: {e.statusCode ?? '—'}
                    </div>
                    {e.finalUrl ? (
                      <div className="muted break">
                        {t('history.finalUrl')}: {e.finalUrl}
                      </div>
                    ) : null}
                  </td>
                  <td className="muted">
                    DNS {ms(e.timings.dns)} · TCP {ms(e.timings.connect)} · TLS {ms(e.timings.tls)} · TTFB{' '}
                    {ms(e.timings.firstByte)} · {t('history.total')} {ms(e.timings.total)} ms
                  </td>
                  <td>
                    <ul className="conditions">
                      {e.conditions.map((c, i) => (
                        <li key={`${c.name}-${i}`} className={c.ok ? 'cond cond--ok' : 'cond cond--fail'}>
                          <span aria-hidden="true">{c.ok ? '✓' : '✕'}</span> {c.name}: {String(c.actual)} (
                          {t('history.expected')} {c.expected})
                          <span className="sr-only">
                            {c.ok ? t('history.condOk') : t('history.condFail')}
                          </span>
                        </li>
                      ))}
                    </ul>
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
