/** Title, demo badge, clock, connection and last-update. */
import { ConnectionIndicator } from '../components/ConnectionIndicator.js';
import { LastUpdated } from '../components/LastUpdated.js';
import { formatDateWita, formatTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import type { ConnectionState } from '../live/store.js';

export type Props = {
  connection: ConnectionState;
  /** Connected, but the server's data feed has stopped. */
  feedStalled: boolean;
  lastUpdateAt: number | null;
  stale: boolean;
  demo: boolean;
  now: number;
  serverOffsetMs: number;
};

export function WallHeader({
  connection,
  feedStalled,
  lastUpdateAt,
  stale,
  demo,
  now,
  serverOffsetMs,
}: Props) {
  const serverNow = now + serverOffsetMs;
  return (
    <header className="wall-header">
      <div className="wall-header__brand">
        <svg viewBox="0 0 32 32" className="wall-header__logo" aria-hidden="true">
          <circle cx="16" cy="16" r="12" fill="none" stroke="currentColor" strokeWidth="3" />
          <circle cx="16" cy="16" r="4.5" fill="currentColor" />
        </svg>
        <h1 className="wall-header__title">{t('wall.title')}</h1>
        {demo ? (
          <span className="demo-badge" data-testid="demo-badge" title={t('wall.demoHint')}>
            {t('wall.demo')}
          </span>
        ) : null}
      </div>
      <div className="wall-header__status">
        <ConnectionIndicator state={connection} feedStalled={feedStalled} />
        {/* The stale banner over the maps says how long ago; the header stays one line. */}
        <LastUpdated lastUpdateAt={lastUpdateAt} stale={stale} now={now} showAge={false} />
        <div className="wall-clock" data-testid="clock">
          <span className="wall-clock__time">
            {formatTimeWita(serverNow, false)} <small>{t('time.zone')}</small>
          </span>
          <span className="wall-clock__date">{formatDateWita(serverNow)}</span>
        </div>
      </div>
    </header>
  );
}
