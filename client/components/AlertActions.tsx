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

/** The state of one alert's acknowledge/resolve commands: the open form, its note and code, busy, error. */
export function useAlertCommands(alert: Alert) {
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
  return { mode, setMode, note, setNote, code, setCode, busy, error, setError, ack, resolve };
}

export type AlertCommands = ReturnType<typeof useAlertCommands>;

/** A button of the idle row: what it says and does; absent when not offered. */
type IdleButton = { label: string; onClick: () => void } | null;

export type AlertCommandsViewProps = {
  commands: AlertCommands;
  variant: 'row' | 'card';
  /** The ids of the note and code fields (unique on the page). */
  ids: { note: string; code: string };
  ackButton: IdleButton;
  resolveButton: IdleButton;
  /** The forms' submit buttons and, when given, their accessible names. */
  labels: { ackConfirm: string; resolveConfirm: string; ackForm?: string; resolveForm?: string };
};

/**
 * The commands of one alert: the idle buttons, then the acknowledge or resolve form (a note, and
 * for resolve a code), and the failure line. Test ids are the same on the console and the liaison.
 */
export function AlertCommandsView({
  commands: c,
  variant,
  ids,
  ackButton,
  resolveButton,
  labels,
}: AlertCommandsViewProps) {
  const noteField = (
    <div className="field">
      <label htmlFor={ids.note}>{t('alert.noteOptional')}</label>
      <textarea
        id={ids.note}
        rows={2}
        maxLength={MAX_NOTE_LENGTH}
        value={c.note}
        onChange={(e) => c.setNote(e.target.value)}
      />
    </div>
  );
  const formButtons = (label: string, testId: string) => (
    <div className="alert-actions__buttons">
      <button type="submit" className="btn btn--primary" disabled={c.busy} data-testid={testId}>
        {label}
      </button>
      <button type="button" className="btn" onClick={() => c.setMode('idle')}>
        {t('common.cancel')}
      </button>
    </div>
  );
  const idleButton = (b: IdleButton, className: string, testId: string) =>
    b ? (
      <button type="button" className={className} disabled={c.busy} onClick={b.onClick} data-testid={testId}>
        {b.label}
      </button>
    ) : null;

  return (
    <div className={`alert-actions alert-actions--${variant}`} data-testid="alert-actions">
      {c.mode === 'idle' ? (
        <div className="alert-actions__buttons">
          {idleButton(ackButton, 'btn btn--primary', 'ack')}
          {idleButton(resolveButton, 'btn', 'resolve')}
        </div>
      ) : null}
      {c.mode === 'ack' ? (
        <form onSubmit={c.ack} className="alert-actions__form" aria-label={labels.ackForm}>
          {noteField}
          {formButtons(labels.ackConfirm, 'ack-confirm')}
        </form>
      ) : null}
      {c.mode === 'resolve' ? (
        <form onSubmit={c.resolve} className="alert-actions__form" aria-label={labels.resolveForm}>
          <div className="field">
            <label htmlFor={ids.code}>{t('alert.resolutionCode')}</label>
            <select
              id={ids.code}
              value={c.code}
              onChange={(e) => c.setCode(e.target.value as ResolutionCode)}
            >
              {RESOLUTION_CODES.map((code) => (
                <option key={code} value={code}>
                  {t(`resolution.${code}`)}
                </option>
              ))}
            </select>
          </div>
          {noteField}
          {formButtons(labels.resolveConfirm, 'resolve-confirm')}
        </form>
      ) : null}
      {c.error ? (
        <p className="error-text" role="alert" data-testid="alert-error">
          {c.error}
        </p>
      ) : null}
    </div>
  );
}

export function AlertActions({ alert, variant = 'row', scope = 'a', role }: Props) {
  const mayAck = !role || roleCan(role, 'alerts:ack');
  const mayResolve = !role || roleCan(role, 'alerts:resolve');
  const commands = useAlertCommands(alert);
  const { setMode, ack } = commands;

  if (!mayAck && !mayResolve) return null;
  return (
    <AlertCommandsView
      commands={commands}
      variant={variant}
      ids={{ note: `note-${scope}-${alert.id}`, code: `code-${scope}-${alert.id}` }}
      ackButton={
        mayAck && canAcknowledge(alert)
          ? variant === 'card'
            ? { label: t('alert.ackLong'), onClick: () => setMode('ack') }
            : { label: t('alert.ack'), onClick: () => ack() }
          : null
      }
      resolveButton={
        mayResolve && canResolve(alert)
          ? { label: t('alert.resolve'), onClick: () => setMode('resolve') }
          : null
      }
      labels={{ ackConfirm: t('alert.ackLong'), resolveConfirm: t('alert.resolveConfirm') }}
    />
  );
}
