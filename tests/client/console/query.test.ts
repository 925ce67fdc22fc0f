import { describe, expect, it } from 'vitest';
import {
  alertLocation,
  alertPlace,
  alertsByIncident,
  groupSize,
  matchAlert,
  sortAlerts,
  EMPTY_FILTERS,
} from '../../../client/console/filters.js';
import { DEFAULT_QUERY, parseQuery, printQuery, tabFromHash } from '../../../client/console/query.js';
import { alert, iso, T0 } from '../factories.js';

describe('console query string', () => {
  it('prints only what differs from the defaults and reads it back', () => {
    expect(printQuery(DEFAULT_QUERY)).toBe('');
    const q = {
      ...DEFAULT_QUERY,
      q: 'banjir rob',
      kecamatan: '64.71.03',
      severity: 'extreme',
      status: 'all',
      sort: { key: 'age', dir: 'desc' } as const,
      page: 3,
      focus: 'al-1',
      from: '2026-11-30T07:30',
    };
    const printed = printQuery(q);
    expect(printed).toContain('q=banjir+rob');
    expect(printed).toContain('sort=-age');
    expect(printed).not.toContain('istatus');
    expect(parseQuery(printed)).toEqual(q);
  });

  it('keeps parameters it does not own (the language) and drops unreadable values', () => {
    expect(printQuery({ ...DEFAULT_QUERY, q: 'x' }, '?lang=en&q=old')).toBe('?lang=en&q=x');
    const bad = parseQuery('?sort=-nope&page=-2&sev=awful&kec=64.71&status=eaten&from=yesterday&focus=<b>');
    expect(bad).toEqual(DEFAULT_QUERY);
  });

  it('reads the tab from the hash, sub-pages included, and refuses tabs the user lacks', () => {
    expect(tabFromHash('#map', ['alerts', 'map'])).toBe('map');
    expect(tabFromHash('#config/users', ['alerts', 'config'])).toBe('config');
    expect(tabFromHash('#config', ['alerts', 'map'])).toBe('alerts');
    expect(tabFromHash('', ['alerts'])).toBe('alerts');
  });
});

describe('console alert rows', () => {
  const place = {
    kelurahan: { code: '64.71.06.1004', name: 'Klandasan Ilir' },
    kecamatan: { code: '64.71.06', name: 'Balikpapan Kota' },
    location: [116.845, -1.267] as [number, number],
  };

  it('finds an alert by place, description, assignee and member titles, every word', () => {
    const a = alert('a1', {
      title: 'Banjir',
      place,
      description: 'Air setinggi lutut',
      assignee: 'budi',
      members: [
        {
          key: 'incident:i1',
          title: 'Genangan depan pasar',
          at: iso(T0),
          condition: 'active',
          location: null,
        },
      ],
    });
    const f = (q: string) => matchAlert(a, { ...EMPTY_FILTERS, q });
    expect(f('klandasan banjir')).toBe(true);
    expect(f('LUTUT')).toBe(true);
    expect(f('budi')).toBe(true);
    expect(f('pasar')).toBe(true);
    expect(f('banjir kebakaran')).toBe(false);
    // Older alerts without a place or description are matched (and shown) without them.
    expect(matchAlert(alert('a2'), { ...EMPTY_FILTERS, q: 'alert' })).toBe(true);
    expect(alertPlace(alert('a2'), new Map())).toEqual({ kelurahan: null, kecamatan: null });
  });

  it('filters by the kecamatan of the place when the alert has no kelurahan code (service alerts)', () => {
    const a = alert('svc', { sourceKind: 'service', kelurahanCode: null, place });
    expect(matchAlert(a, { ...EMPTY_FILTERS, kecamatan: '64.71.06' })).toBe(true);
    expect(matchAlert(a, { ...EMPTY_FILTERS, kecamatan: '64.71.01' })).toBe(false);
  });

  it('sorts by a column with the default order breaking ties', () => {
    const rows = [
      alert('old', { createdAt: iso(T0), escalationLevel: 2, assignee: 'zaki' }),
      alert('new', { createdAt: iso(T0 + 60_000), escalationLevel: 0, assignee: null }),
      alert('mid', { createdAt: iso(T0 + 30_000), escalationLevel: 2, assignee: 'ani' }),
    ];
    const ctx = { names: new Map<string, string>(), agencyName: (id: string | null) => id ?? '' };
    const ids = (s: Parameters<typeof sortAlerts>[1]) => sortAlerts(rows, s, ctx).map((a) => a.id);
    expect(ids({ key: 'age', dir: 'asc' })).toEqual(['new', 'mid', 'old']);
    expect(ids({ key: 'level', dir: 'desc' })).toEqual(['mid', 'old', 'new']);
    // Empty assignees last in both directions.
    expect(ids({ key: 'assignee', dir: 'asc' })).toEqual(['mid', 'old', 'new']);
    expect(ids({ key: 'assignee', dir: 'desc' })).toEqual(['old', 'mid', 'new']);
    expect(ids(null)).toEqual(['new', 'mid', 'old']);
  });

  it('knows a group, where to pin it, and which incidents it holds', () => {
    const group = alert('g', {
      members: [
        { key: 'incident:i1', title: 'a', at: iso(T0), condition: 'cleared', location: [116.8, -1.2] },
        { key: 'incident:i2', title: 'b', at: iso(T0 + 1), condition: 'active', location: [116.9, -1.3] },
      ],
    });
    expect(groupSize(group)).toBe(2);
    expect(groupSize(alert('single'))).toBe(0);
    expect(alertLocation(group)).toEqual([116.9, -1.3]);
    expect(alertLocation({ ...group, place })).toEqual(place.location);
    const by = alertsByIncident([group]);
    expect(by.get('i1')?.id).toBe('g');
    expect(by.get('i2')?.id).toBe('g');
  });
});
