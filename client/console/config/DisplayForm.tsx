/**
 * Editing one wall display: its name and what its wall shows (views, rotation, language, reload,
 * kelurahan shading).
 */
import { useState } from 'react';
import { t, type MessageKey } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import {
  DEFAULT_DISPLAY_CONFIG,
  WALL_LANGUAGES,
  WALL_SHADINGS,
  WALL_VIEWS,
  type Display,
  type WallShading,
  type WallView,
} from '../../../shared/schemas/index.js';
import { updateDisplay } from './configApi.js';
import { localError, toFormError, type FormError, type Issue } from './errors.js';
import { CheckField, ConfigForm, SelectField, TextField, useAction } from './ui.js';

const FIELDS = ['name', 'views', 'rotateSeconds', 'language', 'reloadHours', 'shading'] as const;

/** The wall's name for a view, as its header shows it. */
export const VIEW_LABEL: Record<WallView, MessageKey> = {
  map: 'wall.viewMap',
  services: 'wall.viewServices',
  governance: 'wall.viewGovernance',
};

const label = (f: string): string | undefined =>
  f === 'name'
    ? t('cfg.name')
    : f === 'views'
      ? t('cfg.displays.views')
      : f === 'rotateSeconds'
        ? t('cfg.displays.rotateSeconds')
        : f === 'language'
          ? t('cfg.displays.language')
          : f === 'reloadHours'
            ? t('cfg.displays.reloadHours')
            : f === 'shading'
              ? t('cfg.displays.shading')
              : undefined;

/** The server names config fields `config.<field>`: the form shows them next to their inputs. */
function unwrapConfig(e: unknown): unknown {
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return e;
  const issues = (e.details as Issue[]).map((i) =>
    i.path[0] === 'config' && i.path.length > 1 ? { ...i, path: i.path.slice(1) } : i,
  );
  return new ApiError(e.status, e.code, e.message, issues);
}

export function DisplayForm({
  display,
  onSaved,
  onCancel,
}: {
  display: Display;
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const start = display.config ?? DEFAULT_DISPLAY_CONFIG;
  const [name, setName] = useState(display.name);
  const [fromUrl, setFromUrl] = useState(display.config === null);
  const [views, setViews] = useState<WallView[]>(start.views);
  const [rotate, setRotate] = useState(String(start.rotateSeconds));
  const [language, setLanguage] = useState<string>(start.language);
  const [reload, setReload] = useState(String(start.reloadHours));
  // Absent in the stored config: app usage, as the wall shades it then.
  const [shading, setShading] = useState<string>(start.shading ?? 'usage');
  const [error, setError] = useState<FormError | null>(null);
  // The version the form started from: a change made elsewhere meanwhile answers 409, never lost.
  const [version] = useState(display.version);
  const action = useAction();

  const submit = (): void => {
    setError(null);
    if (!fromUrl && !views.length) {
      setError(localError([{ path: ['views'], message: t('cfg.displays.viewRequired') }], FIELDS, label));
      return;
    }
    const config = fromUrl
      ? null
      : {
          // Wall order, whatever order they were ticked in.
          views: WALL_VIEWS.filter((v) => views.includes(v)),
          rotateSeconds: Number(rotate),
          language: language as (typeof WALL_LANGUAGES)[number],
          reloadHours: Number(reload),
          // Always sent: a field left out keeps its stored value, so "usage" must be said to go back.
          shading: shading as WallShading,
        };
    void action.run(
      async () => {
        const saved = await updateDisplay(display.id, {
          name: name.trim(),
          config,
          expectedVersion: version,
        });
        onSaved(saved.name);
        return null;
      },
      (e) => setError(toFormError(unwrapConfig(e), FIELDS, label)),
    );
  };
  const viewErr = error?.fields.views ?? [];

  return (
    <ConfigForm
      testId="display-edit"
      heading={t('cfg.displays.editTitle', { name: display.name })}
      onSubmit={submit}
      error={error}
      busy={action.busy}
      submitLabel={t('cfg.save')}
      submitTestId="display-save"
      onCancel={onCancel}
    >
      <TextField label={t('cfg.name')} name="name" value={name} onChange={setName} error={error} required />
      <CheckField label={t('cfg.displays.fromUrl')} name="fromUrl" checked={fromUrl} onChange={setFromUrl} />
      <p className="cfg-hint">{t('cfg.displays.fromUrlHint')}</p>
      <fieldset
        className="cfg-fieldset"
        disabled={fromUrl}
        aria-describedby={viewErr.length ? 'display-view-err' : undefined}
      >
        <legend>{t('cfg.displays.views')}</legend>
        {WALL_VIEWS.map((v) => (
          <label key={v} className="check cfg-check">
            <input
              type="checkbox"
              name="views"
              value={v}
              data-testid={`view-${v}`}
              checked={views.includes(v)}
              onChange={(e) => setViews(e.target.checked ? [...views, v] : views.filter((x) => x !== v))}
            />
            {t(VIEW_LABEL[v])}
          </label>
        ))}
        {viewErr.length ? (
          <span id="display-view-err" className="cfg-field-error">
            {viewErr.join(' · ')}
          </span>
        ) : null}
      </fieldset>
      <div className="cfg-grid">
        <TextField
          label={t('cfg.displays.rotateSeconds')}
          name="rotateSeconds"
          type="number"
          value={rotate}
          onChange={setRotate}
          error={error}
          disabled={fromUrl}
          hint={t('cfg.displays.rotateHint')}
        />
        <SelectField
          label={t('cfg.displays.language')}
          name="language"
          value={language}
          onChange={setLanguage}
          options={WALL_LANGUAGES.map((l) => ({ value: l, label: t(`cfg.displays.lang.${l}`) }))}
          error={error}
          disabled={fromUrl}
        />
        <TextField
          label={t('cfg.displays.reloadHours')}
          name="reloadHours"
          type="number"
          step="any"
          value={reload}
          onChange={setReload}
          error={error}
          disabled={fromUrl}
          hint={t('cfg.displays.reloadHint')}
        />
        <SelectField
          label={t('cfg.displays.shading')}
          name="shading"
          value={shading}
          onChange={setShading}
          options={WALL_SHADINGS.map((s) => ({ value: s, label: t(`cfg.displays.shading.${s}`) }))}
          error={error}
          disabled={fromUrl}
        />
      </div>
    </ConfigForm>
  );
}
