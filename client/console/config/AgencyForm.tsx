/** The agency form: add or edit one agency; location as two numbers, issues next to the fields. */
import { AgencyKindSchema, type Agency } from '../../../shared/schemas/index.js';
import { t } from '../../i18n/index.js';
import { createAgency, updateAgency } from './configApi.js';
import { localError, toFormError } from './errors.js';
import { useFormState } from './formState.js';
import { CheckField, ConfigForm, IdField, SelectField, TextField, useAction } from './ui.js';

const FIELDS = [
  'id',
  'name',
  'shortName',
  'kind',
  'location',
  'lng',
  'lat',
  'kecamatanCode',
  'website',
] as const;
type Kind = (typeof AgencyKindSchema.options)[number];
const label = (f: string): string | undefined =>
  (FIELDS as readonly string[]).includes(f) ? t(`cfg.agency.${f as (typeof FIELDS)[number]}`) : undefined;

export type Form = {
  id: string;
  name: string;
  shortName: string;
  kind: Kind;
  lng: string;
  lat: string;
  kecamatanCode: string;
  website: string;
  approximate: boolean;
  verified: boolean;
  rest: Record<string, unknown>;
};
export const EMPTY: Form = {
  id: '',
  name: '',
  shortName: '',
  kind: 'dinas',
  lng: '',
  lat: '',
  kecamatanCode: '',
  website: '',
  approximate: false,
  verified: true,
  rest: {},
};

export function formOf(a: Agency): Form {
  const { id, name, shortName, kind, location, kecamatanCode, website, approximate, verified, ...rest } = a;
  return {
    id,
    name,
    shortName,
    kind,
    lng: String(location[0]),
    lat: String(location[1]),
    kecamatanCode: kecamatanCode ?? '',
    website: website ?? '',
    approximate,
    verified,
    rest,
  };
}

/** The agency body; a location issue is reported on the coordinate it concerns. */
function bodyOf(f: Form): { body: Record<string, unknown>; issues: { path: string[]; message: string }[] } {
  const issues: { path: string[]; message: string }[] = [];
  const lng = Number(f.lng);
  const lat = Number(f.lat);
  if (!f.lng.trim() || !Number.isFinite(lng) || lng < -180 || lng > 180)
    issues.push({ path: ['lng'], message: t('cfg.agency.lngInvalid') });
  if (!f.lat.trim() || !Number.isFinite(lat) || lat < -90 || lat > 90)
    issues.push({ path: ['lat'], message: t('cfg.agency.latInvalid') });
  const { source } = f.rest;
  return {
    body: {
      id: f.id.trim(),
      name: f.name.trim(),
      shortName: f.shortName.trim(),
      kind: f.kind,
      location: [lng, lat],
      approximate: f.approximate,
      verified: f.verified,
      ...(f.kecamatanCode ? { kecamatanCode: f.kecamatanCode } : {}),
      ...(f.website.trim() ? { website: f.website.trim() } : {}),
      ...(typeof source === 'string' ? { source } : {}),
    },
    issues,
  };
}

type FormProps = {
  initial: Form;
  isNew: boolean;
  kecamatan: { value: string; label: string }[];
  onSaved: (name: string) => void;
  onCancel: () => void;
};

export function AgencyForm({ initial, isNew, kecamatan, onSaved, onCancel }: FormProps) {
  const { values: f, error, setError, field, check } = useFormState<Form>(initial);
  const action = useAction();

  const submit = (): void => {
    setError(null);
    const { body, issues } = bodyOf(f);
    if (issues.length) {
      setError(localError(issues, FIELDS, label));
      return;
    }
    void action.run(
      async () => {
        if (isNew) await createAgency(body);
        else await updateAgency(f.id, body);
        onSaved(f.shortName.trim());
        return null;
      },
      (e) => {
        // The server names the coordinates `location.0` / `location.1`; show them on the two inputs.
        const fe = toFormError(e, FIELDS, label);
        const loc = fe.fields.location;
        if (loc) {
          for (const m of loc)
            (fe.fields[m.startsWith('1') ? 'lng' : m.startsWith('2') ? 'lat' : 'lng'] ??= []).push(
              m.replace(/^\d+: /, ''),
            );
          delete fe.fields.location;
        }
        setError(fe);
      },
    );
  };

  return (
    <ConfigForm
      testId="agency-form"
      heading={isNew ? t('cfg.agency.add') : t('cfg.agency.editing', { name: initial.shortName })}
      onSubmit={submit}
      error={error}
      busy={action.busy}
      submitLabel={t('cfg.save')}
      submitTestId="agency-save"
      onCancel={onCancel}
    >
      <div className="cfg-grid">
        <IdField label={t('cfg.agency.id')} {...field('id')} isNew={isNew} />
        <TextField label={t('cfg.agency.shortName')} {...field('shortName')} required />
        <TextField label={t('cfg.agency.name')} {...field('name')} required />
        <SelectField
          label={t('cfg.agency.kind')}
          {...field('kind')}
          options={AgencyKindSchema.options.map((k) => ({ value: k, label: t(`cfg.agency.kind.${k}`) }))}
        />
        <TextField label={t('cfg.agency.lng')} {...field('lng')} type="number" step="any" required />
        <TextField label={t('cfg.agency.lat')} {...field('lat')} type="number" step="any" required />
        <SelectField label={t('cfg.agency.kecamatanCode')} {...field('kecamatanCode')} options={kecamatan} />
        <TextField label={t('cfg.agency.website')} {...field('website')} type="url" />
      </div>
      <div className="cfg-checks">
        <CheckField label={t('cfg.agency.approximate')} {...check('approximate')} />
        <CheckField label={t('cfg.agency.verified')} {...check('verified')} />
      </div>
    </ConfigForm>
  );
}
