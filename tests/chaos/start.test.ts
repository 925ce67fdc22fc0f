/**
 * Idempotent start: with Redis unreachable at first, then flapping, start-up fails and is retried
 * many times; it must end with exactly what a clean start has — one live-feed tail, one worker
 * loop, one scheduler, one of each boot step, and as many store listeners and subscriptions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChaosProxy, type ChaosProxy } from '../helpers/chaosProxy.js';
import { call } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** Every `pantau_instance_resources{kind=…}` series of a scrape. */
async function resources(s: TestServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${s.baseUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^pantau_instance_resources\{kind="([^"]+)"\} (\d+)$/gm))
    out[m[1] ?? ''] = Number(m[2]);
  return out;
}

const ready = async (s: TestServer) => (await call(s.baseUrl, 'GET', '/readyz')).status === 200;

describe.skipIf(!redisAvailable())('chaos: start-up retried while Redis is absent, then flapping', () => {
  let redis: TestRedis;
  let proxy: ChaosProxy;
  let clean: TestServer;
  let retried: TestServer;

  beforeAll(async () => {
    redis = await startRedis();
    proxy = await startChaosProxy(redis.port);
  });
  afterAll(async () => {
    await Promise.all([clean?.stop(), retried?.stop()]);
    await proxy?.close();
    await redis?.dispose();
  });

  it('ends with one of each listener, worker, timer and subscription, as a clean start does', async () => {
    const env = { PANTAU_DEMO: '1', PANTAU_PROBES: '1', LOG_LEVEL: 'debug' };
    clean = await startServer({ env: { ...env, REDIS_URL: redis.url, PANTAU_INSTANCE_ID: 'clean' } });
    const expected = await resources(clean);

    // Redis unreachable: every connection is closed at once.
    proxy.refuse(true);
    retried = await startServer({
      env: { ...env, REDIS_URL: proxy.url, PANTAU_INSTANCE_ID: 'retried' },
      waitReady: false,
    });
    await waitFor(
      () => (retried.logs().match(/store not ready for start-up; retrying/g) ?? []).length >= 2,
      'two failed start-ups',
      { timeoutMs: 60_000 },
    );
    expect(await ready(retried)).toBe(false);

    // Then flapping: reachable, but cut whenever a later step of the start-up talks to Redis, so
    // start-up fails part-way — first after the agencies and policies are watched (the admin
    // account cannot be read), then after the workers, demo and catalogue started (the scheduler
    // cannot seed).
    const failures = () => (retried.logs().match(/store not ready for start-up; retrying/g) ?? []).length;
    proxy.cutOn('pantau:doc:users', 1_000_000);
    proxy.refuse(false);
    const before = failures();
    await waitFor(() => failures() >= before + 2, 'two start-ups failing at the admin step', {
      timeoutMs: 60_000,
    });
    proxy.clearCuts();
    proxy.cutOn('checks-due', 1_000_000);
    const middle = failures();
    await waitFor(() => failures() >= middle + 2, 'two start-ups failing at the scheduler', {
      timeoutMs: 60_000,
    });
    proxy.clearCuts();
    await waitFor(() => ready(retried), 'the retried instance to become ready', { timeoutMs: 60_000 });
    const attempts = Number(/"attempts":(\d+),"msg":"start-up complete"/.exec(retried.logs())?.[1] ?? 0);
    expect(attempts).toBeGreaterThanOrEqual(6);

    const got = await resources(retried);
    expect(got).toEqual(expected);
    // And the figures are the singular ones a start must have.
    expect(got).toMatchObject({
      live_feed_tails: 1,
      alert_workers: 1,
      check_scheduler: 1,
      workers: 1,
      agencies: 1,
      policies: 1,
      catalog: 1,
      demo: 1,
    });
    // A reconnect later nothing has been added.
    proxy.drop();
    await waitFor(() => ready(retried), 'ready again after a drop');
    expect(await resources(retried)).toEqual(expected);
  });
});
