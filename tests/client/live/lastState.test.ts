import { describe, expect, it } from 'vitest';
import { capItems, recordFor, tokenTag, usableRecord } from '../../../client/live/lastState.js';
import { LiveStore } from '../../../client/live/store.js';
import { alert, incident, iso, snapshot, T0 } from '../factories.js';

function liveStore(): LiveStore {
  const store = new LiveStore();
  store.connected();
  store.applySnapshot(snapshot({ incidents: [incident('i1')], alerts: [alert('al1')] }), T0);
  return store;
}

describe('last state', () => {
  it('keeps the newest items, the open ones first, up to the cap', () => {
    const items = [
      { id: 'closed-new', open: false, updatedAt: iso(T0 + 3000) },
      { id: 'open-old', open: true, updatedAt: iso(T0) },
      { id: 'open-new', open: true, updatedAt: iso(T0 + 2000) },
      { id: 'closed-old', open: false, updatedAt: iso(T0 + 1000) },
    ];
    expect(capItems(items, (i) => i.open, 3).map((i) => i.id)).toEqual([
      'open-new',
      'open-old',
      'closed-new',
    ]);
    expect(capItems(items, (i) => i.open, 10)).toHaveLength(4);
  });

  it('saves only live data, and restores it only for the same token, until a live snapshot replaces it', () => {
    expect(recordFor(new LiveStore().getState(), tokenTag('t'), T0)).toBeNull();
    const rec = recordFor(liveStore().getState(), tokenTag('t'), T0 + 1000);
    expect(rec?.incidents.map((i) => i.id)).toEqual(['i1']);
    expect(usableRecord(rec, tokenTag('t'), T0 + 2000)).toBe(true);
    expect(usableRecord(rec, tokenTag('other'), T0 + 2000)).toBe(false);
    expect(usableRecord(rec, tokenTag(null), T0 + 2000)).toBe(false);
    expect(usableRecord({ format: 1 }, tokenTag('t'), T0)).toBe(false);
    expect(tokenTag('pantau-display-secret')).not.toContain('secret');

    const fresh = new LiveStore();
    if (!rec) throw new Error('no record');
    fresh.restore(rec);
    const s = fresh.getState();
    expect(s.restored).toBe(true);
    expect(s.hasSnapshot).toBe(false);
    expect(s.lastUpdateAt).toBe(T0);
    expect(s.incidents.get('i1')?.title).toBe('Incident i1');
    expect(s.connection).toBe('connecting');

    fresh.connected();
    fresh.applySnapshot(snapshot({ incidents: [incident('i2')] }), T0 + 5000);
    expect(fresh.getState().restored).toBe(false);
    expect([...fresh.getState().incidents.keys()]).toEqual(['i2']);
    // A late restore never replaces live data.
    fresh.restore(rec);
    expect([...fresh.getState().incidents.keys()]).toEqual(['i2']);
  });
});
