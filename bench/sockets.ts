/**
 * Many live clients (issue 13, item 5): ONE server instance on a real Redis holds BENCH_SOCKETS
 * (default 10,000) `/live` sockets — walls on display tokens, consoles on supervisor/operator
 * session cookies, a few liaison consoles (their own view, so each flush encodes two views) —
 * opened by a load generator of separate processes (bench/socketsWorker.ts, forked under tsx).
 * Once every socket has its snapshot, marked incidents are ingested through the HTTP API at a
 * steady pace (intervals drawn uniformly in 0.5–1.5 × BENCH_SOCKETS_INTERVAL_MS, default the
 * coalescing window, so some land at a window's leading edge and some inside it), and every
 * worker records, per socket, when the delta carrying each one arrived.
 *
 * Figures: sockets connected, connect time for all of them, ingest→client p50/p95/p99/max over
 * every (socket, incident) delivery, the fan-out part (arrival minus the delta's own flush time),
 * sockets that received every marked incident, server RSS and CPU (from /proc), the workers' CPU.
 * Target: p99 ≤ DELTA_COALESCE_MS + 50 ms. The load generator shares the machine's cores with the
 * server, so its own work (parsing every delta on every socket) is inside the figures.
 *
 * Knobs: BENCH_SOCKETS, BENCH_SOCKETS_WORKERS (4), BENCH_SOCKETS_SAMPLES (120),
 * BENCH_SOCKETS_INTERVAL_MS (DELTA_COALESCE_MS), BENCH_SOCKETS_NICE (the workers' nice value, 0),
 * BENCH_SOCKETS_PIN (`<server cpus>/<load cpus>`, e.g. `0/1`: taskset both; off by default).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DELTA_COALESCE_MS } from '../shared/limits.js';
import { createIngestKey, incident, ingest, login, type Session } from '../tests/helpers/api.js';
import { createUser, loginAs } from '../tests/helpers/http.js';
import { startRedis } from '../tests/helpers/redis.js';
import { startServer } from '../tests/helpers/server.js';
import type { FromWorker, ToWorker, WorkerAuth } from './socketsWorker.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORKER = fileURLToPath(new URL('./socketsWorker.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

function pct(xs: Float64Array, p: number): number {
  if (xs.length === 0) return NaN;
  return +(xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN).toFixed(1);
}

function summary(xs: Float64Array) {
  const s = xs.slice().sort();
  return {
    n: s.length,
    p50Ms: pct(s, 50),
    p95Ms: pct(s, 95),
    p99Ms: pct(s, 99),
    maxMs: s.length ? +(s[s.length - 1] ?? NaN).toFixed(1) : NaN,
  };
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** From /proc/<pid>: RSS and peak RSS (MB), CPU time (ms), open-file limit. */
function proc(pid: number) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const nofile = /Max open files\s+(\d+)/.exec(limits)?.[1];
    return {
      rssMb: Math.round(kb('VmRSS') / 1024),
      peakRssMb: Math.round(kb('VmHWM') / 1024),
      cpuMs: (Number(fields[11]) + Number(fields[12])) * tick,
      nofile: nofile ? Number(nofile) : null,
    };
  } catch {
    return null;
  }
}

/** Busy CPU time of the whole machine so far (ms), from /proc/stat. */
function machineBusyMs(): number {
  const f = (/^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '').split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal
  return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) * 10;
}

/** Raises a running process's open-file limit (needs the right to; best effort). */
function raiseNofile(pid: number, want: number): void {
  const have = proc(pid)?.nofile ?? 0;
  if (have >= want) return;
  spawnSync('prlimit', ['--pid', String(pid), `--nofile=${want}:${want}`], { stdio: 'ignore' });
}

/** Pins a process (every thread) to the given CPUs, e.g. `0` or `1`; best effort. */
function pin(pid: number | undefined, cpus: string | undefined): void {
  if (pid && cpus) spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

interface Worker {
  child: ChildProcess;
  next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>>;
  send(m: ToWorker): void;
}

function startWorker(): Worker {
  const child = fork(WORKER, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<string, (m: FromWorker) => void>();
  const early = new Map<string, FromWorker>();
  child.on('message', (m: FromWorker) => {
    const w = waiting.get(m.type);
    if (w) {
      waiting.delete(m.type);
      w(m);
    } else early.set(m.type, m);
  });
  return {
    child,
    send: (m) => child.send(m),
    next: <T extends FromWorker['type']>(type: T) =>
      new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
        const got = early.get(type);
        if (got) {
          early.delete(type);
          resolve(got as Extract<FromWorker, { type: T }>);
          return;
        }
        child.once('exit', (code) =>
          reject(new Error(`sockets worker exited (${code}) waiting for ${type}`)),
        );
        waiting.set(type, (m) => resolve(m as Extract<FromWorker, { type: T }>));
      }),
  };
}

/** Who the sockets are: walls on display tokens, consoles and liaisons on session cookies. */
async function principals(
  baseUrl: string,
  admin: Session,
  total: number,
): Promise<{ auths: WorkerAuth[]; mix: Record<string, number> }> {
  const liaisons = Math.round(total * 0.03);
  const consoles = Math.round(total * 0.12);
  const walls = total - liaisons - consoles;
  // Real walls have a token each; 200 displays shared round-robin cost the server the same per handshake.
  const tokens: string[] = [];
  for (let i = 0; i < Math.min(200, Math.max(1, walls)); i++) {
    const r = await admin.request('POST', '/api/v1/displays', { name: `bench wall ${i}` });
    if (r.status !== 201) throw new Error(`display: ${r.status}`);
    tokens.push((r.body as { data: { token: string } }).data.token);
  }
  const cookies = async (role: 'supervisor' | 'operator' | 'liaison', n: number, agencyId?: string) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++)
      out.push((await loginAs(baseUrl, await createUser(admin, role, agencyId))).cookie);
    return out;
  };
  const consoleCookies = [...(await cookies('supervisor', 10)), ...(await cookies('operator', 10))];
  const liaisonCookies = await cookies('liaison', 5, 'bpbd');
  const auths: WorkerAuth[] = [
    ...Array.from({ length: walls }, (_, i) => ({ token: tokens[i % tokens.length] ?? '' })),
    ...Array.from({ length: consoles }, (_, i) => ({
      cookie: consoleCookies[i % consoleCookies.length] ?? '',
    })),
    ...Array.from({ length: liaisons }, (_, i) => ({
      cookie: liaisonCookies[i % liaisonCookies.length] ?? '',
    })),
  ];
  // Interleave so each worker holds the same mix.
  for (let i = auths.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [auths[i], auths[j]] = [auths[j] as WorkerAuth, auths[i] as WorkerAuth];
  }
  return {
    auths,
    mix: {
      walls,
      consoles,
      liaisons,
      displayTokens: tokens.length,
      consoleSessions: consoleCookies.length,
      liaisonSessions: liaisonCookies.length,
    },
  };
}

/** The many-live-clients figures (see the file comment). */
export async function benchSockets() {
  const total = Number(process.env.BENCH_SOCKETS ?? 10_000);
  const nWorkers = Math.max(1, Number(process.env.BENCH_SOCKETS_WORKERS ?? 4));
  const samples = Number(process.env.BENCH_SOCKETS_SAMPLES ?? 120);
  const intervalMs = Number(process.env.BENCH_SOCKETS_INTERVAL_MS ?? DELTA_COALESCE_MS);
  const nofile = total + 2_000;
  const nice = Number(process.env.BENCH_SOCKETS_NICE ?? 0);
  const loadAvg1mAtStart = +(os.loadavg()[0] ?? 0).toFixed(2);
  const redis = await startRedis({ appendfsync: 'everysec' });
  const server = await startServer({
    env: {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      PANTAU_INGEST_RATE_PER_MINUTE: '1000000',
    },
  });
  raiseNofile(server.pid, nofile);
  const [serverCpus, loadCpus] = (process.env.BENCH_SOCKETS_PIN ?? '').split('/');
  pin(server.pid, serverCpus);
  const workers: Worker[] = [];
  try {
    const admin = await login(server.baseUrl);
    const key = await createIngestKey(server.baseUrl);
    const { auths, mix } = await principals(server.baseUrl, admin, total);
    const prefix = `mark${Date.now().toString(36)}-`;
    for (let w = 0; w < nWorkers; w++) workers.push(startWorker());
    for (const w of workers) if (w.child.pid) raiseNofile(w.child.pid, Math.ceil(total / nWorkers) + 1_000);
    for (const w of workers) pin(w.child.pid, loadCpus);
    for (const w of workers) if (w.child.pid && nice) os.setPriority(w.child.pid, nice);
    await Promise.all(workers.map((w) => w.next('up')));

    // Connect: every worker opens its share at once (a bounded number in flight each).
    const cpu0 = proc(server.pid);
    const t0 = performance.now();
    workers.forEach((w, i) =>
      w.send({
        type: 'start',
        baseUrl: server.baseUrl,
        auths: auths.filter((_, k) => k % nWorkers === i),
        concurrency: 100,
        prefix,
        connectTimeoutMs: 60_000,
      }),
    );
    const ready = await Promise.all(workers.map((w) => w.next('ready')));
    const connectMs = Math.round(performance.now() - t0);
    const cpu1 = proc(server.pid);
    const connected = ready.reduce((n, r) => n + r.connected, 0);
    const errors: Record<string, number> = {};
    for (const r of ready) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;

    // Warm-up (unmarked), then a settle.
    for (let i = 0; i < 5; i++) {
      await ingest(
        server.baseUrl,
        key,
        '/api/v1/incidents',
        incident(`warm-${prefix}${i}`, { severity: 'minor', agencyId: 'bpbd' }),
      );
      await sleep(DELTA_COALESCE_MS * 2);
    }
    await sleep(2_000);

    // Marked incidents at a steady pace; requests are not awaited before the next is due.
    const cpu2 = proc(server.pid);
    const busy2 = machineBusyMs();
    const self2 = process.cpuUsage();
    workers.forEach((w) => w.send({ type: 'measure' }));
    const ids: string[] = [];
    const ingestMs: number[] = [];
    const statuses: Record<string, number> = {};
    const inflight: Promise<void>[] = [];
    const m0 = performance.now();
    let due = m0;
    for (let k = 0; k < samples; k++) {
      due += intervalMs * (0.5 + Math.random());
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const sent = now();
      const id = `${prefix}${k}-${sent.toFixed(1)}`;
      ids.push(id);
      inflight.push(
        ingest(
          server.baseUrl,
          key,
          '/api/v1/incidents',
          incident(id, { severity: 'minor', agencyId: 'bpbd' }),
        ).then((r) => {
          ingestMs.push(now() - sent);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        }),
      );
    }
    await Promise.all(inflight);
    workers.forEach((w) => w.send({ type: 'finish', ids, waitMs: 10_000 }));
    const results = await Promise.all(workers.map((w) => w.next('result')));
    const cpu3 = proc(server.pid);
    const busy3 = machineBusyMs();
    const selfCpu = process.cpuUsage(self2);
    const windowSeconds = (performance.now() - m0) / 1000;

    const lat = summary(concat(results.map((r) => r.latencyMs)));
    const fan = summary(concat(results.map((r) => r.fanoutMs)));
    const marks = ids.map((id) => {
      const per = results
        .map((r) => r.perMark[id] ?? { n: 0, firstMs: NaN, lastMs: NaN })
        .filter((m) => m.n > 0);
      return {
        n: per.reduce((a, m) => a + m.n, 0),
        firstMs: Math.min(...per.map((m) => m.firstMs)),
        lastMs: Math.max(...per.map((m) => m.lastMs)),
      };
    });
    const disconnects: Record<string, number> = {};
    for (const r of results)
      for (const [k, v] of Object.entries(r.disconnects)) disconnects[k] = (disconnects[k] ?? 0) + v;
    const coreShare = (a: typeof cpu0, b: typeof cpu0, secs: number) =>
      a && b ? +((b.cpuMs - a.cpuMs) / 1000 / secs).toFixed(2) : null;
    const loadCpuMs = results.reduce((n, r) => n + r.cpuUserMs + r.cpuSystemMs, 0);
    const serverCpuMs = cpu2 && cpu3 ? cpu3.cpuMs - cpu2.cpuMs : 0;
    const otherCpuMs = busy3 - busy2 - serverCpuMs - loadCpuMs - (selfCpu.user + selfCpu.system) / 1000;
    const ingestSorted = Float64Array.from(ingestMs).sort();
    const target = DELTA_COALESCE_MS + 50;
    return {
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadAvg1mAtStart,
        // Redis, and anything else running on the machine (other test runs), beside server, load generator and runner.
        otherCpuCoresWhileIngesting: +(Math.max(0, otherCpuMs) / 1000 / windowSeconds).toFixed(2),
        // False when something else took more than 0.15 of a core: the figures are not this bench's alone.
        quiet: otherCpuMs / 1000 / windowSeconds <= 0.15,
      },
      sockets: {
        requested: total,
        connected,
        failed: total - connected,
        errors,
        mix,
        workers: nWorkers,
        workerNice: nice,
        pinned: process.env.BENCH_SOCKETS_PIN ?? null,
        snapshotChars: ready[0]?.snapshotChars ?? null,
      },
      connect: {
        allMs: connectMs,
        perSecond: Math.round(connected / (connectMs / 1000)),
        serverCpuCores: coreShare(cpu0, cpu1, connectMs / 1000),
      },
      ingest: {
        samples,
        intervalMs,
        statuses,
        requestP50Ms: pct(ingestSorted, 50),
        requestP99Ms: pct(ingestSorted, 99),
      },
      // Over every (socket, marked incident) delivery: ingest request sent → delta received.
      latency: lat,
      // The same deliveries from the delta's own flush time (`at`): the cost of reaching every socket.
      fanout: fan,
      // Per marked incident, the first socket to get it (HTTP, Redis, feed, coalescing wait) and the last (all of them).
      firstSocket: summary(Float64Array.from(marks.map((m) => m.firstMs))),
      lastSocket: summary(Float64Array.from(marks.map((m) => m.lastMs))),
      delivery: {
        socketsWithEveryMarked: results.reduce((n, r) => n + r.complete, 0),
        minReceiversPerMarked: Math.min(...marks.map((m) => m.n)),
        disconnectsDuringRun: disconnects,
      },
      server: {
        rssMb: cpu3?.rssMb ?? null,
        peakRssMb: cpu3?.peakRssMb ?? null,
        rssPerSocketKb:
          cpu3 && cpu0 && connected ? Math.round(((cpu3.rssMb - cpu0.rssMb) * 1024) / connected) : null,
        cpuCoresWhileIngesting: coreShare(cpu2, cpu3, windowSeconds),
        nofile: cpu3?.nofile ?? null,
      },
      loadGenerator: {
        cpuCoresWhileIngesting: +(loadCpuMs / 1000 / windowSeconds).toFixed(2),
        rssMb: results.reduce((n, r) => n + r.rssMb, 0),
      },
      target: { p99Ms: `<= ${target}` },
      meets: { p99: lat.p99Ms <= target && connected === total },
    };
  } finally {
    for (const w of workers) {
      if (w.child.exitCode === null) {
        const exited = new Promise((r) => w.child.once('exit', r));
        w.send({ type: 'close' });
        await Promise.race([exited, sleep(5_000)]);
        if (w.child.exitCode === null) w.child.kill('SIGKILL');
      }
    }
    await server.stop();
    await redis.dispose();
  }
}
