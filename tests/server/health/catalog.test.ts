import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { login, type Session } from '../../helpers/api.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';

describe.skipIf(!redisAvailable())(
  'the service catalogue is editable through the API, on every instance, and exports to the file format',
  () => {
    let redis: TestRedis;
    let a: TestServer;
    let b: TestServer;
    let target: Server;
    let hits = 0;
    let url = '';
    let adminA: Session;
    let adminB: Session;

    beforeAll(async () => {
      target = createServer((_req, res) => {
        hits++;
        res.end('<h1>Dinas Perhubungan</h1>');
      });
      await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
      const addr = target.address();
      url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
      redis = await startRedis();
      // The target is on 127.0.0.1, which checks made through the API may reach only when allowed.
      const env = { REDIS_URL: redis.url, PANTAU_CHECK_ALLOWED_NETWORKS: '127.0.0.1/32' };
      [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
      [adminA, adminB] = await Promise.all([login(a.baseUrl), login(b.baseUrl)]);
    });
    afterAll(async () => {
      await Promise.all([a.stop(), b.stop()]);
      await redis.dispose();
      await new Promise((r) => target.close(r));
    });

    const listed = async (s: Session, id: string) => {
      const r = await s.request('GET', '/api/v1/services');
      return (
        r.body as { data: { items: { id: string; name: string; state: { status: string } }[] } }
      ).data.items.find((x) => x.id === id);
    };

    it('refuses a malformed definition with the problem named, and changes nothing', async () => {
      const bad = await adminA.request('POST', '/api/v1/services', {
        id: 'svc-new',
        agencyId: 'dishub',
        name: 'x',
        kind: 'website',
        check: { type: 'http', url: 'ftp://nope', intervalSeconds: 0 },
      });
      expect(bad.status).toBe(400);
      const paths = (bad.body as { error: { issues: { path: (string | number)[] }[] } }).error.issues.map(
        (i) => i.path.join('.'),
      );
      expect(paths.some((p) => p.startsWith('check'))).toBe(true);
      expect(
        (
          await adminA.request('POST', '/api/v1/services', {
            id: 'svc-new',
            agencyId: 'no-such',
            name: 'x',
            kind: 'website',
          })
        ).status,
      ).toBe(400);
      expect(await listed(adminA, 'svc-new')).toBeUndefined();
      const op = await adminA.request('POST', '/api/v1/users', {
        username: 'op-cat',
        password: 'Operator-pw-123456',
        role: 'operator',
      });
      expect(op.status).toBe(201);
      const operator = await login(a.baseUrl, 'op-cat', 'Operator-pw-123456');
      expect(
        (
          await operator.request('POST', '/api/v1/services', {
            id: 'svc-op',
            agencyId: 'dishub',
            name: 'x',
            kind: 'website',
          })
        ).status,
      ).toBe(403);
    });

    it('a service added on A is listed and probed by the instances, edited and deleted everywhere', async () => {
      const created = await adminA.request('POST', '/api/v1/services', {
        id: 'svc-uji-kir',
        agencyId: 'dishub',
        name: 'Uji KIR online',
        kind: 'app',
        url,
        check: { type: 'http', url, bodyContains: 'Perhubungan', intervalSeconds: 1 },
      });
      expect(created.status).toBe(201);
      expect(
        (
          await adminA.request('POST', '/api/v1/services', {
            id: 'svc-uji-kir',
            agencyId: 'dishub',
            name: 'dup',
            kind: 'app',
          })
        ).status,
      ).toBe(409);
      const deadline = Date.now() + 20_000;
      while ((await listed(adminB, 'svc-uji-kir'))?.state.status !== 'up') {
        if (Date.now() > deadline) throw new Error('the new service never came up on B');
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(hits).toBeGreaterThan(0);

      const put = await adminB.request('PUT', '/api/v1/services/svc-uji-kir', {
        id: 'svc-uji-kir',
        agencyId: 'dishub',
        name: 'Uji KIR (baru)',
        kind: 'app',
        url,
        check: { type: 'http', url, intervalSeconds: 1 },
      });
      expect(put.status).toBe(200);
      const until = Date.now() + 10_000;
      while ((await listed(adminA, 'svc-uji-kir'))?.name !== 'Uji KIR (baru)') {
        if (Date.now() > until) throw new Error('the edit never reached A');
        await new Promise((r) => setTimeout(r, 200));
      }

      const yaml = await fetch(`${a.baseUrl}/api/v1/services/export`, { headers: { cookie: adminA.cookie } });
      expect(yaml.headers.get('content-type')).toMatch(/yaml/);
      const doc = parse(await yaml.text()) as {
        services: { id: string; check?: { type: string; url: string } }[];
      };
      expect(doc.services.find((s) => s.id === 'svc-uji-kir')).toMatchObject({
        check: { type: 'http', url },
      });
      expect(doc.services.length).toBeGreaterThan(50);

      expect((await adminA.request('DELETE', '/api/v1/services/svc-uji-kir')).status).toBe(204);
      const gone = Date.now() + 10_000;
      while (await listed(adminB, 'svc-uji-kir')) {
        if (Date.now() > gone) throw new Error('the deletion never reached B');
        await new Promise((r) => setTimeout(r, 200));
      }
      const audit = (
        (await adminA.request('GET', '/api/v1/audit')).body as { data: { items: { action: string }[] } }
      ).data.items.map((e) => e.action);
      expect(audit).toEqual(expect.arrayContaining(['service.create', 'service.update', 'service.delete']));
    });
  },
);
