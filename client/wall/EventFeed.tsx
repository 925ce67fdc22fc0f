/** The "latest events" column: newest incidents (a grouped alert's incidents as one) and service state changes. */
import { useMemo, type ReactNode } from 'react';
import type { Alert } from '../../shared/schemas/index.js';
import { ServiceStatusBadge, SeverityBadge } from '../components/Badges.js';
import { formatAge, formatTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { FRESH_WINDOW_MS } from '../map/MapController.js';
import { alertsByKey } from './alerts.js';
import { buildFeed, type FeedItem } from './feed.js';
import { GroupCount, placeLabel } from './Place.js';

export type Props = {
  serverNow: number;
  areaNames: ReadonlyMap<string, string>;
  /** At most this many events (fewer when they do not fit whole). */
  limit?: number;
};

function Meta({
  at,
  serverNow,
  place,
  children,
}: {
  at: number;
  serverNow: number;
  place: string | null;
  children?: ReactNode;
}) {
  return (
    <div className="feed-item__meta">
      <span className="feed-item__time">
        {formatTimeWita(at, false)} {t('time.zone')}
      </span>
      <span className="feed-item__age">{t('live.ago', { age: formatAge(serverNow - at) })}</span>
      {place ? (
        <span className="feed-item__place" data-testid="feed-place">
          {place}
        </span>
      ) : null}
      {children}
    </div>
  );
}

/** Who took the incident's alert, or that nobody has yet. */
function AlertMark({ alert }: { alert: Alert }) {
  if (alert.status === 'acknowledged' && alert.acknowledgedBy) {
    return (
      <span
        className="feed-item__alert feed-item__alert--ack"
        data-testid="feed-alert"
        data-status={alert.status}
      >
        <span aria-hidden="true">✓ </span>
        {t('feed.acknowledgedBy', { user: alert.acknowledgedBy.username })}
      </span>
    );
  }
  return (
    <span
      className={`feed-item__alert feed-item__alert--${alert.status}`}
      data-testid="feed-alert"
      data-status={alert.status}
    >
      {t(`alertStatus.${alert.status}`)}
    </span>
  );
}

type ItemProps = { item: FeedItem; serverNow: number; areaNames: ReadonlyMap<string, string> };

function Item({ item, serverNow, areaNames }: ItemProps) {
  const fresh = serverNow - item.at < FRESH_WINDOW_MS;
  if (item.kind === 'incident') {
    const { incident: inc, alert, size } = item;
    // A group is shown by its newest incident (the latest event) with the group's size.
    const grouped = size > 1;
    const place =
      placeLabel({
        kelurahan: inc.kelurahanCode
          ? { code: inc.kelurahanCode, name: areaNames.get(inc.kelurahanCode) ?? '' }
          : null,
        kecamatan: inc.kecamatanCode
          ? { code: inc.kecamatanCode, name: areaNames.get(inc.kecamatanCode) ?? '' }
          : null,
        location: null,
      }) ??
      (grouped ? placeLabel(alert?.place) : null) ??
      (inc.outsideCity ? t('feed.outsideCity') : null);
    const severity = grouped && alert ? alert.severity : inc.severity;
    const closed = inc.status !== 'open';
    return (
      <li
        className={`feed-item feed-item--incident feed-item--sev-${severity}${fresh ? ' is-fresh' : ''}${closed ? ' is-closed' : ''}`}
        data-testid="feed-incident"
        data-id={inc.id}
        data-group={grouped ? alert?.id : undefined}
        data-size={size}
      >
        <div className="feed-item__head">
          <SeverityBadge severity={severity} size="sm" />
          <span className="feed-item__title">{inc.title}</span>
          {grouped ? <GroupCount n={size} /> : null}
        </div>
        <Meta at={item.at} serverNow={serverNow} place={place}>
          {closed ? (
            <span className="feed-item__closed">{t(`incidentStatus.${inc.status}`)}</span>
          ) : alert ? (
            <AlertMark alert={alert} />
          ) : (
            <span className="feed-item__kind">{t(`category.${inc.category}`)}</span>
          )}
        </Meta>
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
        <span className="feed-item__title">{item.service.name}</span>
      </div>
      <Meta at={item.at} serverNow={serverNow} place={item.agency?.shortName ?? null}>
        <span className="feed-item__kind">{item.from ? t('feed.recovered') : t('feed.serviceChange')}</span>
      </Meta>
    </li>
  );
}

export function EventFeed({ serverNow, areaNames, limit = 5 }: Props) {
  const incidents = useLive((s) => s.incidents);
  const services = useLive((s) => s.services);
  const serviceStates = useLive((s) => s.serviceStates);
  const agencies = useLive((s) => s.agencies);
  const serviceChanges = useLive((s) => s.serviceChanges);
  const alerts = useLive((s) => s.alerts);
  const alertByKey = useMemo(() => alertsByKey(alerts.values()), [alerts]);
  const items = useMemo(
    () => buildFeed({ incidents, services, serviceStates, agencies, serviceChanges, alertByKey }, limit),
    [incidents, services, serviceStates, agencies, serviceChanges, alertByKey, limit],
  );
  return (
    <aside className="feed" aria-label={t('feed.title')}>
      <h2 className="feed__title">{t('feed.title')}</h2>
      {items.length === 0 ? (
        <p className="feed__empty">{t('feed.empty')}</p>
      ) : (
        <ol className="feed__list" data-testid="feed">
          {items.map((item) => (
            <Item key={item.key} item={item} serverNow={serverNow} areaNames={areaNames} />
          ))}
        </ol>
      )}
    </aside>
  );
}
