/**
 * One process of the many-live-clients load generator (bench/sockets.ts forks several). It opens
 * its share of `/live` sockets (websocket transport only, one connection each), waits for each
 * snapshot, then records for every marked incident (`<prefix><k>-<sent ms>`) the moment the delta
 * carrying it arrived on each socket: ingest→client latency (the sent time is in the id, stamped by
 * the parent just before its request; every process reads the same clock) and fan-out (arrival
 * minus the delta's own `at`, the server's flush time).
 *
 * IPC (advanced serialisation): the worker says `up` once loaded; the parent sends `start`, `measure` as marking begins, `finish`
 * with the marked ids, then `close`; the worker answers `ready` once all its sockets are connected or refused, and `result`.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/events.js';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface WorkerAuth {
  token?: string;
  cookie?: string;
}

export type ToWorker =
  | {
      type: 'start';
      baseUrl: string;
      auths: WorkerAuth[];
      concurrency: number;
      prefix: string;
      connectTimeoutMs: number;
    }
  | { type: 'measure' }
  | { type: 'finish'; ids: string[]; waitMs: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'up' }
  | {
      type: 'ready';
      connected: number;
      failed: number;
      errors: Record<string, number>;
      connectMs: number;
      snapshotChars: number | null;
    }
  | {
      type: 'result';
      sockets: number;
      /** Sockets that received every marked id. */
      complete: number;
      /** Per marked id: deliveries, and the latency (ms) of its first and last socket here. */
      perMark: Record<string, { n: number; firstMs: number; lastMs: number }>;
      /** ms, one per (socket, marked id) delivery. */
      latencyMs: Float64Array;
      fanoutMs: Float64Array;
      disconnects: Record<string, number>;
      /** CPU of this process from `measure` to the result. */
      cpuUserMs: number;
      cpuSystemMs: number;
      rssMb: number;
    };

const now = () => performance.timeOrigin + performance.now();

function send(m: FromWorker): void {
  process.send?.(m);
}

let prefix = '';
const sockets: LiveSocket[] = [];
const seen: number[] = [];
const perMark = new Map<string, { n: number; firstMs: number; lastMs: number }>();
const latency: number[] = [];
const fanout: number[] = [];
const disconnects: Record<string, number> = {};

function connectOne(baseUrl: string, auth: WorkerAuth, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s: LiveSocket = io(`${baseUrl}/live`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
      auth: auth.token ? { token: auth.token } : {},
      ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
    });
    const timer = setTimeout(() => {
      s.close();
      resolve('timeout');
    }, timeoutMs);
    s.once('snapshot', (snap) => {
      clearTimeout(timer);
      const i = sockets.length;
      sockets.push(s);
      seen.push(0);
      if (i === 0) snapshotChars = JSON.stringify(snap).length;
      s.on('delta', (d) => {
        const at = now();
        for (const inc of d.incidents) {
          if (!inc.id.startsWith(prefix)) continue;
          const sent = Number(inc.id.slice(inc.id.lastIndexOf('-') + 1));
          const ms = at - sent;
          latency.push(ms);
          fanout.push(at - Date.parse(d.at));
          seen[i] = (seen[i] ?? 0) + 1;
          const m = perMark.get(inc.id);
          if (!m) perMark.set(inc.id, { n: 1, firstMs: ms, lastMs: ms });
          else {
            m.n += 1;
            m.firstMs = Math.min(m.firstMs, ms);
            m.lastMs = Math.max(m.lastMs, ms);
          }
        }
      });
      s.on('disconnect', (reason) => {
        disconnects[reason] = (disconnects[reason] ?? 0) + 1;
      });
      resolve(null);
    });
    s.once('connect_error', (err) => {
      clearTimeout(timer);
      s.close();
      resolve(err.message || 'connect_error');
    });
  });
}

let snapshotChars: number | null = null;
/** CPU used before the measured window (reset by `measure`). */
let cpuBase = process.cpuUsage();

async function start(m: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  prefix = m.prefix;
  const t0 = performance.now();
  const errors: Record<string, number> = {};
  let next = 0;
  const lane = async () => {
    while (next < m.auths.length) {
      const auth = m.auths[next++] ?? {};
      const err = await connectOne(m.baseUrl, auth, m.connectTimeoutMs);
      if (err) errors[err] = (errors[err] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, m.concurrency) }, lane));
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  cpuBase = process.cpuUsage();
  send({
    type: 'ready',
    connected: sockets.length,
    failed,
    errors,
    connectMs: Math.round(performance.now() - t0),
    snapshotChars,
  });
}

async function finish(m: Extract<ToWorker, { type: 'finish' }>): Promise<void> {
  const want = m.ids.length;
  const until = Date.now() + m.waitMs;
  while (seen.some((n) => n < want) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const cpu = process.cpuUsage(cpuBase);
  send({
    type: 'result',
    sockets: sockets.length,
    complete: seen.filter((n) => n >= want).length,
    perMark: Object.fromEntries(
      m.ids.map((id) => [id, perMark.get(id) ?? { n: 0, firstMs: NaN, lastMs: NaN }]),
    ),
    latencyMs: Float64Array.from(latency),
    fanoutMs: Float64Array.from(fanout),
    disconnects,
    cpuUserMs: Math.round(cpu.user / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  });
}

process.on('message', (m: ToWorker) => {
  if (m.type === 'start') void start(m);
  else if (m.type === 'measure') cpuBase = process.cpuUsage();
  else if (m.type === 'finish') void finish(m);
  else {
    sockets.forEach((s) => s.close());
    setTimeout(() => process.exit(0), 200);
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'up' });
