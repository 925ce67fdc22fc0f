/**
 * Number and percentage text for a given BCP 47 locale (`id-ID`: `1.234,5` and `99,95 %`; `en-GB`:
 * `1,234.5` and `99.95 %`). Pure (no window, no UI language): `format.ts` binds these to the UI
 * language, and they are unit-tested under tests/client/i18n.
 */

/** Between a number and its `%`: a no-break space, so `99,95 %` never wraps in a narrow cell. */
export const NBSP = '\u00a0';

const formatters = new Map<string, Intl.NumberFormat>();

/** A cached `Intl.NumberFormat` for `locale` with `options`. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** Rounds to two decimals without binary noise (0.9995 × 100 → 99.95, 2/3 → 66.67). */
function round2(v: number): number {
  return Math.round(Math.round(v * 1e6) / 1e4) / 100;
}

/**
 * A value already in percent, e.g. `99,95 %`: two decimals at most, and never a rounded-up `100 %`
 * for a figure short of 100 (99.996 → `99,99 %`); exactly 100 reads `100 %`. Below 1 % three
 * significant digits keep small shares readable (`0,0174 %`), never a rounded-down `0 %`.
 */
export function percentText(pct: number, locale: string): string {
  if (!Number.isFinite(pct)) return '—';
  let text: string;
  if (pct !== 0 && Math.abs(pct) < 1) {
    text = numberFormat(locale, { maximumSignificantDigits: 3 }).format(pct);
  } else {
    let v = round2(pct);
    if (pct < 100 && v >= 100) v = 99.99;
    text = numberFormat(locale, { maximumFractionDigits: 2 }).format(v);
  }
  return `${text}${NBSP}%`;
}

/** A number with the locale's grouping and decimal mark, at most `maxFractionDigits` decimals. */
export function numberText(n: number, locale: string, maxFractionDigits = 3): string {
  if (!Number.isFinite(n)) return '—';
  return numberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(n);
}
