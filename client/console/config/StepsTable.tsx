/** The rows of an escalation policy being edited: minutes, action, target and channels per step. */
import {
  EscalationActionSchema,
  type EscalationStep,
  type NotifyChannel,
} from '../../../shared/schemas/index.js';
import { t } from '../../i18n/index.js';
import { ChannelChecks, TargetSelect, type PersonOption } from './StepTarget.js';

type EscalationAction = EscalationStep['action'];
const ESCALATION_ACTIONS = EscalationActionSchema.options;

/** A step as the inputs hold it: `target` is the picker's value ('' for the action's default), no channel ticked is every channel. */
export type Row = { minutes: string; action: EscalationAction; target: string; channels: NotifyChannel[] };

export type Props = {
  rows: readonly Row[];
  /** The policy's name, for the table's caption. */
  title: string;
  people: readonly PersonOption[];
  /** The issues of row `i` (as listed under the form, "Langkah › 2 › afterSeconds: …"). */
  problems: (i: number) => string[];
  onChange: (i: number, patch: Partial<Row>) => void;
  onRemove: (i: number) => void;
};

export function StepsTable({ rows, title, people, problems, onChange, onRemove }: Props) {
  return (
    <table className="table cfg-table cfg-steps-table">
      <caption className="sr-only">{t('cfg.esc.stepsOf', { name: title })}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('cfg.esc.minutes')}</th>
          <th scope="col">{t('cfg.esc.action')}</th>
          <th scope="col">{t('oncall.target')}</th>
          <th scope="col">{t('oncall.channels')}</th>
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
                aria-invalid={problems(i).length > 0 || undefined}
                value={r.minutes}
                data-testid="step-minutes"
                onChange={(e) => onChange(i, { minutes: e.target.value })}
              />
              {problems(i).length ? (
                <span className="cfg-field-error">
                  {problems(i)
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
                onChange={(e) => onChange(i, { action: e.target.value as EscalationAction })}
              >
                {ESCALATION_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {t(`cfg.esc.action.${a}`)}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <TargetSelect
                value={r.target}
                action={r.action}
                people={people}
                n={i + 1}
                onChange={(v) => onChange(i, { target: v })}
              />
            </td>
            <td>
              <ChannelChecks value={r.channels} n={i + 1} onChange={(v) => onChange(i, { channels: v })} />
            </td>
            <td>
              <button type="button" className="btn btn--small" onClick={() => onRemove(i)}>
                {t('cfg.esc.removeStep')}
                <span className="sr-only"> {i + 1}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
