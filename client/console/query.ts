/**
 * The console's view in its URL: the tab in the hash (`#alerts`, `#map`, `#config/users`) and the
 * filters, search, sort, page and map focus in the query string, so a reload keeps them and
 * Back/Forward walk through them. Parsing and printing are pure; `useConsoleUrl` binds them to
 * the browser's history.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { SeveritySchema } from '../../shared/schemas/index.js';
import {
  ALERT_SORT_KEYS,
  INCIDENT_SORT_KEYS,
  type AlertSortKey,
  type Filters,
  type IncidentSortKey,
  type Sort,
} from './filters.js';

export const CONSOLE_TABS = [
  'alerts',
  'incidents',
  'reports',
  'map',
  'services',
  'oncall',
  'governance',
  'config',
] as const;
export type ConsoleTab = (typeof CONSOLE_TABS)[number];

export const ALERT_STATUS_VALUES = [
  'open',
  'all',
  'new',
  'acknowledged',
  'snoozed',
  'resolved',
  'closed',
] as const;
export const INCIDENT_STATUS_VALUES = ['open', 'all', 'closed', 'cancelled'] as const;

/** Which layers the console map shows. */
export type MapLayers = 'all' | 'alerts' | 'incidents';

export interface ConsoleQuery {
  agency: string;
  kecamatan: string;
  category: string;
  severity: string;
  /** `datetime-local` values, read as WITA. */
  from: string;
  to: string;
  q: string;
  /** Alert status filter (`open`, `all` or one status). */
  status: string;
  /** Incident status filter. */
  istatus: string;
  sort: Sort<AlertSortKey> | null;
  isort: Sort<IncidentSortKey> | null;
  /** 1-based pages of the two tables. */
  page: number;
  ipage: number;
  /** The alert the map centres on and rings. */
  focus: string;
  layers: MapLayers;
}

export const DEFAULT_QUERY: ConsoleQuery = {
  agency: '',
  kecamatan: '',
  category: '',
  severity: '',
  from: '',
  to: '',
  q: '',
  status: 'open',
  istatus: 'open',
  sort: null,
  isort: null,
  page: 1,
  ipage: 1,
  focus: '',
  layers: 'all',
};

/** Clears the filters the views share (each view resets its own status filter too). */
export const RESET_FILTERS: Partial<ConsoleQuery> = {
  agency: '',
  kecamatan: '',
  category: '',
  severity: '',
  from: '',
  to: '',
  q: '',
};

/** URL parameter of each field (short, readable, stable: people paste these links). */
const PARAM: Record<keyof ConsoleQuery, string> = {
  agency: 'agency',
  kecamatan: 'kec',
  category: 'cat',
  severity: 'sev',
  from: 'from',
  to: 'to',
  q: 'q',
  status: 'status',
  istatus: 'istatus',
  sort: 'sort',
  isort: 'isort',
  page: 'page',
  ipage: 'ipage',
  focus: 'focus',
  layers: 'layers',
};

const KEC = /^\d{2}\.\d{2}\.\d{2}$/;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;

function parseSort<K extends string>(raw: string | null, keys: readonly K[]): Sort<K> | null {
  if (!raw) return null;
  const desc = raw.startsWith('-');
  const key = (desc ? raw.slice(1) : raw) as K;
  return keys.includes(key) ? { key, dir: desc ? 'desc' : 'asc' } : null;
}

function printSort(s: Sort | null): string {
  return s ? `${s.dir === 'desc' ? '-' : ''}${s.key}` : '';
}

function parsePage(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

function oneOf<T extends string>(raw: string | null, values: readonly T[], fallback: T): T {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/** Reads the console's query string; anything unreadable falls back to its default. */
export function parseQuery(search: string): ConsoleQuery {
  const p = new URLSearchParams(search);
  const get = (k: keyof ConsoleQuery): string | null => p.get(PARAM[k]);
  const token = (k: keyof ConsoleQuery): string => {
    const v = get(k) ?? '';
    return TOKEN.test(v) ? v : '';
  };
  const time = (k: 'from' | 'to'): string => {
    const v = get(k) ?? '';
    return LOCAL_TIME.test(v) ? v : '';
  };
  const kec = get('kecamatan') ?? '';
  return {
    agency: token('agency'),
    kecamatan: KEC.test(kec) ? kec : '',
    category: token('category'),
    severity: (SeveritySchema.options as readonly string[]).includes(get('severity') ?? '')
      ? (get('severity') ?? '')
      : '',
    from: time('from'),
    to: time('to'),
    q: (get('q') ?? '').slice(0, 200),
    status: oneOf(get('status'), ALERT_STATUS_VALUES, 'open'),
    istatus: oneOf(get('istatus'), INCIDENT_STATUS_VALUES, 'open'),
    sort: parseSort(get('sort'), ALERT_SORT_KEYS),
    isort: parseSort(get('isort'), INCIDENT_SORT_KEYS),
    page: parsePage(get('page')),
    ipage: parsePage(get('ipage')),
    focus: token('focus'),
    layers: oneOf(get('layers'), ['all', 'alerts', 'incidents'] as const, 'all'),
  };
}

/**
 * The query string for `q` on top of `current` (other parameters such as `lang` stay), defaults
 * left out; `''` when nothing is left.
 */
export function printQuery(q: ConsoleQuery, current = ''): string {
  const p = new URLSearchParams(current);
  for (const k of Object.keys(PARAM) as (keyof ConsoleQuery)[]) {
    const name = PARAM[k];
    p.delete(name);
    const text = printValue(q, k);
    if (text && text !== printValue(DEFAULT_QUERY, k)) p.set(name, text);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

function printValue(q: ConsoleQuery, k: keyof ConsoleQuery): string {
  if (k === 'sort' || k === 'isort') return printSort(q[k]);
  const v = q[k];
  return typeof v === 'number' ? String(v) : v;
}

/** The filters of the alerts (`status`) or the incidents (`istatus`) from the query. */
export function filtersOf(q: ConsoleQuery, kind: 'alerts' | 'incidents'): Filters {
  return {
    agency: q.agency,
    kecamatan: q.kecamatan,
    category: q.category,
    severity: q.severity,
    status: kind === 'alerts' ? q.status : q.istatus,
    from: q.from,
    to: q.to,
    q: q.q,
  };
}

/** Whether filters other than the status narrow the table (so an empty table means "no match"). */
export function isFiltered(q: ConsoleQuery, kind: 'alerts' | 'incidents'): boolean {
  const other = (f: Filters): string => JSON.stringify({ ...f, status: '' });
  return other(filtersOf(q, kind)) !== other(filtersOf(DEFAULT_QUERY, kind));
}

/** The tab a hash names (`#map`, `#oncall/bpbd`, `#config/users`); `alerts` when none of `allowed`. */
export function tabFromHash(hash: string, allowed: readonly ConsoleTab[]): ConsoleTab {
  const h = hash.replace(/^#/, '').split('/')[0] ?? '';
  return (allowed as readonly string[]).includes(h) ? (h as ConsoleTab) : 'alerts';
}

/** A console URL (path, query, hash) for a tab and a query, keeping the current other parameters. */
export function consoleHref(tab: ConsoleTab, q: ConsoleQuery, current = ''): string {
  return `${window.location.pathname}${printQuery(q, current)}#${tab}`;
}

/** Fields edited keystroke by keystroke: consecutive edits of one of them make one history entry. */
const TYPED = new Set<keyof ConsoleQuery>(['q', 'from', 'to']);

export interface ConsoleUrl {
  tab: ConsoleTab;
  query: ConsoleQuery;
  /** Changes the query (and the tab); a new history entry unless it continues typing in one field. */
  update: (patch: Partial<ConsoleQuery>, tab?: ConsoleTab) => void;
  /** Switches the tab (a new history entry), keeping the query. */
  setTab: (tab: ConsoleTab) => void;
}

/** The console's URL as React state: written with pushState/replaceState, read back on popstate. */
export function useConsoleUrl(allowed: readonly ConsoleTab[]): ConsoleUrl {
  const allowedKey = allowed.join(',');
  const [state, setState] = useState(() => readUrl(allowedKey));
  const lastTyped = useRef<keyof ConsoleQuery | null>(null);

  useEffect(() => {
    const onPop = (): void => {
      lastTyped.current = null;
      setState(readUrl(allowedKey));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [allowedKey]);

  // The URL is the truth: each change starts from it, so two changes in one event both count.
  const update = useCallback(
    (patch: Partial<ConsoleQuery>, tab?: ConsoleTab) => {
      const prev = readUrl(allowedKey);
      const query = { ...prev.query, ...patch };
      const nextTab = tab ?? prev.tab;
      const keys = (Object.keys(patch) as (keyof ConsoleQuery)[]).filter(
        (k) => k !== 'page' && k !== 'ipage',
      );
      const typed = keys.length === 1 && keys[0] && TYPED.has(keys[0]) ? keys[0] : null;
      const replace = typed !== null && typed === lastTyped.current && nextTab === prev.tab;
      lastTyped.current = typed;
      const hash = nextTab === prev.tab && window.location.hash ? window.location.hash : `#${nextTab}`;
      const url = `${window.location.pathname}${printQuery(query, window.location.search)}${hash}`;
      if (replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
      setState({ tab: nextTab, query });
    },
    [allowedKey],
  );

  const setTab = useCallback(
    (tab: ConsoleTab) => {
      const prev = readUrl(allowedKey);
      if (tab === prev.tab) return;
      lastTyped.current = null;
      window.history.pushState(null, '', `${window.location.pathname}${window.location.search}#${tab}`);
      setState({ tab, query: prev.query });
    },
    [allowedKey],
  );

  return { ...state, update, setTab };
}

function readUrl(allowedKey: string): { tab: ConsoleTab; query: ConsoleQuery } {
  const allowed = allowedKey.split(',') as ConsoleTab[];
  return { tab: tabFromHash(window.location.hash, allowed), query: parseQuery(window.location.search) };
}
