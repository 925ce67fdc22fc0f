import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_HEARTBEAT_MS } from '../../shared/limits.js';
import { DeltaSchema, SnapshotSchema, type Snapshot } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, type Session } from '../helpers/api.js';
import { createDisplay, createUser, loginAdmin, loginAs, uid } from '../helpers/http.js';
import { connectError, connectLive, deltas, seqsConsecutive, type LiveClient } from '../helpers/live.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../helpers/server.js';

let server: TestServer;
let base: string;
let key: string;
let admin: Session;
const open: LiveClient[] = [];

beforeAll(async () => {
  server = await startServer({ env: ONE_ALERT_PER_INCIDENT });
  base = server.baseUrl;
  key = await createIngestKey(base);
  admin = await loginAdmin(base);
});
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  await server?.stop();
});

/** A live client on a fresh display token, closed after the test. */
async function wall(): Promise<LiveClient> {
  const { token } = await createDisplay(admin);
  const c = await connectLive(base, { token });
  open.push(c);
  return c;
}

/** Every incident id a client has seen in deltas. */
const deltaIncidentIds = (c: LiveClient) =>
  new Set(deltas(c.messages).flatMap((d) => d.incidents.map((i) => i.id)));

describe('/live for a wall display', () => {
  it('sends a snapshot, then a delta with an incident ingested over HTTP', async () => {
    const c = await wall();
    const first = c.messages[0];
    expect(first?.kind).toBe('snapshot');
    const snap = first?.data as Snapshot;
    expect(SnapshotSchema.safeParse(snap).error).toBeUndefined();
    expect(snap).toMatchObject({ store: 'memory', demo: false });
    expect(Number.isInteger(snap.seq) && snap.seq >= 0).toBe(true);
    expect(snap.agencies.some((a) => a.id === 'bpbd')).toBe(true);
    expect(snap.services.length).toBeGreaterThan(0);

    const id = uid();
    expect((await ingest(base, key, '/api/v1/incidents', incident(id))).status).toBe(202);
    const delta = await c.until(
      (x) => deltas(x.messages).find((d) => d.incidents.some((i) => i.id === id)),
      'a delta with the incident',
    );
    expect(DeltaSchema.safeParse(delta).error).toBeUndefined();
    expect(delta.incidents.find((i) => i.id === id)).toMatchObject({
      title: 'Banjir di Gunung Samarinda',
      status: 'open',
      agencyId: 'bpbd',
      severity: 'severe',
    });
    expect(delta.alerts.some((a) => a.dedupeKey === `incident:${id}` && a.status === 'new')).toBe(true);
    expect(delta.kpis?.unacknowledgedAlerts).toBeGreaterThan(0);
    expect(c.messages[1]?.seq).toBe(snap.seq + 1);
    expect(seqsConsecutive(c.messages)).toBe(true);
  });

  it('raises seq by exactly one from the snapshot over deltas and heartbeats', async () => {
    const c = await wall();
    expect((await ingest(base, key, '/api/v1/incidents', incident(uid()))).status).toBe(202);
    await c.until((x) => x.messages.some((m) => m.kind === 'delta'), 'a delta');
    await c.until(
      (x) => x.messages.some((m) => m.kind === 'heartbeat'),
      'a heartbeat in a quiet period',
      LIVE_HEARTBEAT_MS * 4,
    );
    const kinds = c.messages.map((m) => m.kind);
    expect(kinds[0]).toBe('snapshot');
    expect(kinds).toContain('delta');
    const s0 = c.messages[0]?.seq ?? NaN;
    expect(c.messages.map((m) => m.seq)).toEqual(c.messages.map((_, n) => s0 + n));
  });

  it('answers resync with a fresh snapshot the sequence continues from without a gap', async () => {
    const c = await wall();
    const id = uid();
    expect((await ingest(base, key, '/api/v1/incidents', incident(id))).status).toBe(202);
    await c.until(() => deltaIncidentIds(c).has(id), 'the delta');
    c.socket.emit('resync');
    const i = await c.until((x) => {
      const n = x.messages.findIndex((m, k) => k > 0 && m.kind === 'snapshot');
      return n > 0 ? n : null;
    }, 'a second snapshot');
    const again = c.messages[i];
    // The snapshot carries the position reached; the next delta is exactly one more.
    expect(again?.seq).toBe(c.messages[i - 1]?.seq);
    expect((again?.data as Snapshot).incidents.some((x) => x.id === id)).toBe(true);
    const later = uid();
    expect((await ingest(base, key, '/api/v1/incidents', incident(later))).status).toBe(202);
    await c.until(() => deltaIncidentIds(c).has(later), 'a delta after the resync');
    expect(c.messages[i + 1]?.seq).toBe((again?.seq ?? NaN) + 1);
    expect(seqsConsecutive(c.messages)).toBe(true);
  });

  it('refuses an anonymous socket and a bogus token', async () => {
    expect(await connectError(base, {})).toBe('unauthorized');
    expect(await connectError(base, { token: 'pd_0000000000_thisIsNotARealToken00' })).toBe('unauthorized');
  });

  it('revokes a connected display when an admin deletes it, and refuses its token afterwards', async () => {
    const { id, token } = await createDisplay(admin, 'lobby wall');
    const c = await connectLive(base, { token });
    open.push(c);
    const r = await admin.request('DELETE', `/api/v1/displays/${id}`);
    expect(r.status).toBe(204);
    await c.until((x) => x.revoked.length > 0 && x.disconnects.length > 0, 'revocation and disconnect');
    expect(c.revoked).toEqual(['display_revoked']);
    expect(c.disconnects[0]).toBe('io server disconnect');
    expect(c.socket.connected).toBe(false);
    expect(await connectError(base, { token })).toBe('revoked');
  });
});

describe('/live for an agency liaison', () => {
  it("delivers its own agency's alerts and never another agency's", async () => {
    const liaisonUser = await createUser(admin, 'liaison', 'bpbd');
    const liaison = await loginAs(base, liaisonUser);
    const mine = await connectLive(base, { cookie: liaison.cookie });
    const witness = await wall();
    open.push(mine);
    expect(mine.messages[0]?.kind).toBe('snapshot');

    const other = uid('dishub');
    const own = uid('bpbd');
    expect(
      (
        await ingest(
          base,
          key,
          '/api/v1/incidents',
          incident(other, { category: 'traffic', agencyId: 'dishub', title: 'Kecelakaan beruntun' }),
        )
      ).status,
    ).toBe(202);
    expect((await ingest(base, key, '/api/v1/incidents', incident(own, { agencyId: 'bpbd' }))).status).toBe(
      202,
    );

    const ownAlert = await mine.until(
      (x) =>
        deltas(x.messages)
          .flatMap((d) => d.alerts)
          .find((a) => a.dedupeKey === `incident:${own}`),
      "the liaison's own alert",
    );
    expect(ownAlert).toMatchObject({ agencyId: 'bpbd', status: 'new', severity: 'severe' });
    // The wall sees both, so the other agency's alert was broadcast before the liaison's own one.
    await witness.until(
      (x) => deltaIncidentIds(x).has(other) && deltaIncidentIds(x).has(own),
      'the wall to see both',
    );
    mine.socket.emit('resync');
    await mine.until((x) => x.messages.filter((m) => m.kind === 'snapshot').length === 2, 'a fresh snapshot');

    for (const m of mine.messages) {
      if (m.kind === 'heartbeat') continue;
      expect(m.data.alerts.every((a) => a.agencyId === 'bpbd')).toBe(true);
      expect(m.data.incidents.every((i) => i.agencyId === 'bpbd')).toBe(true);
      expect(JSON.stringify(m.data)).not.toContain(other);
    }
    expect(deltaIncidentIds(mine).has(own)).toBe(true);
    expect(seqsConsecutive(mine.messages)).toBe(true);
  });
});

describe('/live coalescing', () => {
  it('folds 50 quick separate ingests into far fewer than 50 deltas, losing none', async () => {
    const c = await wall();
    const ids = Array.from({ length: 50 }, () => uid('burst'));
    const replies = await Promise.all(
      ids.map((id) => ingest(base, key, '/api/v1/incidents', incident(id, { severity: 'minor' }))),
    );
    expect(replies.map((r) => r.status)).toEqual(ids.map(() => 202));
    await c.until(() => ids.every((id) => deltaIncidentIds(c).has(id)), 'all 50 incidents');
    const carrying = deltas(c.messages).filter((d) => d.incidents.some((i) => ids.includes(i.id)));
    expect(carrying.length).toBeGreaterThanOrEqual(1);
    expect(carrying.length).toBeLessThanOrEqual(20);
    expect(seqsConsecutive(c.messages)).toBe(true);
  });
});
