import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startChaosProxy } from './chaosProxy.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

/** A Redis primary with replicas and three Sentinels, all real processes on free ports. */
export interface SentinelGroup {
  /** `REDIS_SENTINELS` for the app: `127.0.0.1:port,…`. */
  sentinels: string;
  name: string;
  /** Port of the node the Sentinels call primary now. */
  primaryPort(): number;
  /** SIGKILL of the current primary; resolves with its port. */
  killPrimary(): Promise<number>;
  /** Waits until the Sentinels name a primary other than `oldPort`; resolves with its port. */
  waitFailover(oldPort: number, timeoutMs?: number): Promise<number>;
  dispose(): Promise<void>;
}

const cli = (port: number, ...args: string[]) =>
  spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();

/**
 * Starts a primary, `replicas` replicas and three Sentinels (quorum 2, down after 1 s). With
 * `replicationDelayMs`, the replicas reach the primary through a fault proxy that delays the
 * replication stream, as a loaded network would: writes the primary acknowledged alone are then
 * really at risk when it dies.
 */
export async function startSentinelGroup(
  replicas = 1,
  opts: { name?: string; replicationDelayMs?: number } = {},
): Promise<SentinelGroup> {
  const name = opts.name ?? 'mymaster';
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-sentinel-'));
  const procs = new Map<number, ChildProcess>();
  const redis = async (port: number, extra: string[] = []) => {
    const d = path.join(dir, `r${port}`);
    rmSync(d, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', d]);
    procs.set(
      port,
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          d,
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--save',
          '',
          ...extra,
        ],
        { stdio: 'ignore' },
      ),
    );
    await waitFor(() => cli(port, 'ping') === 'PONG', `redis on ${port}`);
  };
  const primary = await freePort();
  await redis(primary);
  const link = opts.replicationDelayMs ? await startChaosProxy(primary) : null;
  if (link && opts.replicationDelayMs) link.delay(opts.replicationDelayMs);
  const replicaPorts: number[] = [];
  for (let i = 0; i < replicas; i++) {
    const p = await freePort();
    await redis(p, ['--replicaof', '127.0.0.1', String(link?.port ?? primary)]);
    replicaPorts.push(p);
  }
  await waitFor(
    () => (cli(primary, 'info', 'replication').match(/state=online/g) ?? []).length === replicas,
    'replicas online',
  );
  const sentinelPorts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const p = await freePort();
    const conf = path.join(dir, `sentinel-${p}.conf`);
    writeFileSync(
      conf,
      [
        `port ${p}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${primary} 2`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        `sentinel parallel-syncs ${name} 1`,
        '',
      ].join('\n'),
    );
    procs.set(p, spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    sentinelPorts.push(p);
  }
  // Every Sentinel sees the primary, its replicas and the other Sentinels.
  await waitFor(
    () =>
      sentinelPorts.every(
        (s) =>
          /num-other-sentinels\s+2/.test(cli(s, 'sentinel', 'master', name).replace(/\n/g, ' ')) &&
          Number(
            /num-slaves\s+(\d+)/.exec(cli(s, 'sentinel', 'master', name).replace(/\n/g, ' '))?.[1] ?? -1,
          ) === replicas,
      ),
    'sentinels to know each other and the replicas',
    { timeoutMs: 30_000 },
  );
  const primaryPort = () =>
    Number(cli(sentinelPorts[0] ?? 0, 'sentinel', 'get-master-addr-by-name', name).split('\n')[1]);
  return {
    sentinels: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
    name,
    primaryPort,
    killPrimary: async () => {
      const port = primaryPort();
      const p = procs.get(port);
      if (p && p.exitCode === null) {
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGKILL');
        await exited;
      }
      return port;
    },
    waitFailover: (oldPort, timeoutMs = 30_000) =>
      waitFor(
        () => {
          const now = primaryPort();
          return now && now !== oldPort ? now : null;
        },
        'the Sentinels to promote a replica',
        { timeoutMs },
      ),
    dispose: async () => {
      await link?.close();
      for (const p of procs.values()) {
        if (p.exitCode !== null || p.signalCode !== null) continue;
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
