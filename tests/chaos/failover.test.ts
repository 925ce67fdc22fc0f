/**
 * Chaos (c): Redis high availability through Sentinel. The primary is SIGKILLed while ingest runs at
 * load with PANTAU_REDIS_MIN_REPLICAS=1: no 202-acknowledged id may be lost (each is on the promoted
 * replica), ingest answers 202 again within 15 s, and the live client holds everything accepted.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey } from '../helpers/api.js';
import { call, createDisplay, loginAdmin } from '../helpers/http.js';
import { connectLive, type LiveClient } from '../helpers/live.js';
import { redisAvailable } from '../helpers/redis.js';
import { startSentinelGroup, type SentinelGroup } from '../helpers/sentinel.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { lateDeliveries, startIngestLoad, trackDeliveries } from './load.js';

/** Contract: from the primary's death to the next 202. */
const FAILOVER_MS = 15_000;
/** Contract: accepted → on every live client within this long once Redis answers again. */
const DELIVERY_MS = 5_000;

async function retry503<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= 20 || !/\b503\b/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe.skipIf(!redisAvailable())('chaos: Sentinel failover under ingest load', () => {
  let group: SentinelGroup;
  let app: TestServer;
  let wall: LiveClient;
  let key: string;

  beforeAll(async () => {
    // The replica hears of each write 150 ms late: without replica confirmation, the writes of the
    // last moments before the primary dies would be acknowledged and then lost.
    group = await startSentinelGroup(1, { replicationDelayMs: 150 });
    app = await startServer({
      env: {
        REDIS_SENTINELS: group.sentinels,
        REDIS_SENTINEL_MASTER: group.name,
        PANTAU_REDIS_MIN_REPLICAS: '1',
        PANTAU_INGEST_RATE_PER_MINUTE: '100000',
        PANTAU_INSTANCE_ID: 'chaos-c',
      },
    });
    // While the fresh replica finishes its first sync a confirmed write may be refused (503, Retry-After),
    // as any client would, the set-up tries again.
    key = await retry503(() => createIngestKey(app.baseUrl));
    const display = await retry503(async () => createDisplay(await loginAdmin(app.baseUrl)));
    wall = await connectLive(app.baseUrl, { token: display.token });
  });
  afterAll(async () => {
    wall?.close();
    await app?.stop();
    await group?.dispose();
  });

  it('loses no acknowledged incident, answers 202 again within 15 s and keeps the wall current', async () => {
    // Before: the primary has its replica, and commits wait for it.
    const before = (await call(app.baseUrl, 'GET', '/readyz')).body as {
      replication: { online: number; durability: string };
    };
    expect(before.replication).toMatchObject({ online: 1, durability: 'ok' });

    const seen = trackDeliveries(wall);
    const load = startIngestLoad(app.baseUrl, key, { prefix: 'fo', workers: 3, batch: 10 });
    await sleep(4_000);
    const accepted = load.acked.length;
    const killedAt = Date.now();
    const oldPort = await group.killPrimary();
    const newPort = await group.waitFailover(oldPort);
    await waitFor(() => load.okAt.some((t) => t > killedAt), 'a 202 after the failover', {
      timeoutMs: 30_000,
    });
    await sleep(3_000);
    await load.stop();

    const firstOkAfter = load.okAt.find((t) => t > killedAt) ?? Number.POSITIVE_INFINITY;
    expect(accepted).toBeGreaterThan(0);
    expect(firstOkAfter - killedAt).toBeLessThanOrEqual(FAILOVER_MS);

    // Every acknowledged id is on the promoted replica.
    const fresh = new Redis({ port: newPort, host: '127.0.0.1' });
    try {
      const ids = load.acked.map((a) => a.id);
      const present = await fresh.hmget('pantau:doc:incidents', ...ids);
      const lost = ids.filter((_, i) => present[i] === null);
      expect(lost).toEqual([]);
    } finally {
      fresh.disconnect();
    }

    // The wall holds everything accepted: within 5 s of its 202, or of Redis answering again.
    const backAt = firstOkAfter;
    await waitFor(() => load.acked.every((a) => seen.has(a.id)), 'every accepted incident on the wall', {
      timeoutMs: 15_000,
    });
    expect(lateDeliveries(load.acked, seen, (a) => Math.max(a.at, backAt) + DELIVERY_MS)).toEqual([]);

    // With its only replica promoted, the new primary has none: the instance says so.
    const after = (await call(app.baseUrl, 'GET', '/readyz')).body as {
      replication: { online: number; durability: string };
    };
    expect(after.replication).toMatchObject({ online: 0, durability: 'degraded' });
  });
});
