/** The agency form: add or edit one agency; location as two numbers, issues next to the fields. */
import { useState } from 'react';
import { AgencyKindSchema, type Agency } from '../../../shared/schemas/index.js';
import { t } from '../../i18n/index.js';
import { createAgency, updateAgency } from './configApi.js';
import { localError, toFormError, type FormError } from './errors.js';
import { CheckField, ConfigForm, SelectField, TextField, useAction } from './ui.js';

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
  const [f, setF] = useState<Form>(initial);
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();
  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) =>
      setF((cur) => ({ ...cur, [k]: v }));

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
        <TextField
          label={t('cfg.agency.id')}
          name="id"
          value={f.id}
          onChange={set('id')}
          error={error}
          required
          disabled={!isNew}
          hint={t('cfg.idHint')}
        />
        <TextField
          label={t('cfg.agency.shortName')}
          name="shortName"
          value={f.shortName}
          onChange={set('shortName')}
          error={error}
          required
        />
        <TextField
          label={t('cfg.agency.name')}
          name="name"
          value={f.name}
          onChange={set('name')}
          error={error}
          required
        />
        <SelectField
          label={t('cfg.agency.kind')}
          name="kind"
          value={f.kind}
          onChange={(v) => set('kind')(v as Kind)}
          options={AgencyKindSchema.options.map((k) => ({ value: k, label: t(`cfg.agency.kind.${k}`) }))}
          error={error}
        />
        <TextField
          label={t('cfg.agency.lng')}
          name="lng"
          type="number"
          step="any"
          value={f.lng}
          onChange={set('lng')}
          error={error}
          required
        />
        <TextField
          label={t('cfg.agency.lat')}
          name="lat"
          type="number"
          step="any"
          value={f.lat}
          onChange={set('lat')}
          error={error}
          required
        />
        <SelectField
          label={t('cfg.agency.kecamatanCode')}
          name="kecamatanCode"
          value={f.kecamatanCode}
          onChange={set('kecamatanCode')}
          options={kecamatan}
          error={error}
        />
        <TextField
          label={t('cfg.agency.website')}
          name="website"
          type="url"
          value={f.website}
          onChange={set('website')}
          error={error}
        />
      </div>
      <div className="cfg-checks">
        <CheckField
          label={t('cfg.agency.approximate')}
          name="approximate"
          checked={f.approximate}
          onChange={set('approximate')}
        />
        <CheckField
          label={t('cfg.agency.verified')}
          name="verified"
          checked={f.verified}
          onChange={set('verified')}
        />
      </div>
    </ConfigForm>
  );
}
