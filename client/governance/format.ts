/** Formatting shared by the wall and console governance views. */
import { formatAge, formatNumber, formatPercent as formatPercentValue } from '../i18n/format.js';
import { locale, t, type MessageKey } from '../i18n/index.js';
import type { AdoptionApp, Indicator } from '../live/governance.js';

/** A share (0..1) as a percent, e.g. `12,5 %` or `0,00203 %` (see `formatPercent`). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return formatPercent(rate * 100);
}

/** A value already in percent (the one percent formatter of i18n/format.ts: `99,95 %`, `0,0174 %`). */
export function formatPercent(pct: number | null | undefined): string {
  return formatPercentValue(pct);
}

/** A change of rate in percentage points, signed. */
export function formatRateChange(change: number | null | undefined): string {
  if (change === null || change === undefined) return '—';
  const s = new Intl.NumberFormat(locale(), { maximumSignificantDigits: 3, signDisplay: 'always' }).format(
    change * 100,
  );
  return `${s} ${t('gov.pp')}`;
}

const RATINGS: Record<string, MessageKey> = {
  low: 'gov.rating.low',
  fair: 'gov.rating.fair',
  good: 'gov.rating.good',
};
const RATING_BY_VALUE: Record<number, string> = { 1: 'low', 2: 'fair', 3: 'good' };

function ratingLabel(r: string): string {
  const k = RATINGS[r];
  return k ? t(k) : r;
}

/** One value in an indicator's unit. */
export function formatIndicatorValue(ind: Indicator, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  switch (ind.unit) {
    case 'percent':
      return formatPercent(value);
    case 'seconds':
      return formatAge(value * 1000);
    case 'rating': {
      const r = RATING_BY_VALUE[value];
      return r ? ratingLabel(r) : formatNumber(value);
    }
    default:
      return formatNumber(value);
  }
}

/** The 2018 column: the study's rating word when it gave one, else its value. */
export function formatBaseline(ind: Indicator): string {
  if (!ind.baseline) return '—';
  if (ind.baseline.rating) return ratingLabel(ind.baseline.rating);
  return formatIndicatorValue(ind, ind.baseline.value);
}

/** `≥ 3 %` style target. */
export function formatTarget(ind: Indicator): string {
  if (!ind.target) return '—';
  const cmp = ind.target.comparator.replace('>=', '≥').replace('<=', '≤');
  return `${cmp} ${formatIndicatorValue(ind, ind.target.value)}`;
}

export type Status = 'met' | 'missed' | 'unscored' | 'unknown';

export function indicatorStatus(ind: Indicator): Status {
  if (ind.meetsTarget === true) return 'met';
  if (ind.meetsTarget === false) return 'missed';
  // A measured value with no target to judge it by is shown, not scored ("no data" would be untrue).
  if (!ind.target && ind.current?.value !== null && ind.current?.value !== undefined) return 'unscored';
  return 'unknown';
}

export function statusLabel(s: Status): string {
  return t(`gov.status.${s}`);
}

/** The 2018 baseline of an app, as text: a rate when the study gave one, else the raw count and metric. */
export function formatAppBaseline(app: AdoptionApp): string {
  const b = app.baseline;
  if (!b) return t('gov.noBaseline');
  if (b.rate !== null && b.rate !== undefined) return formatRate(b.rate);
  if (b.value === null) return '—';
  return t('gov.baselineCount', { n: formatNumber(b.value), metric: metricLabel(b.metric) });
}

export function metricLabel(metric: string): string {
  if (metric === 'downloads') return t('gov.metric.downloads');
  if (metric === 'active_users') return t('gov.metric.active_users');
  return metric;
}

export function populationGroupLabel(group: string): string {
  if (group === 'residents') return t('gov.group.residents');
  if (group === 'civil_servants') return t('gov.group.civil_servants');
  return group;
}
