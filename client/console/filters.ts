/** Table filters of the console (pure): what the filter bar holds and how rows are matched. */
import { alertCategory, type Alert, type Incident } from '../../shared/schemas/index.js';

export interface Filters {
  agency: string;
  kecamatan: string;
  category: string;
  severity: string;
  status: string;
  /** `datetime-local` values, read as WITA. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: Filters = {
  agency: '',
  kecamatan: '',
  category: '',
  severity: '',
  status: 'open',
  from: '',
  to: '',
};

/** A `datetime-local` value (`2026-11-29T08:30`) read as WITA, in epoch ms; null when empty or invalid. */
export function witaInputToMs(value: string): number | null {
  if (!value) return null;
  const ms = Date.parse(`${value.length === 16 ? value + ':00' : value}+08:00`);
  return Number.isNaN(ms) ? null : ms;
}

/** The kecamatan of a kelurahan code (`64.71.01.1001` → `64.71.01`). */
export function kecamatanOf(kelurahanCode: string | null | undefined): string | null {
  return kelurahanCode ? kelurahanCode.slice(0, 8) : null;
}

function inRange(at: string, f: Filters): boolean {
  const ms = Date.parse(at);
  const from = witaInputToMs(f.from);
  const to = witaInputToMs(f.to);
  return (from === null || ms >= from) && (to === null || ms <= to);
}

const OPEN_ALERT = new Set<Alert['status']>(['new', 'acknowledged', 'snoozed']);

/** Whether an alert passes the filters. */
export function matchAlert(a: Alert, f: Filters): boolean {
  if (f.agency && a.agencyId !== f.agency) return false;
  if (f.kecamatan && kecamatanOf(a.kelurahanCode) !== f.kecamatan) return false;
  if (f.category && alertCategory(a) !== f.category) return false;
  if (f.severity && a.severity !== f.severity) return false;
  if (f.status === 'open' && !OPEN_ALERT.has(a.status)) return false;
  if (f.status && f.status !== 'open' && f.status !== 'all' && a.status !== f.status) return false;
  return inRange(a.createdAt, f);
}

/** Whether an incident passes the filters. */
export function matchIncident(i: Incident, f: Filters): boolean {
  if (f.agency && i.agencyId !== f.agency) return false;
  if (f.kecamatan && (i.kecamatanCode ?? kecamatanOf(i.kelurahanCode)) !== f.kecamatan) return false;
  if (f.category && i.category !== f.category) return false;
  if (f.severity && i.severity !== f.severity) return false;
  if (f.status && f.status !== 'all' && i.status !== f.status) return false;
  return inRange(i.receivedAt, f);
}
