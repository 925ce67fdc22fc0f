/** The incident detail drawer (from a map pin or the incidents table): facts, its alert, its history. */
import { useRef } from 'react';
import type { Alert, Incident } from '../../shared/schemas/index.js';
import { SeverityBadge } from '../components/Badges.js';
import { formatDateTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { incidentPlace } from './filters.js';
import { placeText } from './place.js';
import { useDrawerFocus } from './useDrawerFocus.js';

export type Props = {
  incidentId: string;
  incident: Incident | undefined;
  /** The alert the incident raised or joined, when there is one. */
  alert: Alert | undefined;
  areaNames: ReadonlyMap<string, string>;
  onClose: () => void;
  onOpenAlert: (alertId: string) => void;
};

export function IncidentDrawer({ incidentId, incident: i, alert, areaNames, onClose, onOpenAlert }: Props) {
  const agencies = useLive((s) => s.agencies);
  const closeRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLDivElement>(null);
  useDrawerFocus(drawerRef, closeRef, onClose);
  const place = i ? placeText(incidentPlace(i, areaNames)) : '';

  return (
    <div
      ref={drawerRef}
      className="drawer"
      role="dialog"
      aria-modal="true"
      aria-labelledby="incident-drawer-title"
      data-testid="incident-drawer"
      data-id={incidentId}
    >
      <div className="drawer__head">
        <h2 id="incident-drawer-title">{i ? i.title : incidentId}</h2>
        <button
          ref={closeRef}
          type="button"
          className="btn btn--small"
          onClick={onClose}
          aria-label={t('drawer.incidentClose')}
        >
          {t('drawer.closeShort')}
        </button>
      </div>
      {!i ? (
        <p className="muted">{t('drawer.incidentGone')}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('col.status')}</dt>
            <dd>{t(`incidentStatus.${i.status}`)}</dd>
            <dt>{t('col.severity')}</dt>
            <dd>
              <SeverityBadge severity={i.severity} size="sm" />
            </dd>
            <dt>{t('col.category')}</dt>
            <dd>{t(`category.${i.category}`)}</dd>
            <dt>{t('col.agency')}</dt>
            <dd>{i.agencyId ? (agencies.get(i.agencyId)?.name ?? i.agencyId) : t('alert.noAgency')}</dd>
            <dt>{t('col.place')}</dt>
            <dd data-testid="drawer-place">{place || (i.outsideCity ? t('feed.outsideCity') : '—')}</dd>
            {i.description ? (
              <>
                <dt>{t('drawer.description')}</dt>
                <dd className="drawer__description">{i.description}</dd>
              </>
            ) : null}
            <dt>{t('col.occurred')}</dt>
            <dd>{formatDateTimeWita(i.occurredAt)}</dd>
            <dt>{t('col.received')}</dt>
            <dd>{formatDateTimeWita(i.receivedAt)}</dd>
            <dt>{t('col.source')}</dt>
            <dd>{i.source}</dd>
          </dl>
          {alert ? (
            <p>
              <strong>{t('drawer.incidentAlert')}:</strong>{' '}
              <span className={`status status--${alert.status}`}>{t(`alertStatus.${alert.status}`)}</span>{' '}
              {alert.assignee ? <span>{t('alert.assignedTo', { user: alert.assignee })} </span> : null}
              <button
                type="button"
                className="link-button"
                onClick={() => onOpenAlert(alert.id)}
                data-testid="incident-open-alert"
              >
                {t('drawer.openAlert')}
              </button>
            </p>
          ) : null}
          <h3>{t('drawer.timeline')}</h3>
          <ol className="timeline">
            {[...i.timeline].reverse().map((e, n) => (
              <li key={`${e.at}-${n}`}>
                <time dateTime={e.at}>{formatDateTimeWita(e.at)}</time>{' '}
                <strong>{t(`incidentTimeline.${e.status}`)}</strong>
                {e.note ? <div className="muted">{e.note}</div> : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
