/** The alert detail drawer: facts, the timeline, the audit trail (supervisors) and every action. */
import { useEffect, useRef, useState } from 'react';
import type { Alert } from '../../shared/schemas/index.js';
import { AlertActions } from '../components/AlertActions.js';
import { SeverityBadge } from '../components/Badges.js';
import { errorMessage } from '../components/LoginForm.js';
import { formatDateTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import type { SessionUser } from '../live/api.js';
import { useLive } from '../live/hooks.js';
import { fetchAlert, fetchAudit, type AuditEntry } from '../live/queries.js';
import { DrawerCommands } from './DrawerCommands.js';

export type Props = { alertId: string; live: Alert | undefined; user: SessionUser; onClose: () => void };

export function AlertDrawer({ alertId, live, user, onClose }: Props) {
  const [detail, setDetail] = useState<Alert | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const agencies = useLive((s) => s.agencies);
  const closeRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLDivElement>(null);
  const canAudit = user.role === 'admin' || user.role === 'supervisor';
  const liveVersion = live?.version;
  const createdAt = live?.createdAt;

  useEffect(() => {
    let cancelled = false;
    fetchAlert(alertId, createdAt)
      .then((a) => !cancelled && setDetail(a))
      .catch((e: unknown) => !cancelled && setError(errorMessage(e)));
    if (canAudit) {
      fetchAudit()
        .then((items) => !cancelled && setAudit(items.filter((x) => x.target === alertId)))
        .catch(() => !cancelled && setAudit([]));
    }
    return () => {
      cancelled = true;
    };
  }, [alertId, liveVersion, createdAt, canAudit]);

  useEffect(() => {
    // Modal: focus goes in, Tab cycles inside, Escape closes, focus returns to the opener.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
      if (e.key !== 'Tab' || !drawerRef.current) return;
      const focusable = drawerRef.current.querySelectorAll<HTMLElement>(
        'button:not([disabled]), input, select, textarea, a[href]',
      );
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, [onClose]);

  // The live copy wins when a socket delta arrived after the fetch (it carries the timeline too).
  const a = live && (!detail || live.version >= detail.version) ? live : detail;

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
          <AlertActions alert={a} scope="drawer" />
          <DrawerCommands alert={a} />
          <h3>{t('drawer.timeline')}</h3>
          <ol className="timeline" data-testid="alert-timeline">
            {[...a.timeline].reverse().map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <time dateTime={e.at}>{formatDateTimeWita(e.at)}</time>{' '}
                <strong>{t(`timeline.${e.action}`)}</strong>
                {e.by ? ` · ${e.by}` : ''}
                {e.note ? <div className="muted">{e.note}</div> : null}
              </li>
            ))}
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
