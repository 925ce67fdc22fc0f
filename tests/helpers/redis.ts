import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

/** A private redis-server for one test file: AOF on, so a restart keeps what was acknowledged. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  restart(): Promise<void>;
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its data. */
  dispose(): Promise<void>;
}

/** Whether redis-server is installed; in CI its absence is a failure, elsewhere a loud skip. */
export function redisAvailable(): boolean {
  const ok = spawnSync('redis-server', ['--version']).status === 0;
  if (!ok && process.env.CI === 'true')
    throw new Error('redis-server is required under CI=true but was not found');
  if (!ok)
    console.warn(
      '\n!!! redis-server not found: Redis tests are SKIPPED (install it: apt-get install redis-server) !!!\n',
    );
  return ok;
}

async function waitPing(port: number, up: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    if ((r.stdout.trim() === 'PONG') === up) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`redis on ${port} did not become ${up ? 'up' : 'down'}`);
}

/**
 * Starts redis-server on a free port with its data in a temp dir. `appendfsync`: `always` by
 * default (a test's acknowledged writes are on disk), `everysec` as production runs it.
 */
export async function startRedis(opts: { appendfsync?: 'always' | 'everysec' } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-redis-'));
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        opts.appendfsync ?? 'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitPing(port, true);
  };
  const stopWith = async (signal: NodeJS.Signals) => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
    await waitPing(port, false);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
    restart: async () => {
      await stopWith('SIGTERM');
      await start();
    },
    async dispose() {
      await stopWith('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
