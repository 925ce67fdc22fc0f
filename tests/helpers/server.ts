import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADMIN_PASSWORD = 'test-admin-password';

/** A real Pantau server process on 127.0.0.1. */
export interface TestServer {
  baseUrl: string;
  port: number;
  /** The server process id (for CPU and memory readings in benchmarks). */
  pid: number;
  logs: () => string;
  /** Graceful stop (SIGTERM). */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), as a crash. */
  kill(): Promise<void>;
}

/**
 * Starts `server/main.ts` with the given env on a free port and waits for /healthz. Each server
 * archives into a fresh folder unless PANTAU_ARCHIVE_DIR is given (instances that must share an
 * archive are given the same one). `SERVER_PROF=<dir>` in the environment writes a V8 CPU profile of
 * the server there when it exits (for finding where a benchmark's time goes).
 */
/**
 * For tests that need one alert per incident while their incidents share a spot and a category
 * (races, access rows, fuzzing): grouping off. Grouping itself is tested on the default rule
 * (tests/server/alerts/grouping.test.ts).
 */
export const ONE_ALERT_PER_INCIDENT = { PANTAU_ALERT_GROUP_RADIUS_METERS: '0' } as const;

export async function startServer(
  opts: { env?: Record<string, string>; waitReady?: boolean } = {},
): Promise<TestServer> {
  const port = opts.env?.PORT ? Number(opts.env.PORT) : await freePort();
  let out = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.SERVER_PROF] : []),
      '--import',
      'tsx',
      'server/main.ts',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PANTAU_DEMO: '0',
        PANTAU_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOG_LEVEL: 'info',
        PANTAU_CONTRACT_CHECK: '1',
        PANTAU_ARCHIVE_DIR: mkdtempSync(path.join(tmpdir(), 'pantau-archive-')),
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const want = opts.waitReady === false ? '/healthz' : '/readyz';
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      const r = await fetch(baseUrl + want);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300) throw new Error(`server not ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stopWith = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(sig);
    await exited;
  };
  // Under PANTAU_CONTRACT_CHECK an answer that does not match its declared schema (shared/api) is
  // logged: the test whose server logged it fails when it stops the server.
  const stop = async () => {
    await stopWith('SIGTERM');
    const bad = out.split('\n').filter((l) => l.includes('contract violation'));
    if (bad.length)
      throw new Error(
        `answers that do not match their declared schema (shared/api):\n${bad.slice(0, 5).join('\n')}`,
      );
  };
  return { baseUrl, port, pid: child.pid ?? 0, logs: () => out, stop, kill: () => stopWith('SIGKILL') };
}
