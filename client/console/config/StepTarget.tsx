/**
 * Whom an escalation step reaches and on which channels: the target picker (piket OPD, kepala OPD,
 * supervisor jaga, a named user — or the action's own default) and the channel checkboxes (none
 * ticked: every channel the person can be reached on, and the city-wide webhook), plus the step as
 * one line of words for the list.
 */
import {
  NOTIFY_CHANNELS,
  type EscalationStep,
  type EscalationTarget,
  type NotifyChannel,
} from '../../../shared/schemas/index.js';
import { t } from '../../i18n/index.js';
import '../../styles/oncall.css';

export type PersonOption = { id: string; label: string };

const KINDS = ['oncall', 'agency_head', 'supervisor_on_duty'] as const;

/** A target as the picker's value: '' for the action's default, `user:<id>` for a named user. */
export function targetValue(target: EscalationTarget | undefined): string {
  if (!target) return '';
  return target.kind === 'user' ? `user:${target.userId}` : target.kind;
}

/** The picker's value as a target (undefined: the action's default). */
export function targetOf(value: string): EscalationTarget | undefined {
  if (value.startsWith('user:')) return { kind: 'user', userId: value.slice(5) };
  return (KINDS as readonly string[]).includes(value) ? ({ kind: value } as EscalationTarget) : undefined;
}

/** The target a step reaches when it names none (as the server decides). */
function defaultKind(action: EscalationStep['action']): (typeof KINDS)[number] {
  return action === 'notify_agency_head' ? 'agency_head' : 'supervisor_on_duty';
}

/** A target in words: "piket OPD", "pengguna ani". */
export function targetText(
  target: EscalationTarget | undefined,
  action: EscalationStep['action'],
  nameOf: (id: string) => string,
): string {
  if (!target) return t(`oncall.target.${defaultKind(action)}`);
  return target.kind === 'user'
    ? t('oncall.target.userNamed', { name: nameOf(target.userId) })
    : t(`oncall.target.${target.kind}`);
}

/** Channels in words; none: every channel the person can be reached on. */
export function channelsText(channels: readonly NotifyChannel[] | undefined): string {
  return channels?.length ? channels.map((c) => t(`channel.${c}`)).join(', ') : t('channel.all');
}

/** One step in words: "Setelah 5 menit: beri tahu kepala OPD → piket OPD · Telegram". */
export function StepSummary({ step, nameOf }: { step: EscalationStep; nameOf: (id: string) => string }) {
  return (
    <>
      {t('cfg.esc.stepText', {
        m: Math.round((step.afterSeconds / 60) * 100) / 100,
        action: t(`cfg.esc.action.${step.action}`),
      })}
      <span className="step-target" data-testid="step-target">
        {' → '}
        {targetText(step.target, step.action, nameOf)}
        <span className="muted"> · {channelsText(step.channels)}</span>
      </span>
    </>
  );
}

/** The target picker of row `n` (from one). */
export function TargetSelect({
  value,
  action,
  people,
  n,
  onChange,
}: {
  value: string;
  action: EscalationStep['action'];
  people: readonly PersonOption[];
  n: number;
  onChange: (v: string) => void;
}) {
  const named = value.startsWith('user:') ? value.slice(5) : null;
  const list =
    named && !people.some((p) => p.id === named) ? [...people, { id: named, label: named }] : people;
  return (
    <select
      aria-label={t('oncall.targetOf', { n })}
      value={value}
      data-testid="step-target-select"
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">
        {t('oncall.target.default', { target: t(`oncall.target.${defaultKind(action)}`) })}
      </option>
      {KINDS.map((k) => (
        <option key={k} value={k}>
          {t(`oncall.target.${k}`)}
        </option>
      ))}
      {list.length ? (
        <optgroup label={t('oncall.target.user')}>
          {list.map((p) => (
            <option key={p.id} value={`user:${p.id}`}>
              {p.label}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}

/** The channel checkboxes of row `n` (from one); none ticked means every channel. */
export function ChannelChecks({
  value,
  n,
  onChange,
}: {
  value: readonly NotifyChannel[];
  n: number;
  onChange: (v: NotifyChannel[]) => void;
}) {
  return (
    <fieldset className="step-channels" data-testid="step-channels">
      <legend className="sr-only">{t('oncall.channelsOf', { n })}</legend>
      {NOTIFY_CHANNELS.map((c) => (
        <label key={c} className="check">
          <input
            type="checkbox"
            checked={value.includes(c)}
            data-testid={`step-channel-${c}`}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? NOTIFY_CHANNELS.filter((x) => x === c || value.includes(x))
                  : value.filter((x) => x !== c),
              )
            }
          />
          {t(`channel.${c}`)}
        </label>
      ))}
      {value.length === 0 ? <span className="muted">{t('channel.all')}</span> : null}
    </fieldset>
  );
}
