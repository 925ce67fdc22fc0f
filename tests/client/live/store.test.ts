import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../../shared/limits.js';
import {
  dataAsOf,
  FINISHED_KEPT,
  FINISHED_RETENTION_MS,
  isStale,
  liveHealth,
  LiveStore,
} from '../../../client/live/store.js';
import { alert, delta, incident, iso, kpis, snapshot, state, T0 } from '../factories.js';

function connectedStore(): LiveStore {
  const store = new LiveStore();
  store.connected();
  store.applySnapshot(snapshot(), T0);
  return store;
}

describe('LiveStore sequencing', () => {
  it('applies a delta whose seq is one more than the last and upserts by id', () => {
    const store = connectedStore();
    expect(
      store.applyDelta(
        delta(1, { incidents: [incident('i1')], kpis: kpis({ openIncidentsBySeverity: { severe: 1 } }) }),
        T0 + 1000,
      ),
    ).toBe('applied');
    const s = store.getState();
    expect(s.seq).toBe(1);
    expect(s.incidents.get('i1')?.title).toBe('Incident i1');
    expect(s.kpis?.openIncidentsBySeverity.severe).toBe(1);
    expect(s.lastUpdateAt).toBe(T0 + 1000);
  });

  it('reports a gap, changes nothing, and ignores everything until the next snapshot', () => {
    const store = connectedStore();
    expect(store.applyDelta(delta(2, { incidents: [incident('skipped')] }))).toBe('gap');
    expect(store.getState().awaitingSnapshot).toBe(true);
    expect(store.getState().incidents.has('skipped')).toBe(false);
    // Even the "right" next number is not trusted after a gap.
    expect(store.applyDelta(delta(1, { incidents: [incident('late')] }))).toBe('ignored');
    expect(
      store.applyHeartbeat({ seq: 3, at: new Date(T0).toISOString(), feedAt: new Date(T0).toISOString() }),
    ).toBe('ignored');
    expect(store.getState().incidents.has('late')).toBe(false);

    store.applySnapshot(snapshot({ seq: 40, incidents: [incident('fresh')] }), T0 + 5000);
    expect(store.getState().awaitingSnapshot).toBe(false);
    expect(store.applyDelta(delta(41))).toBe('applied');
    expect([...store.getState().incidents.keys()]).toEqual(['fresh']);
  });

  it('counts heartbeats in the same sequence and refreshes lastUpdateAt', () => {
    const store = connectedStore();
    expect(
      store.applyHeartbeat(
        { seq: 1, at: new Date(T0 + 5000).toISOString(), feedAt: new Date(T0 + 4000).toISOString() },
        T0 + 5000,
      ),
    ).toBe('applied');
    expect(store.getState().lastUpdateAt).toBe(T0 + 5000);
    expect(
      store.applyHeartbeat(
        { seq: 1, at: new Date(T0 + 6000).toISOString(), feedAt: new Date(T0 + 6000).toISOString() },
        T0 + 6000,
      ),
    ).toBe('gap');
  });

  it('ignores deltas before the first snapshot of a connection', () => {
    const store = new LiveStore();
    store.connected();
    expect(store.applyDelta(delta(1, { incidents: [incident('x')] }))).toBe('ignored');
    expect(store.getState().incidents.size).toBe(0);
  });

  it('never rolls an item back to an older version', () => {
    const store = connectedStore();
    store.applyDelta(delta(1, { alerts: [alert('a', { version: 3, status: 'acknowledged' })] }));
    store.applyDelta(delta(2, { alerts: [alert('a', { version: 2, status: 'new' })] }));
    expect(store.getState().alerts.get('a')?.status).toBe('acknowledged');
  });

  it('keeps finished items for a while, at most FINISHED_KEPT of them, the newest, and every open one', () => {
    const store = connectedStore();
    const closed = Array.from({ length: FINISHED_KEPT + 50 }, (_, i) =>
      incident(`c${i}`, { status: 'closed', updatedAt: iso(T0 + i * 1000) }),
    );
    const old = incident('old', { status: 'closed', updatedAt: iso(T0 - FINISHED_RETENTION_MS - 60_000) });
    const open = incident('open', { updatedAt: iso(T0 - FINISHED_RETENTION_MS - 60_000) });
    store.applyDelta(delta(1, { incidents: [...closed, old, open] }), T0 + 1000);
    // Pruning runs at most once a minute: the next delta after that prunes.
    store.applyDelta(delta(2), T0 + 2 * 60_000 + (FINISHED_KEPT + 50) * 1000);
    const ids = store.getState().incidents;
    expect(ids.has('open')).toBe(true);
    expect(ids.has('old')).toBe(false);
    expect(ids.size).toBe(FINISHED_KEPT + 1);
    expect(ids.has(`c${FINISHED_KEPT + 49}`)).toBe(true);
    expect(ids.has('c0')).toBe(false);
  });

  it('keeps the identity of slices that did not change', () => {
    const store = connectedStore();
    const before = store.getState();
    store.applyDelta(delta(1, { incidents: [incident('i1')] }));
    const after = store.getState();
    expect(after.incidents).not.toBe(before.incidents);
    expect(after.alerts).toBe(before.alerts);
    expect(after.serviceStates).toBe(before.serviceStates);
  });

  it('records service state transitions for the event feed, also across a resync', () => {
    const store = connectedStore();
    store.applyDelta(delta(1, { serviceStates: [state('s1', 'down', 2, T0 + 1000)] }));
    expect(store.getState().serviceChanges).toEqual([
      { serviceId: 's1', from: 'up', to: 'down', at: new Date(T0 + 1000).toISOString() },
    ]);
    store.applySnapshot(
      snapshot({ seq: 9, serviceStates: [state('s1', 'up', 3, T0 + 9000), state('s2', 'up')] }),
    );
    expect(store.getState().serviceChanges[0]).toMatchObject({ serviceId: 's1', from: 'down', to: 'up' });
  });
});

describe('connection and staleness', () => {
  it('is stale when disconnected, never updated, or silent for longer than STALE_AFTER_MS', () => {
    const store = connectedStore();
    expect(isStale(store.getState(), T0 + 1000)).toBe(false);
    expect(isStale(store.getState(), T0 + STALE_AFTER_MS + 1)).toBe(true);
    store.disconnected();
    expect(isStale(store.getState(), T0 + 1000)).toBe(true);
    expect(isStale(new LiveStore().getState(), T0)).toBe(true);
  });

  it("says 'feed stalled' — not live, not disconnected — while heartbeats come but the server's feed is old", () => {
    const store = connectedStore();
    // The wall PC's clock is 2 minutes behind the server's: judged on the server's clock all the same.
    const skew = 120_000;
    const at = (ms: number) => new Date(ms).toISOString();
    store.applyHeartbeat({ seq: 1, at: at(T0 + 5_000), feedAt: at(T0 + 4_000) }, T0 + 5_000 - skew);
    expect(liveHealth(store.getState(), T0 + 6_000 - skew)).toBe('live');
    // Heartbeats keep coming (the server is alive) but its last read of the log stays at T0 + 4 s.
    for (let i = 2; i <= 5; i++)
      store.applyHeartbeat({ seq: i, at: at(T0 + i * 5_000), feedAt: at(T0 + 4_000) }, T0 + i * 5_000 - skew);
    const now = T0 + 25_000 - skew;
    expect(liveHealth(store.getState(), now)).toBe('feedStalled');
    expect(isStale(store.getState(), now)).toBe(true);
    // The data is as of the feed's last read (in client time), not the last heartbeat.
    expect(dataAsOf(store.getState(), now)).toBe(T0 + 4_000 - skew);
    // The feed resumes: live again at once.
    store.applyHeartbeat({ seq: 6, at: at(T0 + 30_000), feedAt: at(T0 + 29_500) }, T0 + 30_000 - skew);
    expect(liveHealth(store.getState(), T0 + 30_500 - skew)).toBe('live');
    expect(dataAsOf(store.getState(), T0 + 30_500 - skew)).toBe(T0 + 30_000 - skew);
    // Disconnected is its own state, whatever the feed said last.
    store.disconnected();
    expect(liveHealth(store.getState(), T0 + 31_000 - skew)).toBe('offline');
  });

  it('counts a snapshot taken before the server ever read its log as stalled, not live', () => {
    const store = new LiveStore();
    store.connected();
    store.applySnapshot(snapshot({ feedAt: null }), T0);
    expect(liveHealth(store.getState(), T0 + 100)).toBe('feedStalled');
  });

  it('treats revocation as final', () => {
    const store = connectedStore();
    store.revoked('display_revoked');
    store.connected();
    store.disconnected();
    expect(store.getState().connection).toBe('revoked');
    expect(store.getState().revokedReason).toBe('display_revoked');
  });

  it('lets a refused handshake recover when a later attempt is accepted', () => {
    const store = new LiveStore();
    store.refused('unauthorized');
    expect(store.getState().connection).toBe('revoked');
    store.connected();
    expect(store.getState()).toMatchObject({
      connection: 'connected',
      revokedKind: null,
      revokedReason: null,
    });
  });
});
