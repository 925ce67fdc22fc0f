/**
 * Bulk actions on the selected alerts: Terima, Selesai (with a resolution code) and Tugaskan (with
 * a person), one `POST /alerts/bulk`; then what happened to each alert — who was first on a 409.
 */
import { useState, type FormEvent } from 'react';
import { MAX_NOTE_LENGTH } from '../../shared/limits.js';
import { roleCan, type Role } from '../../shared/schemas/account.js';
import { MAX_BULK_IDS, type Alert } from '../../shared/schemas/index.js';
import { alertErrorMessage } from '../components/AlertActions.js';
import { formatNumber } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/index.js';
import { RESOLUTION_CODES, type ResolutionCode } from '../live/api.js';
import { AssigneeField } from './AssigneeField.js';
import { bulkCommand, resultError, type BulkAnswer } from './bulk.js';

type Command = 'ack' | 'resolve' | 'assign';

const BUTTONS: readonly {
  command: Command;
  label: MessageKey;
  action: 'alerts:ack' | 'alerts:resolve' | 'alerts:assign';
}[] = [
  { command: 'ack', label: 'alert.ack', action: 'alerts:ack' },
  { command: 'resolve', label: 'alert.resolve', action: 'alerts:resolve' },
  { command: 'assign', label: 'drawer.assign', action: 'alerts:assign' },
];

/** Whether a role may run any bulk command (else the table shows no checkboxes). */
export function canBulk(role: Role): boolean {
  return BUTTONS.some((b) => roleCan(role, b.action));
}

export type Props = {
  role: Role;
  selected: readonly Alert[];
  /** Titles of every alert known (the results name alerts a filter may since have hidden). */
  titleOf: (id: string) => string;
  onClear: () => void;
  /** After an answer: the ids that succeeded (the table unselects them). */
  onDone: (succeeded: readonly string[]) => void;
};

type Results = { command: Command; answer: BulkAnswer };

export function BulkBar({ role, selected, titleOf, onClear, onDone }: Props) {
  const [mode, setMode] = useState<Command | null>(null);
  const [note, setNote] = useState('');
  const [code, setCode] = useState<ResolutionCode>('fixed');
  const [assignee, setAssignee] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const buttons = BUTTONS.filter((b) => roleCan(role, b.action));
  if (selected.length === 0 && !results) return null;
  const tooMany = selected.length > MAX_BULK_IDS;
  // One agency for all: its people are offered; a mix: everyone (the server checks each alert).
  const agencies = new Set(selected.map((a) => a.agencyId));
  const sharedAgency = agencies.size === 1 ? ([...agencies][0] ?? null) : null;

  const run = (command: Command, e?: FormEvent): void => {
    e?.preventDefault();
    if (selected.length === 0 || tooMany) return;
    const ids = selected.map((a) => a.id);
    const extra = note.trim() ? { note: note.trim() } : {};
    const commandId = crypto.randomUUID();
    const body =
      command === 'ack'
        ? { command, ids, commandId, ...extra }
        : command === 'resolve'
          ? { command, ids, commandId, code, ...extra }
          : { command, ids, commandId, assignee: assignee.trim(), ...extra };
    setBusy(true);
    setError(null);
    bulkCommand(body)
      .then((answer) => {
        setResults({ command, answer });
        setMode(null);
        setNote('');
        onDone(answer.items.filter((r) => r.status === 200).map((r) => r.id));
      })
      .catch((err: unknown) => setError(alertErrorMessage(err)))
      .finally(() => setBusy(false));
  };

  const okText = (command: Command, alert: Alert | undefined): string => {
    if (command === 'assign') return t('alert.assignedTo', { user: alert?.assignee ?? assignee });
    return alert ? t(`alertStatus.${alert.status}`) : t('bulk.ok');
  };

  return (
    <section className="bulk" aria-label={t('bulk.label')} data-testid="bulk-bar">
      {selected.length > 0 ? (
        <div className="bulk__row">
          <strong data-testid="bulk-count">{t('bulk.selected', { n: formatNumber(selected.length) })}</strong>
          {buttons.map((b) => (
            <button
              key={b.command}
              type="button"
              className={`btn btn--small${b.command === 'ack' ? ' btn--primary' : ''}`}
              disabled={busy || tooMany}
              aria-pressed={b.command === 'ack' ? undefined : mode === b.command}
              onClick={() =>
                b.command === 'ack' ? run('ack') : setMode(mode === b.command ? null : b.command)
              }
              data-testid={`bulk-${b.command}`}
            >
              {t(b.label)}
            </button>
          ))}
          <button
            type="button"
            className="btn btn--small"
            onClick={onClear}
            disabled={busy}
            data-testid="bulk-clear"
          >
            {t('bulk.clear')}
          </button>
          {busy ? (
            <span className="muted">{t('bulk.busy', { n: formatNumber(selected.length) })}</span>
          ) : null}
          {tooMany ? (
            <span className="error-text">{t('bulk.tooMany', { max: formatNumber(MAX_BULK_IDS) })}</span>
          ) : null}
        </div>
      ) : null}
      {mode && selected.length > 0 ? (
        <form className="bulk__form" onSubmit={(e) => run(mode, e)}>
          {mode === 'resolve' ? (
            <div className="field">
              <label htmlFor="bulk-code">{t('alert.resolutionCode')}</label>
              <select id="bulk-code" value={code} onChange={(e) => setCode(e.target.value as ResolutionCode)}>
                {RESOLUTION_CODES.map((c) => (
                  <option key={c} value={c}>
                    {t(`resolution.${c}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {mode === 'assign' ? (
            <AssigneeField
              id="bulk-assignee"
              value={assignee}
              onChange={setAssignee}
              agencyId={sharedAgency}
            />
          ) : null}
          <div className="field">
            <label htmlFor="bulk-note">{t('alert.noteOptional')}</label>
            <textarea
              id="bulk-note"
              rows={2}
              maxLength={MAX_NOTE_LENGTH}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="alert-actions__buttons">
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="bulk-confirm">
              {t(mode === 'resolve' ? 'alert.resolveConfirm' : 'drawer.assignConfirm')} (
              {formatNumber(selected.length)})
            </button>
            <button type="button" className="btn" onClick={() => setMode(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p className="error-text" role="alert" data-testid="bulk-error">
          {error}
        </p>
      ) : null}
      {results ? (
        <div className="bulk__results" role="status" data-testid="bulk-results">
          <div className="bulk__row">
            <strong>
              {t('bulk.summary', {
                action: t(BUTTONS.find((b) => b.command === results.command)?.label ?? 'alert.ack'),
                ok: formatNumber(results.answer.succeeded),
                failed: formatNumber(results.answer.failed),
              })}
            </strong>
            <button type="button" className="btn btn--small" onClick={() => setResults(null)}>
              {t('bulk.dismiss')}
            </button>
          </div>
          <ul className="bulk__list">
            {results.answer.items.map((r) => {
              const err = resultError(r);
              return (
                <li
                  key={r.id}
                  data-id={r.id}
                  data-ok={err ? '0' : '1'}
                  data-status={r.status}
                  className={err ? 'bulk__fail' : 'bulk__ok'}
                  data-testid="bulk-result"
                >
                  <span aria-hidden="true">{err ? '✗' : '✓'}</span>{' '}
                  <span className="cell-title">{titleOf(r.id)}</span>
                  {' — '}
                  {err ? alertErrorMessage(err) : okText(results.command, r.alert)}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
