/**
 * The schedule editor's form state, as pure functions: a stored schedule → what the inputs hold
 * (clock times and dates in WITA) → the `PUT` body, and a failure's issues → the fields they belong
 * to (`layers.0.start`, `overrides.1.end`, `headUserId`).
 */
import type { OnCallSchedule, OnCallScheduleInput } from '../../../shared/schemas/index.js';
import { ApiError } from '../../live/api.js';
import { headline, pathText, type FormError } from '../config/errors.js';

export type LayerDraft = {
  name: string;
  userIds: string[];
  /** `YYYY-MM-DD`, the WITA date of the first handover. */
  start: string;
  /** `HH:MM` WITA. */
  handoverTime: string;
  lengthDays: string;
  /** Only some hours of each day (a night layer wraps midnight). */
  limitHours: boolean;
  from: string;
  to: string;
};

export type OverrideDraft = {
  userId: string;
  /** `datetime-local` values, read as WITA. */
  start: string;
  end: string;
  note: string;
};

export type ScheduleDraft = { layers: LayerDraft[]; overrides: OverrideDraft[]; headUserId: string };

const WITA_MS = 8 * 3_600_000;

/** An instant as the `datetime-local` value of the same moment in WITA. */
export function witaLocal(at: number | string): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return new Date(ms + WITA_MS).toISOString().slice(0, 16);
}

/** A `datetime-local` value typed in WITA as an ISO instant, or null when unreadable. */
export function fromWitaLocal(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const ms = Date.parse(`${local}:00+08:00`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Today's date in WITA, `YYYY-MM-DD`. */
export function witaToday(now: number): string {
  return witaLocal(now).slice(0, 10);
}

/** A new layer: a weekly rotation handing over at 08:00 WITA from today. */
export function newLayer(now: number, n: number): LayerDraft {
  return {
    name: n === 0 ? 'Mingguan' : `Lapisan ${n + 1}`,
    userIds: [],
    start: witaToday(now),
    handoverTime: '08:00',
    lengthDays: '7',
    limitHours: false,
    from: '17:00',
    to: '08:00',
  };
}

/** A new override: someone stands in from the next full hour for a day. */
export function newOverride(now: number): OverrideDraft {
  const hour = Math.ceil(now / 3_600_000) * 3_600_000;
  return { userId: '', start: witaLocal(hour), end: witaLocal(hour + 24 * 3_600_000), note: '' };
}

/** What the inputs hold for a stored schedule. */
export function draftOf(s: Pick<OnCallSchedule, 'layers' | 'overrides' | 'headUserId'>): ScheduleDraft {
  return {
    layers: s.layers.map((l) => ({
      name: l.name,
      userIds: [...l.userIds],
      start: l.start,
      handoverTime: l.handoverTime,
      lengthDays: String(l.lengthDays),
      limitHours: !!l.hours,
      from: l.hours?.from ?? '17:00',
      to: l.hours?.to ?? '08:00',
    })),
    overrides: s.overrides.map((o) => ({
      userId: o.userId,
      start: witaLocal(o.start),
      end: witaLocal(o.end),
      note: o.note ?? '',
    })),
    headUserId: s.headUserId ?? '',
  };
}

/**
 * The `PUT` body for a draft. Values the browser cannot read (an empty date, a number that is
 * none) go as they are, so the server names them with the same issues it gives anyone.
 */
export function inputOf(d: ScheduleDraft, expectedVersion: number): OnCallScheduleInput {
  return {
    layers: d.layers.map((l) => ({
      name: l.name.trim(),
      userIds: l.userIds,
      start: l.start,
      handoverTime: l.handoverTime,
      lengthDays: l.lengthDays.trim() === '' ? Number.NaN : Number(l.lengthDays),
      ...(l.limitHours ? { hours: { from: l.from, to: l.to } } : {}),
    })),
    overrides: d.overrides.map((o) => ({
      userId: o.userId,
      start: fromWitaLocal(o.start) ?? o.start,
      end: fromWitaLocal(o.end) ?? o.end,
      ...(o.note.trim() ? { note: o.note.trim() } : {}),
    })),
    headUserId: d.headUserId || null,
    expectedVersion,
  };
}

/** The field an issue belongs to: `layers.<i>.<field>`, `overrides.<i>.<field>`, `headUserId`, or the list. */
export function fieldOf(path: readonly (string | number)[]): string {
  const [head, i, field] = path;
  if ((head === 'layers' || head === 'overrides') && typeof i === 'number')
    return typeof field === 'string' ? `${head}.${i}.${field}` : `${head}.${i}`;
  return typeof head === 'string' ? head : '';
}

/** A failed save, its issues sorted onto the editor's fields (the rest listed under the form). */
export function scheduleError(err: unknown, fields: ReadonlySet<string>): FormError {
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  const details = err instanceof ApiError && Array.isArray(err.details) ? (err.details as unknown[]) : [];
  for (const d of details) {
    if (!d || typeof d !== 'object') continue;
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    const p = Array.isArray(path)
      ? (path as unknown[]).filter(
          (x): x is string | number => typeof x === 'string' || typeof x === 'number',
        )
      : [];
    const key = fieldOf(p);
    // A person in a layer's list: say which one (people count from one).
    const rest = p.slice(3);
    const text = rest.length ? `${pathText(rest)}: ${message}` : message;
    if (fields.has(key)) (byField[key] ??= []).push(text);
    else other.push(p.length ? `${pathText(p)}: ${message}` : message);
  }
  return { message: headline(err), fields: byField, other, status: err instanceof ApiError ? err.status : 0 };
}
