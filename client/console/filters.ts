/** Table filters of the console (pure): what the filter bar holds and how rows are matched. */
import {
  alertCategory,
  SEVERITY_RANK,
  type Alert,
  type Incident,
  type LngLat,
} from '../../shared/schemas/index.js';

export interface Filters {
  agency: string;
  kecamatan: string;
  category: string;
  severity: string;
  status: string;
  /** `datetime-local` values, read as WITA. */
  from: string;
  to: string;
  /** Free text: title, place, description, assignee (every word must match). */
  q: string;
}

export const EMPTY_FILTERS: Filters = {
  agency: '',
  kecamatan: '',
  category: '',
  severity: '',
  status: 'open',
  from: '',
  to: '',
  q: '',
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

/** Where a row is, by name (either may be null: an older alert, a place outside the city). */
export interface PlaceNames {
  kelurahan: string | null;
  kecamatan: string | null;
}

/** The kecamatan code of an alert: its place's, else from its kelurahan code. */
export function alertKecamatan(a: Alert): string | null {
  return a.place?.kecamatan?.code ?? kecamatanOf(a.place?.kelurahan?.code ?? a.kelurahanCode);
}

/** An alert's kelurahan and kecamatan names: from its place, else from the area names by code. */
export function alertPlace(a: Alert, names: ReadonlyMap<string, string>): PlaceNames {
  const kelCode = a.place?.kelurahan?.code ?? a.kelurahanCode;
  const kecCode = alertKecamatan(a);
  return {
    kelurahan: a.place?.kelurahan?.name ?? (kelCode ? (names.get(kelCode) ?? null) : null),
    kecamatan: a.place?.kecamatan?.name ?? (kecCode ? (names.get(kecCode) ?? null) : null),
  };
}

/** An incident's kelurahan and kecamatan names from the area names. */
export function incidentPlace(i: Incident, names: ReadonlyMap<string, string>): PlaceNames {
  const kecCode = i.kecamatanCode ?? kecamatanOf(i.kelurahanCode);
  return {
    kelurahan: i.kelurahanCode ? (names.get(i.kelurahanCode) ?? null) : null,
    kecamatan: kecCode ? (names.get(kecCode) ?? null) : null,
  };
}

/** Where to put an alert on a map: its place's point, else its newest member's; null when none. */
export function alertLocation(a: Alert): LngLat | null {
  if (a.place?.location) return a.place.location;
  const members = a.members ?? [];
  for (let i = members.length - 1; i >= 0; i--) {
    const at = members[i]?.location;
    if (at) return at;
  }
  return null;
}

/** Members of a grouped alert: more than one source condition joined it. */
export function groupSize(a: Alert): number {
  return a.members && a.members.length > 1 ? a.members.length : 0;
}

/** Lower case without diacritics, for matching typed text. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** The words of a search, folded; empty when there is nothing to search for. */
export function searchWords(q: string): string[] {
  return fold(q).split(/\s+/).filter(Boolean);
}

/** Whether every word occurs in one of the texts. */
export function matchWords(words: readonly string[], texts: readonly (string | null | undefined)[]): boolean {
  if (words.length === 0) return true;
  const hay = fold(texts.filter(Boolean).join('\n'));
  return words.every((w) => hay.includes(w));
}

function inRange(at: string, f: Filters): boolean {
  const ms = Date.parse(at);
  const from = witaInputToMs(f.from);
  const to = witaInputToMs(f.to);
  return (from === null || ms >= from) && (to === null || ms <= to);
}

const OPEN_ALERT = new Set<Alert['status']>(['new', 'acknowledged', 'snoozed']);

/** Whether an alert is still to be worked on. */
export function isOpenAlert(a: Alert): boolean {
  return OPEN_ALERT.has(a.status);
}

/** The texts an alert is searched in: title, place, description, assignee, acknowledger, members. */
export function alertSearchTexts(a: Alert, names: ReadonlyMap<string, string>): string[] {
  const place = alertPlace(a, names);
  return [
    a.title,
    place.kelurahan ?? '',
    place.kecamatan ?? '',
    a.description ?? '',
    a.assignee ?? '',
    a.acknowledgedBy?.username ?? '',
    ...(a.members ?? []).map((m) => m.title),
  ];
}

/** Whether an alert passes the filters (`names`: area names by code, for the search by place). */
export function matchAlert(a: Alert, f: Filters, names: ReadonlyMap<string, string> = new Map()): boolean {
  if (f.agency && a.agencyId !== f.agency) return false;
  if (f.kecamatan && alertKecamatan(a) !== f.kecamatan) return false;
  if (f.category && alertCategory(a) !== f.category) return false;
  if (f.severity && a.severity !== f.severity) return false;
  if (f.status === 'open' && !OPEN_ALERT.has(a.status)) return false;
  if (f.status && f.status !== 'open' && f.status !== 'all' && a.status !== f.status) return false;
  if (!inRange(a.createdAt, f)) return false;
  const words = searchWords(f.q);
  return words.length === 0 || matchWords(words, alertSearchTexts(a, names));
}

/** Whether an incident passes the filters; `alertOf` gives its alert (for the search by assignee). */
export function matchIncident(
  i: Incident,
  f: Filters,
  names: ReadonlyMap<string, string> = new Map(),
  alertOf?: (i: Incident) => Alert | undefined,
): boolean {
  if (f.agency && i.agencyId !== f.agency) return false;
  if (f.kecamatan && (i.kecamatanCode ?? kecamatanOf(i.kelurahanCode)) !== f.kecamatan) return false;
  if (f.category && i.category !== f.category) return false;
  if (f.severity && i.severity !== f.severity) return false;
  if (f.status && f.status !== 'all' && i.status !== f.status) return false;
  if (!inRange(i.receivedAt, f)) return false;
  const words = searchWords(f.q);
  if (words.length === 0) return true;
  const place = incidentPlace(i, names);
  const alert = alertOf?.(i);
  return matchWords(words, [
    i.title,
    place.kelurahan,
    place.kecamatan,
    i.description,
    alert?.assignee,
    alert?.acknowledgedBy?.username,
  ]);
}

/** The alert of each incident: by the alert's dedupe key (`incident:<id>`) and its grouped members. */
export function alertsByIncident(alerts: Iterable<Alert>): Map<string, Alert> {
  const out = new Map<string, Alert>();
  const put = (key: string, a: Alert): void => {
    if (!key.startsWith('incident:')) return;
    const id = key.slice('incident:'.length);
    const prev = out.get(id);
    // An open alert wins over a finished one, a newer over an older.
    if (
      !prev ||
      (isOpenAlert(a) && !isOpenAlert(prev)) ||
      (isOpenAlert(a) === isOpenAlert(prev) && a.createdAt > prev.createdAt)
    )
      out.set(id, a);
  };
  for (const a of alerts) {
    put(a.dedupeKey, a);
    for (const m of a.members ?? []) put(m.key, a);
  }
  return out;
}

// ---- Sorting ----

export type SortDir = 'asc' | 'desc';
export interface Sort<K extends string = string> {
  key: K;
  dir: SortDir;
}

export const ALERT_SORT_KEYS = [
  'status',
  'severity',
  'title',
  'place',
  'agency',
  'assignee',
  'level',
  'age',
] as const;
export type AlertSortKey = (typeof ALERT_SORT_KEYS)[number];

export const INCIDENT_SORT_KEYS = [
  'severity',
  'category',
  'title',
  'place',
  'agency',
  'assignee',
  'level',
  'status',
  'received',
] as const;
export type IncidentSortKey = (typeof INCIDENT_SORT_KEYS)[number];

const STATUS_ORDER: Record<Alert['status'], number> = {
  new: 0,
  snoozed: 1,
  acknowledged: 2,
  resolved: 3,
  closed: 4,
};

/** The default order: open work first, then severity, then newest. */
export function comparePriority(a: Alert, b: Alert): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    Date.parse(b.createdAt) - Date.parse(a.createdAt)
  );
}

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

/** Text order with empty values last whatever the direction. */
function byText(a: string, b: string, dir: number): number {
  if (!a || !b) return a === b ? 0 : a ? -1 : 1;
  return dir * collator.compare(a, b);
}

/** What each column sorts an alert by. */
export interface AlertSortContext {
  names: ReadonlyMap<string, string>;
  agencyName: (id: string | null) => string;
}

/** Sorts alerts by a column (`null`: the default order); ties keep the default order. */
export function sortAlerts(
  alerts: Iterable<Alert>,
  sort: Sort<AlertSortKey> | null = null,
  ctx?: AlertSortContext,
): Alert[] {
  const list = [...alerts];
  if (!sort || !ctx) return list.sort(comparePriority);
  const d = sort.dir === 'asc' ? 1 : -1;
  const placeText = (a: Alert): string => {
    const p = alertPlace(a, ctx.names);
    return [p.kelurahan, p.kecamatan].filter(Boolean).join(', ');
  };
  const keyed = list.map((a) => ({
    a,
    text: sort.key === 'place' ? placeText(a) : '',
    ms: Date.parse(a.createdAt),
  }));
  const cmp = (x: (typeof keyed)[number], y: (typeof keyed)[number]): number => {
    const a = x.a;
    const b = y.a;
    switch (sort.key) {
      case 'status':
        return d * (STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
      case 'severity':
        return d * (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
      case 'title':
        return byText(a.title, b.title, d);
      case 'place':
        return byText(x.text, y.text, d);
      case 'agency':
        return byText(
          a.agencyId ? ctx.agencyName(a.agencyId) : '',
          b.agencyId ? ctx.agencyName(b.agencyId) : '',
          d,
        );
      case 'assignee':
        return byText(a.assignee ?? '', b.assignee ?? '', d);
      case 'level':
        return d * (a.escalationLevel - b.escalationLevel);
      case 'age':
        // Ascending age: the youngest first.
        return d * (y.ms - x.ms);
    }
  };
  return keyed.sort((x, y) => cmp(x, y) || comparePriority(x.a, y.a)).map((x) => x.a);
}

/** The default incident order: open first, then newest. */
export function compareIncidents(a: Incident, b: Incident): number {
  return (
    Number(b.status === 'open') - Number(a.status === 'open') ||
    Date.parse(b.receivedAt) - Date.parse(a.receivedAt)
  );
}

/** What each column sorts an incident by. */
export interface IncidentSortContext extends AlertSortContext {
  alertOf: (i: Incident) => Alert | undefined;
  categoryName: (c: string) => string;
}

/** Sorts incidents by a column (`null`: the default order); ties keep the default order. */
export function sortIncidents(
  incidents: Iterable<Incident>,
  sort: Sort<IncidentSortKey> | null,
  ctx: IncidentSortContext,
): Incident[] {
  const list = [...incidents];
  if (!sort) return list.sort(compareIncidents);
  const d = sort.dir === 'asc' ? 1 : -1;
  const keyed = list.map((i) => {
    const p = incidentPlace(i, ctx.names);
    return { i, alert: ctx.alertOf(i), place: [p.kelurahan, p.kecamatan].filter(Boolean).join(', ') };
  });
  const cmp = (x: (typeof keyed)[number], y: (typeof keyed)[number]): number => {
    const a = x.i;
    const b = y.i;
    switch (sort.key) {
      case 'severity':
        return d * (SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
      case 'category':
        return byText(ctx.categoryName(a.category), ctx.categoryName(b.category), d);
      case 'title':
        return byText(a.title, b.title, d);
      case 'place':
        return byText(x.place, y.place, d);
      case 'agency':
        return byText(
          a.agencyId ? ctx.agencyName(a.agencyId) : '',
          b.agencyId ? ctx.agencyName(b.agencyId) : '',
          d,
        );
      case 'assignee':
        return byText(x.alert?.assignee ?? '', y.alert?.assignee ?? '', d);
      case 'level':
        return d * ((x.alert?.escalationLevel ?? -1) - (y.alert?.escalationLevel ?? -1));
      case 'status':
        return byText(a.status, b.status, d);
      case 'received':
        return d * (Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
    }
  };
  return keyed.sort((x, y) => cmp(x, y) || compareIncidents(x.i, y.i)).map((x) => x.i);
}
