/** Time and number formatting. Times are always shown in WITA (Asia/Makassar, UTC+8). */
import { locale, t } from './index.js';

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

/** Integer with the language's grouping. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}
