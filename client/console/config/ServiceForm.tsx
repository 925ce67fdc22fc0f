/** Add or edit one service and its check: the common fields, an HTTP check form, or the whole check as JSON. */
import { t } from '../../i18n/index.js';
import { saveService } from './configApi.js';
import { localError, toFormError } from './errors.js';
import { useFormState } from './formState.js';
import {
  HTTP_CHECK_FIELDS,
  SERVICE_FIELDS,
  buildService,
  formFromDef,
  httpCheckOf,
  remapIssues,
  type CheckMode,
  type ServiceFormState,
} from './serviceForm.js';
import { ApiError } from '../../live/api.js';
import { ConfigForm, Field, IdField, SelectField, TextField, useAction } from './ui.js';

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
  const { values: f, setValues: setF, error, setError, update, field } = useFormState(initial);
  const action = useAction();

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
        <IdField label={t('cfg.svc.id')} {...field('id')} isNew={isNew} />
        <TextField label={t('cfg.svc.name')} {...field('name')} required />
        <SelectField label={t('cfg.svc.agencyId')} {...field('agencyId')} options={agencies} required />
        <SelectField
          label={t('cfg.svc.kind')}
          {...field('kind')}
          options={(['website', 'app', 'api'] as const).map((k) => ({
            value: k,
            label: t(`cfg.svc.kind.${k}`),
          }))}
        />
        <TextField label={t('cfg.svc.url')} {...field('url')} type="url" hint={t('cfg.svc.urlHint')} />
        <TextField label={t('cfg.svc.description')} {...field('description')} />
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
              {...field('checkUrl')}
              type="url"
              hint={t('cfg.svc.checkUrlHint')}
            />
            <SelectField
              label={t('cfg.svc.method')}
              {...field('method')}
              options={['GET', 'HEAD', 'POST'].map((m) => ({ value: m, label: m }))}
            />
            <TextField
              label={t('cfg.svc.expectStatus')}
              {...field('expectStatus')}
              hint={t('cfg.svc.expectStatusHint')}
            />
            <TextField label={t('cfg.svc.bodyContains')} {...field('bodyContains')} />
            <TextField label={t('cfg.svc.degradedAboveMs')} {...field('degradedAboveMs')} type="number" />
            <TextField label={t('cfg.svc.intervalSeconds')} {...field('intervalSeconds')} type="number" />
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
                onChange={(e) => update({ checkJson: e.target.value })}
              />
            )}
          </Field>
        ) : null}
      </fieldset>
    </ConfigForm>
  );
}

/** The check's part of the form: what a switch from JSON back to the HTTP form takes over. */
const CHECK_KEYS = [...HTTP_CHECK_FIELDS, 'httpRest', 'checkJson'] as const;

function pickCheck(s: ServiceFormState): Partial<ServiceFormState> {
  return Object.fromEntries(CHECK_KEYS.map((k) => [k, s[k]]));
}
