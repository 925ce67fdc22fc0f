/**
 * The alert detail drawer: facts (place, description, the incidents of a group), a link to the
 * console map centred on it, the timeline, the audit trail (supervisors) and every action the
 * user's role may take.
 */
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { ALERT_GROUP_MAX_MEMBERS } from '../../shared/limits.js';
import { roleCan } from '../../shared/schemas/account.js';
import type { Alert } from '../../shared/schemas/index.js';
import { AlertActions, alertErrorMessage } from '../components/AlertActions.js';
import { SeverityBadge } from '../components/Badges.js';
import { formatDateTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import type { SessionUser } from '../live/api.js';
import { useLive } from '../live/hooks.js';
import { fetchAlert, fetchAudit, type AuditEntry } from '../live/queries.js';
import { DrawerCommands } from './DrawerCommands.js';
import { alertLocation, alertPlace } from './filters.js';
import { placeText } from './place.js';
import { stepOfNote, TimelineDelivery } from './TimelineDelivery.js';
import { useDrawerFocus } from './useDrawerFocus.js';

export type Props = {
  alertId: string;
  live: Alert | undefined;
  user: SessionUser;
  onClose: () => void;
  areaNames: ReadonlyMap<string, string>;
  /** The console map centred on this alert (a real link: it also opens in a new tab). */
  mapHref: string;
  /** Goes to the map in this page (a plain click on the link). */
  onShowOnMap: () => void;
};

export function AlertDrawer({ alertId, live, user, onClose, areaNames, mapHref, onShowOnMap }: Props) {
  const [detail, setDetail] = useState<Alert | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const agencies = useLive((s) => s.agencies);
  const closeRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLDivElement>(null);
  const canAudit = roleCan(user.role, 'audit:read');
  const liveVersion = live?.version;
  const createdAt = live?.createdAt;

  useEffect(() => {
    let cancelled = false;
    fetchAlert(alertId, createdAt)
      .then((a) => !cancelled && setDetail(a))
      .catch((e: unknown) => !cancelled && setError(alertErrorMessage(e)));
    if (canAudit) {
      fetchAudit()
        .then((items) => !cancelled && setAudit(items.filter((x) => x.target === alertId)))
        .catch(() => !cancelled && setAudit([]));
    }
    return () => {
      cancelled = true;
    };
  }, [alertId, liveVersion, createdAt, canAudit]);

  useDrawerFocus(drawerRef, closeRef, onClose);

  // The live copy wins when a socket delta arrived after the fetch (it carries the timeline too).
  const a = live && (!detail || live.version >= detail.version) ? live : detail;
  const place = a ? placeText(alertPlace(a, areaNames)) : '';
  const members = a?.members ?? [];
  const showMap = (e: MouseEvent<HTMLAnchorElement>): void => {
    // A plain click stays in this page; a middle/modified click opens the link as the browser does.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onShowOnMap();
  };

  return (
    <div
      ref={drawerRef}
      className="drawer"
      role="dialog"
      aria-modal="true"
      aria-labelledby="drawer-title"
      data-testid="alert-drawer"
    >
      <div className="drawer__head">
        <h2 id="drawer-title">{a ? a.title : t('common.loading')}</h2>
        <button
          ref={closeRef}
          type="button"
          className="btn btn--small"
          onClick={onClose}
          aria-label={t('drawer.close')}
        >
          {t('drawer.closeShort')}
        </button>
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {a ? (
        <>
          <dl className="facts">
            <dt>{t('col.status')}</dt>
            <dd>
              <span className={`status status--${a.status}`} data-testid="drawer-status">
                {t(`alertStatus.${a.status}`)}
              </span>
            </dd>
            <dt>{t('col.severity')}</dt>
            <dd>
              <SeverityBadge severity={a.severity} size="sm" />
            </dd>
            <dt>{t('col.agency')}</dt>
            <dd>{a.agencyId ? (agencies.get(a.agencyId)?.name ?? a.agencyId) : t('alert.noAgency')}</dd>
            {place || alertLocation(a) ? (
              <>
                <dt>{t('col.place')}</dt>
                <dd data-testid="drawer-place">
                  {place}
                  {alertLocation(a) ? (
                    <>
                      {place ? ' · ' : ''}
                      <a
                        href={mapHref}
                        onClick={showMap}
                        aria-label={t('drawer.openMapLabel')}
                        data-testid="drawer-open-map"
                      >
                        {t('drawer.openMap')}
                      </a>
                    </>
                  ) : null}
                </dd>
              </>
            ) : null}
            {a.description ? (
              <>
                <dt>{t('drawer.description')}</dt>
                <dd className="drawer__description" data-testid="drawer-description">
                  {a.description}
                </dd>
              </>
            ) : null}
            <dt>{t('col.created')}</dt>
            <dd>{formatDateTimeWita(a.createdAt)}</dd>
            {a.acknowledgedBy ? (
              <>
                <dt>{t('col.acknowledgedBy')}</dt>
                <dd>
                  {a.acknowledgedBy.username}
                  {a.acknowledgedAt ? ` · ${formatDateTimeWita(a.acknowledgedAt)}` : ''}
                </dd>
              </>
            ) : null}
            {a.assignee ? (
              <>
                <dt>{t('col.assignee')}</dt>
                <dd>{a.assignee}</dd>
              </>
            ) : null}
            {a.snoozedUntil && a.status === 'snoozed' ? (
              <>
                <dt>{t('drawer.snoozedUntil')}</dt>
                <dd>{formatDateTimeWita(a.snoozedUntil)}</dd>
              </>
            ) : null}
            <dt>{t('drawer.escalationLevel')}</dt>
            <dd>{a.escalationLevel}</dd>
          </dl>
          <AlertActions alert={a} scope="drawer" role={user.role} />
          <DrawerCommands alert={a} role={user.role} />
          {members.length > 1 ? (
            <>
              <h3>{t('drawer.members', { n: members.length })}</h3>
              {members.length >= ALERT_GROUP_MAX_MEMBERS && a.count > members.length ? (
                <p className="muted">{t('drawer.membersShown', { n: members.length, total: a.count })}</p>
              ) : null}
              <ol className="members" data-testid="alert-members">
                {[...members].reverse().map((m) => (
                  <li key={m.key} data-condition={m.condition}>
                    <span className="members__title">{m.title}</span>{' '}
                    <time dateTime={m.at} className="muted">
                      {formatDateTimeWita(m.at)}
                    </time>{' '}
                    <span className={`cond cond--${m.condition}`}>
                      {m.condition === 'active' ? t('drawer.memberActive') : t('drawer.memberCleared')}
                    </span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <h3>{t('drawer.timeline')}</h3>
          <ol className="timeline" data-testid="alert-timeline">
            {[...a.timeline].reverse().map((e, i) => {
              // A delivery says whom the step reached; the server's note then only adds the step.
              const step = e.delivery ? stepOfNote(e.note) : null;
              const note = e.delivery && e.action === 'escalated' ? (step ?? e.note) : e.note;
              return (
                <li key={`${e.at}-${i}`} data-action={e.action}>
                  <time dateTime={e.at}>{formatDateTimeWita(e.at)}</time>{' '}
                  <strong>{t(`timeline.${e.action}`)}</strong>
                  {e.by ? ` · ${e.by}` : ''}
                  {note ? <div className="muted">{note}</div> : null}
                  {e.delivery ? <TimelineDelivery delivery={e.delivery} /> : null}
                </li>
              );
            })}
          </ol>
          {canAudit ? (
            <>
              <h3>{t('drawer.audit')}</h3>
              {audit === null ? (
                <p className="muted">{t('common.loading')}</p>
              ) : audit.length === 0 ? (
                <p className="muted">{t('drawer.noAudit')}</p>
              ) : (
                <ol className="timeline" data-testid="alert-audit">
                  {audit.map((e) => (
                    <li key={e.id}>
                      <time dateTime={e.at}>{formatDateTimeWita(e.at)}</time> <strong>{e.action}</strong> ·{' '}
                      {e.actor.name ?? e.actor.kind}
                      {e.actor.role ? ` (${e.actor.role})` : ''} · {e.channel}
                    </li>
                  ))}
                </ol>
              )}
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
