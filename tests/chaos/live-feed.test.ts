/**
 * Chaos (a): Redis drops every connection and, once the app reconnects, answers slower than the
 * command timeout for a while (as after a restart under load). The live feed must heal by itself:
 * everything accepted after Redis answers normally reaches the open live client within 5 s, and
 * `/readyz` tells the truth meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, ingest } from '../helpers/api.js';
import { startChaosProxy, type ChaosProxy } from '../helpers/chaosProxy.js';
import { call, createDisplay, loginAdmin, uid } from '../helpers/http.js';
import { connectLive, type LiveClient } from '../helpers/live.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { holdsIncident, metric } from './live.js';

/** The contract: accepted → on every open live client within this long once Redis is healthy. */
const DELIVERY_MS = 5_000;

describe.skipIf(!redisAvailable())(
  'chaos: connections dropped, reads stalled past the command timeout',
  () => {
    let redis: TestRedis;
    let proxy: ChaosProxy;
    let app: TestServer;
    let key: string;
    let wall: LiveClient;

    beforeAll(async () => {
      redis = await startRedis();
      proxy = await startChaosProxy(redis.port);
      app = await startServer({ env: { REDIS_URL: proxy.url, PANTAU_INSTANCE_ID: 'chaos-a' } });
      key = await createIngestKey(app.baseUrl);
      const admin = await loginAdmin(app.baseUrl);
      wall = await connectLive(app.baseUrl, { token: (await createDisplay(admin)).token });
    });
    afterAll(async () => {
      wall?.close();
      await app?.stop();
      await proxy?.close();
      await redis?.dispose();
    });

    it('heals its tail: every incident accepted after the fault reaches the open wall', async () => {
      const before = uid('before');
      expect((await ingest(app.baseUrl, key, '/api/v1/incidents', incident(before))).status).toBe(202);
      await wall.until((c) => holdsIncident(c, before), 'the first incident on the wall');

      // The fault: every connection dropped, then each reply delayed past the 3 s command timeout.
      proxy.drop();
      proxy.delay(3_500);
      const notReady = await waitFor(async () => {
        const r = await call(app.baseUrl, 'GET', '/readyz');
        return r.status === 503 ? (r.body as { reasons: { code: string }[] }) : null;
      }, '/readyz to say not ready during the fault');
      expect(notReady.reasons.length).toBeGreaterThan(0);
      await sleep(8_000);
      proxy.resume();

      // Redis answers normally again: wait for the first accepted write, then keep ingesting.
      const accepted: { id: string; at: number }[] = [];
      await waitFor(
        async () => {
          const id = uid('after');
          const r = await ingest(app.baseUrl, key, '/api/v1/incidents', incident(id));
          if (r.status === 202) accepted.push({ id, at: Date.now() });
          return r.status === 202;
        },
        'ingest to accept again',
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      for (let i = 0; i < 5; i++) {
        const id = uid('after');
        const r = await ingest(app.baseUrl, key, '/api/v1/incidents', incident(id));
        expect(r.status).toBe(202);
        accepted.push({ id, at: Date.now() });
        await sleep(300);
      }
      for (const { id } of accepted) {
        await wall.until((c) => holdsIncident(c, id), `incident ${id} on the wall`, DELIVERY_MS);
      }
      // Never a silent stop: the wall's socket stayed up, the instance is ready again and counts the recovery.
      expect(wall.disconnects).toEqual([]);
      const ready = await waitFor(
        async () => ((await call(app.baseUrl, 'GET', '/readyz')).status === 200 ? true : null),
        'ready again',
      );
      expect(ready).toBe(true);
      const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(metric(text, 'pantau_feed_live')).toBe(1);
      expect(metric(text, 'pantau_feed_recoveries')).toBeGreaterThanOrEqual(1);
      expect(metric(text, 'pantau_instance_resources{kind="live_feed_tails"}')).toBe(1);
    });
  },
);
