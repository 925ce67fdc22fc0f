/** The "latest events" column: newest incidents and service state changes. */
import { useMemo } from 'react';
import type { Alert } from '../../shared/schemas/index.js';
import { ServiceStatusBadge, SeverityBadge } from '../components/Badges.js';
import { formatAge, formatTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { FRESH_WINDOW_MS } from '../map/MapController.js';
import { buildFeed, type FeedItem } from './feed.js';

export type Props = {
  serverNow: number;
  areaNames: ReadonlyMap<string, string>;
  limit?: number;
};

function Meta({ at, serverNow, place }: { at: number; serverNow: number; place: string | null }) {
  return (
    <div className="feed-item__meta">
      {place ? <span className="feed-item__place">{place}</span> : null}
      <span className="feed-item__time">
        {formatTimeWita(at, false)} {t('time.zone')}
      </span>
      <span className="feed-item__age">{t('live.ago', { age: formatAge(serverNow - at) })}</span>
    </div>
  );
}

type ItemProps = {
  item: FeedItem;
  serverNow: number;
  areaNames: ReadonlyMap<string, string>;
  alert: Alert | undefined;
};

/** Who took the incident's alert, or that nobody has yet. */
function AlertMark({ alert }: { alert: Alert }) {
  if (alert.status === 'acknowledged' && alert.acknowledgedBy) {
    return (
      <div
        className="feed-item__alert feed-item__alert--ack"
        data-testid="feed-alert"
        data-status={alert.status}
      >
        <span aria-hidden="true">✓ </span>
        {t('feed.acknowledgedBy', { user: alert.acknowledgedBy.username })}
      </div>
    );
  }
  return (
    <div
      className={`feed-item__alert feed-item__alert--${alert.status}`}
      data-testid="feed-alert"
      data-status={alert.status}
    >
      {t(`alertStatus.${alert.status}`)}
    </div>
  );
}

function Item({ item, serverNow, areaNames, alert }: ItemProps) {
  const fresh = serverNow - item.at < FRESH_WINDOW_MS;
  if (item.kind === 'incident') {
    const inc = item.incident;
    const place =
      (inc.kelurahanCode ? areaNames.get(inc.kelurahanCode) : undefined) ??
      (inc.kecamatanCode ? areaNames.get(inc.kecamatanCode) : undefined) ??
      (inc.outsideCity ? t('feed.outsideCity') : null);
    return (
      <li
        className={`feed-item feed-item--incident feed-item--sev-${inc.severity}${fresh ? ' is-fresh' : ''}${inc.status !== 'open' ? ' is-closed' : ''}`}
        data-testid="feed-incident"
        data-id={inc.id}
      >
        <div className="feed-item__head">
          <SeverityBadge severity={inc.severity} size="sm" />
          <span className="feed-item__kind">{t(`category.${inc.category}`)}</span>
          {inc.status !== 'open' ? (
            <span className="feed-item__closed">{t(`incidentStatus.${inc.status}`)}</span>
          ) : null}
        </div>
        <div className="feed-item__title">{inc.title}</div>
        {alert ? <AlertMark alert={alert} /> : null}
        <Meta at={item.at} serverNow={serverNow} place={place} />
      </li>
    );
  }
  return (
    <li
      className={`feed-item feed-item--service feed-item--svc-${item.status}${fresh ? ' is-fresh' : ''}`}
      data-testid="feed-service"
      data-id={item.service.id}
    >
      <div className="feed-item__head">
        <ServiceStatusBadge status={item.status} size="sm" />
        <span className="feed-item__kind">{item.from ? t('feed.recovered') : t('feed.serviceChange')}</span>
      </div>
      <div className="feed-item__title">{item.service.name}</div>
      <Meta at={item.at} serverNow={serverNow} place={item.agency?.shortName ?? null} />
    </li>
  );
}

export function EventFeed({ serverNow, areaNames, limit = 9 }: Props) {
  const incidents = useLive((s) => s.incidents);
  const services = useLive((s) => s.services);
  const serviceStates = useLive((s) => s.serviceStates);
  const agencies = useLive((s) => s.agencies);
  const serviceChanges = useLive((s) => s.serviceChanges);
  const alerts = useLive((s) => s.alerts);
  const alertByKey = useMemo(() => new Map([...alerts.values()].map((a) => [a.dedupeKey, a])), [alerts]);
  const items = useMemo(
    () => buildFeed({ incidents, services, serviceStates, agencies, serviceChanges }, limit),
    [incidents, services, serviceStates, agencies, serviceChanges, limit],
  );
  return (
    <aside className="feed" aria-label={t('feed.title')}>
      <h2 className="feed__title">{t('feed.title')}</h2>
      {items.length === 0 ? (
        <p className="feed__empty">{t('feed.empty')}</p>
      ) : (
        <ol className="feed__list" data-testid="feed">
          {items.map((item) => (
            <Item
              key={item.key}
              item={item}
              serverNow={serverNow}
              areaNames={areaNames}
              alert={item.kind === 'incident' ? alertByKey.get(`incident:${item.incident.id}`) : undefined}
            />
          ))}
        </ol>
      )}
    </aside>
  );
}
