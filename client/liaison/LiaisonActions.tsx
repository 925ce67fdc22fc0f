/**
 * A liaison's two verbs on a card: "Terima" (acknowledge) and "Selesai" (resolve with a code),
 * each with an optional note, at the version the liaison is looking at. Large buttons for a thumb.
 * The test ids are those of the shared AlertActions, so tests drive both alike.
 */
import { useState, type FormEvent } from 'react';
import type { Alert } from '../../shared/schemas/index.js';
import { MAX_NOTE_LENGTH } from '../../shared/limits.js';
import { alertErrorMessage, canAcknowledge, canResolve } from '../components/AlertActions.js';
import { t } from '../i18n/index.js';
import { acknowledgeAlert, RESOLUTION_CODES, resolveAlert, type ResolutionCode } from '../live/api.js';

type Mode = 'idle' | 'ack' | 'resolve';

export function LiaisonActions({ alert }: { alert: Alert }) {
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
  const ack = (e: FormEvent): void => {
    e.preventDefault();
    run(() => acknowledgeAlert(alert.id, alert.version, note.trim() || undefined));
  };
  const resolve = (e: FormEvent): void => {
    e.preventDefault();
    run(() => resolveAlert(alert.id, alert.version, code, note.trim() || undefined));
  };
  const open = (next: Mode): void => {
    setError(null);
    setMode(next);
  };

  const noteField = (
    <div className="field">
      <label htmlFor={`liaison-note-${alert.id}`}>{t('alert.noteOptional')}</label>
      <textarea
        id={`liaison-note-${alert.id}`}
        rows={2}
        maxLength={MAX_NOTE_LENGTH}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
    </div>
  );
  const cancel = (
    <button type="button" className="btn" onClick={() => setMode('idle')}>
      {t('common.cancel')}
    </button>
  );

  return (
    <div className="alert-actions alert-actions--card" data-testid="alert-actions">
      {mode === 'idle' ? (
        <div className="alert-actions__buttons">
          {canAcknowledge(alert) ? (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => open('ack')}
              data-testid="ack"
            >
              {t('liaison.ack')}
            </button>
          ) : null}
          {canResolve(alert) ? (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => open('resolve')}
              data-testid="resolve"
            >
              {t('liaison.resolve')}
            </button>
          ) : null}
        </div>
      ) : null}
      {mode === 'ack' ? (
        <form onSubmit={ack} className="alert-actions__form" aria-label={t('liaison.ackForm')}>
          {noteField}
          <div className="alert-actions__buttons">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="ack-confirm">
              {t('liaison.ack')}
            </button>
            {cancel}
          </div>
        </form>
      ) : null}
      {mode === 'resolve' ? (
        <form onSubmit={resolve} className="alert-actions__form" aria-label={t('liaison.resolveForm')}>
          <div className="field">
            <label htmlFor={`liaison-code-${alert.id}`}>{t('alert.resolutionCode')}</label>
            <select
              id={`liaison-code-${alert.id}`}
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
              {t('liaison.resolve')}
            </button>
            {cancel}
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
