/**
 * `npm run bench`: the initial bundle size (gzip) of each screen (bench/bundles.ts; no browser), then
 * ingest throughput, ingest→client latency with 100 and 1,000 sockets, and the raw XADD ceiling of
 * the same Redis, all in one run, then the health and wall benchmarks (`BENCH_SKIP_HEALTH=1`,
 * `BENCH_SKIP_WALL=1` leave them out). Writes bench/results/latest.json.
 *
 * `BENCH_ONLY=bundles` measures the bundles alone (no Redis, no server, no Chromium) and writes
 * bench/results/bundles.json. `BENCH_ONLY=liveness` runs the liveness figures alone (bench/liveness.ts:
 * Redis restart and Sentinel failover under load, the cost of replica confirmation, and with
 * `BENCH_SOAK_MINUTES=30` a soak) into bench/results/liveness.json; `BENCH_SKIP_LIVENESS=1` leaves
 * them out of the full run. `BENCH_ONLY=sockets` runs the many-live-clients figures alone
 * (bench/sockets.ts: BENCH_SOCKETS sockets, default 10,000, on one server, from a load generator of
 * separate processes) into bench/results/sockets.json; `BENCH_SKIP_SOCKETS=1` leaves them out of the
 * full run. `BENCH_ONLY=ingest` runs the ingest throughput alone (with the CPU each process spent)
 * into bench/results/ingest.json. `BENCH_ONLY=integrity` measures CPU per integrity-checked page beside a
 * plain http check (bench/integrity.ts) into bench/results/integrity.json; `BENCH_SKIP_INTEGRITY=1` leaves it
 * out of the full run. `BENCH_ONLY=public` measures requests/s of the public status page and its JSON on one
 * instance and the Redis commands per request (bench/publicStatus.ts) into bench/results/public.json;
 * `BENCH_SKIP_PUBLIC=1` leaves it out of the full run. The client measured is BENCH_CLIENT_DIR, else PANTAU_CLIENT_DIR, else client/dist (built
 * first when missing).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { DELTA_COALESCE_MS } from '../shared/limits.js';
import { createDisplayToken, createIngestKey, incident, ingest } from '../tests/helpers/api.js';
import { startRedis } from '../tests/helpers/redis.js';
import { startServer } from '../tests/helpers/server.js';
import { ensureClientBuilt } from '../tests/e2e/browser.js';
import { DEFAULT_CLIENT_DIR, benchBundles, bundleLines, clientDir, type BundleReport } from './bundles.js';
import { benchHealth } from './health.js';
import { benchIntegrity } from './integrity.js';
import { benchHistory } from './history.js';
import { benchLiveness } from './liveness.js';
import { benchPublicStatus } from './publicStatus.js';
import { benchSockets } from './sockets.js';
import { benchWall } from './wall.js';

const BATCH = 500;
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function rawXaddCeiling(url: string, payload: string): Promise<number> {
  const r = new Redis(url);
  const total = 200_000;
  const t0 = performance.now();
  for (let done = 0; done < total; done += 1000) {
    const p = r.pipeline();
    for (let i = 0; i < 1000; i++)
      p.xadd('bench:raw', 'MAXLEN', '~', '100000', '*', 'type', 'incident', 'data', payload);
    await p.exec();
  }
  const secs = (performance.now() - t0) / 1000;
  await r.del('bench:raw');
  r.disconnect();
  return total / secs;
}

function redisBenchmark(port: number, payload: string): number | null {
  const r = spawnSync(
    'redis-benchmark',
    [
      '-p',
      String(port),
      '-n',
      '200000',
      '-P',
      '64',
      '-q',
      'XADD',
      'bench:rb',
      'MAXLEN',
      '~',
      '100000',
      '*',
      'data',
      payload,
    ],
    { encoding: 'utf8' },
  );
  const m = /([\d.]+) requests per second/.exec(r.stdout ?? '');
  return m?.[1] ? Number(m[1]) : null;
}

/** CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const f = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** The redis-server's process id (for its CPU reading). */
async function redisPid(url: string): Promise<number> {
  const r = new Redis(url);
  const info = await r.info('server');
  r.disconnect();
  return Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * Events/s for batches of BATCH from four concurrent writers, with the CPU each process spent per
 * 1,000 events (server, Redis, this load generator): on two shared cores they say what limits it.
 */
async function ingestThroughput(baseUrl: string, key: string, pids: { server: number; redis: number }) {
  const until = Date.now() + THROUGHPUT_SECONDS * 1000;
  let events = 0;
  let requests = 0;
  let n = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const batch = Array.from({ length: BATCH }, () => incident(`bench-${n++}`, { severity: 'minor' }));
      const r = await ingest(baseUrl, key, '/api/v1/incidents', batch);
      if (r.status !== 202) throw new Error(`ingest answered ${r.status}`);
      events += BATCH;
      requests++;
    }
  };
  const c0 = { server: cpuSeconds(pids.server), redis: cpuSeconds(pids.redis), bench: process.cpuUsage() };
  const t0 = performance.now();
  await Promise.all([worker(), worker(), worker(), worker()]);
  const secs = (performance.now() - t0) / 1000;
  const b = process.cpuUsage(c0.bench);
  const per1000 = (s: number) => +((s / events) * 1000).toFixed(3);
  return {
    eventsPerSecond: events / secs,
    requests,
    cpuSecondsPer1000Events: {
      server: per1000(cpuSeconds(pids.server) - c0.server),
      redis: per1000(cpuSeconds(pids.redis) - c0.redis),
      loadGenerator: per1000((b.user + b.system) / 1e6),
    },
  };
}

async function latency(baseUrl: string, key: string, token: string, clients: number, samples = 40) {
  const sockets: Socket[] = [];
  const got = new Map<string, number[]>();
  await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<void>((resolve, reject) => {
          const s = io(`${baseUrl}/live`, {
            transports: ['websocket'],
            auth: { token },
            reconnection: false,
          });
          s.once('snapshot', () => resolve());
          s.once('connect_error', reject);
          s.on('delta', (d: { incidents: { id: string }[] }) => {
            const now = performance.now();
            for (const i of d.incidents) got.get(i.id)?.push(now);
          });
          sockets.push(s);
        }),
    ),
  );
  const lat: number[] = [];
  for (let k = 0; k < samples; k++) {
    const id = `lat-${clients}-${k}-${Date.now()}`;
    got.set(id, []);
    const t0 = performance.now();
    await ingest(baseUrl, key, '/api/v1/incidents', incident(id, { severity: 'minor' }));
    const deadline = Date.now() + 10_000;
    while ((got.get(id)?.length ?? 0) < clients && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    for (const t of got.get(id) ?? []) lat.push(t - t0);
    got.delete(id);
    await new Promise((r) => setTimeout(r, 50 + Math.random() * DELTA_COALESCE_MS));
  }
  sockets.forEach((s) => s.close());
  return { clients, samples: lat.length, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), maxMs: Math.max(...lat) };
}

const ONLY = ['bundles', 'liveness', 'history', 'sockets', 'ingest', 'integrity', 'public'] as const;

/** The ingest target (events/s for batches of BATCH on these two cores). */
const INGEST_TARGET = 25_000;

/** Bundle sizes of the built client; client/dist is built first when it is the one measured and is missing. */
function measureBundles(): BundleReport {
  const dist = clientDir();
  if (dist === DEFAULT_CLIENT_DIR) ensureClientBuilt();
  const report = benchBundles(dist);
  for (const line of bundleLines(report)) console.log(line);
  return report;
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only && !(ONLY as readonly string[]).includes(only))
    throw new Error(`BENCH_ONLY=${only}: expected one of ${ONLY.join(', ')}`);
  if (only === 'integrity') {
    const integrity = await benchIntegrity();
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/integrity.json', import.meta.url),
      JSON.stringify({ at: new Date().toISOString(), integrity }, null, 2),
    );
    console.log(JSON.stringify({ integrity }, null, 2));
    return;
  }
  if (only === 'public') {
    const publicStatus = await benchPublicStatus();
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/public.json', import.meta.url),
      JSON.stringify({ at: new Date().toISOString(), publicStatus }, null, 2),
    );
    console.log(JSON.stringify({ publicStatus }, null, 2));
    return;
  }
  if (only === 'history') {
    const history = await benchHistory();
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/history.json', import.meta.url),
      JSON.stringify({ at: new Date().toISOString(), history }, null, 2),
    );
    console.log(JSON.stringify({ history }, null, 2));
    return;
  }
  if (only === 'sockets') {
    const sockets = await benchSockets();
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/sockets.json', import.meta.url),
      JSON.stringify({ at: new Date().toISOString(), sockets }, null, 2),
    );
    console.log(JSON.stringify({ sockets }, null, 2));
    return;
  }
  if (only === 'liveness') {
    const liveness = await benchLiveness();
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/liveness.json', import.meta.url),
      JSON.stringify({ at: new Date().toISOString(), liveness }, null, 2),
    );
    console.log(JSON.stringify({ liveness }, null, 2));
    return;
  }
  if (only === 'ingest') {
    const redis = await startRedis();
    const server = await startServer({
      env: { REDIS_URL: redis.url, LOG_LEVEL: 'warn', PANTAU_INGEST_RATE_PER_MINUTE: '1000000' },
    });
    try {
      const key = await createIngestKey(server.baseUrl);
      const rawPipelined = await rawXaddCeiling(
        redis.url,
        JSON.stringify(incident('bench-payload', { severity: 'minor' })),
      );
      const t = await ingestThroughput(server.baseUrl, key, {
        server: server.pid,
        redis: await redisPid(redis.url),
      });
      const ingest = {
        batch: BATCH,
        eventsPerSecond: Math.round(t.eventsPerSecond),
        requests: t.requests,
        cpuSecondsPer1000Events: t.cpuSecondsPer1000Events,
        rawXaddPipelinedPerSecond: Math.round(rawPipelined),
        target: INGEST_TARGET,
        meets: t.eventsPerSecond >= INGEST_TARGET,
      };
      mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
      writeFileSync(
        new URL('./results/ingest.json', import.meta.url),
        JSON.stringify({ at: new Date().toISOString(), ingest }, null, 2),
      );
      console.log(JSON.stringify({ ingest }, null, 2));
    } finally {
      await server.stop();
      await redis.dispose();
    }
    return;
  }
  const bundles = measureBundles();
  if (only === 'bundles') {
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/bundles.json', import.meta.url),
      JSON.stringify({ at: new Date().toISOString(), bundles }, null, 2),
    );
    console.log(JSON.stringify({ bundles }, null, 2));
    return;
  }
  const redis = await startRedis();
  const server = await startServer({
    env: { REDIS_URL: redis.url, LOG_LEVEL: 'warn', PANTAU_INGEST_RATE_PER_MINUTE: '1000000' },
  });
  try {
    const key = await createIngestKey(server.baseUrl);
    const token = await createDisplayToken(server.baseUrl);
    const payload = JSON.stringify(incident('bench-payload', { severity: 'minor' }));
    const rawPipelined = await rawXaddCeiling(redis.url, payload);
    const rawRedisBenchmark = redisBenchmark(redis.port, payload);
    // Latency first, on a small state, so snapshots stay what a wall really gets.
    const lat100 = await latency(server.baseUrl, key, token, 100);
    const lat1000 = await latency(server.baseUrl, key, token, 1000);
    const throughput = await ingestThroughput(server.baseUrl, key, {
      server: server.pid,
      redis: await redisPid(redis.url),
    });
    const result = {
      at: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      redis: {
        rawXaddPipelinedPerSecond: Math.round(rawPipelined),
        redisBenchmarkXaddPerSecond: rawRedisBenchmark,
      },
      ingest: {
        batch: BATCH,
        eventsPerSecond: Math.round(throughput.eventsPerSecond),
        requests: throughput.requests,
        cpuSecondsPer1000Events: throughput.cpuSecondsPer1000Events,
      },
      ingestVsRawRatio: +(throughput.eventsPerSecond / rawPipelined).toFixed(3),
      latency: [lat100, lat1000],
      targets: {
        ingestVsRaw: '>= 0.20',
        ingestEventsPerSecond: `>= ${INGEST_TARGET}`,
        p99At1000Ms: `<= ${DELTA_COALESCE_MS + 50}`,
      },
      meets: {
        ingestVsRaw: throughput.eventsPerSecond / rawPipelined >= 0.2,
        ingestEventsPerSecond: throughput.eventsPerSecond >= INGEST_TARGET,
        p99At1000: lat1000.p99Ms <= DELTA_COALESCE_MS + 50,
      },
      bundles,
    };
    const history = process.env.BENCH_SKIP_HISTORY === '1' ? null : await benchHistory();
    Object.assign(result, { history });
    const liveness = process.env.BENCH_SKIP_LIVENESS === '1' ? null : await benchLiveness();
    Object.assign(result, { liveness });
    const sockets = process.env.BENCH_SKIP_SOCKETS === '1' ? null : await benchSockets();
    Object.assign(result, { sockets });
    const health = process.env.BENCH_SKIP_HEALTH === '1' ? null : await benchHealth();
    Object.assign(result, { health });
    const wall = process.env.BENCH_SKIP_WALL === '1' ? null : await benchWall();
    Object.assign(result, { wall });
    const integrity = process.env.BENCH_SKIP_INTEGRITY === '1' ? null : await benchIntegrity();
    Object.assign(result, { integrity });
    const publicStatus = process.env.BENCH_SKIP_PUBLIC === '1' ? null : await benchPublicStatus();
    Object.assign(result, { publicStatus });
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
    if (health) {
      const bb = health.probe.blackboxExporter;
      console.log(
        `probe CPU per 1000 checks: pantau ${health.probe.pantau.cpuSecondsPer1000.toFixed(3)} s vs blackbox_exporter ${'cpuSecondsPer1000' in bb ? bb.cpuSecondsPer1000.toFixed(3) : bb.skipped} (ratio ${health.probe.pantauCpuVsBlackbox ?? 'n/a'}); 1000 services @30 s: ${health.scale.cpuShareOfOneCore} of a core, peak RSS ${health.scale.peakRssMb} MB`,
      );
    }
    if (integrity)
      console.log(
        `integrity CPU per page: ${integrity.integrity.cpuMsPerPage} ms (three views, ${integrity.pageKb} KB pages) vs plain http check ${integrity.plainCheck.cpuMsPerPage} ms (×${integrity.integrityVsPlain})`,
      );
    if (wall && !('skipped' in wall)) {
      console.log(
        `wall (${wall.churn.seconds} s, headless SwiftShader): long tasks > 100 ms after first render ${wall.longTasks.afterFirstRender.over100Ms} (max ${wall.longTasks.afterFirstRender.maxMs} ms), frames p50/p95/p99 ${wall.frames.p50Ms}/${wall.frames.p95Ms}/${wall.frames.p99Ms} ms, heap growth ${wall.heap.growthPct} %, wall bundle beyond maplibre ${wall.bundles.screens.wall?.beyondMaplibreGzipKb ?? 'n/a'} KB gzip`,
      );
    }
    if (sockets) {
      console.log(
        `${sockets.sockets.connected}/${sockets.sockets.requested} live sockets (connected in ${sockets.connect.allMs} ms): ingest→client p50/p95/p99/max ${sockets.latency.p50Ms}/${sockets.latency.p95Ms}/${sockets.latency.p99Ms}/${sockets.latency.maxMs} ms (target ${sockets.target.p99Ms}), server RSS ${sockets.server.rssMb} MB`,
      );
    }
    if (publicStatus)
      for (const r of [publicStatus.json, publicStatus.page])
        console.log(
          `public ${r.path}: ${r.requestsPerSecond} req/s (target ${publicStatus.target.requestsPerSecond}), Redis commands per request ${r.redisCommandsPerRequest} (${r.redisCommandsPerRequestBeyondIdle} beyond idle)`,
        );
    for (const line of bundleLines(bundles)) console.log(line);
    console.log(
      `ingest ${result.ingest.eventsPerSecond}/s = ${(result.ingestVsRawRatio * 100).toFixed(1)} % of raw XADD ${result.redis.rawXaddPipelinedPerSecond}/s; p99 @1000 clients ${lat1000.p99Ms.toFixed(0)} ms (target ≤ ${DELTA_COALESCE_MS + 50})`,
    );
  } finally {
    await server.stop();
    await redis.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
