/** One rotation layer in the schedule editor: its name, its people in turn order, when turns start and how long they last, and optional daily hours. */
import { t } from '../../i18n/index.js';
import type { FormError } from '../config/errors.js';
import { CheckField, Field, SelectField, TextField } from '../config/fields.js';
import type { LayerDraft } from './scheduleDraft.js';

export type Person = { id: string; label: string };

export type Props = {
  layer: LayerDraft;
  index: number;
  people: readonly Person[];
  nameOf: (userId: string) => string;
  error: FormError | null;
  onChange: (l: LayerDraft) => void;
  onRemove: () => void;
};

/** `list` with the items at `i` and `j` swapped. */
function swap<T>(list: readonly T[], i: number, j: number): T[] {
  const out = [...list];
  const a = out[i];
  const b = out[j];
  if (a === undefined || b === undefined) return out;
  out[i] = b;
  out[j] = a;
  return out;
}

export function LayerFields({ layer, index: i, people, nameOf, error, onChange, onRemove }: Props) {
  const set = (patch: Partial<LayerDraft>): void => onChange({ ...layer, ...patch });
  const key = (f: string): string => `layers.${i}.${f}`;
  const free = people.filter((p) => !layer.userIds.includes(p.id));
  const title = layer.name.trim() || t('oncall.layerN', { n: i + 1 });
  return (
    <fieldset className="cfg-fieldset oncall-layer" data-testid="layer" data-index={i}>
      <legend>{t('oncall.layerLegend', { n: i + 1, name: title })}</legend>
      <div className="cfg-grid">
        <TextField
          label={t('oncall.layerName')}
          name={key('name')}
          value={layer.name}
          onChange={(v) => set({ name: v })}
          error={error}
        />
        <TextField
          label={t('oncall.start')}
          name={key('start')}
          type="date"
          value={layer.start}
          onChange={(v) => set({ start: v })}
          error={error}
          hint={t('oncall.startHint')}
        />
        <TextField
          label={t('oncall.handover')}
          name={key('handoverTime')}
          type="time"
          value={layer.handoverTime}
          onChange={(v) => set({ handoverTime: v })}
          error={error}
        />
        <TextField
          label={t('oncall.lengthDays')}
          name={key('lengthDays')}
          type="number"
          step="1"
          value={layer.lengthDays}
          onChange={(v) => set({ lengthDays: v })}
          error={error}
          hint={t('oncall.lengthHint')}
        />
      </div>
      <div className="oncall-people-field">
        <h4 className="oncall-subhead">{t('oncall.peopleInTurn')}</h4>
        {layer.userIds.length ? (
          <ol className="oncall-people" data-testid="layer-people">
            {layer.userIds.map((u, n) => (
              <li key={u} data-user={u}>
                <span className="oncall-people__name">
                  <span className="oncall-people__n">{n + 1}.</span>
                  {nameOf(u)}
                </span>
                <span className="oncall-people__buttons">
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={n === 0}
                    aria-label={t('oncall.moveUp', { name: nameOf(u) })}
                    onClick={() => set({ userIds: swap(layer.userIds, n, n - 1) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={n === layer.userIds.length - 1}
                    aria-label={t('oncall.moveDown', { name: nameOf(u) })}
                    onClick={() => set({ userIds: swap(layer.userIds, n, n + 1) })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn--small"
                    aria-label={t('oncall.removePerson', { name: nameOf(u) })}
                    onClick={() => set({ userIds: layer.userIds.filter((x) => x !== u) })}
                  >
                    ✕
                  </button>
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t('oncall.nobodyYet')}</p>
        )}
        <SelectField
          label={t('oncall.addPerson')}
          name={key('userIds')}
          value=""
          onChange={(v) => {
            if (v) set({ userIds: [...layer.userIds, v] });
          }}
          options={[
            { value: '', label: t('cfg.choose') },
            ...free.map((p) => ({ value: p.id, label: p.label })),
          ]}
          error={error}
        />
      </div>
      <CheckField
        label={t('oncall.limitHours')}
        name={key('limitHours')}
        checked={layer.limitHours}
        onChange={(v) => set({ limitHours: v })}
      />
      {layer.limitHours ? (
        <Field label={t('oncall.hoursFrom')} name={key('hours')} error={error} hint={t('oncall.hoursHint')}>
          {({ id, describedBy, invalid }) => (
            <span className="oncall-hours">
              <input
                id={id}
                type="time"
                value={layer.from}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy}
                data-testid={`input-${key('hoursFrom')}`}
                onChange={(e) => set({ from: e.target.value })}
              />
              <span aria-hidden="true">–</span>
              <input
                type="time"
                value={layer.to}
                aria-label={t('oncall.hoursTo')}
                aria-invalid={invalid || undefined}
                data-testid={`input-${key('hoursTo')}`}
                onChange={(e) => set({ to: e.target.value })}
              />
            </span>
          )}
        </Field>
      ) : null}
      <div className="cfg-form__buttons">
        <button
          type="button"
          className="btn btn--small btn--danger"
          data-testid="layer-remove"
          onClick={onRemove}
        >
          {t('oncall.removeLayer')}
          <span className="sr-only"> · {title}</span>
        </button>
      </div>
    </fieldset>
  );
}
