/** The filter row above a console table: every control labelled, all keyboard reachable. */
import { useMemo } from 'react';
import { IncidentCategorySchema, SeveritySchema } from '../../shared/schemas/index.js';
import { t, type MessageKey } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { EMPTY_FILTERS, type Filters } from './filters.js';

export type Props = {
  id: string;
  value: Filters;
  onChange: (f: Filters) => void;
  statuses: readonly { value: string; label: MessageKey }[];
  areaNames: ReadonlyMap<string, string>;
  /** Extra category values (e.g. service kinds for alerts). */
  extraCategories?: readonly string[];
};

const KECAMATAN_CODE = /^\d{2}\.\d{2}\.\d{2}$/;

export function FilterBar({ id, value, onChange, statuses, areaNames, extraCategories = [] }: Props) {
  const agencies = useLive((s) => s.agencies);
  const agencyList = useMemo(
    () => [...agencies.values()].sort((a, b) => a.shortName.localeCompare(b.shortName)),
    [agencies],
  );
  const kecamatan = useMemo(
    () =>
      [...areaNames].filter(([code]) => KECAMATAN_CODE.test(code)).sort((a, b) => a[1].localeCompare(b[1])),
    [areaNames],
  );
  const set = (patch: Partial<Filters>): void => onChange({ ...value, ...patch });
  const fid = (name: string): string => `${id}-${name}`;

  return (
    <form className="filters" aria-label={t('filter.label')} onSubmit={(e) => e.preventDefault()}>
      <div className="field field--inline">
        <label htmlFor={fid('agency')}>{t('col.agency')}</label>
        <select id={fid('agency')} value={value.agency} onChange={(e) => set({ agency: e.target.value })}>
          <option value="">{t('filter.all')}</option>
          {agencyList.map((a) => (
            <option key={a.id} value={a.id}>
              {a.shortName}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('kecamatan')}>{t('filter.kecamatan')}</label>
        <select
          id={fid('kecamatan')}
          value={value.kecamatan}
          onChange={(e) => set({ kecamatan: e.target.value })}
        >
          <option value="">{t('filter.all')}</option>
          {kecamatan.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('category')}>{t('col.category')}</label>
        <select
          id={fid('category')}
          value={value.category}
          onChange={(e) => set({ category: e.target.value })}
        >
          <option value="">{t('filter.all')}</option>
          {IncidentCategorySchema.options.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
          {extraCategories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('severity')}>{t('col.severity')}</label>
        <select
          id={fid('severity')}
          value={value.severity}
          onChange={(e) => set({ severity: e.target.value })}
        >
          <option value="">{t('filter.all')}</option>
          {SeveritySchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('status')}>{t('col.status')}</label>
        <select id={fid('status')} value={value.status} onChange={(e) => set({ status: e.target.value })}>
          {statuses.map((s) => (
            <option key={s.value} value={s.value}>
              {t(s.label)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('from')}>{t('filter.from')}</label>
        <input
          id={fid('from')}
          type="datetime-local"
          value={value.from}
          onChange={(e) => set({ from: e.target.value })}
        />
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('to')}>{t('filter.to')}</label>
        <input
          id={fid('to')}
          type="datetime-local"
          value={value.to}
          onChange={(e) => set({ to: e.target.value })}
        />
      </div>
      <button
        type="button"
        className="btn btn--small"
        onClick={() => onChange({ ...EMPTY_FILTERS, status: statuses[0]?.value ?? '' })}
      >
        {t('filter.reset')}
      </button>
    </form>
  );
}
