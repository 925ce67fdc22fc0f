import { describe, expect, it } from 'vitest';
import {
  buildIncidentPins,
  buildServicePins,
  diffPins,
  focusBounds,
  freshIncidentPins,
} from '../../../client/map/features.js';
import { agency, incident, iso, service, state, T0 } from '../factories.js';

const byId = <T>(items: T[], key: (t: T) => string) => new Map(items.map((i) => [key(i), i]));

describe('service pins', () => {
  it('show each agency in the state of its worst service, unknown when a service has no state', () => {
    const agencies = byId([agency('a1', [116.83, -1.27]), agency('a2', [116.85, -1.25])], (a) => a.id);
    const services = byId([service('s1', 'a1'), service('s2', 'a1'), service('s3', 'a2')], (s) => s.id);
    const states = byId([state('s1', 'up'), state('s2', 'down')], (s) => s.serviceId);
    const pins = buildServicePins(agencies, services, states);
    const a1 = pins.features.find((f) => f.properties.id === 'agency:a1');
    const a2 = pins.features.find((f) => f.properties.id === 'agency:a2');
    expect(a1?.properties).toMatchObject({ status: 'down', glyph: '✕', bad: 1, total: 2, showLabel: true });
    expect(a2?.properties).toMatchObject({ status: 'unknown', glyph: '?' });
  });

  it('spread agencies that share an address so none hides another', () => {
    const at: [number, number] = [116.833, -1.2745];
    const agencies = byId([agency('a', at), agency('b', at), agency('c', at)], (a) => a.id);
    const services = byId([service('s1', 'a'), service('s2', 'b'), service('s3', 'c')], (s) => s.id);
    const pins = buildServicePins(agencies, services, new Map());
    const spots = new Set(pins.features.map((f) => f.geometry.coordinates.join(',')));
    expect(spots.size).toBe(3);
  });

  it('focus on the agencies with a padded box, or nothing when they spread over the city', () => {
    const agencies = byId([agency('a', [116.83, -1.27]), agency('b', [116.85, -1.25])], (a) => a.id);
    const services = byId([service('s1', 'a'), service('s2', 'b')], (s) => s.id);
    const box = focusBounds(buildServicePins(agencies, services, new Map()));
    expect(box?.[0][0]).toBeLessThan(116.83);
    expect(box?.[1][1]).toBeGreaterThan(-1.25);
    const far = byId([agency('a', [116.75, -1.27]), agency('b', [117.0, -1.05])], (a) => a.id);
    expect(focusBounds(buildServicePins(far, services, new Map()))).toBeNull();
  });
});

describe('incident pins', () => {
  it('show open incidents only, with a severity glyph, and mark the last minute as fresh', () => {
    const incidents = byId(
      [
        incident('new', { severity: 'extreme', receivedAt: iso(T0 - 10_000) }),
        incident('old', { receivedAt: iso(T0 - 120_000) }),
        incident('gone', { status: 'closed' }),
      ],
      (i) => i.id,
    );
    const pins = buildIncidentPins(incidents);
    expect(pins.features.map((f) => f.properties.id).sort()).toEqual(['new', 'old']);
    expect(pins.features.find((f) => f.properties.id === 'new')?.properties.glyph).toBe('!!!');
    expect(freshIncidentPins(pins.features, T0, 60_000).map((p) => p.properties.id)).toEqual(['new']);
  });

  it('pulse at most a given number of fresh incidents, the most severe and newest first', () => {
    const incidents = byId(
      [
        incident('minor-newest', { severity: 'minor', receivedAt: iso(T0 - 1_000) }),
        incident('extreme-older', { severity: 'extreme', receivedAt: iso(T0 - 30_000) }),
        incident('minor-older', { severity: 'minor', receivedAt: iso(T0 - 20_000) }),
        incident('extreme-stale', { severity: 'extreme', receivedAt: iso(T0 - 90_000) }),
      ],
      (i) => i.id,
    );
    const pins = buildIncidentPins(incidents).features;
    const ids = (limit: number) => freshIncidentPins(pins, T0, 60_000, limit).map((p) => p.properties.id);
    expect(ids(2)).toEqual(['extreme-older', 'minor-newest']);
    expect(ids(10)).toEqual(['extreme-older', 'minor-newest', 'minor-older']);
  });

  it('diff by id into adds, updates and removals', () => {
    const first = buildIncidentPins(byId([incident('a'), incident('b')], (i) => i.id));
    const prev = new Map(first.features.map((f) => [f.properties.id, f]));
    const next = buildIncidentPins(
      byId([incident('a'), incident('b', { severity: 'extreme' }), incident('c')], (i) => i.id),
    );
    const d = diffPins(prev, next);
    expect(d.add.map((f) => f.properties.id)).toEqual(['c']);
    expect(d.update.map((f) => f.properties.id)).toEqual(['b']);
    expect(d.remove).toEqual([]);
    // An unchanged incident object gives back the very same pin, so the diff skips it cheaply.
    const again = buildIncidentPins(
      byId(
        [...next.features.map((f) => f.properties.id)].map((id) => incident(id)),
        (i) => i.id,
      ),
    );
    expect(again.features[0]).not.toBe(next.features[0]);
    const sameObjects = new Map([['x', incident('x')]]);
    expect(buildIncidentPins(sameObjects).features[0]).toBe(buildIncidentPins(sameObjects).features[0]);
    const gone = diffPins(
      new Map(next.features.map((f) => [f.properties.id, f])),
      buildIncidentPins(new Map()),
    );
    expect(gone.remove.sort()).toEqual(['a', 'b', 'c']);
  });
});
