/** "Last update HH:MM:SS WITA", turning visibly stale when updates stop. */
import { formatAge, formatTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';

export type Props = { lastUpdateAt: number | null; stale: boolean; now: number; showAge?: boolean };

export function LastUpdated({ lastUpdateAt, stale, now, showAge = true }: Props) {
  return (
    <div
      className={`last-update${stale ? ' last-update--stale' : ''}`}
      data-testid="last-update"
      data-stale={stale ? 'true' : 'false'}
    >
      <span className="last-update__label">
        {stale ? (
          <span aria-hidden="true" className="last-update__warn">
            ⚠{' '}
          </span>
        ) : null}
        {t('live.lastUpdate')}
      </span>
      <span className="last-update__time">
        {lastUpdateAt === null ? t('live.never') : `${formatTimeWita(lastUpdateAt)} ${t('time.zone')}`}
      </span>
      {showAge && stale && lastUpdateAt !== null ? (
        <span className="last-update__age">{t('live.ago', { age: formatAge(now - lastUpdateAt) })}</span>
      ) : null}
    </div>
  );
}
