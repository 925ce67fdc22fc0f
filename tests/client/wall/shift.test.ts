/**
 * What a night shift reads off the wall, as pure functions: the headline counts what needs action
 * (cleared-but-unacknowledged apart), a grouped alert is one row and one event, and the users KPI
 * counts the metrics the city's apps actually send.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, UsageSample } from '../../../shared/schemas/index.js';
import {
  alertCounts,
  alertsByKey,
  clearedUnattended,
  groupSize,
  needsAction,
  placeParts,
} from '../../../client/wall/alerts.js';
import { escalationRows } from '../../../client/wall/escalation.js';
import { buildFeed } from '../../../client/wall/feed.js';
import { appUsers, USAGE_FRESH_MS } from '../../../client/wall/usage.js';
import { alert, incident, iso, T0 } from '../factories.js';

const ackBy = { userId: 'u1', username: 'sari', role: 'liaison', agencyId: 'a1' };
const member = (id: string, condition: 'active' | 'cleared' = 'active') => ({
  key: `incident:${id}`,
  title: `Banjir ${id}`,
  at: iso(T0),
  condition,
  location: [116.87, -1.24] as [number, number],
});
const byId = (list: Alert[]) => new Map(list.map((a) => [a.id, a]));

describe('alerts needing action', () => {
  it('counts new or escalated-and-unacknowledged alerts whose condition is active; cleared ones apart', () => {
    const list = [
      alert('new-active', { createdAt: iso(T0 - 60_000) }),
      alert('new-cleared', { condition: 'cleared' }),
      alert('escalated-snoozed', { status: 'snoozed', escalationLevel: 1, createdAt: iso(T0 - 120_000) }),
      alert('snoozed', { status: 'snoozed' }),
      alert('acked', { status: 'acknowledged', acknowledgedBy: ackBy, escalationLevel: 2 }),
      alert('acked-cleared', { status: 'acknowledged', acknowledgedBy: ackBy, condition: 'cleared' }),
      alert('resolved', { status: 'resolved' }),
    ];
    expect(list.filter(needsAction).map((a) => a.id)).toEqual(['new-active', 'escalated-snoozed']);
    expect(list.filter(clearedUnattended).map((a) => a.id)).toEqual(['new-cleared']);
    expect(alertCounts(list)).toEqual({
      needsAction: 2,
      oldestNeedsActionAt: T0 - 120_000,
      clearedUnattended: 1,
    });
  });

  it('lists what needs action first and what cleared with nobody on it last', () => {
    const { rows } = escalationRows(
      byId([
        alert('cleared', { condition: 'cleared', severity: 'extreme' }),
        alert('snoozed', { status: 'snoozed' }),
        alert('acked', { status: 'acknowledged', acknowledgedBy: ackBy }),
        alert('active', { severity: 'minor' }),
      ]),
    );
    expect(rows.map((a) => a.id)).toEqual(['active', 'acked', 'snoozed', 'cleared']);
  });
});

describe('grouped alerts', () => {
  const group = alert('g', {
    dedupeKey: 'incident:i1',
    members: ['i1', 'i2', 'i3'].map((id) => member(id)),
    count: 3,
    place: {
      kelurahan: { code: '64.71.05.1001', name: 'Damai Baru' },
      kecamatan: { code: '64.71.05', name: 'Balikpapan Selatan' },
      location: [116.87, -1.24],
    },
  });

  it('know their size and their place; a single alert or an older one has none', () => {
    expect(groupSize(group)).toBe(3);
    expect(groupSize(alert('single', { members: [member('x')] }))).toBeNull();
    expect(groupSize(alert('old'))).toBeNull();
    expect(placeParts(group.place)).toEqual({ kel: 'Damai Baru', kec: 'Balikpapan Selatan' });
    expect(placeParts(undefined)).toEqual({ kel: null, kec: null });
    expect(placeParts({ kelurahan: null, kecamatan: null, location: null })).toEqual({
      kel: null,
      kec: null,
    });
  });

  it('are one event in the feed (their newest incident), however many incidents joined', () => {
    const incidents = new Map(
      ['i1', 'i2', 'i3', 'lone'].map((id, n) => [id, incident(id, { receivedAt: iso(T0 + n * 1000) })]),
    );
    const feed = buildFeed(
      {
        incidents,
        services: new Map(),
        serviceStates: new Map(),
        agencies: new Map(),
        serviceChanges: [],
        alertByKey: alertsByKey([group, alert('lone', { dedupeKey: 'incident:lone' })]),
      },
      5,
    );
    expect(feed.map((f) => [f.key, f.kind === 'incident' ? [f.incident.id, f.size] : null])).toEqual([
      ['i:lone', ['lone', 1]],
      ['g:g', ['i3', 3]],
    ]);
  });
});

describe('app users KPI', () => {
  const sample = (
    appId: string,
    metric: UsageSample['metric'],
    value: number,
    over: Partial<UsageSample> = {},
  ): UsageSample => ({ appId, metric, value, at: iso(T0), period: 'instant', ...over });
  const usage = (list: UsageSample[]) => new Map(list.map((u, i) => [String(i), u]));

  it('sums each app’s live active users (what the demo and the apps send), daily figures where that is all', () => {
    const got = appUsers(
      usage([
        sample('hore', 'active_users', 120),
        sample('hore', 'daily_active_users', 900, { period: 'day' }),
        sample('siak', 'daily_active_users', 300, { period: 'day', at: iso(T0 - 20 * 3_600_000) }),
        sample('siak', 'transactions', 5000, { period: 'hour' }),
        // A kelurahan's share is not the app's whole; a stale figure is not now.
        sample('perizinan', 'active_users', 12, { kelurahanCode: '64.71.04.1001' }),
        sample('simpus', 'active_users', 77, { at: iso(T0 - USAGE_FRESH_MS - 1) }),
      ]),
      T0,
    );
    expect(got).toEqual({ users: 420, apps: 2 });
  });

  it('says nothing when no app reports users', () => {
    expect(appUsers(usage([sample('hore', 'downloads', 50)]), T0)).toBeNull();
  });
});
