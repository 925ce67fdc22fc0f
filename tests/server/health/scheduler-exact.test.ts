/**
 * Exactly once per interval across two instances. Each instance reaches Redis through a proxy that
 * adds 40 ms each way, as a loaded network would: the gap between an instance reading what is due
 * and claiming it is then wide, and without the lease both instances would run the same check in
 * the same interval. Every check must run exactly once in every interval.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offsetMs } from '../../../server/health/scheduler.js';
import { startChaosProxy, type ChaosProxy } from '../../helpers/chaosProxy.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { sleep, waitFor } from '../../helpers/wait.js';

// Two seconds: the scheduler polls every 500 ms over a link that adds 80 ms a round trip, and a
// loaded CI machine must still start each run inside its own interval.
const INTERVAL_MS = 2_000;
const IDS = ['x-1', 'x-2', 'x-3', 'x-4', 'x-5', 'x-6'];

describe.skipIf(!redisAvailable())('check scheduling across two instances on a slow network', () => {
  let redis: TestRedis;
  let proxies: ChaosProxy[] = [];
  let servers: TestServer[] = [];
  let target: Server;
  let dir: string;
  const hits = new Map<string, number[]>();

  beforeAll(async () => {
    target = createServer((req, res) => {
      const id = (req.url ?? '').slice(1);
      hits.set(id, [...(hits.get(id) ?? []), Date.now()]);
      res.end('ok');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const addr = target.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-exact-'));
    const file = path.join(dir, 'services.json');
    writeFileSync(
      file,
      JSON.stringify({
        services: IDS.map((id) => ({
          id,
          agencyId: 'diskominfo',
          name: id,
          kind: 'api',
          check: { type: 'http', url: `${base}/${id}`, intervalSeconds: INTERVAL_MS / 1000 },
        })),
      }),
    );
    redis = await startRedis();
    proxies = await Promise.all([startChaosProxy(redis.port), startChaosProxy(redis.port)]);
    servers = await Promise.all(
      proxies.map((p, i) =>
        startServer({
          env: { REDIS_URL: p.url, PANTAU_SERVICES_FILE: file, PANTAU_INSTANCE_ID: `exact-${i}` },
        }),
      ),
    );
    for (const p of proxies) p.delay(40);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all(proxies.map((p) => p.close()));
    await redis?.dispose();
    await new Promise((r) => target?.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs every check exactly once in every interval', async () => {
    await waitFor(() => IDS.every((id) => (hits.get(id)?.length ?? 0) > 0), 'the first runs');
    const from = Date.now() + INTERVAL_MS;
    await sleep(8 * INTERVAL_MS);
    const to = Date.now() - INTERVAL_MS;
    for (const id of IDS) {
      const off = offsetMs(id, INTERVAL_MS);
      // A check is claimed only once due, so each run belongs to the due time just before it.
      const slot = (t: number) => Math.floor((t - off) / INTERVAL_MS);
      const counts = new Map<number, number>();
      for (const t of hits.get(id) ?? []) counts.set(slot(t), (counts.get(slot(t)) ?? 0) + 1);
      const slots: number[] = [];
      for (let s = slot(from) + 1; s <= slot(to); s++) slots.push(s);
      expect(slots.length).toBeGreaterThanOrEqual(5);
      expect(
        slots.map((s) => counts.get(s) ?? 0),
        `${id}: runs per interval`,
      ).toEqual(slots.map(() => 1));
    }
  });
});
