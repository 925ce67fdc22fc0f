/**
 * Public status benchmark, part of `npm run bench` (alone: `BENCH_ONLY=public`): requests per
 * second of `GET /api/v1/public/status` and `GET /status` on one Redis-backed instance, from
 * keep-alive connections in this process taking gzip (as browsers do), and the Redis commands each
 * request cost: the growth of `INFO commandstats` during the load, less what the instance does by
 * itself over as long idle, per request (the view is rebuilt from Redis at most every
 * PANTAU_PUBLIC_REFRESH_SECONDS, not per request).
 */
import { Agent, request } from 'node:http';
import { Redis } from 'ioredis';
import { startRedis } from '../tests/helpers/redis.js';
import { startServer } from '../tests/helpers/server.js';

const SECONDS = Number(process.env.BENCH_PUBLIC_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_PUBLIC_CONCURRENCY ?? 64);
const TARGET = 1_000;

/** Total calls of every Redis command so far. */
async function commandCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

/** Requests `path` from CONCURRENCY keep-alive connections for `seconds`; counts answers by status. */
async function load(base: string, path: string, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(path, base);
  const codes = new Map<number, number>();
  let bytes = 0;
  const until = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => {
          codes.set(res.statusCode ?? 0, (codes.get(res.statusCode ?? 0) ?? 0) + 1);
          resolve();
        });
      });
      req.on('error', reject);
      req.end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  const requests = [...codes.values()].reduce((a, b) => a + b, 0);
  return {
    requests,
    seconds: +secs.toFixed(2),
    codes: Object.fromEntries(codes),
    bytesPerAnswer: Math.round(bytes / requests),
  };
}

/** Runs the public status benchmark and returns its JSON section. */
export async function benchPublicStatus() {
  const redis = await startRedis();
  const server = await startServer({
    env: { REDIS_URL: redis.url, LOG_LEVEL: 'warn', PANTAU_PUBLIC_RATE_PER_MINUTE: '100000000' },
  });
  const raw = new Redis(redis.url);
  try {
    await load(server.baseUrl, '/status', 1); // warm-up (first build, JIT)
    const i0 = await commandCalls(raw);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const idlePerSecond = ((await commandCalls(raw)) - i0 - 1) / SECONDS;
    const measure = async (path: string) => {
      const c0 = await commandCalls(raw);
      const r = await load(server.baseUrl, path, SECONDS);
      const commands = (await commandCalls(raw)) - c0 - 1;
      const extra = Math.max(0, commands - idlePerSecond * r.seconds);
      return {
        path,
        ...r,
        requestsPerSecond: Math.round(r.requests / r.seconds),
        redisCommands: commands,
        redisCommandsPerRequest: +(commands / r.requests).toFixed(5),
        redisCommandsPerRequestBeyondIdle: +(extra / r.requests).toFixed(5),
        meets: r.requests / r.seconds >= TARGET,
      };
    };
    const json = await measure('/api/v1/public/status');
    const page = await measure('/status');
    return {
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      idleRedisCommandsPerSecond: +idlePerSecond.toFixed(2),
      json,
      page,
      target: { requestsPerSecond: TARGET, redisCommandsPerRequest: '≈ 0' },
      note: 'one instance, one Redis, load from keep-alive connections of the bench process on the same machine; the view is rebuilt from Redis every PANTAU_PUBLIC_REFRESH_SECONDS (default 20), whatever the load',
    };
  } finally {
    raw.disconnect();
    await server.stop();
    await redis.dispose();
  }
}
