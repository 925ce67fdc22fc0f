/**
 * One escalation policy: its steps in words (whom each reaches, on which channels), or rows of
 * minutes, actions, targets and channels while editing; a stale save keeps the rows and shows the
 * server's version.
 */
import { useMemo, useState } from 'react';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import {
  EscalationPolicySchema,
  type EscalationPolicy,
  type EscalationStep,
} from '../../../shared/schemas/index.js';
import { useAssignees } from '../assignees.js';
import { deletePolicy, savePolicy } from './configApi.js';
import { localError, toFormError, type FormError, type Issue } from './errors.js';
import { StepSummary, targetOf, targetValue } from './StepTarget.js';
import { StepsTable, type Row } from './StepsTable.js';
import { ConfirmButton, EditButton, ErrorSummary, useAction } from './ui.js';

const MAX_STEPS = 10;
const rowsOf = (steps: readonly EscalationStep[]): Row[] =>
  steps.map((s) => ({
    minutes: String(Math.round((s.afterSeconds / 60) * 100) / 100),
    action: s.action,
    target: targetValue(s.target),
    channels: s.channels ?? [],
  }));

/** Rows → steps, or the issues (row numbers as the server would give them). */
function stepsOf(rows: readonly Row[]): { steps: EscalationStep[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const steps = rows.map((r, i) => {
    const m = Number(r.minutes);
    const afterSeconds = Math.round(m * 60);
    if (!r.minutes.trim() || !Number.isFinite(m) || afterSeconds <= 0)
      issues.push({ path: ['steps', i, 'afterSeconds'], message: t('cfg.esc.minutesInvalid') });
    const target = targetOf(r.target);
    return {
      afterSeconds,
      action: r.action,
      ...(target ? { target } : {}),
      ...(r.channels.length ? { channels: r.channels } : {}),
    };
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
  // The people a step can name: the policy's agency and the city-wide staff.
  const assignees = useAssignees(policy.agencyId ?? null);
  const people = useMemo(
    () => (assignees.state === 'ready' ? assignees.items.map((u) => ({ id: u.id, label: u.username })) : []),
    [assignees],
  );
  const nameOf = (id: string): string => people.find((p) => p.id === id)?.label ?? id;

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
                <li key={i} data-testid="policy-step">
                  <StepSummary step={s} nameOf={nameOf} />
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
          <StepsTable
            rows={rows}
            title={title}
            people={people}
            problems={rowProblems}
            onChange={update}
            onRemove={(i) => setRows(rows.filter((_r, n) => n !== i))}
          />
          <button
            type="button"
            className="btn btn--small"
            disabled={rows.length >= MAX_STEPS}
            data-testid="step-add"
            onClick={() => {
              const last = rows[rows.length - 1];
              setRows([
                ...rows,
                {
                  minutes: String(last ? Number(last.minutes) + 15 : 15),
                  action: 'notify_supervisor',
                  target: '',
                  channels: [],
                },
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
                    <StepSummary step={s} nameOf={nameOf} />
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
