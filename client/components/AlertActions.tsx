/** Acknowledge and resolve one alert at the version the user is looking at. */
import { useState, type FormEvent } from 'react';
import { AlertConflictSchema } from '../../shared/api/alerts.js';
import { roleCan, type Role } from '../../shared/schemas/account.js';
import type { Alert } from '../../shared/schemas/index.js';
import { MAX_NOTE_LENGTH } from '../../shared/limits.js';
import { t, type MessageKey } from '../i18n/index.js';
import { formatDateTimeWita } from '../i18n/format.js';
import {
  acknowledgeAlert,
  ApiError,
  conflictAck,
  RESOLUTION_CODES,
  resolveAlert,
  type ResolutionCode,
} from '../live/api.js';

/**
 * `scope` keeps form ids unique when the same alert's actions show twice (table row and drawer);
 * `role` hides the buttons that role cannot use (absent: the liaison view, whose role may do both).
 */
export type Props = { alert: Alert; variant?: 'row' | 'card'; scope?: string; role?: Role };

type Mode = 'idle' | 'ack' | 'resolve';

export function canAcknowledge(a: Alert): boolean {
  return a.status === 'new' || a.status === 'snoozed';
}

export function canResolve(a: Alert): boolean {
  return a.status === 'new' || a.status === 'acknowledged' || a.status === 'snoozed';
}

/** The server's error codes in the UI language (its own messages are English, for logs and API users). */
const ERROR_TEXT: Record<string, MessageKey> = {
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  unauthenticated: 'error.unauthenticated',
  csrf: 'error.csrf',
  invalid_request: 'error.invalid',
  malformed_json: 'error.invalid',
  bad_request: 'error.invalid',
  rate_limited: 'error.rateLimited',
  too_many_attempts: 'error.rateLimited',
  store_unavailable: 'error.unavailable',
  internal: 'error.server',
};

/**
 * A failed command in words, by its error code: a 409 on an acknowledged alert says who was first
 * and when (WITA), on a finished one that it is finished.
 */
export function alertErrorMessage(err: unknown): string {
  const ack = conflictAck(err);
  if (ack) return t('alert.conflictAck', { user: ack.by, time: ack.at ? formatDateTimeWita(ack.at) : '?' });
  if (!(err instanceof ApiError)) return t('error.generic');
  if (err.status === 0) return t('error.network');
  if (err.status === 409) {
    const now = AlertConflictSchema.safeParse(err.details);
    if (now.success && now.data.status === 'resolved') return t('error.alreadyResolved');
    if (now.success && now.data.status === 'closed') return t('error.alreadyClosed');
  }
  const key = ERROR_TEXT[err.code];
  if (key) return t(key);
  return err.status >= 500 ? t('error.server') : t('error.generic');
}

export function AlertActions({ alert, variant = 'row', scope = 'a', role }: Props) {
  const mayAck = !role || roleCan(role, 'alerts:ack');
  const mayResolve = !role || roleCan(role, 'alerts:resolve');
  const [mode, setMode] = useState<Mode>('idle');
  const [note, setNote] = useState('');
  const [code, setCode] = useState<ResolutionCode>('fixed');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = (action: () => Promise<unknown>): void => {
    setBusy(true);
    setError(null);
    action()
      .then(() => {
        setMode('idle');
        setNote('');
      })
      .catch((err: unknown) => setError(alertErrorMessage(err)))
      .finally(() => setBusy(false));
  };

  const ack = (e?: FormEvent): void => {
    e?.preventDefault();
    run(() => acknowledgeAlert(alert.id, alert.version, note.trim() || undefined));
  };
  const resolve = (e: FormEvent): void => {
    e.preventDefault();
    run(() => resolveAlert(alert.id, alert.version, code, note.trim() || undefined));
  };

  const noteField = (
    <div className="field">
      <label htmlFor={`note-${scope}-${alert.id}`}>{t('alert.noteOptional')}</label>
      <textarea
        id={`note-${scope}-${alert.id}`}
        rows={2}
        maxLength={MAX_NOTE_LENGTH}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
    </div>
  );

  if (!mayAck && !mayResolve) return null;
  return (
    <div className={`alert-actions alert-actions--${variant}`} data-testid="alert-actions">
      {mode === 'idle' ? (
        <div className="alert-actions__buttons">
          {mayAck && canAcknowledge(alert) ? (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => (variant === 'card' ? setMode('ack') : ack())}
              data-testid="ack"
            >
              {variant === 'card' ? t('alert.ackLong') : t('alert.ack')}
            </button>
          ) : null}
          {mayResolve && canResolve(alert) ? (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => setMode('resolve')}
              data-testid="resolve"
            >
              {t('alert.resolve')}
            </button>
          ) : null}
        </div>
      ) : null}
      {mode === 'ack' ? (
        <form onSubmit={ack} className="alert-actions__form">
          {noteField}
          <div className="alert-actions__buttons">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="ack-confirm">
              {t('alert.ackLong')}
            </button>
            <button type="button" className="btn" onClick={() => setMode('idle')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'resolve' ? (
        <form onSubmit={resolve} className="alert-actions__form">
          <div className="field">
            <label htmlFor={`code-${scope}-${alert.id}`}>{t('alert.resolutionCode')}</label>
            <select
              id={`code-${scope}-${alert.id}`}
              value={code}
              onChange={(e) => setCode(e.target.value as ResolutionCode)}
            >
              {RESOLUTION_CODES.map((c) => (
                <option key={c} value={c}>
                  {t(`resolution.${c}`)}
                </option>
              ))}
            </select>
          </div>
          {noteField}
          <div className="alert-actions__buttons">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="resolve-confirm">
              {t('alert.resolveConfirm')}
            </button>
            <button type="button" className="btn" onClick={() => setMode('idle')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p className="error-text" role="alert" data-testid="alert-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
