/**
 * Edits one schedule whole (supervisors and admins): rotation layers, stand-in overrides and the
 * head. Saved with the version it started from: a 409 says someone changed it meanwhile and offers
 * a reload; a 400's issues sit next to their fields.
 */
import { useState } from 'react';
import type { OnCallSchedule } from '../../../shared/schemas/index.js';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import type { FormError } from '../config/errors.js';
import { SelectField, TextField } from '../config/fields.js';
import { ErrorSummary, useAction } from '../config/ui.js';
import { LayerFields, type Person } from './LayerFields.js';
import { saveSchedule } from './oncallApi.js';
import {
  draftOf,
  inputOf,
  newLayer,
  newOverride,
  scheduleError,
  type LayerDraft,
  type OverrideDraft,
  type ScheduleDraft,
} from './scheduleDraft.js';

const MAX_LAYERS = 5;

export type Props = {
  scheduleId: string;
  /** The stored schedule the edit starts from (its version goes with the save). */
  base: OnCallSchedule;
  people: readonly Person[];
  nameOf: (userId: string) => string;
  now: number;
  /** After a save: the schedule as stored now. */
  onSaved: (saved: OnCallSchedule) => void;
  /** After a 409: load the current schedule and start over from it. */
  onReload: () => void;
};

/** Every field an issue can land on, for this draft. */
function fieldsOf(d: ScheduleDraft): Set<string> {
  const out = new Set<string>(['headUserId']);
  d.layers.forEach((_l, i) => {
    for (const f of ['name', 'userIds', 'start', 'handoverTime', 'lengthDays', 'hours'])
      out.add(`layers.${i}.${f}`);
  });
  d.overrides.forEach((_o, i) => {
    for (const f of ['userId', 'start', 'end', 'note']) out.add(`overrides.${i}.${f}`);
  });
  return out;
}

export function ScheduleEditor({ scheduleId, base, people, nameOf, now, onSaved, onReload }: Props) {
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(base));
  const [error, setError] = useState<FormError | null>(null);
  const [conflict, setConflict] = useState(false);
  const action = useAction();
  const personOptions = [
    { value: '', label: t('cfg.choose') },
    ...people.map((p) => ({ value: p.id, label: p.label })),
  ];

  const setLayer = (i: number, l: LayerDraft): void =>
    setDraft((d) => ({ ...d, layers: d.layers.map((x, n) => (n === i ? l : x)) }));
  const setOverride = (i: number, patch: Partial<OverrideDraft>): void =>
    setDraft((d) => ({ ...d, overrides: d.overrides.map((x, n) => (n === i ? { ...x, ...patch } : x)) }));

  const save = (): void => {
    setError(null);
    setConflict(false);
    void action.run(
      async () => {
        onSaved(await saveSchedule(scheduleId, inputOf(draft, base.version)));
        return null;
      },
      (e) => {
        setConflict(e instanceof ApiError && e.status === 409);
        setError(scheduleError(e, fieldsOf(draft)));
      },
    );
  };

  return (
    <form
      className="cfg-form oncall-editor"
      aria-labelledby="oncall-editor-title"
      data-testid="oncall-editor"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3 id="oncall-editor-title">{t('oncall.editTitle')}</h3>
      <p className="cfg-hint">{t('oncall.editHint')}</p>
      <h4 className="oncall-subhead">{t('oncall.layers')}</h4>
      {draft.layers.length === 0 ? <p className="muted">{t('oncall.noLayers')}</p> : null}
      {draft.layers.map((l, i) => (
        <LayerFields
          key={i}
          layer={l}
          index={i}
          people={people}
          nameOf={nameOf}
          error={error}
          onChange={(next) => setLayer(i, next)}
          onRemove={() => setDraft((d) => ({ ...d, layers: d.layers.filter((_x, n) => n !== i) }))}
        />
      ))}
      <button
        type="button"
        className="btn btn--small"
        disabled={draft.layers.length >= MAX_LAYERS}
        data-testid="layer-add"
        onClick={() => setDraft((d) => ({ ...d, layers: [...d.layers, newLayer(now, d.layers.length)] }))}
      >
        {t('oncall.addLayer')}
      </button>

      <h4 className="oncall-subhead">{t('oncall.overrides')}</h4>
      <p className="cfg-hint">{t('oncall.overridesHint')}</p>
      {draft.overrides.map((o, i) => (
        <fieldset key={i} className="cfg-fieldset" data-testid="override" data-index={i}>
          <legend>{t('oncall.overrideN', { n: i + 1 })}</legend>
          <div className="cfg-grid">
            <SelectField
              label={t('oncall.person')}
              name={`overrides.${i}.userId`}
              value={o.userId}
              onChange={(v) => setOverride(i, { userId: v })}
              options={personOptions}
              error={error}
            />
            <TextField
              label={t('oncall.overrideStart')}
              name={`overrides.${i}.start`}
              type="datetime-local"
              value={o.start}
              onChange={(v) => setOverride(i, { start: v })}
              error={error}
            />
            <TextField
              label={t('oncall.overrideEnd')}
              name={`overrides.${i}.end`}
              type="datetime-local"
              value={o.end}
              onChange={(v) => setOverride(i, { end: v })}
              error={error}
            />
            <TextField
              label={t('oncall.note')}
              name={`overrides.${i}.note`}
              value={o.note}
              onChange={(v) => setOverride(i, { note: v })}
              error={error}
            />
          </div>
          <button
            type="button"
            className="btn btn--small btn--danger"
            onClick={() => setDraft((d) => ({ ...d, overrides: d.overrides.filter((_x, n) => n !== i) }))}
          >
            {t('oncall.removeOverride')}
            <span className="sr-only"> {i + 1}</span>
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="btn btn--small"
        data-testid="override-add"
        onClick={() => setDraft((d) => ({ ...d, overrides: [...d.overrides, newOverride(now)] }))}
      >
        {t('oncall.addOverride')}
      </button>

      <h4 className="oncall-subhead">{t('oncall.head')}</h4>
      <SelectField
        label={t('oncall.headLabel')}
        name="headUserId"
        value={draft.headUserId}
        onChange={(v) => setDraft((d) => ({ ...d, headUserId: v }))}
        options={[
          { value: '', label: t('cfg.none') },
          ...people.map((p) => ({ value: p.id, label: p.label })),
        ]}
        error={error}
        hint={t('oncall.headHint')}
      />

      <ErrorSummary error={error} />
      {conflict ? (
        <div className="cfg-conflict" role="status" data-testid="oncall-conflict">
          <p>{t('oncall.conflict')}</p>
          <button type="button" className="btn btn--small" data-testid="oncall-reload" onClick={onReload}>
            {t('oncall.reload')}
          </button>
        </div>
      ) : null}
      <div className="cfg-form__buttons">
        <button type="submit" className="btn btn--primary" disabled={action.busy} data-testid="oncall-save">
          {action.busy ? t('cfg.saving') : t('cfg.save')}
        </button>
      </div>
    </form>
  );
}
