/** Add or edit one service and its check: the common fields, an HTTP check form, or the whole check as JSON. */
import { useState } from 'react';
import { t } from '../../i18n/index.js';
import { saveService } from './configApi.js';
import { localError, toFormError, type FormError } from './errors.js';
import {
  SERVICE_FIELDS,
  buildService,
  formFromDef,
  httpCheckOf,
  remapIssues,
  type CheckMode,
  type ServiceFormState,
} from './serviceForm.js';
import { ApiError } from '../../live/api.js';
import { ConfigForm, Field, SelectField, TextField, useAction } from './ui.js';

type Props = {
  initial: ServiceFormState;
  isNew: boolean;
  agencies: { value: string; label: string }[];
  onSaved: (id: string) => void;
  onCancel: () => void;
};

const label = (f: string): string | undefined =>
  (SERVICE_FIELDS as readonly string[]).includes(f)
    ? t(`cfg.svc.${f as (typeof SERVICE_FIELDS)[number]}`)
    : undefined;

export function ServiceForm({ initial, isNew, agencies, onSaved, onCancel }: Props) {
  const [f, setF] = useState<ServiceFormState>(initial);
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();
  const set =
    <K extends keyof ServiceFormState>(k: K) =>
    (v: ServiceFormState[K]) =>
      setF((cur) => ({ ...cur, [k]: v }));

  const switchMode = (mode: CheckMode): void => {
    setError(null);
    if (mode === 'json' && f.mode === 'http') {
      setF({ ...f, mode, checkJson: JSON.stringify(httpCheckOf(f), null, 2) });
      return;
    }
    if (mode === 'http' && f.mode === 'json' && f.checkJson.trim()) {
      try {
        const c = JSON.parse(f.checkJson) as unknown;
        if (c && typeof c === 'object' && (c as { type?: unknown }).type === 'http') {
          const from = formFromDef({ check: c });
          setF({ ...f, ...pickCheck(from), mode });
          return;
        }
      } catch {
        // Unreadable JSON: keep it in the box and say so rather than throw the text away.
      }
      setError(localError([{ path: ['checkJson'], message: t('cfg.svc.notHttp') }], SERVICE_FIELDS, label));
      return;
    }
    setF({ ...f, mode });
  };

  const submit = (): void => {
    setError(null);
    const built = buildService(f);
    if (!built.ok) {
      setError(localError(built.issues, SERVICE_FIELDS, label));
      return;
    }
    void action.run(
      async () => {
        await saveService(built.service, isNew);
        onSaved(built.service.id);
        return null;
      },
      (e) => {
        const mapped =
          e instanceof ApiError && Array.isArray(e.details)
            ? new ApiError(e.status, e.code, e.message, remapIssues(e.details as never, f.mode))
            : e;
        setError(toFormError(mapped, SERVICE_FIELDS, label));
      },
    );
  };

  return (
    <ConfigForm
      testId="service-form"
      heading={isNew ? t('cfg.svc.new') : t('cfg.svc.editing', { id: initial.id })}
      onSubmit={submit}
      error={error}
      busy={action.busy}
      submitLabel={t('cfg.save')}
      submitTestId="service-save"
      onCancel={onCancel}
    >
      <div className="cfg-grid">
        <TextField
          label={t('cfg.svc.id')}
          name="id"
          value={f.id}
          onChange={set('id')}
          error={error}
          required
          disabled={!isNew}
          hint={t('cfg.idHint')}
        />
        <TextField
          label={t('cfg.svc.name')}
          name="name"
          value={f.name}
          onChange={set('name')}
          error={error}
          required
        />
        <SelectField
          label={t('cfg.svc.agencyId')}
          name="agencyId"
          value={f.agencyId}
          onChange={set('agencyId')}
          options={agencies}
          error={error}
          required
        />
        <SelectField
          label={t('cfg.svc.kind')}
          name="kind"
          value={f.kind}
          onChange={(v) => set('kind')(v as ServiceFormState['kind'])}
          options={(['website', 'app', 'api'] as const).map((k) => ({
            value: k,
            label: t(`cfg.svc.kind.${k}`),
          }))}
          error={error}
        />
        <TextField
          label={t('cfg.svc.url')}
          name="url"
          type="url"
          value={f.url}
          onChange={set('url')}
          error={error}
          hint={t('cfg.svc.urlHint')}
        />
        <TextField
          label={t('cfg.svc.description')}
          name="description"
          value={f.description}
          onChange={set('description')}
          error={error}
        />
      </div>
      <fieldset className="cfg-fieldset">
        <legend>{t('cfg.svc.check')}</legend>
        <div className="cfg-radios" role="radiogroup" aria-label={t('cfg.svc.checkMode')}>
          {(['http', 'json', 'none'] as const).map((m) => (
            <label key={m} className="check cfg-check">
              <input
                type="radio"
                name="checkMode"
                value={m}
                checked={f.mode === m}
                data-testid={`check-mode-${m}`}
                onChange={() => switchMode(m)}
              />
              {t(`cfg.svc.mode.${m}`)}
            </label>
          ))}
        </div>
        {f.mode === 'http' ? (
          <div className="cfg-grid">
            <TextField
              label={t('cfg.svc.checkUrl')}
              name="checkUrl"
              type="url"
              value={f.checkUrl}
              onChange={set('checkUrl')}
              error={error}
              hint={t('cfg.svc.checkUrlHint')}
            />
            <SelectField
              label={t('cfg.svc.method')}
              name="method"
              value={f.method}
              onChange={(v) => set('method')(v as ServiceFormState['method'])}
              options={['GET', 'HEAD', 'POST'].map((m) => ({ value: m, label: m }))}
              error={error}
            />
            <TextField
              label={t('cfg.svc.expectStatus')}
              name="expectStatus"
              value={f.expectStatus}
              onChange={set('expectStatus')}
              error={error}
              hint={t('cfg.svc.expectStatusHint')}
            />
            <TextField
              label={t('cfg.svc.bodyContains')}
              name="bodyContains"
              value={f.bodyContains}
              onChange={set('bodyContains')}
              error={error}
            />
            <TextField
              label={t('cfg.svc.degradedAboveMs')}
              name="degradedAboveMs"
              type="number"
              value={f.degradedAboveMs}
              onChange={set('degradedAboveMs')}
              error={error}
            />
            <TextField
              label={t('cfg.svc.intervalSeconds')}
              name="intervalSeconds"
              type="number"
              value={f.intervalSeconds}
              onChange={set('intervalSeconds')}
              error={error}
            />
          </div>
        ) : null}
        {f.mode === 'http' && Object.keys(f.httpRest).length ? (
          <p className="cfg-hint">{t('cfg.svc.keptKeys', { keys: Object.keys(f.httpRest).join(', ') })}</p>
        ) : null}
        {f.mode === 'json' ? (
          <Field
            label={t('cfg.svc.checkJson')}
            name="checkJson"
            error={error}
            hint={t('cfg.svc.checkJsonHint')}
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                className="cfg-json"
                rows={12}
                spellCheck={false}
                value={f.checkJson}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy}
                data-testid="input-checkJson"
                onChange={(e) => set('checkJson')(e.target.value)}
              />
            )}
          </Field>
        ) : null}
      </fieldset>
    </ConfigForm>
  );
}

function pickCheck(s: ServiceFormState): Partial<ServiceFormState> {
  const {
    checkUrl,
    method,
    expectStatus,
    bodyContains,
    degradedAboveMs,
    intervalSeconds,
    httpRest,
    checkJson,
  } = s;
  return {
    checkUrl,
    method,
    expectStatus,
    bodyContains,
    degradedAboveMs,
    intervalSeconds,
    httpRest,
    checkJson,
  };
}
