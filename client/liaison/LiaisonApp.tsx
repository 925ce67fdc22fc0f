/** Agency liaison (phone first): this agency's open alerts, one-tap acknowledge, resolve with a code. */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Alert, AlertMember } from '../../shared/schemas/index.js';
import { osmLink } from '../map/osm.js';
import { SEVERITY_RANK } from '../../shared/schemas/index.js';
import { AuthGate } from '../components/AuthGate.js';
import { SeverityBadge } from '../components/Badges.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { formatAge, formatDateTimeWita, formatNumber, formatTimeWita } from '../i18n/format.js';
import { t, useLang } from '../i18n/index.js';
import type { Session } from '../live/api.js';
import { LiveStoreContext, useLive, useNow } from '../live/hooks.js';
import { connectLive } from '../live/socket.js';
import { LiveStore } from '../live/store.js';
import type { AlertPin } from './AlertMap.js';
import { useNewAlertSignal } from './alertSignal.js';
import { LiaisonActions } from './LiaisonActions.js';

/** MapLibre comes in its own chunk, after the cards: they never wait for the map. */
const AlertMap = lazy(() => import('./AlertMap.js'));

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

/** "Kel. X, Kec. Y" (either alone when the other is unknown); null when the alert has no named place. */
export function placeText(a: Alert): string | null {
  const kel = a.place?.kelurahan?.name;
  const kec = a.place?.kecamatan?.name;
  if (kel && kec) return t('liaison.place.both', { kelurahan: kel, kecamatan: kec });
  if (kel) return t('liaison.place.kelurahan', { kelurahan: kel });
  if (kec) return t('liaison.place.kecamatan', { kecamatan: kec });
  return null;
}

/** The open alerts with a point, numbered in list order (the card's number is the pin's). */
function pinsOf(list: readonly Alert[]): AlertPin[] {
  const pins: AlertPin[] = [];
  for (const a of list) {
    const location = a.place?.location;
    if (!location) continue;
    pins.push({
      id: a.id,
      n: pins.length + 1,
      severity: a.severity,
      handled: a.status !== 'new',
      location,
    });
  }
  return pins;
}

function AlertList() {
  const alerts = useLive((s) => s.alerts);
  const offset = useLive((s) => s.serverOffsetMs);
  const hasSnapshot = useLive((s) => s.hasSnapshot);
  const now = useNow(5000) + offset;
  const list = useMemo(() => openAlerts(alerts.values()), [alerts]);
  const pins = useMemo(() => pinsOf(list), [list]);
  const numberOf = useMemo(() => new Map(pins.map((p) => [p.id, p.n])), [pins]);
  if (!hasSnapshot) return <p className="panel__empty">{t('common.loading')}</p>;
  if (list.length === 0) return <p className="panel__empty liaison-empty">{t('liaison.noAlerts')}</p>;
  return (
    <>
      {pins.length > 0 ? (
        <Suspense fallback={<div className="liaison-map liaison-map--loading" />}>
          <AlertMap pins={pins} label={t('liaison.mapLabel', { n: formatNumber(pins.length) })} />
        </Suspense>
      ) : null}
      <ol className="alert-cards" data-testid="liaison-alerts">
        {list.map((a) => (
          <AlertCard key={a.id} alert={a} n={numberOf.get(a.id) ?? null} now={now} />
        ))}
      </ol>
    </>
  );
}

function AlertCard({ alert: a, n, now }: { alert: Alert; n: number | null; now: number }) {
  const place = placeText(a);
  const location = a.place?.location ?? null;
  const members = a.members ?? [];
  const grouped = members.length > 1;
  return (
    <li
      className={`alert-card alert-card--${a.severity} alert-card--${a.status}`}
      data-id={a.id}
      data-testid="liaison-alert"
    >
      <div className="alert-card__head">
        <span className="alert-card__badges">
          {n !== null ? (
            <span
              className={`alert-card__num alert-card__num--${a.severity}`}
              data-testid="alert-number"
              title={t('liaison.mapNumber', { n })}
            >
              <span aria-hidden="true">{n}</span>
              <span className="sr-only">{t('liaison.mapNumber', { n })}</span>
            </span>
          ) : null}
          <SeverityBadge severity={a.severity} />
        </span>
        <span className={`status status--${a.status}`}>{t(`alertStatus.${a.status}`)}</span>
      </div>
      <h2 className="alert-card__title">{a.title}</h2>
      {place || location ? (
        <p className="alert-card__place" data-testid="alert-place">
          {place ? <span>{place}</span> : null}
          {location ? (
            <a
              className="alert-card__maplink"
              href={osmLink(location)}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="open-map"
              aria-label={t('liaison.openMapLabel', { place: place ?? t('liaison.thisPoint') })}
            >
              {t('liaison.openMap')}
            </a>
          ) : null}
        </p>
      ) : null}
      {a.description ? (
        <p className="alert-card__desc" data-testid="alert-description">
          {a.description}
        </p>
      ) : null}
      <p className="alert-card__meta">
        {formatDateTimeWita(a.createdAt)} · {t('live.ago', { age: formatAge(now - Date.parse(a.createdAt)) })}
        {!grouped && a.count > 1 ? ` · ${t('alert.repeats', { n: a.count })}` : ''}
      </p>
      {grouped ? <Members members={members} /> : null}
      {a.acknowledgedBy ? (
        <p className="alert-card__meta">{t('alert.acknowledgedBy', { user: a.acknowledgedBy.username })}</p>
      ) : null}
      <LiaisonActions alert={a} />
    </li>
  );
}

/** A group's incidents, newest first, folded under "N kejadian". */
function Members({ members }: { members: readonly AlertMember[] }) {
  const sorted = useMemo(() => [...members].sort((x, y) => Date.parse(y.at) - Date.parse(x.at)), [members]);
  return (
    <details className="alert-card__members" data-testid="alert-members">
      <summary>{t('liaison.incidents', { n: formatNumber(members.length) })}</summary>
      <ol>
        {sorted.map((m) => (
          <li key={m.key} className={`alert-member alert-member--${m.condition}`}>
            <span className="alert-member__title">{m.title}</span>{' '}
            <span className="alert-member__meta">
              {formatTimeWita(m.at, false)} {t('time.zone')}
              {m.condition === 'cleared' ? ` · ${t('liaison.memberCleared')}` : ''}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}
