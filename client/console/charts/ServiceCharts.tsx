/**
 * The charts of one service: response time and state of its recent checks, its availability per
 * hour or day over the chosen window against the SLA target, and the availability of every service
 * of its agency over that window. Loading, error and empty states each say so in words.
 */
import { useId, useState, type ReactNode } from 'react';
import { formatDateTimeWita, formatNumber, formatRatio, formatTimeWita, WITA_TZ } from '../../i18n/format.js';
import { locale, t } from '../../i18n/index.js';
import { useLive } from '../../live/hooks.js';
import type { HistoryEntry } from '../../live/queries.js';
import { AvailabilityChart, formatUptime, type Bar } from './AvailabilityChart.js';
import { CHART_WINDOWS, SLA_TARGET, type ChartWindow } from './math.js';
import { ResponseChart } from './ResponseChart.js';
import '../../styles/charts.css';
import { useAvailability, type AvailabilityData } from './useAvailability.js';

export type Props = {
  serviceId: string;
  items: readonly HistoryEntry[] | null;
  /** What to say instead of the response chart when there are no checks (why there are none). */
  emptyNote?: string | null;
};

function dayLabel(at: number, withWeekday: boolean): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone: WITA_TZ,
    day: 'numeric',
    month: 'short',
    ...(withWeekday ? { weekday: 'short' } : {}),
  }).format(at);
}

/** The service's bars per bucket, with a thinned axis (every 3rd hour, every 5th of 30 days). */
function timeBars(data: AvailabilityData, serviceId: string, window: ChartWindow): Bar[] {
  const every = window === '24h' ? 3 : window === '30d' ? 5 : 1;
  return data.buckets.map((b, i) => {
    const svc = data.perBucket[i]?.services.find((s) => s.serviceId === serviceId);
    const label =
      window === '24h'
        ? `${dayLabel(b.from, false)} ${formatTimeWita(b.from, false)}–${formatTimeWita(b.to, false)}`
        : dayLabel(b.from, true);
    const tick =
      (data.buckets.length - 1 - i) % every === 0
        ? window === '24h'
          ? formatTimeWita(b.from, false)
          : dayLabel(b.from, false)
        : '';
    return { key: String(b.from), tick, label, value: svc?.uptime ?? null };
  });
}

export function ServiceCharts({ serviceId, items, emptyNote }: Props) {
  const target = formatRatio(SLA_TARGET);
  const uid = useId();
  const service = useLive((s) => s.services.get(serviceId));
  const agency = useLive((s) => (service ? s.agencies.get(service.agencyId) : undefined));
  const [window, setWindow] = useState<ChartWindow>('24h');
  const [reload, setReload] = useState(0);
  const avail = useAvailability(service?.agencyId ?? null, window, reload);
  const bucketWord = window === '24h' ? t('charts.avail.hour') : t('charts.avail.day');

  let availability: ReactNode;
  if (avail.kind === 'loading') {
    availability = (
      <p className="panel__empty" role="status">
        {t('common.loading')}
      </p>
    );
  } else if (avail.kind === 'error') {
    availability = (
      <p className="error-text" role="alert">
        {t('charts.loadFailed', { error: avail.error })}
      </p>
    );
  } else {
    const bars = timeBars(avail.data, serviceId, window);
    const values = bars.map((b) => b.value).filter((v): v is number => v !== null);
    const services: Bar[] = (avail.data.total?.services ?? []).map((s) => ({
      key: s.serviceId,
      tick: s.name.length > 14 ? `${s.name.slice(0, 13)}…` : s.name,
      label: s.name,
      value: s.uptime,
      highlight: s.serviceId === serviceId,
    }));
    const agencyName = agency?.shortName ?? service?.agencyId ?? '';
    availability = (
      <>
        <h3 className="chart__title">
          {t('charts.avail.title', { name: service?.name ?? serviceId, bucket: bucketWord })}
        </h3>
        {values.length === 0 ? (
          <p className="panel__empty" data-testid="avail-empty">
            {t('charts.avail.none')}
          </p>
        ) : (
          <AvailabilityChart
            uid={`${uid}-t`}
            testId="avail-time"
            bars={bars}
            labelHeader={t('charts.avail.bucket')}
            summary={t('charts.avail.label', {
              bucket: bucketWord,
              min: formatUptime(Math.min(...values)),
              target,
              empty: formatNumber(bars.length - values.length),
              count: formatNumber(bars.length),
            })}
          />
        )}
        <h3 className="chart__title">
          {t('charts.agency.title', { agency: agencyName, window: t(`charts.window.${window}`) })}
        </h3>
        {services.every((s) => s.value === null) ? (
          <p className="panel__empty">{t('charts.avail.none')}</p>
        ) : (
          <AvailabilityChart
            uid={`${uid}-s`}
            testId="avail-services"
            bars={services}
            labelHeader={t('charts.agency.service')}
            summary={t('charts.agency.label', {
              count: formatNumber(services.length),
              agency: agencyName,
              below: formatNumber(services.filter((s) => s.value !== null && s.value < SLA_TARGET).length),
              target,
            })}
          />
        )}
        <p className="muted">{t('charts.noMaintenanceNote')}</p>
      </>
    );
  }

  return (
    <div className="service-charts" data-testid="service-charts">
      {items === null ? (
        <p className="panel__empty" role="status">
          {t('common.loading')}
        </p>
      ) : items.length === 0 ? (
        <p className="muted chart__note" data-testid="rt-empty">
          {emptyNote ?? t('charts.rt.none')}
        </p>
      ) : (
        <ResponseChart items={items} uid={`${uid}-r`} />
      )}
      <div className="chart-toolbar">
        <div role="group" aria-label={t('charts.window')} className="chart-toolbar__windows">
          {CHART_WINDOWS.map((w) => (
            <button
              key={w}
              type="button"
              className={`btn btn--small${w === window ? ' btn--active' : ''}`}
              aria-pressed={w === window}
              data-testid={`chart-window-${w}`}
              onClick={() => setWindow(w)}
            >
              {t(`charts.window.${w}`)}
            </button>
          ))}
        </div>
        <span className="muted" data-testid="chart-asof">
          {avail.kind === 'ready' ? t('charts.asOf', { time: formatDateTimeWita(avail.data.asOf) }) : ''}
        </span>
        <button
          type="button"
          className="btn btn--small"
          onClick={() => setReload((n) => n + 1)}
          disabled={avail.kind === 'loading'}
        >
          {t('charts.reload')}
        </button>
      </div>
      <div aria-busy={avail.kind === 'loading'} data-testid="avail-section" data-state={avail.kind}>
        {availability}
      </div>
    </div>
  );
}
