/**
 * One service's details, shown beside the grid: its state in words ("Mati sejak 04:10 WITA (2 j 05
 * mnt)"), its SLA per window with how much data each figure rests on, its charts, then its check
 * history with the evidence (status code, final URL, phase timings, conditions). When there is no
 * check to chart, one sentence says why, once.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { isHijacked } from '../../shared/schemas/index.js';
import { HijackedBadge, ServiceStatusBadge } from '../components/Badges.js';
import { ExportButton } from '../components/ExportButton.js';
import { errorMessage } from '../components/LoginForm.js';
import { formatAge, formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive, useNow } from '../live/hooks.js';
import { fetchChecks, type HistoryPage } from '../live/queries.js';
import { figureOf, SlaFigure, windowLabel, type Period, type Uptime } from './SlaFigure.js';
import { intervalEstimate, SLA_WINDOWS } from './slaCoverage.js';
import type { AgencyFigures } from './useAgencyMetrics.js';

// The charts load when a service is first opened: they stay out of the console's initial bundle.
const ServiceCharts = lazy(() =>
  import('./charts/ServiceCharts.js').then((m) => ({ default: m.ServiceCharts })),
);

/** Checks fetched: all of them are charted, the newest LIST_SIZE are listed with their evidence. */
const CHART_SIZE = 100;
const LIST_SIZE = 50;

export type Props = {
  serviceId: string;
  /** The service's agency's SLA figures (loaded with the page); undefined until asked for. */
  figures?: AgencyFigures;
  onClose?: () => void;
};

function ms(v: number | null): string {
  return v === null ? '—' : formatNumber(Math.round(v));
}

export function ServiceHistory({ serviceId, figures, onClose }: Props) {
  const service = useLive((s) => s.services.get(serviceId));
  const agency = useLive((s) => (service ? s.agencies.get(service.agencyId) : undefined));
  const state = useLive((s) => s.serviceStates.get(serviceId));
  const now = useNow(15_000) + useLive((s) => s.serverOffsetMs);
  const [page, setPage] = useState<HistoryPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stateVersion = state?.version;

  useEffect(() => {
    let cancelled = false;
    fetchChecks(serviceId, CHART_SIZE)
      .then((p) => {
        if (cancelled) return;
        setPage(p);
        setError(null);
      })
      .catch((e: unknown) => !cancelled && setError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, [serviceId, stateVersion]);

  const items = page?.items ?? null;
  const name = service?.name ?? serviceId;
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

  // Why nothing is charted, said once (never "no checks" beside a chart that has data).
  const emptyNote =
    page && page.items.length === 0 ? t(page.check ? 'svc.noChecksYet' : 'svc.noCheck') : null;
  const sla = figures?.kind === 'ready' ? figures.sla : null;

  return (
    <section
      className="panel svc-detail"
      aria-labelledby="history-title"
      data-testid="service-history"
      data-service={serviceId}
    >
      <div className="panel__head svc-detail__head">
        <div>
          <h2 id="history-title">{name}</h2>
          <p className="muted svc-detail__agency">{agency?.name ?? service?.agencyId}</p>
        </div>
        <div className="svc-detail__actions">
          <ExportButton
            name={`checks-${serviceId}`}
            label={t('history.title', { name })}
            header={header}
            rows={rows}
          />
          {onClose ? (
            <button
              type="button"
              className="btn btn--small"
              onClick={onClose}
              aria-label={t('svc.closeLabel', { name })}
              data-testid="service-detail-close"
            >
              {t('svc.close')}
            </button>
          ) : null}
        </div>
      </div>

      <div className="panel__body svc-detail__state" data-testid="svc-state">
        {state ? (
          <p className="svc-detail__since" data-testid="svc-since" data-status={state.status}>
            <ServiceStatusBadge status={state.status} />{' '}
            <span>
              {t('svc.sinceShort', {
                time: formatDateTimeWita(state.since),
                age: formatAge(now - Date.parse(state.since)),
              })}
            </span>
          </p>
        ) : null}
        {state?.integrity ? (
          <p className="svc-detail__why" data-testid="svc-integrity" data-integrity={state.integrity.verdict}>
            {isHijacked(state.integrity) ? <HijackedBadge /> : null}{' '}
            <strong>
              {t(`integrity.${state.integrity.verdict}`, { time: formatDateTimeWita(state.integrity.since) })}
            </strong>{' '}
            <span className="muted">{t('integrity.seeIncidents')}</span>
          </p>
        ) : null}
        {state?.reason || state?.message ? (
          <p className="svc-detail__why">
            {state.reason ? <strong>{t(`reason.${state.reason}`)}</strong> : null}
            {state.reason && state.message ? ' · ' : null}
            {state.message ? <span>{state.message}</span> : null}
          </p>
        ) : null}
        <p className="muted svc-detail__facts">
          {state?.lastCheckedAt ? (
            <span>{t('services.lastChecked', { time: formatDateTimeWita(state.lastCheckedAt) })}</span>
          ) : null}
          {state?.latencyMs !== null && state?.latencyMs !== undefined ? (
            <span>{t('services.latency', { ms: formatNumber(Math.round(state.latencyMs)) })}</span>
          ) : null}
          {state?.flapping ? <span>{t('services.flapping')}</span> : null}
          {service?.url ? (
            <a href={service.url} target="_blank" rel="noopener noreferrer" className="break">
              {t('svc.visit')}: {service.url}
            </a>
          ) : null}
        </p>
      </div>

      <div className="panel__body svc-detail__sla">
        <h3 className="svc-detail__subtitle">{t('sla.title')}</h3>
        {figures?.kind === 'error' ? (
          <p className="error-text" role="alert">
            {t('sla.failed', { error: figures.error })}
          </p>
        ) : !sla ? (
          <p className="muted" role="status">
            {t('common.loading')}
          </p>
        ) : (
          <dl className="sla-windows" data-testid="svc-sla">
            {SLA_WINDOWS.map((w) => {
              const own = (p: Period): Uptime | null =>
                p.services.find((s) => s.serviceId === serviceId) ?? null;
              const { uptime, cover } = figureOf(sla, w, own, (p) =>
                intervalEstimate([{ samples: own(p)?.samples ?? 0, check: service?.check }]),
              );
              return (
                <div key={w} className="sla-windows__item" data-window={w}>
                  <dt>{windowLabel(w)}</dt>
                  <dd>
                    <SlaFigure uptime={uptime} cover={cover} variant="sentence" />
                  </dd>
                </div>
              );
            })}
          </dl>
        )}
      </div>

      {error ? (
        <p className="error-text panel__body" role="alert">
          {error}
        </p>
      ) : null}
      <Suspense fallback={<p className="panel__empty">{t('common.loading')}</p>}>
        <ServiceCharts serviceId={serviceId} items={items ?? (error ? [] : null)} emptyNote={emptyNote} />
      </Suspense>
      {items && items.length > 0 ? (
        <div className="svc-detail__evidence">
          <h3 className="svc-detail__subtitle panel__body">
            {t('svc.evidence', { count: formatNumber(Math.min(LIST_SIZE, items.length)) })}
          </h3>
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
                            <span aria-hidden="true">{c.ok ? '✓' : '✕'}</span> {c.name}:{' '}
                            {typeof c.actual === 'number' ? formatNumber(c.actual) : String(c.actual)} (
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
        </div>
      ) : null}
    </section>
  );
}
