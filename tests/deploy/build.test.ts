import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/api.js';
import { ADMIN_PASSWORD } from '../helpers/server.js';
import { freePort } from '../helpers/ports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const major = (v: string) => Number(/(\d+)/.exec(v)?.[1]);

describe('the runtime and the image', () => {
  it('runs on one Node.js major everywhere: the pinned `node` package, engines, this process and the image', () => {
    const pinned = major(pkg.devDependencies.node ?? '');
    expect(pinned).toBeGreaterThanOrEqual(24);
    expect(major(pkg.engines.node)).toBe(pinned);
    // npm scripts (this test run included) find the pinned binary first on their PATH.
    expect(major(process.version)).toBe(pinned);
    const froms = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(froms.length).toBe(2);
    expect(froms.every((m) => m === pinned)).toBe(true);
  });

  it('ships only runtime dependencies: build tools and the client libraries are dev dependencies', () => {
    for (const dev of [
      'vite',
      'tsx',
      '@vitejs/plugin-react',
      'esbuild',
      'react',
      'react-dom',
      'maplibre-gl',
      'typescript',
    ])
      expect(pkg.dependencies[dev], dev).toBeUndefined();
    // The image's last stage installs without them and runs the bundle with plain node.
    const runStage = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runStage).toMatch(/npm ci --omit=dev/);
    expect(runStage).toMatch(/CMD \["node", "dist\/server\/main\.js"\]/);
    expect(runStage).not.toMatch(/tsx|--import|--loader/);
    expect(pkg.scripts['start:prod']).toBe('node dist/server/main.js');
  });
});

describe('the production bundle', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'pantau-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds with esbuild and serves with plain node (no TypeScript loader), reading its reference data', async () => {
    // The script's own command, into a folder of this test's.
    const cmd = (pkg.scripts['build:server'] ?? '').replace(
      '--outdir=dist/server',
      `--outdir=${path.join(out, 'dist/server')}`,
    );
    expect(cmd).toContain(path.join(out, 'dist/server'));
    const built = spawnSync('npx', cmd.split(' '), { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    // Laid out as in the image: the bundle two levels below the folder that holds shared/reference.
    spawnSync('cp', ['-r', path.join(ROOT, 'shared'), path.join(out, 'shared')]);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'));
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(out, 'dist/server/main.js')], {
      cwd: out,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PANTAU_DEMO: '0',
        PANTAU_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
        PANTAU_ARCHIVE_DIR: path.join(out, 'archive'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
    child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
    try {
      let ready = false;
      for (let i = 0; i < 150 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, logs).toBe(true);
      expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toEqual([
        process.execPath,
        path.join(out, 'dist/server/main.js'),
        '',
      ]);
      // The catalogue (agencies from shared/reference) is there.
      const admin = await login(`http://127.0.0.1:${port}`);
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/areas`, { headers: { cookie: admin.cookie } });
      expect(r.status).toBe(200);
      const areas = (await r.json()) as { data: { kecamatan: unknown[] } };
      expect(areas.data.kecamatan.length).toBe(6);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});
