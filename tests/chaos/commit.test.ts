/**
 * Accepted means written: 202 comes only after the commit is in Redis; a connection cut in the
 * middle of a commit leaves it whole or absent (never half-written), a re-send or a retry with the
 * same ids never doubles it, and a 503 promises nothing either way (retrying is always safe); with `appendfsync everysec`, as production runs Redis, a SIGKILL of Redis under
 * ingest loses no acknowledged id (the README says what a machine crash can lose in that mode).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, ingest, login, type Session } from '../helpers/api.js';
import { startChaosProxy, type ChaosProxy } from '../helpers/chaosProxy.js';
import { alertForIncident, uid } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { ONE_ALERT_PER_INCIDENT, startServer, type TestServer } from '../helpers/server.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { startIngestLoad } from './load.js';

describe.skipIf(!redisAvailable())(
  'chaos: commits, acknowledged only once written, never half-written',
  () => {
    let redis: TestRedis;
    let proxy: ChaosProxy;
    let app: TestServer;
    let raw: Redis;
    let key: string;
    let admin: Session;

    beforeAll(async () => {
      redis = await startRedis();
      proxy = await startChaosProxy(redis.port);
      app = await startServer({
        env: { ...ONE_ALERT_PER_INCIDENT, REDIS_URL: proxy.url, PANTAU_INSTANCE_ID: 'chaos-commit' },
      });
      raw = new Redis(redis.url);
      key = await createIngestKey(app.baseUrl);
      admin = await login(app.baseUrl);
    });
    afterAll(async () => {
      raw?.disconnect();
      await app?.stop();
      await proxy?.close();
      await redis?.dispose();
    });

    it('answers 202 only after the incident is in Redis (each write reaches Redis 300 ms late)', async () => {
      proxy.delay(300);
      try {
        for (let i = 0; i < 3; i++) {
          const id = uid('durable');
          const r = await ingest(app.baseUrl, key, '/api/v1/incidents', incident(id));
          expect(r.status).toBe(202);
          // Read Redis directly, around the proxy, the moment the answer came.
          expect(await raw.hexists('pantau:doc:incidents', id)).toBe(1);
        }
      } finally {
        proxy.resume();
      }
    });

    const incidentCount = async (id: string) => await raw.hexists('pantau:doc:incidents', id);
    const alertsFor = async (id: string) =>
      Object.values(await raw.hgetall('pantau:doc:alerts')).filter((j) => j.includes(`"incident:${id}"`))
        .length;

    it('cut after the commit ran in Redis, before its answer: the connection re-sends it, which finds the write — one incident, one alert, nothing doubled', async () => {
      const id = uid('cut-after');
      proxy.cutReplyOn('evalsha');
      const r = await ingest(
        app.baseUrl,
        key,
        '/api/v1/incidents',
        incident(id, { category: 'fire', severity: 'extreme' }),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      // The re-sent commit met its own first run (the version check), re-read, and recorded a repeat.
      expect((r.body as { data: { created: number; repeated: number } }).data).toMatchObject({
        created: 0,
        repeated: 1,
      });
      expect(await incidentCount(id)).toBe(1);
      expect(await alertsFor(id)).toBe(1);
    });

    it('cut before the commit reaches Redis: re-sent on the new connection, written once', async () => {
      const id = uid('cut-before');
      proxy.cutOn('evalsha');
      const r = await ingest(
        app.baseUrl,
        key,
        '/api/v1/incidents',
        incident(id, { category: 'fire', severity: 'extreme' }),
      );
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      expect((r.body as { data: { created: number } }).data.created).toBe(1);
      expect(await incidentCount(id)).toBe(1);
      expect(await alertsFor(id)).toBe(1);
    });

    it('every attempt of a commit cut: 503 with Retry-After and nothing written; the client retry writes it once', async () => {
      const id = uid('cut-always');
      const body = incident(id, { severity: 'extreme', category: 'fire' });
      const events = await raw.xlen('pantau:events');
      proxy.cutOn('evalsha', 1_000_000);
      try {
        const cut = await ingest(app.baseUrl, key, '/api/v1/incidents', body);
        expect(cut.status, JSON.stringify(cut.body)).toBe(503);
        expect(cut.headers.get('retry-after')).toBeTruthy();
        expect(await incidentCount(id)).toBe(0);
        expect(await alertsFor(id)).toBe(0);
        expect(await raw.xlen('pantau:events')).toBe(events);
      } finally {
        proxy.clearCuts();
      }
      const retry = await waitFor(async () => {
        const r = await ingest(app.baseUrl, key, '/api/v1/incidents', body);
        return r.status === 202 ? r : null;
      }, 'the retry to be accepted');
      // A 503 promises nothing either way (the abandoned commit may still land once Redis answers):
      // what holds is that the retry makes it exactly one incident with exactly one alert.
      expect(retry.status).toBe(202);
      expect(await incidentCount(id)).toBe(1);
      expect(await alertsFor(id)).toBe(1);
      expect((await alertForIncident(admin, id))?.status).toBe('new');
    });
  },
);

describe.skipIf(!redisAvailable())('chaos: Redis with appendfsync everysec, SIGKILLed under ingest', () => {
  let redis: TestRedis;
  let app: TestServer;

  beforeAll(async () => {
    redis = await startRedis({ appendfsync: 'everysec' });
    app = await startServer({
      env: {
        REDIS_URL: redis.url,
        PANTAU_INGEST_RATE_PER_MINUTE: '100000',
        PANTAU_INSTANCE_ID: 'chaos-everysec',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await redis?.dispose();
  });

  it('loses no acknowledged id when the Redis process dies (the kernel keeps what it wrote)', async () => {
    const key = await createIngestKey(app.baseUrl);
    const load = startIngestLoad(app.baseUrl, key, { prefix: 'es', workers: 3, batch: 20 });
    await sleep(2_500);
    await redis.kill();
    await sleep(500);
    await redis.start();
    const back = Date.now();
    await waitFor(() => load.okAt.some((t) => t > back), 'a 202 after the restart', { timeoutMs: 30_000 });
    await load.stop();
    const raw = new Redis(redis.url);
    try {
      const ids = load.acked.map((a) => a.id);
      expect(ids.length).toBeGreaterThan(100);
      const present = await raw.hmget('pantau:doc:incidents', ...ids);
      expect(ids.filter((_, i) => present[i] === null)).toEqual([]);
    } finally {
      raw.disconnect();
    }
  });
});
