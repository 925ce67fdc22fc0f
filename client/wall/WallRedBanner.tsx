/**
 * The wall's loudest line: an alert nobody took that escalated to its last step (or to "wall red")
 * spans the whole width in red, in large letters, pulsing (still when the viewer asks for reduced
 * motion). Read from across the room; the escalation panel keeps the details.
 */
import type { Agency, Alert } from '../../shared/schemas/index.js';
import { formatAge } from '../i18n/format.js';
import { t } from '../i18n/index.js';

export type Props = {
  /** From `wallRedAlerts`, most urgent first; the banner shows the first and counts the rest. */
  alerts: readonly Alert[];
  agencies: ReadonlyMap<string, Agency>;
  serverNow: number;
};

export function WallRedBanner({ alerts, agencies, serverNow }: Props) {
  const first = alerts[0];
  if (!first) return null;
  const agency = first.agencyId
    ? (agencies.get(first.agencyId)?.shortName ?? first.agencyId)
    : t('esc.noAgency');
  return (
    <div
      className="wall-red"
      role="alert"
      data-testid="wall-red"
      data-id={first.id}
      data-count={alerts.length}
    >
      <span className="wall-red__mark" aria-hidden="true">
        <svg viewBox="0 0 24 24">
          <path d="M12 2.5 23 21.5H1z" fill="currentColor" />
          <path d="M12 9v6.2M12 17.6v.1" stroke="#7f1d1d" strokeWidth="2.6" strokeLinecap="round" />
        </svg>
      </span>
      <span className="wall-red__label">{t('wallRed.label')}</span>
      <span className="wall-red__title" data-testid="wall-red-title">
        {first.title}
      </span>
      <span className="wall-red__agency">{agency}</span>
      <span className="wall-red__since">
        {t('wallRed.unanswered', { age: formatAge(serverNow - Date.parse(first.createdAt)) })}
      </span>
      {alerts.length > 1 ? (
        <span className="wall-red__more" data-testid="wall-red-more">
          {t('wallRed.more', { n: alerts.length - 1 })}
        </span>
      ) : null}
    </div>
  );
}
