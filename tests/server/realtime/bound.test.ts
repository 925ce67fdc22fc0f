import { describe, expect, it } from 'vitest';
import { SNAPSHOT_MAX_INCIDENTS } from '../../../shared/limits.js';
import type { Incident } from '../../../shared/schemas/index.js';
import { boundIncidents } from '../../../server/realtime/snapshot.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
function inc(n: number, over: Partial<Incident> = {}): Incident {
  return {
    id: `f-${n}`,
    title: 'x',
    category: n % 2 ? 'fire' : 'flood',
    severity: n % 10 === 0 ? 'extreme' : 'minor',
    location: [116.85, -1.25],
    point: [116.8 + (n % 7) * 0.01, -1.2 - (n % 3) * 0.01],
    occurredAt: new Date(T0 + n * 1000).toISOString(),
    status: 'open',
    kecamatanCode: '64.71.01',
    kelurahanCode: n % 3 ? '64.71.01.1001' : '64.71.01.1002',
    outsideCity: false,
    source: 'api',
    receivedAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    repeatCount: 0,
    lastSeenAt: new Date(T0).toISOString(),
    timeline: [],
    version: 1,
    ...over,
  };
}

describe('the snapshot of a flood', () => {
  it('passes a live set within the bound unchanged', () => {
    const few = Array.from({ length: 10 }, (_, n) => inc(n));
    expect(boundIncidents(few)).toEqual({ incidents: few, clusters: [] });
  });

  it('keeps the most severe and newest in full and counts the rest per kelurahan and category', () => {
    const flood = Array.from({ length: SNAPSHOT_MAX_INCIDENTS + 500 }, (_, n) => inc(n));
    const { incidents, clusters } = boundIncidents(flood);
    expect(incidents).toHaveLength(SNAPSHOT_MAX_INCIDENTS);
    // Every extreme one is in full, and the minor ones kept are the newest.
    expect(incidents.filter((i) => i.severity === 'extreme')).toHaveLength(
      flood.filter((i) => i.severity === 'extreme').length,
    );
    const keptMinor = incidents.filter((i) => i.severity === 'minor').map((i) => Number(i.id.slice(2)));
    const droppedMinor = flood.filter((i) => !incidents.includes(i)).map((i) => Number(i.id.slice(2)));
    expect(Math.min(...keptMinor)).toBeGreaterThan(Math.max(...droppedMinor));
    // The rest, counted: nothing lost, grouped by kelurahan and category, at the mean of their points.
    expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(500);
    expect(new Set(clusters.map((c) => `${c.kelurahanCode}|${c.category}`)).size).toBe(clusters.length);
    for (const c of clusters) {
      const members = flood.filter(
        (i) => !incidents.includes(i) && i.kelurahanCode === c.kelurahanCode && i.category === c.category,
      );
      expect(c.count).toBe(members.length);
      expect(c.point[0]).toBeCloseTo(members.reduce((s, i) => s + i.point[0], 0) / members.length, 9);
    }
  });
});
