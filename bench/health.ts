/**
 * Health benchmark, part of `npm run bench`:
 *  - probe CPU: CPU-seconds per 1,000 HTTP checks by our probe runner vs Prometheus blackbox_exporter
 *    probing the same local target, in the same run;
 *  - scale: 1,000 services at a 30 s interval on one server instance (CPU share and RSS).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { HttpCheckSchema } from '../shared/schemas/index.js';
import { runCheck } from '../server/health/probe.js';
import { freePort } from '../tests/helpers/ports.js';
import { startServer } from '../tests/helpers/server.js';

const CHECKS = 1000;
const CONCURRENCY = 16;
const TICK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

/** CPU seconds (user + system) used so far by a process, from /proc. */
function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

function procRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 : NaN;
}

/** A target in its own process, so its CPU is nobody's. */
async function startTarget(): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const code = `require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html'});s.end('<h1>Dinas Kesehatan Kota Balikpapan</h1>')}).listen(${port},'127.0.0.1',()=>process.send&&process.send('up'))`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((r) => proc.once('message', r));
  return { url: `http://127.0.0.1:${port}/`, proc };
}

async function pool(n: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function pantauProbeCpu(
  url: string,
): Promise<{ cpuSecondsPer1000: number; checksPerSecond: number; failures: number }> {
  const check = HttpCheckSchema.parse({ type: 'http', url, bodyContains: 'Dinas' });
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await pool(CHECKS, async () => {
    const e = await runCheck(check);
    if (e.status !== 'up') failures++;
  });
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuSecondsPer1000: ((cpu.user + cpu.system) / 1e6) * (1000 / CHECKS),
    checksPerSecond: CHECKS / secs,
    failures,
  };
}

async function blackboxCpu(
  url: string,
  dir: string,
): Promise<{ cpuSecondsPer1000: number; checksPerSecond: number; failures: number } | { skipped: string }> {
  const bin = ['/usr/bin/prometheus-blackbox-exporter', '/usr/bin/blackbox_exporter'].find(
    (b) => spawnSync(b, ['--version']).status === 0,
  );
  if (!bin)
    return {
      skipped: 'prometheus-blackbox-exporter not installed (apt-get install prometheus-blackbox-exporter)',
    };
  const port = await freePort();
  const conf = path.join(dir, 'blackbox.yml');
  writeFileSync(
    conf,
    stringify({
      modules: {
        http_body: {
          prober: 'http',
          timeout: '5s',
          http: { fail_if_body_not_matches_regexp: ['Dinas'], preferred_ip_protocol: 'ip4' },
        },
      },
    }),
  );
  const proc = spawn(bin, [`--config.file=${conf}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: 'ignore',
  });
  try {
    const probe = `http://127.0.0.1:${port}/probe?module=http_body&target=${encodeURIComponent(url)}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(probe)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 100) return { skipped: 'blackbox_exporter did not start' };
      await new Promise((r) => setTimeout(r, 100));
    }
    let failures = 0;
    const pid = proc.pid ?? 0;
    const cpu0 = procCpuSeconds(pid);
    const t0 = performance.now();
    await pool(CHECKS, async () => {
      const text = await (await fetch(probe)).text();
      if (!/^probe_success 1$/m.test(text)) failures++;
    });
    const secs = (performance.now() - t0) / 1000;
    return {
      cpuSecondsPer1000: (procCpuSeconds(pid) - cpu0) * (1000 / CHECKS),
      checksPerSecond: CHECKS / secs,
      failures,
    };
  } finally {
    proc.kill();
  }
}

async function scale(url: string, dir: string, seconds: number) {
  const file = path.join(dir, 'services-1000.yaml');
  const services = Array.from({ length: 1000 }, (_, i) => ({
    id: `bench-${i}`,
    agencyId: 'diskominfo',
    name: `Bench ${i}`,
    kind: 'website',
    check: { type: 'http', url: `${url}?s=${i}`, intervalSeconds: 30, timeoutMs: 5000 },
  }));
  writeFileSync(file, stringify({ services }));
  const server = await startServer({ env: { PANTAU_SERVICES_FILE: file, LOG_LEVEL: 'warn' } });
  const pid = server.pid;
  try {
    await new Promise((r) => setTimeout(r, 5_000));
    const cpu0 = procCpuSeconds(pid);
    const t0 = performance.now();
    let peakRss = 0;
    while (performance.now() - t0 < seconds * 1000) {
      peakRss = Math.max(peakRss, procRssMb(pid));
      await new Promise((r) => setTimeout(r, 1000));
    }
    const wall = (performance.now() - t0) / 1000;
    return {
      services: 1000,
      intervalSeconds: 30,
      seconds: Math.round(wall),
      cpuShareOfOneCore: +((procCpuSeconds(pid) - cpu0) / wall).toFixed(3),
      peakRssMb: Math.round(peakRss),
    };
  } finally {
    await server.stop();
  }
}

/** Runs the health benchmark and returns its JSON section. */
export async function benchHealth(scaleSeconds = Number(process.env.BENCH_SCALE_SECONDS ?? 60)) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-bench-'));
  const target = await startTarget();
  try {
    const pantau = await pantauProbeCpu(target.url);
    const blackbox = await blackboxCpu(target.url, dir);
    const ratio =
      'cpuSecondsPer1000' in blackbox
        ? +(pantau.cpuSecondsPer1000 / blackbox.cpuSecondsPer1000).toFixed(3)
        : null;
    const scaled = await scale(target.url, dir, scaleSeconds);
    return {
      probe: {
        checks: CHECKS,
        concurrency: CONCURRENCY,
        pantau,
        blackboxExporter: blackbox,
        pantauCpuVsBlackbox: ratio,
      },
      scale: scaled,
      targets: { pantauCpuVsBlackbox: '<= 1.0', peakRssMb: '< 200' },
      meets: { cpuPerCheck: ratio !== null && ratio <= 1, rss: scaled.peakRssMb < 200 },
    };
  } finally {
    target.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
