/**
 * History figures: the cost of reads as stored history grows. A real server on a real Redis is
 * filled with closed incidents (batches of 500 through the API) up to each level — 1k, 100k and,
 * with BENCH_HISTORY_MAX=1000000, 1M — beside a steady live set of 200 open ones; at each level:
 * a 10-row list read (plain and filtered), the snapshot (latency and bytes), a replay a minute back,
 * and Redis memory per stored record. Ingest throughput is reported beside the same Redis's
 * pipelined XADD. Targets: list/snapshot at the top level ≤ 2× the 1k figure.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { loadCatalog } from '../server/catalog/catalog.js';
import { parseConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { runRetention } from '../server/ops/retention.js';
import { Archive } from '../server/store/archive.js';
import { createStore } from '../server/store/index.js';
import { createIngestKey, incident, ingest, login } from '../tests/helpers/api.js';
import { startRedis } from '../tests/helpers/redis.js';
import { startServer } from '../tests/helpers/server.js';

const BATCH = 500;
const SAMPLES = 30;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return +(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN).toFixed(2);
}

async function timed(
  n: number,
  fn: () => Promise<number>,
): Promise<{ p50Ms: number; p99Ms: number; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    bytes = await fn();
    ms.push(performance.now() - t0);
  }
  return { p50Ms: pct(ms, 50), p99Ms: pct(ms, 99), bytes };
}

async function rawXadd(url: string, payload: string): Promise<number> {
  const r = new Redis(url);
  const total = 100_000;
  const t0 = performance.now();
  for (let done = 0; done < total; done += 1000) {
    const p = r.pipeline();
    for (let i = 0; i < 1000; i++)
      p.xadd('bench:raw', 'MAXLEN', '~', '100000', '*', 'type', 'incident', 'data', payload);
    await p.exec();
  }
  const perSecond = total / ((performance.now() - t0) / 1000);
  await r.del('bench:raw');
  r.disconnect();
  return Math.round(perSecond);
}

/** Every level's figures, and the ratio of the top level to the 1k one. */
export async function benchHistory() {
  const levels = [
    1_000,
    100_000,
    ...(Number(process.env.BENCH_HISTORY_MAX ?? 0) >= 1_000_000 ? [1_000_000] : []),
  ];
  const redis = await startRedis();
  const archiveDir = mkdtempSync(path.join(tmpdir(), 'pantau-bench-archive-'));
  const server = await startServer({
    env: {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      PANTAU_INGEST_RATE_PER_MINUTE: '100000000',
      PANTAU_CHECKPOINT_SECONDS: '30',
      PANTAU_ARCHIVE_DIR: archiveDir,
    },
  });
  // Replays ask for points after the server's first checkpoint (taken as it starts).
  const startedAt = Date.now();
  const raw = new Redis(redis.url);
  try {
    const key = await createIngestKey(server.baseUrl);
    let admin = await login(server.baseUrl);
    const get = async (path: string) => {
      const r = await fetch(server.baseUrl + path, { headers: { cookie: admin.cookie } });
      const body = await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      return body.byteLength;
    };
    // The live set: 200 open incidents that stay.
    const open = Array.from({ length: 200 }, (_, i) =>
      incident(`live-${i}`, { severity: 'moderate', occurredAt: new Date().toISOString() }),
    );
    await ingest(server.baseUrl, key, '/api/v1/incidents', open);
    const usedBefore = Number(/used_memory:(\d+)/.exec(await raw.info('memory'))?.[1] ?? 0);
    const agencies = ['bpbd', 'damkar', 'satpolpp', 'dishub'];
    let stored = 0;
    let ingestMs = 0;
    const results: Record<string, unknown>[] = [];
    for (const level of levels) {
      while (stored < level) {
        const n = Math.min(BATCH, level - stored);
        const batch = Array.from({ length: n }, (_, k) => {
          const i = stored + k;
          return incident(`hist-${i}`, {
            status: 'closed',
            severity: 'minor',
            agencyId: agencies[i % 4],
            occurredAt: new Date(Date.now() - 86_400_000 - i * 1000).toISOString(),
          });
        });
        const t0 = performance.now();
        const r = await ingest(server.baseUrl, key, '/api/v1/incidents', batch);
        ingestMs += performance.now() - t0;
        if (r.status !== 202) throw new Error(`ingest ${r.status}`);
        stored += n;
      }
      const used = Number(/used_memory:(\d+)/.exec(await raw.info('memory'))?.[1] ?? 0);
      const minuteAgo = new Date(Math.max(startedAt, Date.now() - 60_000)).toISOString();
      results.push({
        stored,
        listOpen: await timed(SAMPLES, () => get('/api/v1/incidents?limit=10')),
        listAll: await timed(SAMPLES, () => get('/api/v1/incidents?status=all&limit=10')),
        listFiltered: await timed(SAMPLES, () =>
          get('/api/v1/incidents?status=all&agency=bpbd&category=flood&limit=10'),
        ),
        snapshot: await timed(10, () => get('/api/v1/snapshot')),
        replayMinuteAgo: await timed(5, () => get(`/api/v1/snapshot?at=${encodeURIComponent(minuteAgo)}`)),
        redisBytesPerRecord: Math.round((used - usedBefore) / stored),
      });
      console.log(JSON.stringify(results.at(-1)));
    }
    const retention = await benchRetention(
      redis.url,
      archiveDir,
      raw,
      get,
      results.length ? stored : 0,
      startedAt,
      async () => void (admin = await login(server.baseUrl)),
    );
    const first = results[0] as { listAll: { p50Ms: number }; snapshot: { p50Ms: number } };
    const last = results.at(-1) as { listAll: { p50Ms: number }; snapshot: { p50Ms: number } };
    const payload = JSON.stringify(incident('bench-payload', { severity: 'minor' }));
    return {
      levels: results,
      retention,
      ingest: {
        batch: BATCH,
        eventsPerSecond: Math.round(stored / (ingestMs / 1000)),
        rawXaddPipelinedPerSecond: await rawXadd(redis.url, payload),
        note: 'one client, sequential batches',
      },
      ratioTopTo1k: {
        listAll: +(last.listAll.p50Ms / first.listAll.p50Ms).toFixed(2),
        snapshot: +(last.snapshot.p50Ms / first.snapshot.p50Ms).toFixed(2),
      },
      targets: { ratioTopTo1k: '<= 2', ingestEventsPerSecond: '>= 25000' },
    };
  } finally {
    raw.disconnect();
    await server.stop();
    await redis.dispose();
    rmSync(archiveDir, { recursive: true, force: true });
  }
}

const usedMemory = async (raw: Redis) => Number(/used_memory:(\d+)/.exec(await raw.info('memory'))?.[1] ?? 0);

function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, name.name);
    total += name.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return total;
}

/**
 * Retention at the top level: a pass with its clock 120 days on (the same archive folder as the
 * server) moves the closed history, the event log and the checkpoints to the archive; then the
 * store's memory, a list page read from the archive, and a replay of a point that is now far
 * back (served from an archived checkpoint and archived events) through the server.
 */
async function benchRetention(
  url: string,
  archiveDir: string,
  raw: Redis,
  get: (p: string) => Promise<number>,
  stored: number,
  startedAt: number,
  relogin: () => Promise<void>,
) {
  const parsed = parseConfig({ REDIS_URL: url, LOG_LEVEL: 'warn' });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const log = createLogger('warn');
  const archive = new Archive(archiveDir);
  const shiftMs = 120 * 86_400_000;
  const ctx = {
    store: createStore(parsed.config.redis, log),
    catalog: loadCatalog(),
    log,
    config: parsed.config,
    now: () => new Date(Date.now() + shiftMs),
    archive,
  };
  try {
    await ctx.store.waitReady(5_000);
    const replayAt = new Date(Math.max(startedAt, Date.now() - 5 * 60_000)).toISOString();
    const usedBefore = await usedMemory(raw);
    // The server's own pass may hold the lease for a moment: only the pass that ran is timed.
    let report = null;
    let secs = 0;
    for (let i = 0; !report && i < 30; i++) {
      if (i) await new Promise((r) => setTimeout(r, 1_000));
      const t0 = performance.now();
      report = await runRetention(ctx, archive);
      secs = (performance.now() - t0) / 1000;
    }
    if (!report) throw new Error('retention lease held elsewhere');
    const usedAfter = await usedMemory(raw);
    // The pass's clock is 120 days on: it ended the bench's session too (past its absolute expiry).
    await relogin();
    const moved = Object.values(report.moved).reduce((a, b) => a + b, 0);
    const oldest = new Date(Date.now() - 86_400_000 - (stored - 50) * 1000).toISOString();
    return {
      storedBefore: stored,
      movedRecords: moved,
      archivedEvents: report.events,
      recordsPerSecond: Math.round((moved + report.events) / secs),
      passSeconds: +secs.toFixed(2),
      archiveBytes: bytesUnder(archiveDir),
      redisBytesBefore: usedBefore,
      redisBytesAfter: usedAfter,
      listFirstPageAfter: await timed(SAMPLES, () => get('/api/v1/incidents?status=all&limit=10')),
      listArchivedPage: await timed(SAMPLES, () =>
        get(`/api/v1/incidents?status=all&limit=10&to=${encodeURIComponent(oldest)}`),
      ),
      replayFromArchive: {
        ...(await timed(5, () => get(`/api/v1/snapshot?at=${encodeURIComponent(replayAt)}`))),
        note: 'a point 120 days before the pass clock: archived checkpoint + archived events',
      },
    };
  } finally {
    await ctx.store.close();
  }
}
