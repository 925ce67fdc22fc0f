/** Time and number formatting. Times are always shown in WITA (Asia/Makassar, UTC+8). */
import { locale, t } from './index.js';

import { numberText, percentText } from './numbers.js';
import { WITA_TZ } from './tz.js';

export { WITA_TZ };

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${locale()}|${key}`;
  let f = timeFormatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), { timeZone: WITA_TZ, ...options });
    timeFormatters.set(cacheKey, f);
  }
  return f;
}

function toDate(at: Date | number | string): Date {
  return at instanceof Date ? at : new Date(at);
}

/** `HH:MM:SS` in WITA, always with colons (id-ID would use dots). */
export function formatTimeWita(at: Date | number | string, withSeconds = true): string {
  const parts = formatter(withSeconds ? 'hms' : 'hm', {
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hourCycle: 'h23',
  }).formatToParts(toDate(at));
  return parts
    .filter((p) => p.type === 'hour' || p.type === 'minute' || p.type === 'second')
    .map((p) => p.value)
    .join(':');
}

/** A date such as `Sab, 29 Nov 2026` in WITA. */
export function formatDateWita(at: Date | number | string): string {
  return formatter('date', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(
    toDate(at),
  );
}

/** Date and time, e.g. `29 Nov 12:03 WITA`. */
export function formatDateTimeWita(at: Date | number | string): string {
  const d = formatter('dm', { day: 'numeric', month: 'short' }).format(toDate(at));
  return `${d} ${formatTimeWita(at, false)} ${t('time.zone')}`;
}

/** A compact age: `45 dtk`, `12 mnt`, `3 j 05 mnt`, `2 h`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('age.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('age.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return t('age.hoursMinutes', { h, m: String(m % 60).padStart(2, '0') });
  return t('age.days', { n: Math.floor(h / 24) });
}

/*
 * Numbers: every figure on a screen goes through these (Intl with the UI language: `id-ID` in
 * Indonesian, `en-GB` in English), never through `toFixed` or string concatenation.
 */

/** A number with the language's grouping and decimal mark (`1.234,5` / `1,234.5`), at most 3 decimals unless told. */
export function formatNumber(n: number, maxFractionDigits = 3): string {
  return numberText(n, locale(), maxFractionDigits);
}

/** A value already in percent: `99,95 %`, `100 %` only when exactly 100, `0,0174 %` for small shares; `—` for none. */
export function formatPercent(pct: number | null | undefined): string {
  return pct === null || pct === undefined ? '—' : percentText(pct, locale());
}

/** A share 0..1 (an uptime, a rate) as a percentage, as `formatPercent`; `—` for none. */
export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : percentText(ratio * 100, locale());
}

/** A rounded length of time for "about …": `12 menit`, `5 jam`, `29 hari`. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return t('span.minutes', { n: formatNumber(minutes) });
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return t('span.hours', { n: formatNumber(hours) });
  return t('span.days', { n: formatNumber(Math.round(ms / 86_400_000)) });
}
