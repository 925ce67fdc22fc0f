import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Evidence, ServiceState } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import { allAlerts, call, createUser, dataOf, loginAdmin, loginAs } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { startTargets, type Targets } from './targets.js';

interface ListedService {
  id: string;
  state: ServiceState;
  check: { type: string; intervalSeconds: number; target: string } | null;
  evidence: Evidence | null;
}
interface HistoryPage {
  items: (Evidence & { seq: number })[];
  nextBefore: number | null;
}

/** Waits out an observation window; used only where counting per interval needs time to pass. */
const observe = (ms: number) => {
  const until = Date.now() + ms;
  return waitFor(() => Date.now() >= until, `${ms} ms of observation`, {
    timeoutMs: ms + 5_000,
    intervalMs: 100,
  });
};

describe.skipIf(!redisAvailable())('check scheduler on two instances sharing Redis', () => {
  let redis: TestRedis;
  let targets: Targets;
  let a: TestServer;
  let b: TestServer;
  let admin: Session;
  let dir: string;

  const services = async (s: Session = admin): Promise<Map<string, ListedService>> => {
    const r = await s.request('GET', '/api/v1/services');
    if (r.status !== 200) throw new Error(`services: ${r.status}`);
    return new Map(dataOf<{ items: ListedService[] }>(r).items.map((i) => [i.id, i]));
  };
  const history = async (id: string, query = ''): Promise<HistoryPage> => {
    const r = await admin.request('GET', `/api/v1/services/${id}/checks${query}`);
    if (r.status !== 200) throw new Error(`checks: ${r.status} ${JSON.stringify(r.body)}`);
    return dataOf<HistoryPage>(r);
  };

  beforeAll(async () => {
    redis = await startRedis();
    targets = await startTargets();
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-services-'));
    const http = (id: string, p: string, intervalSeconds: number) => ({
      id,
      agencyId: 'dinkes',
      name: `Target ${id}`,
      kind: 'website',
      url: `${targets.base}${p}`,
      check: { type: 'http', url: `${targets.base}${p}`, intervalSeconds, timeoutMs: 3_000 },
    });
    const file = path.join(dir, 'services.yaml');
    writeFileSync(
      file,
      stringify({
        services: [
          http('t-every-1s', '/count-1', 1),
          http('t-every-2s', '/count-2', 2),
          http('t-500', '/500', 1),
          http('t-flip', '/flip', 1),
          {
            id: 't-push',
            agencyId: 'diskominfo',
            name: 'Agen HORE',
            kind: 'app',
            check: { type: 'push', periodSeconds: 1, graceSeconds: 1, intervalSeconds: 1 },
          },
        ],
      }),
    );
    const env = (id: string) => ({
      REDIS_URL: redis.url,
      PANTAU_SERVICES_FILE: file,
      PANTAU_DEMO: '0',
      PANTAU_INSTANCE_ID: id,
    });
    [a, b] = await Promise.all([startServer({ env: env('inst-a') }), startServer({ env: env('inst-b') })]);
    admin = await loginAdmin(b.baseUrl);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await targets?.close();
    await redis?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs each check about once per interval across both instances, never doubled', async () => {
    await waitFor(() => targets.hits('/count-1') > 0 && targets.hits('/count-2') > 0, 'the first runs');
    const start = { at: Date.now(), one: targets.hits('/count-1'), two: targets.hits('/count-2') };
    await observe(8_000);
    const elapsed = Date.now() - start.at;
    for (const [p, intervalMs, before] of [
      ['/count-1', 1_000, start.one],
      ['/count-2', 2_000, start.two],
    ] as const) {
      const ran = targets.hits(p) - before;
      const intervals = elapsed / intervalMs;
      expect(ran, `${p}: ${ran} runs in ${intervals.toFixed(1)} intervals`).toBeLessThanOrEqual(
        Math.ceil(intervals) + 1,
      );
      expect(ran, `${p}: ${ran} runs in ${intervals.toFixed(1)} intervals`).toBeGreaterThanOrEqual(
        Math.floor(intervals) - 1,
      );
    }
    // Both instances compete for every run; which one wins depends on their polling phase, so the
    // winner may be the same one throughout. What must hold is that each run is recorded once, by
    // one of the two.
    const entries = (await history('t-every-1s', '?limit=500')).items;
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(['inst-a', 'inst-b']).toContain(e.instance);
  });

  it('lists a target failing 3 times as DOWN with the reason and the evidence', async () => {
    const svc = await waitFor(async () => {
      const s = (await services()).get('t-500');
      return s?.state.status === 'down' ? s : null;
    }, 't-500 down');
    expect(svc.state).toMatchObject({
      status: 'down',
      reason: 'status',
      message: 'status 500, expected 200-299',
    });
    expect(svc.check).toEqual({ type: 'http', intervalSeconds: 1, target: `${targets.base}/500` });
    expect(svc.evidence).toMatchObject({
      serviceId: 't-500',
      status: 'down',
      reason: 'status',
      statusCode: 500,
      finalUrl: `${targets.base}/500`,
    });
    expect(svc.evidence?.conditions).toContainEqual({
      name: 'status',
      ok: false,
      actual: 500,
      expected: '200-299',
    });
    // The built-in catalogue is listed but not probed without PANTAU_PROBES=1.
    const catalogue = (await services()).get('web-dinkes');
    expect(catalogue).toMatchObject({ check: null, evidence: null });
  });

  it('needs three failures in a row before an UP service is DOWN, and opens its alert', async () => {
    await waitFor(async () => (await services()).get('t-flip')?.state.status === 'up', 't-flip up');
    targets.setStatus('/flip', 503);
    const down = await waitFor(async () => {
      const s = (await services()).get('t-flip');
      return s?.state.status === 'down' ? s : null;
    }, 't-flip down');
    expect(down.state).toMatchObject({ reason: 'status', message: 'status 503, expected 200-299' });
    const items = (await history('t-flip', '?limit=100')).items;
    const lastUp = items.findIndex((e) => e.status === 'up');
    const streakBeforeDown = items.slice(0, lastUp).filter((e) => e.checkedAt <= down.state.since);
    expect(streakBeforeDown.map((e) => e.statusCode)).toEqual([503, 503, 503]);
    const alert = (await allAlerts(admin)).find((x) => x.dedupeKey === 'service:t-flip');
    expect(alert).toMatchObject({ agencyId: 'dinkes', condition: 'active' });
  });

  it('pages through the check history newest first', async () => {
    await waitFor(
      async () => ((await history('t-every-1s', '?limit=1')).items[0]?.seq ?? 0) >= 7,
      'seven runs',
    );
    const first = await history('t-every-1s', '?limit=3');
    expect(first.items).toHaveLength(3);
    const seqs = first.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(first.nextBefore).toBe(seqs[2]);
    const second = await history('t-every-1s', `?limit=3&before=${first.nextBefore}`);
    expect(second.items.map((e) => e.seq)).toEqual([
      (seqs[2] ?? 0) - 1,
      (seqs[2] ?? 0) - 2,
      (seqs[2] ?? 0) - 3,
    ]);
    expect(second.items[0]?.checkedAt.localeCompare(first.items[2]?.checkedAt ?? '')).toBeLessThanOrEqual(0);
    expect((await admin.request('GET', '/api/v1/services/t-every-1s/checks?limit=0')).status).toBe(400);
    expect((await admin.request('GET', '/api/v1/services/nope/checks')).status).toBe(404);
  });

  it('takes pushes with the service token, stores it hashed, and calls silence DOWN (heartbeat_missed)', async () => {
    const operator = await loginAs(a.baseUrl, await createUser(admin, 'operator'));
    expect((await operator.request('POST', '/api/v1/services/t-push/push-token')).status).toBe(403);
    expect((await admin.request('POST', '/api/v1/services/t-500/push-token')).status).toBe(409);
    const created = await admin.request('POST', '/api/v1/services/t-push/push-token');
    expect(created.status).toBe(201);
    const { token } = dataOf<{ token: string }>(created);
    const stored = spawnSync('redis-cli', ['-p', String(redis.port), 'hvals', 'pantau:doc:push-tokens'], {
      encoding: 'utf8',
    }).stdout;
    expect(stored).toContain('"serviceId":"t-push"');
    expect(stored).not.toContain(token);

    expect((await call(a.baseUrl, 'POST', '/api/v1/health/push/t-push?token=wrong')).status).toBe(401);
    expect((await call(a.baseUrl, 'POST', '/api/v1/health/push/t-push')).status).toBe(401);
    const pushed = await call(a.baseUrl, 'POST', '/api/v1/health/push/t-push', {
      headers: { 'x-push-token': token },
    });
    expect(pushed.status).toBe(202);
    const up = await waitFor(async () => {
      const s = (await services()).get('t-push');
      return s?.state.status === 'up' ? s : null;
    }, 't-push up');
    expect(up.evidence).toMatchObject({ type: 'push', status: 'up' });

    const down = await waitFor(async () => {
      const s = (await services()).get('t-push');
      return s?.state.status === 'down' ? s : null;
    }, 't-push down after silence');
    expect(down.state.reason).toBe('heartbeat_missed');
    expect(down.evidence).toMatchObject({ type: 'push', reason: 'heartbeat_missed' });

    for (let i = 0; i < 2; i++)
      expect(
        (
          await call(b.baseUrl, 'POST', `/api/v1/health/push/t-push?token=${token}`, {
            body: { status: 'up' },
          })
        ).status,
      ).toBe(202);
    await waitFor(async () => (await services()).get('t-push')?.state.status === 'up', 't-push up again');
  });

  it('keeps running every check on the survivor when one instance is killed', async () => {
    await a.kill();
    const killedAt = new Date().toISOString();
    const before = targets.hits('/count-1');
    await waitFor(() => targets.hits('/count-1') >= before + 3, 'runs after the kill');
    // A run is recorded a moment after its target is hit: wait for the history, not only the hits.
    const afterKill = async () =>
      (await history('t-every-1s', '?limit=50')).items.filter((e) => e.checkedAt > killedAt);
    await waitFor(async () => (await afterKill()).length >= 3, 'three runs recorded after the kill');
    const after = await afterKill();
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(new Set(after.map((e) => e.instance))).toEqual(new Set(['inst-b']));
    const start = { at: Date.now(), one: targets.hits('/count-1') };
    await observe(5_000);
    const intervals = (Date.now() - start.at) / 1_000;
    const ran = targets.hits('/count-1') - start.one;
    expect(ran).toBeGreaterThanOrEqual(Math.floor(intervals) - 1);
    expect(ran).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
  });
});
