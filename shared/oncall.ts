/**
 * Who is on call: pure rotation arithmetic over a schedule (shared/schemas/oncall.ts), used by the
 * server to pick whom to notify and by the console to draw the coming shifts. WITA is UTC+8 all
 * year, so clock times convert with a fixed offset.
 */
import type { OnCallLayer, OnCallSchedule, OnCallShift } from './schemas/oncall.js';

const WITA_OFFSET_MS = 8 * 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3_600_000;

/** Minutes after midnight of `HH:MM`. */
function minutes(clock: string): number {
  const [h = '0', m = '0'] = clock.split(':');
  return Number(h) * 60 + Number(m);
}

/** The instant of a WITA date at a WITA clock time. */
function witaInstant(date: string, clock: string): number {
  return Date.parse(`${date}T00:00:00Z`) - WITA_OFFSET_MS + minutes(clock) * MINUTE_MS;
}

/** Minutes since WITA midnight of an instant. */
function witaMinuteOfDay(ms: number): number {
  const d = new Date(ms + WITA_OFFSET_MS);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
}

/** Whether a layer's daily hours cover an instant (all day without hours). */
function covers(layer: OnCallLayer, ms: number): boolean {
  if (!layer.hours) return true;
  const m = witaMinuteOfDay(ms);
  const from = minutes(layer.hours.from);
  const to = minutes(layer.hours.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** Whose turn it is in a layer at an instant, or null before its first turn or outside its hours. */
function layerAt(layer: OnCallLayer, ms: number): string | null {
  const t0 = witaInstant(layer.start, layer.handoverTime);
  if (ms < t0 || !covers(layer, ms) || layer.userIds.length === 0) return null;
  const turn = Math.floor((ms - t0) / (layer.lengthDays * DAY_MS));
  return layer.userIds[turn % layer.userIds.length] ?? null;
}

export interface OnCallAt {
  userId: string;
  layer: string | null;
  source: 'rotation' | 'override';
}

type Rota = Pick<OnCallSchedule, 'layers' | 'overrides'>;

/** Who is on call at an instant: the latest override covering it, else the last layer covering it. */
export function onCallAt(schedule: Rota, at: Date | number): OnCallAt | null {
  const ms = typeof at === 'number' ? at : at.getTime();
  for (let i = schedule.overrides.length - 1; i >= 0; i--) {
    const o = schedule.overrides[i];
    if (o && Date.parse(o.start) <= ms && ms < Date.parse(o.end))
      return { userId: o.userId, layer: null, source: 'override' };
  }
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const layer = schedule.layers[i];
    const userId = layer ? layerAt(layer, ms) : null;
    if (layer && userId) return { userId, layer: layer.name, source: 'rotation' };
  }
  return null;
}

/** Every instant in [from, to) at which the answer of `onCallAt` may change. */
function boundaries(schedule: Rota, from: number, to: number): number[] {
  const out = new Set<number>([from]);
  const add = (ms: number) => {
    if (ms > from && ms < to) out.add(ms);
  };
  for (const o of schedule.overrides) {
    add(Date.parse(o.start));
    add(Date.parse(o.end));
  }
  const firstDay = new Date(from + WITA_OFFSET_MS).toISOString().slice(0, 10);
  const days = Math.ceil((to - from) / DAY_MS) + 1;
  for (const layer of schedule.layers) {
    const t0 = witaInstant(layer.start, layer.handoverTime);
    const len = layer.lengthDays * DAY_MS;
    const k0 = Math.max(0, Math.floor((from - t0) / len));
    for (let t = t0 + k0 * len; t < to; t += len) add(t);
    if (!layer.hours) continue;
    for (let d = -1; d < days; d++) {
      const day = new Date(Date.parse(`${firstDay}T00:00:00Z`) + d * DAY_MS).toISOString().slice(0, 10);
      add(witaInstant(day, layer.hours.from));
      add(witaInstant(day, layer.hours.to));
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The shifts between two instants, consecutive stretches of one person merged; gaps are left out. */
export function shiftsBetween(schedule: Rota, from: Date | number, to: Date | number): OnCallShift[] {
  const a = typeof from === 'number' ? from : from.getTime();
  const b = typeof to === 'number' ? to : to.getTime();
  const cuts = [...boundaries(schedule, a, b), b];
  const shifts: OnCallShift[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] ?? a;
    const end = cuts[i + 1] ?? b;
    const who = onCallAt(schedule, start);
    const last = shifts.at(-1);
    if (!who) continue;
    if (last && last.userId === who.userId && last.to === new Date(start).toISOString()) {
      last.to = new Date(end).toISOString();
      continue;
    }
    shifts.push({
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      userId: who.userId,
      layer: who.layer,
      source: who.source,
    });
  }
  return shifts;
}
