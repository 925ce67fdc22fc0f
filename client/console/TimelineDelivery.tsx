/**
 * Whom an alert's notification reached, on its timeline entry (opened, escalated): the target
 * (piket OPD, kepala OPD, supervisor jaga, a named user), the person and the channels — or, in the
 * warning colour, "tidak terjangkau: …" with the reason nobody could be reached.
 */
import type { Delivery } from '../../shared/schemas/index.js';
import { t, type MessageKey } from '../i18n/index.js';
import '../styles/oncall.css';

/** The server names targets in Indonesian (they also go into Telegram and e-mail texts). */
const TARGET_KEYS: Record<string, MessageKey> = {
  'piket OPD': 'oncall.target.oncall',
  'kepala OPD': 'oncall.target.agency_head',
  'supervisor jaga': 'oncall.target.supervisor_on_duty',
  pengguna: 'oncall.target.user',
};

/** A delivery's target in the UI language. */
export function deliveryTarget(d: Delivery): string {
  const key = TARGET_KEYS[d.target];
  return key ? t(key) : d.target;
}

/** The step an escalated entry's note names (`step 2: wall_red → …`), as words; null when it names none. */
export function stepOfNote(note: string | undefined): string | null {
  const m = /^step (\d+): (notify_agency_head|notify_supervisor|wall_red)\b/.exec(note ?? '');
  if (!m?.[1] || !m[2]) return null;
  const action = m[2] as 'notify_agency_head' | 'notify_supervisor' | 'wall_red';
  return t('drawer.stepN', { n: m[1], action: t(`cfg.esc.action.${action}`) });
}

export function TimelineDelivery({ delivery }: { delivery: Delivery }) {
  const channels = delivery.channels.map((c) => t(`channel.${c}`)).join(', ');
  return (
    <div
      className={`delivery${delivery.unreachable ? ' delivery--unreachable' : ''}`}
      data-testid="timeline-delivery"
      data-target={delivery.target}
      data-user={delivery.userId ?? ''}
      data-unreachable={delivery.unreachable ? '1' : '0'}
    >
      <span className="delivery__to">
        → {deliveryTarget(delivery)}
        {delivery.name ? `: ${delivery.name}` : ''}
      </span>
      {channels ? (
        <span className="delivery__channels" data-testid="delivery-channels">
          {' · '}
          {t('drawer.viaChannels', { channels })}
        </span>
      ) : null}
      {delivery.unreachable ? (
        <div className="delivery__problem" role="note" data-testid="delivery-unreachable">
          <span aria-hidden="true">⚠ </span>
          {t('drawer.unreachable', { why: delivery.unreachable })}
        </div>
      ) : null}
    </div>
  );
}
