/** Snooze (until + reason), assign (picker + note) and escalate, each at the version on screen. */
import { useState, type FormEvent } from 'react';
import { roleCan, type Action, type Role } from '../../shared/schemas/account.js';
import type { Alert } from '../../shared/schemas/index.js';
import { MAX_NOTE_LENGTH } from '../../shared/limits.js';
import { alertErrorMessage } from '../components/AlertActions.js';
import { t } from '../i18n/index.js';
import { alertCommand, type AlertCommand } from '../live/api.js';
import { AssigneeField } from './AssigneeField.js';
import { witaInputToMs } from './filters.js';

export type Props = { alert: Alert; role: Role };

const COMMANDS: readonly { mode: AlertCommand; action: Action }[] = [
  { mode: 'snooze', action: 'alerts:snooze' },
  { mode: 'assign', action: 'alerts:assign' },
  { mode: 'escalate', action: 'alerts:escalate' },
];

const OPEN = new Set<Alert['status']>(['new', 'acknowledged', 'snoozed']);

export function DrawerCommands({ alert, role }: Props) {
  const [mode, setMode] = useState<AlertCommand | null>(null);
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [assignee, setAssignee] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = COMMANDS.filter((c) => roleCan(role, c.action));
  if (!OPEN.has(alert.status) || allowed.length === 0) return null;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!mode) return;
    const fields: Parameters<typeof alertCommand>[3] = note.trim() ? { note: note.trim() } : {};
    if (mode === 'snooze') {
      const ms = witaInputToMs(until);
      if (ms === null || ms <= Date.now()) {
        setError(t('drawer.untilFuture'));
        return;
      }
      fields.until = new Date(ms).toISOString();
      fields.reason = reason.trim();
    }
    if (mode === 'assign') fields.assignee = assignee.trim();
    setBusy(true);
    setError(null);
    alertCommand(alert.id, alert.version, mode, fields)
      .then(() => {
        setMode(null);
        setNote('');
        setReason('');
        setAssignee('');
      })
      .catch((err: unknown) => setError(alertErrorMessage(err)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="drawer-commands">
      <div className="alert-actions__buttons">
        {allowed.map(({ mode: m }) => (
          <button
            key={m}
            type="button"
            className="btn"
            aria-pressed={mode === m}
            onClick={() => setMode(mode === m ? null : m)}
            data-testid={m}
          >
            {t(`drawer.${m}`)}
          </button>
        ))}
      </div>
      {mode ? (
        <form className="alert-actions__form" onSubmit={submit}>
          {mode === 'snooze' ? (
            <>
              <div className="field">
                <label htmlFor="cmd-until">{t('drawer.until')}</label>
                <input
                  id="cmd-until"
                  type="datetime-local"
                  required
                  value={until}
                  onChange={(e) => setUntil(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="cmd-reason">{t('drawer.reason')}</label>
                <input
                  id="cmd-reason"
                  required
                  maxLength={MAX_NOTE_LENGTH}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </div>
            </>
          ) : null}
          {mode === 'assign' ? (
            <AssigneeField
              id="cmd-assignee"
              value={assignee}
              onChange={setAssignee}
              agencyId={alert.agencyId}
            />
          ) : null}
          <div className="field">
            <label htmlFor="cmd-note">{t('alert.noteOptional')}</label>
            <textarea
              id="cmd-note"
              rows={2}
              maxLength={MAX_NOTE_LENGTH}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="alert-actions__buttons">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={busy}
              data-testid={`${mode}-confirm`}
            >
              {t(`drawer.${mode}Confirm`)}
            </button>
            <button type="button" className="btn" onClick={() => setMode(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
