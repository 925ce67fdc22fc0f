/**
 * Replay: `GET /api/v1/snapshot?at=` answers the live set as it was at that instant — from a
 * checkpoint and the logged events after it — for the caller's role and agency; the future is a
 * 400, and a time before any kept history a 410.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Incident } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../helpers/api.js';
import { createUser, dataOf, errorOf, loginAs } from '../helpers/http.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { sleep } from '../helpers/wait.js';
import { describeOnStores } from '../helpers/stores.js';

describeOnStores('replay', ({ redis: useRedis }) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let admin: Session;
  let key: string;
  const marks: Record<string, string> = {};

  const idsAt = async (s: Session, at: string) => {
    const r = await s.request('GET', `/api/v1/snapshot?at=${encodeURIComponent(at)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return dataOf<{ incidents: Incident[] }>(r)
      .incidents.map((i) => i.id)
      .sort();
  };

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : null;
    server = await startServer({
      env: { ...(redis ? { REDIS_URL: redis.url } : {}), PANTAU_CHECKPOINT_SECONDS: '5' },
    });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
    const post = async (id: string, over: Record<string, unknown>) =>
      expect((await ingest(server.baseUrl, key, '/api/v1/incidents', incident(id, over))).status).toBe(202);
    await post('rp-fire', { category: 'fire', agencyId: 'damkar' });
    await post('rp-flood', { category: 'flood', agencyId: 'bpbd' });
    await sleep(300);
    marks.t1 = new Date().toISOString();
    // A checkpoint is taken meanwhile (every 5 s): later answers come from it plus the events after it.
    await sleep(6_000);
    await post('rp-fire', { category: 'fire', agencyId: 'damkar', status: 'closed' });
    await post('rp-crime', { category: 'crime', agencyId: 'satpolpp' });
    await sleep(300);
    marks.t2 = new Date().toISOString();
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('shows what was open then, not what is open now', async () => {
    expect(await idsAt(admin, marks.t1 ?? '')).toEqual(['rp-fire', 'rp-flood']);
    expect(await idsAt(admin, marks.t2 ?? '')).toEqual(['rp-crime', 'rp-flood']);
    const now = dataOf<{ incidents: Incident[] }>(await admin.request('GET', '/api/v1/snapshot'))
      .incidents.map((i) => i.id)
      .sort();
    expect(now).toEqual(['rp-crime', 'rp-flood']);
    const r = await admin.request('GET', `/api/v1/snapshot?at=${encodeURIComponent(marks.t1 ?? '')}`);
    expect(dataOf<{ replayAt: string }>(r).replayAt).toBe(marks.t1);
  });

  it("keeps a liaison to its own agency's past", async () => {
    const liaison = await loginAs(server.baseUrl, await createUser(admin, 'liaison', 'damkar'));
    expect(await idsAt(liaison, marks.t1 ?? '')).toEqual(['rp-fire']);
    expect(await idsAt(liaison, marks.t2 ?? '')).toEqual([]);
  });

  it('exports the events of a time window, in order, for the after-action review (NDJSON and CSV)', async () => {
    const from = new Date(Date.parse(marks.t1 ?? '') - 60_000).toISOString();
    const r = await fetch(`${server.baseUrl}/api/v1/events/export?from=${from}&to=${marks.t2}`, {
      headers: { cookie: admin.cookie },
    });
    expect(r.status).toBe(200);
    const lines = (await r.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { at: string; type: string; data: { id?: string; status?: string } });
    const fire = lines
      .filter((l) => l.type === 'incident' && l.data.id === 'rp-fire')
      .map((l) => l.data.status);
    expect(fire).toEqual(['open', 'closed']);
    expect(lines.map((l) => l.at)).toEqual([...lines.map((l) => l.at)].sort());
    const csv = await fetch(`${server.baseUrl}/api/v1/events/export?from=${from}&to=${marks.t1}&format=csv`, {
      headers: { cookie: admin.cookie },
    });
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A byte-order mark first (Excel), then the header.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('at,event,type,id,status,agency,title\r\n')).toBe(true);
    expect(text).toContain('rp-flood');
    expect(text).not.toContain('rp-crime');
    const liaison = await loginAs(server.baseUrl, await createUser(admin, 'liaison', 'bpbd'));
    expect((await liaison.request('GET', `/api/v1/events/export?from=${from}&to=${marks.t2}`)).status).toBe(
      403,
    );
  });

  it('refuses the future (400) and a time before any kept history (410)', async () => {
    const future = await admin.request('GET', '/api/v1/snapshot?at=2099-01-01T00:00:00Z');
    expect(future.status).toBe(400);
    expect(errorOf(future).issues?.[0]?.path).toEqual(['at']);
    const before = await admin.request('GET', '/api/v1/snapshot?at=2001-01-01T00:00:00Z');
    expect(before.status).toBe(410);
    expect(errorOf(before).code).toBe('outside_replay_window');
  });
});
