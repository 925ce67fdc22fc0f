/** WITA (Asia/Makassar) is UTC+8 all year (no daylight saving). */
export const WITA_OFFSET_MS = 8 * 3_600_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** The WITA hour of day (0–23) and day of week (0 = Sunday) of an instant. */
export function witaSlot(ms: number): { hour: number; dow: number } {
  const d = new Date(ms + WITA_OFFSET_MS);
  return { hour: d.getUTCHours(), dow: d.getUTCDay() };
}

/** The start of the UTC hour containing `ms` (WITA hours coincide with UTC hours). */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

const START_RE =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;

/** The accepted forms of a period start, for error messages. */
export const START_FORMS =
  'YYYY-MM-DD, YYYY-MM (month periods) or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM] (no offset = WITA)';

/**
 * Parses a period start: a date (WITA midnight), a month `YYYY-MM` (month periods only) or a date
 * and time with an optional offset (WITA when absent). Returns the UTC ISO instant or a problem.
 */
export function parsePeriodStart(raw: string, period: string): { iso: string } | { error: string } {
  const s = raw.trim();
  const m = START_RE.exec(s);
  if (!m)
    return { error: s ? `bad date "${s}": use ${START_FORMS}` : `period_start is required (${START_FORMS})` };
  const [, y, mo, d, h, mi, se, ms, off] = m;
  if (d === undefined && period !== 'month')
    return { error: `bad date "${s}": a month without a day is only allowed for period "month"` };
  if (h === undefined && period === 'hour')
    return { error: `bad date "${s}": an hour period needs a time, e.g. ${s}T13:00` };
  const parts = [
    Number(y),
    Number(mo),
    Number(d ?? 1),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(se ?? 0),
    Number(ms ?? 0),
  ] as const;
  const local = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], parts[6]);
  const back = new Date(local);
  if (
    back.getUTCFullYear() !== parts[0] ||
    back.getUTCMonth() !== parts[1] - 1 ||
    back.getUTCDate() !== parts[2] ||
    back.getUTCHours() !== parts[3] ||
    parts[4] > 59 ||
    parts[5] > 59
  ) {
    return { error: `bad date "${s}": not a real date or time` };
  }
  let offsetMs = WITA_OFFSET_MS;
  if (off === 'Z') offsetMs = 0;
  else if (off) {
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const at = local - offsetMs;
  if (period === 'hour' && at % HOUR_MS !== 0)
    return { error: `bad date "${s}": an hour period must start on the hour` };
  return { iso: new Date(at).toISOString() };
}
