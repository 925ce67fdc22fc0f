/** Agency liaison (phone first): this agency's open alerts, one-tap acknowledge, resolve with a code. */
import { useEffect, useMemo, useState } from 'react';
import type { Alert } from '../../shared/schemas/index.js';
import { SEVERITY_RANK } from '../../shared/schemas/index.js';
import { AlertActions } from '../components/AlertActions.js';
import { AuthGate } from '../components/AuthGate.js';
import { SeverityBadge } from '../components/Badges.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { formatAge, formatDateTimeWita } from '../i18n/format.js';
import { t, useLang } from '../i18n/index.js';
import type { Session } from '../live/api.js';
import { LiveStoreContext, useLive, useNow } from '../live/hooks.js';
import { connectLive } from '../live/socket.js';
import { LiveStore } from '../live/store.js';
import { useNewAlertSignal } from './alertSignal.js';

/** Alerts a liaison still has to act on. */
export function openAlerts(alerts: Iterable<Alert>): Alert[] {
  return [...alerts]
    .filter((a) => a.status === 'new' || a.status === 'acknowledged' || a.status === 'snoozed')
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        Date.parse(b.createdAt) - Date.parse(a.createdAt),
    );
}

export function LiaisonApp() {
  const lang = useLang();
  useEffect(() => {
    document.title = t('liaison.documentTitle');
  }, [lang]);
  return (
    <AuthGate heading={t('liaison.loginHeading')}>
      {(session, signOut) => <LiveLiaison session={session} onSignOut={signOut} />}
    </AuthGate>
  );
}

function LiveLiaison({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [store] = useState(() => new LiveStore());
  useEffect(() => {
    const conn = connectLive(store);
    return () => conn.close();
  }, [store]);
  return (
    <LiveStoreContext.Provider value={store}>
      <div className="screen screen--phone">
        <ScreenHeader title={t('liaison.title')} user={session.user} onSignOut={onSignOut} />
        <main className="screen-main">
          <AgencyName agencyId={session.user.agencyId} />
          <AlertSignal />
          <AlertList />
        </main>
      </div>
    </LiveStoreContext.Provider>
  );
}

function AgencyName({ agencyId }: { agencyId: string | null }) {
  const agencies = useLive((s) => s.agencies);
  if (!agencyId) return null;
  const a = agencies.get(agencyId);
  return <p className="liaison-agency">{a ? a.name : agencyId}</p>;
}

function AlertSignal() {
  const alerts = useLive((s) => s.alerts);
  const hasSnapshot = useLive((s) => s.hasSnapshot);
  const { armed, latest } = useNewAlertSignal(alerts, hasSnapshot);
  return (
    <>
      <p className="muted liaison-sound" data-testid="sound-state" data-armed={armed ? '1' : '0'}>
        {armed ? t('liaison.soundOn') : t('liaison.soundHint')}
      </p>
      <p className="sr-only" role="status" aria-live="polite">
        {latest ? t('liaison.newAlert', { title: latest.title }) : ''}
      </p>
    </>
  );
}

function AlertList() {
  const alerts = useLive((s) => s.alerts);
  const offset = useLive((s) => s.serverOffsetMs);
  const hasSnapshot = useLive((s) => s.hasSnapshot);
  const now = useNow(5000) + offset;
  const list = useMemo(() => openAlerts(alerts.values()), [alerts]);
  if (!hasSnapshot) return <p className="panel__empty">{t('common.loading')}</p>;
  if (list.length === 0) return <p className="panel__empty liaison-empty">{t('liaison.noAlerts')}</p>;
  return (
    <ol className="alert-cards" data-testid="liaison-alerts">
      {list.map((a) => (
        <li
          key={a.id}
          className={`alert-card alert-card--${a.severity} alert-card--${a.status}`}
          data-id={a.id}
        >
          <div className="alert-card__head">
            <SeverityBadge severity={a.severity} />
            <span className={`status status--${a.status}`}>{t(`alertStatus.${a.status}`)}</span>
          </div>
          <h2 className="alert-card__title">{a.title}</h2>
          <p className="alert-card__meta">
            {formatDateTimeWita(a.createdAt)} ·{' '}
            {t('live.ago', { age: formatAge(now - Date.parse(a.createdAt)) })}
            {a.count > 1 ? ` · ${t('alert.repeats', { n: a.count })}` : ''}
          </p>
          {a.acknowledgedBy ? (
            <p className="alert-card__meta">
              {t('alert.acknowledgedBy', { user: a.acknowledgedBy.username })}
            </p>
          ) : null}
          <AlertActions alert={a} variant="card" />
        </li>
      ))}
    </ol>
  );
}
