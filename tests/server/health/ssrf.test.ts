import { promises as dnsp } from 'node:dns';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createNetGuard } from '../../../server/health/netGuard.js';
import type { Evidence, ServiceState } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import { createUser, dataOf, errorOf, loginAdmin, loginAs } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

interface ListedService {
  id: string;
  state: ServiceState;
  evidence: Evidence | null;
}

/** A real HTTP server on `host` counting requests per path; `/to-other` redirects to `redirectTo`. */
async function target(host: string, redirectTo = '') {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    if (p === '/to-other') res.writeHead(302, { location: redirectTo }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('Dinas Perhubungan');
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    base: `http://${host}:${port}`,
    port,
    hits: (p: string) => hits.get(p) ?? 0,
    total: () => [...hits.values()].reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// The machine's own name, when /etc/hosts (or DNS) maps it to a loopback or private address: a real
// name whose answer only the connect-time guard can refuse.
const ownName = hostname();
const ownNameIsLocal = await dnsp
  .lookup(ownName, { all: true })
  .then(
    (answers) => answers.length > 0 && answers.every((a) => createNetGuard([]).refusal(a.address) !== null),
  )
  .catch(() => false);

const website = (id: string, extra: Record<string, unknown>) => ({
  id,
  agencyId: 'dishub',
  name: `Layanan ${id}`,
  kind: 'website',
  ...extra,
});

describe.skipIf(!redisAvailable())(
  'checks made through the API cannot reach internal addresses; the operator’s own can',
  () => {
    let redisOpen: TestRedis;
    let redisIntranet: TestRedis;
    let open: TestServer;
    let intranet: TestServer;
    let local: Awaited<ReturnType<typeof target>>;
    let other: Awaited<ReturnType<typeof target>>;
    let adminOpen: Session;
    let adminIntranet: Session;
    let dir: string;

    const listed = async (s: Session, id: string): Promise<ListedService | undefined> => {
      const r = await s.request('GET', '/api/v1/services');
      if (r.status !== 200) throw new Error(`services: ${r.status}`);
      return dataOf<{ items: ListedService[] }>(r).items.find((i) => i.id === id);
    };
    const issuePaths = (r: { body: unknown }) => (errorOf(r).issues ?? []).map((i) => i.path.join('.'));

    beforeAll(async () => {
      other = await target('127.0.0.2');
      local = await target('127.0.0.1', `${other.base}/secret`);
      dir = mkdtempSync(path.join(tmpdir(), 'pantau-ssrf-'));
      const file = path.join(dir, 'services.yaml');
      writeFileSync(
        file,
        stringify({
          services: [
            website('t-file', {
              url: `${local.base}/file`,
              check: { type: 'http', url: `${local.base}/file`, intervalSeconds: 1 },
            }),
          ],
        }),
      );
      [redisOpen, redisIntranet] = await Promise.all([startRedis(), startRedis()]);
      // Two separate deployments: one with no allowed networks, one whose intranet is 127.0.0.1 only.
      [open, intranet] = await Promise.all([
        startServer({ env: { REDIS_URL: redisOpen.url, PANTAU_SERVICES_FILE: file } }),
        startServer({ env: { REDIS_URL: redisIntranet.url, PANTAU_CHECK_ALLOWED_NETWORKS: '127.0.0.1/32' } }),
      ]);
      [adminOpen, adminIntranet] = await Promise.all([
        loginAdmin(open.baseUrl),
        loginAdmin(intranet.baseUrl),
      ]);
    });

    afterAll(async () => {
      await Promise.all([open?.stop(), intranet?.stop()]);
      await Promise.all([redisOpen?.dispose(), redisIntranet?.dispose(), local?.close(), other?.close()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('refuses internal addresses when a check is saved, naming the field, and writes nothing', async () => {
      const metadata = await adminOpen.request(
        'POST',
        '/api/v1/services',
        website('svc-meta', { check: { type: 'http', url: 'http://169.254.169.254/latest/meta-data/' } }),
      );
      expect(metadata.status).toBe(400);
      expect(errorOf(metadata).code).toBe('invalid_request');
      expect(errorOf(metadata).issues).toEqual([
        {
          path: ['check', 'url'],
          message: expect.stringMatching(
            /169\.254\.169\.254 is not an allowed target \(link-local address\)/,
          ) as unknown,
        },
      ]);

      const refused: [string, Record<string, unknown>, string][] = [
        ['svc-scan', { check: { type: 'tcp', host: '127.0.0.1', port: 6379 } }, 'check.host'],
        [
          'svc-mapped',
          { check: { type: 'http', url: `http://[::ffff:127.0.0.1]:${local.port}/` } },
          'check.url',
        ],
        ['svc-lh', { check: { type: 'http', url: `http://localhost:${local.port}/` } }, 'check.url'],
        ['svc-dns', { check: { type: 'dns', hostname: '10.0.0.1' } }, 'check.hostname'],
        ['svc-ula', { check: { type: 'tcp', host: 'fc00::1', port: 22 } }, 'check.host'],
        ['svc-cgnat', { check: { type: 'http', url: 'http://100.64.0.1/' } }, 'check.url'],
        // No check: a website is probed on its url, which is judged the same way.
        ['svc-url', { url: 'http://192.168.1.1/' }, 'url'],
      ];
      for (const [id, extra, field] of refused) {
        const r = await adminOpen.request('POST', '/api/v1/services', website(id, extra));
        expect(r.status, id).toBe(400);
        expect(issuePaths(r), id).toEqual([field]);
      }
      for (const id of ['svc-meta', ...refused.map(([id]) => id)])
        expect(await listed(adminOpen, id)).toBeUndefined();

      // Editing is held to the same rule.
      expect((await adminOpen.request('POST', '/api/v1/services', website('svc-edit', {}))).status).toBe(201);
      const put = await adminOpen.request(
        'PUT',
        '/api/v1/services/svc-edit',
        website('svc-edit', { check: { type: 'tcp', host: '127.0.0.1', port: 22 } }),
      );
      expect(put.status).toBe(400);
      expect(issuePaths(put)).toEqual(['check.host']);
    });

    it('still runs the services file’s own check on 127.0.0.1 (trusted) as UP', async () => {
      const svc = await waitFor(async () => {
        const s = await listed(adminOpen, 't-file');
        return s?.state.status === 'up' ? s : null;
      }, 't-file up');
      expect(svc.evidence).toMatchObject({ status: 'up', resolvedIp: '127.0.0.1' });
      expect(local.hits('/file')).toBeGreaterThan(0);
    });

    it.skipIf(!ownNameIsLocal)(
      `refuses at connect time a saved name (${ownName}) that resolves to a local address: DOWN, nothing requested`,
      async () => {
        const url = `http://${ownName}:${local.port}/via-name`;
        expect(
          (
            await adminOpen.request(
              'POST',
              '/api/v1/services',
              website('svc-by-name', { check: { type: 'http', url, intervalSeconds: 1 } }),
            )
          ).status,
        ).toBe(201);
        const svc = await waitFor(async () => {
          const s = await listed(adminOpen, 'svc-by-name');
          return s?.evidence ? s : null;
        }, 'svc-by-name checked');
        expect(svc.evidence).toMatchObject({ status: 'down', reason: 'connect', statusCode: null });
        expect(svc.evidence?.message).toMatch(
          new RegExp(`^${ownName}:${local.port}: address \\S+ is not allowed \\((loopback|private)`),
        );
        expect(local.hits('/via-name')).toBe(0);
      },
    );

    it('accepts and runs a check on an address inside PANTAU_CHECK_ALLOWED_NETWORKS', async () => {
      const created = await adminIntranet.request(
        'POST',
        '/api/v1/services',
        website('svc-intranet', {
          check: {
            type: 'http',
            url: `${local.base}/intranet`,
            bodyContains: 'Perhubungan',
            intervalSeconds: 1,
          },
        }),
      );
      expect(created.status).toBe(201);
      const svc = await waitFor(async () => {
        const s = await listed(adminIntranet, 'svc-intranet');
        return s?.state.status === 'up' ? s : null;
      }, 'svc-intranet up');
      expect(svc.evidence).toMatchObject({ status: 'up', statusCode: 200, resolvedIp: '127.0.0.1' });
      expect(local.hits('/intranet')).toBeGreaterThan(0);
    });

    it('judges each redirect hop: a hop to a disallowed address is DOWN and the other server gets no request', async () => {
      expect(
        (
          await adminIntranet.request(
            'POST',
            '/api/v1/services',
            website('svc-redirect', {
              check: { type: 'http', url: `${local.base}/to-other`, intervalSeconds: 1 },
            }),
          )
        ).status,
      ).toBe(201);
      const svc = await waitFor(async () => {
        const s = await listed(adminIntranet, 'svc-redirect');
        return s?.evidence ? s : null;
      }, 'svc-redirect checked');
      expect(svc.evidence).toMatchObject({
        status: 'down',
        reason: 'connect',
        redirects: [`${other.base}/secret`],
      });
      expect(svc.evidence?.message).toBe(
        `127.0.0.2:${other.port}: address 127.0.0.2 is not allowed (loopback)`,
      );
      expect(local.hits('/to-other')).toBeGreaterThan(0);
      expect(other.total()).toBe(0);
    });

    it('shows condition values only to admins and supervisors, cut to 200 characters; others get null', async () => {
      const url = `${local.base}/long/${'x'.repeat(300)}`;
      const def = website('svc-long', {
        check: { type: 'http', url, mustNotEndAt: 'nowhere-at-all', intervalSeconds: 1 },
      });
      expect((await adminIntranet.request('POST', '/api/v1/services', def)).status).toBe(201);
      await waitFor(async () => (await listed(adminIntranet, 'svc-long'))?.evidence, 'svc-long checked');
      const operator = await loginAs(intranet.baseUrl, await createUser(adminIntranet, 'operator'));
      const supervisor = await loginAs(intranet.baseUrl, await createUser(adminIntranet, 'supervisor'));
      const history = async (s: Session) => {
        const r = await s.request('GET', '/api/v1/services/svc-long/checks?limit=5');
        expect(r.status).toBe(200);
        const first = dataOf<{ items: Evidence[] }>(r).items[0];
        if (!first) throw new Error('no history');
        return first;
      };
      const shown = `${url.slice(0, 199)}…`;
      for (const s of [adminIntranet, supervisor]) {
        for (const ev of [(await listed(s, 'svc-long'))?.evidence, await history(s)]) {
          expect(ev).toMatchObject({
            status: 'up',
            reason: null,
            message: expect.stringMatching(/^HTTP 200 in \d+ ms$/) as unknown,
          });
          expect(ev?.conditions).toContainEqual({
            name: 'final url',
            ok: true,
            actual: shown,
            expected: 'not matching nowhere-at-all',
          });
          expect(ev?.conditions).toContainEqual({
            name: 'status',
            ok: true,
            actual: 200,
            expected: '200-299',
          });
          expect(shown).toHaveLength(200);
        }
      }
      for (const ev of [(await listed(operator, 'svc-long'))?.evidence, await history(operator)]) {
        expect(ev).toMatchObject({
          status: 'up',
          reason: null,
          message: expect.stringMatching(/^HTTP 200 in \d+ ms$/) as unknown,
        });
        expect(ev?.conditions.map((c) => [c.name, c.ok, c.actual])).toEqual([
          ['final url', true, null],
          ['status', true, null],
        ]);
      }
    });
  },
);
