/** Full-width notices over the wall: stale data, lost WebGL context, revoked access. */
import { formatAge, formatTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import type { ConnectionState } from '../live/store.js';

export type StaleProps = {
  connection: ConnectionState;
  lastUpdateAt: number | null;
  now: number;
  /** The data shown was saved by this screen earlier (the server has not answered since the page loaded). */
  restored?: boolean;
  /** Connected, but the server's data feed has stopped: `lastUpdateAt` is then when the data was last confirmed. */
  feedStalled?: boolean;
};

export function StaleBanner({
  connection,
  lastUpdateAt,
  now,
  restored = false,
  feedStalled = false,
}: StaleProps) {
  const feed = feedStalled && connection === 'connected' && !restored;
  const sinceKey = restored ? 'stale.restoredSince' : feed ? 'stale.feedSince' : 'stale.since';
  const since =
    lastUpdateAt === null
      ? t('stale.noData')
      : t(sinceKey, {
          time: `${formatTimeWita(lastUpdateAt, !restored)} ${t('time.zone')}`,
          age: formatAge(now - lastUpdateAt),
        });
  const title = restored
    ? t('stale.restoredTitle')
    : feed
      ? t('stale.feedTitle')
      : connection === 'connected'
        ? t('stale.title')
        : t('stale.disconnectedTitle');
  return (
    <div
      className={`stale-banner stale-banner--${feed ? 'feed-stalled' : connection}`}
      role="alert"
      data-testid="stale-banner"
      data-restored={restored ? 'true' : 'false'}
      data-kind={
        restored ? 'restored' : feed ? 'feed-stalled' : connection === 'connected' ? 'silent' : 'disconnected'
      }
    >
      <span className="stale-banner__icon" aria-hidden="true">
        ⚠
      </span>
      <div>
        <strong className="stale-banner__title">{title}</strong>
        <span className="stale-banner__since">{since}</span>
      </div>
    </div>
  );
}

export type ContextLostProps = { reloadInMs: number };

export function ContextLostNotice({ reloadInMs }: ContextLostProps) {
  return (
    <div className="map-notice" role="alert" data-testid="webgl-lost">
      <strong>{t('webgl.lost')}</strong>
      <span>{t('webgl.reloading', { age: formatAge(reloadInMs) })}</span>
    </div>
  );
}

export type RevokedProps = { reason: string | null; kind: 'revoked' | 'refused' | null; hasToken: boolean };

export function RevokedScreen({ reason, kind, hasToken }: RevokedProps) {
  const variant = kind === 'revoked' ? 'revoked' : hasToken ? 'refused' : 'noToken';
  return (
    <main className="revoked" data-testid="revoked" data-kind={variant} role="alert">
      <svg viewBox="0 0 24 24" className="revoked__icon" aria-hidden="true">
        <rect x="4" y="10.5" width="16" height="11" rx="2" fill="currentColor" />
        <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="2.2" />
      </svg>
      <h1>{t(`${variant}.title`)}</h1>
      <p>{t(`${variant}.body`)}</p>
      {reason ? (
        <p className="revoked__reason">
          {t('revoked.reason')}: <code>{reason}</code>
        </p>
      ) : null}
    </main>
  );
}
