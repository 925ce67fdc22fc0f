/**
 * Chaos (b): Redis is SIGKILLed and restarted under read and write load. No 202-acknowledged id may
 * be lost, readers get data or a clean 503 (never a 500), and every open live client is current
 * within 5 s of Redis being back.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, login, type Session } from '../helpers/api.js';
import { createDisplay } from '../helpers/http.js';
import { connectLive, type LiveClient } from '../helpers/live.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { lateDeliveries, startIngestLoad, trackDeliveries } from './load.js';

const DELIVERY_MS = 5_000;

/** Readers hitting the list and snapshot endpoints back to back; counts answers by status. */
function startReaders(admin: Session, n: number): { codes: Map<number, number>; stop: () => Promise<void> } {
  const codes = new Map<number, number>();
  let running = true;
  const paths = ['/api/v1/incidents?limit=10', '/api/v1/snapshot', '/api/v1/alerts?limit=10'];
  const reader = async (i: number) => {
    for (let k = i; running; k++) {
      let status = 0;
      try {
        status = (await admin.request('GET', paths[k % paths.length] ?? '/api/v1/snapshot')).status;
      } catch {
        status = 0;
      }
      codes.set(status, (codes.get(status) ?? 0) + 1);
      await sleep(20);
    }
  };
  const all = Promise.all(Array.from({ length: n }, (_, i) => reader(i)));
  return {
    codes,
    stop: async () => {
      running = false;
      await all;
    },
  };
}

describe.skipIf(!redisAvailable())('chaos: Redis SIGKILL and restart under load', () => {
  let redis: TestRedis;
  let app: TestServer;
  let walls: LiveClient[] = [];
  let key: string;
  let admin: Session;

  beforeAll(async () => {
    redis = await startRedis();
    app = await startServer({
      env: { REDIS_URL: redis.url, PANTAU_INGEST_RATE_PER_MINUTE: '100000', PANTAU_INSTANCE_ID: 'chaos-b' },
    });
    key = await createIngestKey(app.baseUrl);
    admin = await login(app.baseUrl);
    walls = await Promise.all(
      [0, 1, 2].map(async () => connectLive(app.baseUrl, { token: (await createDisplay(admin)).token })),
    );
  });
  afterAll(async () => {
    walls.forEach((w) => w.close());
    await app?.stop();
    await redis?.dispose();
  });

  it('keeps every acknowledged id and brings every wall current within 5 s of Redis being back', async () => {
    const seen = walls.map(trackDeliveries);
    const load = startIngestLoad(app.baseUrl, key, { prefix: 'rk', workers: 2, batch: 10 });
    const readers = startReaders(admin, 2);
    await sleep(3_000);
    await redis.kill();
    await sleep(2_000);
    await redis.start();
    const backAt = Date.now();
    await waitFor(() => load.okAt.some((t) => t > backAt), 'a 202 after the restart', { timeoutMs: 30_000 });
    await sleep(4_000);
    await Promise.all([load.stop(), readers.stop()]);

    expect(load.acked.length).toBeGreaterThan(0);
    expect(load.codes.get(503) ?? 0).toBeGreaterThan(0);
    expect([...load.codes.keys()].filter((c) => c >= 500 && c !== 503)).toEqual([]);
    expect([...readers.codes.keys()].filter((c) => c >= 500 && c !== 503)).toEqual([]);

    const raw = new Redis(redis.url);
    try {
      const ids = load.acked.map((a) => a.id);
      const present = await raw.hmget('pantau:doc:incidents', ...ids);
      expect(ids.filter((_, i) => present[i] === null)).toEqual([]);
    } finally {
      raw.disconnect();
    }

    for (const [i, s] of seen.entries()) {
      await waitFor(() => load.acked.every((a) => s.has(a.id)), `every accepted incident on wall ${i}`, {
        timeoutMs: 15_000,
      });
      expect(lateDeliveries(load.acked, s, (a) => Math.max(a.at, backAt) + DELIVERY_MS)).toEqual([]);
    }
    expect(walls.every((w) => w.disconnects.length === 0)).toBe(true);
  });
});
