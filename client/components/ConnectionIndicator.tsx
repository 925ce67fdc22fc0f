/** Connection state as text, colour and icon (never colour alone). */
import type { ConnectionState } from '../live/store.js';
import { t } from '../i18n/index.js';

/** A connection state, or `feedStalled`: connected, but the server's data feed has stopped. */
export type IndicatorState = ConnectionState | 'feedStalled';

export type Props = { state: ConnectionState; feedStalled?: boolean; compact?: boolean };

function Icon({ state }: { state: IndicatorState }) {
  switch (state) {
    case 'feedStalled':
      return (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="conn__icon">
          <circle cx="12" cy="12" r="10" fill="currentColor" />
          <rect x="8" y="7" width="2.8" height="10" rx="0.6" fill="#06121f" />
          <rect x="13.2" y="7" width="2.8" height="10" rx="0.6" fill="#06121f" />
        </svg>
      );
    case 'connected':
      return (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="conn__icon">
          <circle cx="12" cy="12" r="10" fill="currentColor" />
          <path
            d="M7 12.5l3.2 3.2L17 9"
            fill="none"
            stroke="#06121f"
            strokeWidth="2.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      );
    case 'connecting':
      return (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="conn__icon conn__icon--spin">
          <circle
            cx="12"
            cy="12"
            r="9"
            fill="none"
            stroke="currentColor"
            strokeOpacity="0.3"
            strokeWidth="3"
          />
          <path
            d="M12 3a9 9 0 0 1 9 9"
            fill="none"
            stroke="currentColor"
            strokeWidth="3"
            strokeLinecap="round"
          />
        </svg>
      );
    case 'disconnected':
      return (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="conn__icon">
          <path d="M12 2.5L22 20.5H2z" fill="currentColor" />
          <path d="M12 9v5.5M12 17.2v.3" stroke="#06121f" strokeWidth="2.4" strokeLinecap="round" />
        </svg>
      );
    case 'revoked':
      return (
        <svg viewBox="0 0 24 24" aria-hidden="true" className="conn__icon">
          <rect x="4" y="10.5" width="16" height="11" rx="2" fill="currentColor" />
          <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="2.4" />
        </svg>
      );
  }
}

export function ConnectionIndicator({ state: connection, feedStalled = false, compact = false }: Props) {
  const state: IndicatorState = connection === 'connected' && feedStalled ? 'feedStalled' : connection;
  return (
    <div
      className={`conn conn--${state}${compact ? ' conn--compact' : ''}`}
      data-testid="connection"
      data-state={state}
      role="status"
      aria-live="polite"
    >
      <Icon state={state} />
      <span className="conn__text">{t(`connection.${state}`)}</span>
    </div>
  );
}
