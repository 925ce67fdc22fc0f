/** One escalation policy: its steps in words, or rows of minutes and actions while editing; a stale save keeps the rows and shows the server's version. */
import { useState } from 'react';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import {
  EscalationActionSchema,
  EscalationPolicySchema,
  type EscalationPolicy,
  type EscalationStep,
} from '../../../shared/schemas/index.js';
import { deletePolicy, savePolicy } from './configApi.js';
import { localError, toFormError, type FormError, type Issue } from './errors.js';
import { ConfirmButton, EditButton, ErrorSummary, useAction } from './ui.js';

const MAX_STEPS = 10;
type EscalationAction = EscalationStep['action'];
const ESCALATION_ACTIONS = EscalationActionSchema.options;
type Row = { minutes: string; action: EscalationAction };
const rowsOf = (steps: readonly EscalationStep[]): Row[] =>
  steps.map((s) => ({ minutes: String(Math.round((s.afterSeconds / 60) * 100) / 100), action: s.action }));

/** Rows → steps, or the issues (row numbers as the server would give them). */
function stepsOf(rows: readonly Row[]): { steps: EscalationStep[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const steps = rows.map((r, i) => {
    const m = Number(r.minutes);
    const afterSeconds = Math.round(m * 60);
    if (!r.minutes.trim() || !Number.isFinite(m) || afterSeconds <= 0)
      issues.push({ path: ['steps', i, 'afterSeconds'], message: t('cfg.esc.minutesInvalid') });
    return { afterSeconds, action: r.action };
  });
  steps.forEach((s, i) => {
    const prev = steps[i - 1];
    if (prev && s.afterSeconds > 0 && s.afterSeconds <= prev.afterSeconds)
      issues.push({ path: ['steps', i, 'afterSeconds'], message: t('cfg.esc.ascending') });
  });
  if (rows.length > MAX_STEPS)
    issues.push({ path: ['steps'], message: t('cfg.esc.tooMany', { n: MAX_STEPS }) });
  return { steps, issues };
}

const stepLabel = (f: string): string | undefined => (f === 'steps' ? t('cfg.esc.step') : undefined);

type CardProps = {
  policy: EscalationPolicy;
  title: string;
  canEdit: boolean;
  isDraft?: boolean;
  startEditing?: boolean;
  onChanged: (notice: string) => void;
  onDiscard?: () => void;
};

export function PolicyCard({
  policy,
  title,
  canEdit,
  isDraft,
  startEditing,
  onChanged,
  onDiscard,
}: CardProps) {
  const [rows, setRows] = useState<Row[] | null>(startEditing ? rowsOf(policy.steps) : null);
  const [error, setError] = useState<FormError | null>(null);
  const [theirs, setTheirs] = useState<EscalationPolicy | null>(null);
  const action = useAction();
  const headingId = `policy-${policy.id}`;

  const save = (): void => {
    if (!rows) return;
    setError(null);
    const { steps, issues } = stepsOf(rows);
    if (issues.length) {
      setError(localError(issues, [], stepLabel));
      return;
    }
    void action.run(
      async () => {
        await savePolicy(policy.id, steps, policy.version);
        onChanged(t('cfg.esc.saved', { name: title }));
        return null;
      },
      (e) => {
        setError(toFormError(e, [], stepLabel));
        // A 409 carries the server's version of the policy as `details.current`.
        const cur =
          e instanceof ApiError && e.status === 409
            ? EscalationPolicySchema.safeParse((e.details as { current?: unknown } | undefined)?.current)
            : null;
        setTheirs(cur?.success ? cur.data : null);
      },
    );
  };
  const remove = (): void => {
    void action.run(
      async () => {
        await deletePolicy(policy.id);
        onChanged(t('cfg.esc.deleted', { name: title }));
        return null;
      },
      (e) => setError(toFormError(e, [], stepLabel)),
    );
  };
  const update = (i: number, patch: Partial<Row>): void =>
    setRows((cur) => (cur ? cur.map((r, n) => (n === i ? { ...r, ...patch } : r)) : cur));
  const rowProblems = (i: number): string[] =>
    error?.other.filter((m) => m.startsWith(`${t('cfg.esc.step')} › ${i + 1} ›`)) ?? [];

  return (
    <section
      className="cfg-policy"
      aria-labelledby={headingId}
      data-testid="policy"
      data-policy-id={policy.id}
      data-version={policy.version}
    >
      <div className="cfg-policy__head">
        <h3 id={headingId}>{title}</h3>
        <span className="muted">
          {isDraft
            ? t('cfg.esc.unsaved')
            : policy.source === 'env'
              ? t('cfg.esc.fromEnv')
              : t('cfg.esc.updated', {
                  at: policy.updatedAt ? formatDateTimeWita(policy.updatedAt) : '—',
                  by: policy.updatedBy ?? '—',
                  v: policy.version,
                })}
        </span>
      </div>
      {rows === null ? (
        <>
          {policy.steps.length ? (
            <ol className="cfg-steps">
              {policy.steps.map((s, i) => (
                <li key={i}>
                  {t('cfg.esc.stepText', {
                    m: Math.round((s.afterSeconds / 60) * 100) / 100,
                    action: t(`cfg.esc.action.${s.action}`),
                  })}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t('cfg.esc.noSteps')}</p>
          )}
          {canEdit ? (
            <div className="cfg-form__buttons">
              <EditButton what={title} testId="policy-edit" onClick={() => setRows(rowsOf(policy.steps))} />
              {policy.id !== 'default' ? (
                <ConfirmButton
                  label={t('cfg.delete')}
                  confirmLabel={t('cfg.esc.confirmDelete')}
                  what={title}
                  testId="policy-delete"
                  disabled={action.busy}
                  onConfirm={remove}
                />
              ) : null}
            </div>
          ) : null}
          <ErrorSummary error={error} />
        </>
      ) : (
        <form
          className="cfg-form"
          aria-labelledby={headingId}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <table className="table cfg-table cfg-steps-table">
            <caption className="sr-only">{t('cfg.esc.stepsOf', { name: title })}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('cfg.esc.minutes')}</th>
                <th scope="col">{t('cfg.esc.action')}</th>
                <th scope="col">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-testid="step-row">
                  <td>{i + 1}</td>
                  <td>
                    <input
                      type="number"
                      min="1"
                      step="any"
                      className="cfg-small-input"
                      aria-label={t('cfg.esc.minutesOf', { n: i + 1 })}
                      aria-invalid={rowProblems(i).length > 0 || undefined}
                      value={r.minutes}
                      data-testid="step-minutes"
                      onChange={(e) => update(i, { minutes: e.target.value })}
                    />
                    {rowProblems(i).length ? (
                      <span className="cfg-field-error">
                        {rowProblems(i)
                          .map((m) => m.slice(m.indexOf(': ') + 2))
                          .join(' · ')}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <select
                      aria-label={t('cfg.esc.actionOf', { n: i + 1 })}
                      value={r.action}
                      data-testid="step-action"
                      onChange={(e) => update(i, { action: e.target.value as EscalationAction })}
                    >
                      {ESCALATION_ACTIONS.map((a) => (
                        <option key={a} value={a}>
                          {t(`cfg.esc.action.${a}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn--small"
                      onClick={() => setRows(rows.filter((_r, n) => n !== i))}
                    >
                      {t('cfg.esc.removeStep')}
                      <span className="sr-only"> {i + 1}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="btn btn--small"
            disabled={rows.length >= MAX_STEPS}
            data-testid="step-add"
            onClick={() => {
              const last = rows[rows.length - 1];
              setRows([
                ...rows,
                { minutes: String(last ? Number(last.minutes) + 15 : 15), action: 'notify_supervisor' },
              ]);
            }}
          >
            {t('cfg.esc.addStep')}
          </button>
          <ErrorSummary error={error} />
          {theirs ? (
            <div className="cfg-conflict" role="status" data-testid="policy-conflict">
              <p>{t('cfg.esc.theirs', { by: theirs.updatedBy ?? '—', v: theirs.version })}</p>
              <ol className="cfg-steps">
                {theirs.steps.map((s, i) => (
                  <li key={i}>
                    {t('cfg.esc.stepText', {
                      m: Math.round((s.afterSeconds / 60) * 100) / 100,
                      action: t(`cfg.esc.action.${s.action}`),
                    })}
                  </li>
                ))}
              </ol>
              <button
                type="button"
                className="btn btn--small"
                data-testid="policy-load-theirs"
                onClick={() => onChanged(t('cfg.esc.reloaded'))}
              >
                {t('cfg.esc.loadTheirs')}
              </button>
            </div>
          ) : null}
          <div className="cfg-form__buttons">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={action.busy}
              data-testid="policy-save"
            >
              {action.busy ? t('cfg.saving') : t('cfg.save')}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setRows(null);
                setError(null);
                setTheirs(null);
                onDiscard?.();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
