import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, ingest, type Session } from '../helpers/api.js';
import {
  allIncidents,
  call,
  createDisplay,
  createUser,
  dataOf,
  errorOf,
  loginAdmin,
  loginAs,
  uid,
} from '../helpers/http.js';
import { connectError, connectLive, deltas, type LiveClient } from '../helpers/live.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { sleep, waitFor } from '../helpers/wait.js';

const readiness = async (s: TestServer) => (await call(s.baseUrl, 'GET', '/readyz')).status;
const sawIncident = (c: LiveClient, id: string) =>
  deltas(c.messages).some((d) => d.incidents.some((i) => i.id === id));

describe.skipIf(!redisAvailable())('two instances on one Redis', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let key: string;
  let admin: Session;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    // Started together, as a deployment would: both race to create the first admin.
    [a, b] = await Promise.all([
      startServer({ env: { REDIS_URL: redis.url, PANTAU_INSTANCE_ID: 'a' } }),
      startServer({ env: { REDIS_URL: redis.url, PANTAU_INSTANCE_ID: 'b' } }),
    ]);
    key = await createIngestKey(a.baseUrl);
    admin = await loginAdmin(a.baseUrl);
  });
  afterEach(() => {
    open.splice(0).forEach((c) => c.close());
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  it('delivers an incident ingested on A to a socket connected to B', async () => {
    const { token } = await createDisplay(admin);
    const onB = await connectLive(b.baseUrl, { token });
    open.push(onB);
    expect(onB.messages[0]?.kind).toBe('snapshot');
    const id = uid('a-to-b');
    expect((await ingest(a.baseUrl, key, '/api/v1/incidents', incident(id))).status).toBe(202);
    const d = await onB.until(
      (c) => deltas(c.messages).find((x) => x.incidents.some((i) => i.id === id)),
      'the incident on B',
    );
    expect(d.incidents.find((i) => i.id === id)).toMatchObject({ agencyId: 'bpbd', status: 'open' });
    expect(d.seq).toBe((onB.messages[0]?.seq ?? NaN) + 1);
    // The session made on A is valid on B too: sessions live in the store.
    const me = await call(b.baseUrl, 'GET', '/api/v1/auth/me', { headers: { cookie: admin.cookie } });
    expect(dataOf<{ user: { username: string } }>(me).user.username).toBe('admin');
  });

  it("revokes a liaison's socket on B when the admin changes the account on A", async () => {
    const u = await createUser(admin, 'liaison', 'bpbd');
    const liaison = await loginAs(b.baseUrl, u);
    const onB = await connectLive(b.baseUrl, { cookie: liaison.cookie });
    open.push(onB);
    const r = await admin.request('PATCH', `/api/v1/users/${u.id}`, { password: 'a-brand-new-password' });
    expect(r.status).toBe(200);
    expect(dataOf(r)).toMatchObject({ id: u.id, role: 'liaison', agencyId: 'bpbd' });
    await onB.until((c) => c.revoked.length > 0 && c.disconnects.length > 0, 'revocation on B');
    expect(onB.revoked).toEqual(['account_changed']);
    expect(onB.disconnects[0]).toBe('io server disconnect');
    expect(await connectError(b.baseUrl, { cookie: liaison.cookie })).toBe('unauthorized');
    expect(
      (await call(b.baseUrl, 'GET', '/api/v1/alerts', { headers: { cookie: liaison.cookie } })).status,
    ).toBe(401);
  });

  it(
    'survives Redis going away: not ready and 503 meanwhile, and no accepted incident is lost',
    { timeout: 180_000 },
    async () => {
      const { token } = await createDisplay(admin);
      const onB = await connectLive(b.baseUrl, { token });
      open.push(onB);

      // A steady feed into both instances, recording what each answered.
      const accepted: string[] = [];
      let unavailable = 0;
      let feeding = true;
      const feed = (async () => {
        for (let n = 0; feeding; n++) {
          const id = uid('feed');
          const r = await ingest(
            (n % 2 ? a : b).baseUrl,
            key,
            '/api/v1/incidents',
            incident(id, { severity: 'minor' }),
          ).catch(() => null);
          if (r?.status === 202) accepted.push(id);
          else if (r?.status === 503) unavailable++;
          await sleep(10);
        }
      })();
      await waitFor(() => accepted.length >= 20, 'some accepted incidents');
      await redis.kill(); // a crash, not a clean shutdown: AOF (fsync always) must still hold every acknowledged write
      await waitFor(() => unavailable >= 4, 'the feed to be refused');
      feeding = false;
      await feed;

      for (const s of [a, b]) {
        await waitFor(async () => (await readiness(s)) === 503, 'not ready');
        const ready = await call(s.baseUrl, 'GET', '/readyz');
        expect(ready.body).toMatchObject({ status: 'not_ready', store: 'redis', storeReady: false });
        const refused = await ingest(s.baseUrl, key, '/api/v1/incidents', incident(uid('refused')));
        expect(refused.status).toBe(503);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(errorOf(refused).code).toBe('store_unavailable');
        expect(await call(s.baseUrl, 'GET', '/healthz')).toMatchObject({
          status: 200,
          body: { status: 'ok' },
        });
      }

      await redis.start();
      for (const s of [a, b])
        await waitFor(async () => (await readiness(s)) === 200, 'ready again', {
          timeoutMs: 60_000,
          intervalMs: 250,
        });
      const afterId = uid('after');
      const again = await ingest(a.baseUrl, key, '/api/v1/incidents', incident(afterId));
      expect(again.status).toBe(202);
      expect(dataOf(again)).toMatchObject({ ids: [afterId], created: 1 });
      expect((await ingest(b.baseUrl, key, '/api/v1/incidents', incident(uid('after-b')))).status).toBe(202);

      const stored = new Set((await allIncidents(admin)).items.map((i) => i.id));
      const lost = accepted.filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      expect(stored.has(afterId)).toBe(true);
      // The live push recovers too: B still tails the log after the reconnect.
      const late = uid('late');
      expect((await ingest(a.baseUrl, key, '/api/v1/incidents', incident(late))).status).toBe(202);
      await onB.until((c) => sawIncident(c, late), 'a delta on B after the outage', 30_000);
    },
  );
});
