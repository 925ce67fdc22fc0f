/**
 * Liveness figures (issue: a wall is never silently stale, Redis can fail over):
 * - Redis SIGKILLed and restarted under ingest: time from Redis back to every live client holding
 *   what is accepted afterwards, and acknowledged ids lost (must be 0);
 * - a Sentinel failover under ingest with PANTAU_REDIS_MIN_REPLICAS=1: time from the primary's death
 *   to the first 202, clients current again, acknowledged ids lost (must be 0);
 * - the cost of replica confirmation: single-incident ingest latency with and without `WAIT`, on
 *   the same Sentinel group, in the same run;
 * - with BENCH_SOAK_MINUTES (e.g. 30; off by default and in CI), a soak at demo-like load: server RSS
 *   and Redis memory sampled every 30 s.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startIngestLoad, trackDeliveries } from '../tests/chaos/load.js';
import { createDisplayToken, createIngestKey, incident, ingest } from '../tests/helpers/api.js';
import { connectLive, type LiveClient } from '../tests/helpers/live.js';
import { startRedis } from '../tests/helpers/redis.js';
import { startSentinelGroup } from '../tests/helpers/sentinel.js';
import { startServer, type TestServer } from '../tests/helpers/server.js';

const CLIENTS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function walls(server: TestServer, n: number): Promise<LiveClient[]> {
  const token = await createDisplayToken(server.baseUrl);
  return Promise.all(Array.from({ length: n }, () => connectLive(server.baseUrl, { token })));
}

/** Ids in `ids` missing from the incidents hash of the Redis on `port`. */
async function missing(port: number, ids: string[]): Promise<number> {
  const r = new Redis({ port, host: '127.0.0.1' });
  try {
    let lost = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      lost += (await r.hmget('pantau:doc:incidents', ...chunk)).filter((x) => x === null).length;
    }
    return lost;
  } finally {
    r.disconnect();
  }
}

/** Until every client holds every id accepted at or after `from`; resolves with when that was (ms). */
async function currentAt(
  seen: Map<string, number>[],
  acked: { id: string; at: number }[],
  from: number,
  timeoutMs = 30_000,
): Promise<number | null> {
  const want = acked.filter((a) => a.at >= from);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (want.length && seen.every((s) => want.every((a) => s.has(a.id)))) {
      // When the last client got the first post-recovery incident: the moment the screens were current again.
      const first = want[0]?.id ?? '';
      return Math.max(...seen.map((s) => s.get(first) ?? Number.POSITIVE_INFINITY));
    }
    await sleep(50);
  }
  return null;
}

async function redisRestart() {
  const redis = await startRedis();
  const server = await startServer({
    env: { REDIS_URL: redis.url, LOG_LEVEL: 'warn', PANTAU_INGEST_RATE_PER_MINUTE: '1000000' },
  });
  const clients = await walls(server, CLIENTS);
  try {
    const key = await createIngestKey(server.baseUrl);
    const seen = clients.map(trackDeliveries);
    const load = startIngestLoad(server.baseUrl, key, { prefix: 'bench-rr', workers: 2, batch: 20 });
    await sleep(3_000);
    await redis.kill();
    await sleep(2_000);
    await redis.start();
    const backAt = Date.now();
    while (!load.okSentAt.some((t) => t > backAt) && Date.now() < backAt + 30_000) await sleep(50);
    await sleep(3_000);
    await load.stop();
    const current = await currentAt(seen, load.acked, backAt);
    const i = load.okSentAt.findIndex((t) => t > backAt);
    const firstOk = i < 0 ? null : (load.okAt[i] ?? null);
    return {
      clients: CLIENTS,
      acknowledged: load.acked.length,
      lostAcknowledged: await missing(
        redis.port,
        load.acked.map((a) => a.id),
      ),
      redisBackToFirst202Ms: firstOk === null ? null : firstOk - backAt,
      redisBackToClientsCurrentMs: current === null ? null : current - backAt,
    };
  } finally {
    clients.forEach((c) => c.close());
    await server.stop();
    await redis.dispose();
  }
}

async function failover() {
  const group = await startSentinelGroup(1);
  const env = {
    REDIS_SENTINELS: group.sentinels,
    REDIS_SENTINEL_MASTER: group.name,
    LOG_LEVEL: 'warn',
    PANTAU_INGEST_RATE_PER_MINUTE: '1000000',
  };
  const confirmed = await startServer({ env: { ...env, PANTAU_REDIS_MIN_REPLICAS: '1' } });
  const unconfirmed = await startServer({ env: { ...env, PANTAU_REDIS_MIN_REPLICAS: '0' } });
  try {
    // The price of replica confirmation, same group, same run: one incident per request, one at a time.
    const cost = async (s: TestServer) => {
      const key = await createIngestKey(s.baseUrl);
      const ms: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t0 = performance.now();
        const r = await ingest(
          s.baseUrl,
          key,
          '/api/v1/incidents',
          incident(`cost-${s.port}-${i}`, { severity: 'minor' }),
        );
        if (r.status === 202) ms.push(performance.now() - t0);
      }
      return { p50Ms: +pct(ms, 50).toFixed(2), p99Ms: +pct(ms, 99).toFixed(2) };
    };
    const waitCost = { withWait: await cost(confirmed), withoutWait: await cost(unconfirmed) };
    await unconfirmed.stop();

    const key = await createIngestKey(confirmed.baseUrl);
    const clients = await walls(confirmed, CLIENTS);
    const seen = clients.map(trackDeliveries);
    const load = startIngestLoad(confirmed.baseUrl, key, { prefix: 'bench-fo', workers: 3, batch: 20 });
    await sleep(4_000);
    const killedAt = Date.now();
    const oldPort = await group.killPrimary();
    const newPort = await group.waitFailover(oldPort);
    // The first 202 to a request sent after the kill (one already past its commit may still answer).
    const firstOkAfter = () => {
      const i = load.okSentAt.findIndex((t) => t > killedAt);
      return i < 0 ? null : (load.okAt[i] ?? null);
    };
    while (firstOkAfter() === null && Date.now() < killedAt + 60_000) await sleep(50);
    await sleep(3_000);
    await load.stop();
    const firstOk = firstOkAfter();
    const current = firstOk === null ? null : await currentAt(seen, load.acked, firstOk);
    clients.forEach((c) => c.close());
    return {
      clients: CLIENTS,
      minReplicas: 1,
      acknowledged: load.acked.length,
      lostAcknowledged: await missing(
        newPort,
        load.acked.map((a) => a.id),
      ),
      failoverToFirst202Ms: firstOk === null ? null : firstOk - killedAt,
      failoverToClientsCurrentMs: current === null ? null : current - killedAt,
      waitCost,
    };
  } finally {
    await Promise.all([confirmed.stop(), unconfirmed.stop()]);
    await group.dispose();
  }
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Demo-like load (the simulator) with walls open, for `minutes`; RSS and Redis memory every 30 s. */
async function soak(minutes: number) {
  const redis = await startRedis();
  const server = await startServer({ env: { REDIS_URL: redis.url, LOG_LEVEL: 'warn', PANTAU_DEMO: '1' } });
  const clients = await walls(server, CLIENTS);
  const r = new Redis(redis.url);
  const samples: { atMin: number; rssMb: number | null; redisUsedMb: number }[] = [];
  try {
    const t0 = Date.now();
    while (Date.now() - t0 < minutes * 60_000) {
      const info = await r.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      samples.push({
        atMin: +((Date.now() - t0) / 60_000).toFixed(1),
        rssMb: rssMb(server.pid),
        redisUsedMb: +(used / 1048576).toFixed(1),
      });
      await sleep(30_000);
    }
    const half = samples.slice(Math.floor(samples.length / 2));
    return {
      minutes,
      clients: CLIENTS,
      samples,
      rssMb: {
        first: samples[0]?.rssMb ?? null,
        last: samples.at(-1)?.rssMb ?? null,
        max: Math.max(...samples.map((s) => s.rssMb ?? 0)),
      },
      redisUsedMb: { first: samples[0]?.redisUsedMb ?? null, last: samples.at(-1)?.redisUsedMb ?? null },
      secondHalfRssGrowthMb: (half.at(-1)?.rssMb ?? 0) - (half[0]?.rssMb ?? 0),
    };
  } finally {
    r.disconnect();
    clients.forEach((c) => c.close());
    await server.stop();
    await redis.dispose();
  }
}

/** Every liveness figure; the soak only with BENCH_SOAK_MINUTES. */
export async function benchLiveness() {
  const restart = await redisRestart();
  const fo = await failover();
  const soakMinutes = Number(process.env.BENCH_SOAK_MINUTES ?? 0);
  const soakResult =
    soakMinutes > 0
      ? await soak(soakMinutes)
      : { skipped: 'set BENCH_SOAK_MINUTES=30 for the soak (not in CI)' };
  return {
    redisRestart: restart,
    failover: fo,
    soak: soakResult,
    targets: {
      lostAcknowledged: 0,
      redisBackToClientsCurrentMs: '<= 5000',
      failoverToFirst202Ms: '<= 15000',
    },
    meets: {
      lostAcknowledged: restart.lostAcknowledged === 0 && fo.lostAcknowledged === 0,
      redisBackToClientsCurrent:
        restart.redisBackToClientsCurrentMs !== null && restart.redisBackToClientsCurrentMs <= 5_000,
      failoverToFirst202: fo.failoverToFirst202Ms !== null && fo.failoverToFirst202Ms <= 15_000,
    },
  };
}
