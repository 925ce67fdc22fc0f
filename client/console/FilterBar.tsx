/**
 * The filter row above a console table or the map: a search box, agency, kecamatan, category,
 * severity, one or two status selects and a WITA time range; every control labelled, all keyboard
 * reachable. The values live in the URL (query.ts), shared by the tables and the map.
 */
import { useMemo } from 'react';
import { IncidentCategorySchema, SeveritySchema } from '../../shared/schemas/index.js';
import { t, type MessageKey } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import type { ConsoleQuery } from './query.js';

/** The filters every view shares (the status selects are per view). */
export type CommonFilters = Pick<
  ConsoleQuery,
  'agency' | 'kecamatan' | 'category' | 'severity' | 'from' | 'to' | 'q'
>;

export interface StatusField {
  /** Suffix of the control's id, and its test id. */
  name: string;
  label: MessageKey;
  value: string;
  options: readonly { value: string; label: MessageKey }[];
  onChange: (value: string) => void;
}

export type Props = {
  id: string;
  value: CommonFilters;
  onChange: (patch: Partial<CommonFilters>) => void;
  statusFields: readonly StatusField[];
  onReset: () => void;
  areaNames: ReadonlyMap<string, string>;
  /** Extra category values (e.g. service kinds for alerts). */
  extraCategories?: readonly string[];
};

const KECAMATAN_CODE = /^\d{2}\.\d{2}\.\d{2}$/;

export function FilterBar({
  id,
  value,
  onChange,
  statusFields,
  onReset,
  areaNames,
  extraCategories = [],
}: Props) {
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
  const fid = (name: string): string => `${id}-${name}`;
  const categoryLabel = (c: string): string =>
    c === 'usage_drop' || c === 'monitor' ? t(`category.${c}`) : c;

  return (
    <form
      className="filters"
      aria-label={t('filter.label')}
      onSubmit={(e) => e.preventDefault()}
      data-testid={id}
    >
      <div className="field field--inline filters__search">
        <label htmlFor={fid('q')}>{t('search.label')}</label>
        <input
          id={fid('q')}
          type="search"
          value={value.q}
          maxLength={200}
          placeholder={t('search.placeholder')}
          onChange={(e) => onChange({ q: e.target.value })}
        />
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('agency')}>{t('col.agency')}</label>
        <select
          id={fid('agency')}
          value={value.agency}
          onChange={(e) => onChange({ agency: e.target.value })}
        >
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
          onChange={(e) => onChange({ kecamatan: e.target.value })}
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
          onChange={(e) => onChange({ category: e.target.value })}
        >
          <option value="">{t('filter.all')}</option>
          {IncidentCategorySchema.options.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
          {extraCategories.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('severity')}>{t('col.severity')}</label>
        <select
          id={fid('severity')}
          value={value.severity}
          onChange={(e) => onChange({ severity: e.target.value })}
        >
          <option value="">{t('filter.all')}</option>
          {SeveritySchema.options.map((s) => (
            <option key={s} value={s}>
              {t(`severity.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {statusFields.map((f) => (
        <div key={f.name} className="field field--inline">
          <label htmlFor={fid(f.name)}>{t(f.label)}</label>
          <select id={fid(f.name)} value={f.value} onChange={(e) => f.onChange(e.target.value)}>
            {f.options.map((s) => (
              <option key={s.value} value={s.value}>
                {t(s.label)}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="field field--inline">
        <label htmlFor={fid('from')}>{t('filter.from')}</label>
        <input
          id={fid('from')}
          type="datetime-local"
          value={value.from}
          onChange={(e) => onChange({ from: e.target.value })}
        />
      </div>
      <div className="field field--inline">
        <label htmlFor={fid('to')}>{t('filter.to')}</label>
        <input
          id={fid('to')}
          type="datetime-local"
          value={value.to}
          onChange={(e) => onChange({ to: e.target.value })}
        />
      </div>
      <button type="button" className="btn btn--small" onClick={onReset} data-testid={`${id}-reset`}>
        {t('filter.reset')}
      </button>
    </form>
  );
}

/** The status choices of the alerts. */
export const ALERT_STATUSES: readonly { value: string; label: MessageKey }[] = [
  { value: 'open', label: 'filter.statusOpen' },
  { value: 'all', label: 'filter.all' },
  { value: 'new', label: 'alertStatus.new' },
  { value: 'acknowledged', label: 'alertStatus.acknowledged' },
  { value: 'snoozed', label: 'alertStatus.snoozed' },
  { value: 'resolved', label: 'alertStatus.resolved' },
  { value: 'closed', label: 'alertStatus.closed' },
];

/** The status choices of the incidents. */
export const INCIDENT_STATUSES: readonly { value: string; label: MessageKey }[] = [
  { value: 'open', label: 'incidentStatus.open' },
  { value: 'all', label: 'filter.all' },
  { value: 'closed', label: 'incidentStatus.closed' },
  { value: 'cancelled', label: 'incidentStatus.cancelled' },
];

/** The alert categories beyond the incident ones. */
export const EXTRA_ALERT_CATEGORIES = ['usage_drop', 'monitor'] as const;
