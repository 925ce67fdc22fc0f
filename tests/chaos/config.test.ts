/**
 * Chaos (e): configuration can never brick an instance. A non-web URL on a website is refused
 * with 400; entries planted invalid directly in Redis (by an older version, or by hand) are
 * quarantined: running instances keep applying later edits, a new instance starts and serves,
 * admins see them listed with the reason, and PUT fixes or DELETE removes them.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, ingest, login, type Session } from '../helpers/api.js';
import { errorOf } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

interface Invalid {
  kind: string;
  id: string;
  message: string;
}

const website = (id: string, url: string) => ({
  id,
  agencyId: 'diskominfo',
  name: `Situs ${id}`,
  kind: 'website',
  url,
});

describe.skipIf(!redisAvailable())('chaos: bad configuration edits and invalid stored entries', () => {
  let redis: TestRedis;
  let raw: Redis;
  let a: TestServer;
  let b: TestServer;
  let late: TestServer | null = null;
  let adminA: Session;
  let adminB: Session;

  beforeAll(async () => {
    redis = await startRedis();
    raw = new Redis(redis.url);
    [a, b] = await Promise.all([
      startServer({ env: { REDIS_URL: redis.url } }),
      startServer({ env: { REDIS_URL: redis.url } }),
    ]);
    [adminA, adminB] = await Promise.all([login(a.baseUrl), login(b.baseUrl)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), late?.stop()]);
    raw?.disconnect();
    await redis?.dispose();
  });

  const serviceIds = async (s: Session) => {
    const r = await s.request('GET', '/api/v1/services');
    expect(r.status).toBe(200);
    return (r.body as { data: { items: { id: string }[] } }).data.items.map((x) => x.id);
  };

  it('refuses a website whose URL is not http(s), on POST and PUT, naming the field, and writes nothing', async () => {
    for (const url of ['ftp://files.balikpapan.go.id/', 'javascript:alert(1)']) {
      const r = await adminA.request('POST', '/api/v1/services', website('web-bad', url));
      expect(r.status).toBe(400);
      expect(errorOf(r).issues?.map((i) => i.path.join('.'))).toContain('url');
    }
    expect(await serviceIds(adminA)).not.toContain('web-bad');
    expect(
      (await adminA.request('POST', '/api/v1/services', website('web-ok', 'https://ok.balikpapan.go.id/')))
        .status,
    ).toBe(201);
    const put = await adminA.request(
      'PUT',
      '/api/v1/services/web-ok',
      website('web-ok', 'ftp://ok.balikpapan.go.id/'),
    );
    expect(put.status).toBe(400);
    expect(await raw.hget('pantau:doc:service-defs', 'web-ok')).toContain('https://ok.balikpapan.go.id/');
  });

  it('keeps running instances applying later edits, and a new instance starts and serves, with invalid entries stored', async () => {
    // Planted as an older version or a hand edit would leave them.
    const bad = JSON.stringify({
      id: 'web-ftp',
      service: website('web-ftp', 'ftp://x.balikpapan.go.id/'),
      updatedAt: '2026-01-01T00:00:00Z',
      updatedBy: 'old',
      version: 1,
    });
    await raw.hset('pantau:doc:service-defs', 'web-ftp', bad, 'web-junk', '{not json');
    await raw.hset('pantau:ver:service-defs', 'web-ftp', '1', 'web-junk', '1');
    await raw.hset(
      'pantau:doc:agency-defs',
      'dinas-x',
      JSON.stringify({ id: 'dinas-x', agency: { id: 'dinas-x', name: '' }, version: 1 }),
    );
    await raw.hset(
      'pantau:doc:escalation-policies',
      'bpbd',
      JSON.stringify({
        id: 'bpbd',
        agencyId: 'bpbd',
        steps: [{ afterSeconds: -5, action: 'explode' }],
        version: 1,
      }),
    );
    await raw.hset('pantau:ver:escalation-policies', 'bpbd', '1');
    await raw.hset(
      'pantau:doc:maintenance-windows',
      'mw-bad',
      JSON.stringify({ id: 'mw-bad', kind: 'once', startsAt: 'yesterday', version: 1 }),
    );
    // Tell the running instances to re-read, as any edit would.
    await raw.publish('pantau:ch:catalog', 'x');
    await raw.publish('pantau:ch:agencies', 'x');
    await raw.publish('pantau:ch:escalation-policies', 'x');

    // A later edit on A still applies on B.
    expect(
      (
        await adminA.request(
          'POST',
          '/api/v1/services',
          website('web-after', 'https://after.balikpapan.go.id/'),
        )
      ).status,
    ).toBe(201);
    await waitFor(async () => (await serviceIds(adminB)).includes('web-after'), 'the later edit on B');
    expect(await serviceIds(adminB)).not.toContain('web-ftp');

    // Heartbeats still go through with an invalid maintenance window stored.
    const key = await createIngestKey(a.baseUrl);
    const hb = await ingest(a.baseUrl, key, '/api/v1/health/heartbeats', {
      serviceId: 'web-after',
      status: 'up',
      latencyMs: 12,
      checkedAt: new Date().toISOString(),
    });
    expect(hb.status).toBe(202);

    // A new instance starts on this store, becomes ready and serves.
    late = await startServer({ env: { REDIS_URL: redis.url } });
    const adminC = await login(late.baseUrl);
    expect(await serviceIds(adminC)).toEqual(expect.arrayContaining(['web-ok', 'web-after']));
    expect(late.logs()).toMatch(/stored service \\"web-ftp\\" is invalid and left out/);

    // Admins see each invalid entry with its reason; the lists flag them too.
    const listed = await adminC.request('GET', '/api/v1/config/invalid');
    expect(listed.status).toBe(200);
    const items = (listed.body as { data: { items: Invalid[] } }).data.items;
    expect(items.map((i) => `${i.kind}:${i.id}`).sort()).toEqual([
      'agency:dinas-x',
      'escalation-policy:bpbd',
      'maintenance:mw-bad',
      'service:web-ftp',
      'service:web-junk',
    ]);
    expect(items.find((i) => i.id === 'web-ftp')?.message).toMatch(/url/);
    const services = await adminC.request('GET', '/api/v1/services');
    expect((services.body as { data: { invalid: Invalid[] } }).data.invalid.map((i) => i.id).sort()).toEqual([
      'web-ftp',
      'web-junk',
    ]);
    // An agency without its own valid policy falls back to the default.
    const policies = await adminC.request('GET', '/api/v1/escalation-policies');
    expect(
      (policies.body as { data: { items: { id: string }[] } }).data.items.map((p) => p.id),
    ).not.toContain('bpbd');
    // Liaisons and operators are not shown them.
    const op = await adminC.request('POST', '/api/v1/users', {
      username: 'op-chaos',
      password: 'Operator-pw-123456',
      role: 'operator',
    });
    expect(op.status).toBe(201);
    const operator = await login(late.baseUrl, 'op-chaos', 'Operator-pw-123456');
    expect((await operator.request('GET', '/api/v1/config/invalid')).status).toBe(403);
    expect((await operator.request('GET', '/api/v1/services')).body).not.toHaveProperty('data.invalid');
  });

  it('lets PUT fix and DELETE remove invalid entries, on every instance', async () => {
    const fixed = await adminA.request(
      'PUT',
      '/api/v1/services/web-ftp',
      website('web-ftp', 'https://x.balikpapan.go.id/'),
    );
    expect(fixed.status).toBe(200);
    expect((await adminA.request('DELETE', '/api/v1/services/web-junk')).status).toBe(204);
    expect(
      (
        await adminA.request('PUT', '/api/v1/escalation-policies/bpbd', {
          steps: [{ afterSeconds: 60, action: 'notify_supervisor' }],
        })
      ).status,
    ).toBe(200);
    expect((await adminA.request('DELETE', '/api/v1/agencies/dinas-x')).status).toBe(204);
    expect((await adminA.request('DELETE', '/api/v1/maintenance/mw-bad')).status).toBe(204);
    await waitFor(async () => (await serviceIds(adminB)).includes('web-ftp'), 'the fixed service on B');
    expect(await serviceIds(adminB)).not.toContain('web-junk');
    const left = await adminB.request('GET', '/api/v1/config/invalid');
    await waitFor(
      async () =>
        ((await adminB.request('GET', '/api/v1/config/invalid')).body as { data: { items: Invalid[] } }).data
          .items.length === 0,
      'no invalid entries left on B',
    );
    expect(left.status).toBe(200);
  });
});
