/**
 * The demo on the embedded store survives a restart: the wall's display token and every demo
 * password are kept in `.pantau-demo.json` (mode 0600) in the working directory, so open walls are
 * not refused and the printed credentials stay right; the admin's login is printed as one plain
 * line. Outside demo mode the file is neither read nor written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/api.js';
import { freePort } from '../helpers/ports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = import.meta.resolve('tsx');
const STATE_FILE = '.pantau-demo.json';

interface Started {
  baseUrl: string;
  out: () => string;
  stop: () => Promise<void>;
}

const running = new Set<ChildProcess>();

/** `server/main.ts` started from `cwd` (the working directory holds the state file), as `npm start` does. */
async function startIn(cwd: string, port: number, env: Record<string, string>): Promise<Started> {
  let out = '';
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'server/main.ts')], {
    cwd,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      // Empty counts as unset: the admin's password is the demo's own, not the test default.
      PANTAU_ADMIN_PASSWORD: '',
      REDIS_URL: '',
      REDIS_SENTINELS: '',
      PANTAU_PUBLIC_URL: '',
      LOG_LEVEL: 'info',
      PANTAU_CONTRACT_CHECK: '1',
      PANTAU_CLIENT_DIR: path.join(ROOT, 'client/dist'),
      PANTAU_ARCHIVE_DIR: mkdtempSync(path.join(tmpdir(), 'pantau-archive-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    running.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    // As tests/helpers/server.ts: an answer that did not match its declared schema fails the test.
    const bad = out.split('\n').filter((l) => l.includes('contract violation'));
    if (bad.length) throw new Error(`answers that do not match their declared schema:\n${bad.join('\n')}`);
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    const ok = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 400) {
      await stop();
      throw new Error(`server not ready:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, out: () => out, stop };
}

/** The credentials a demo start printed on stdout as plain lines. */
async function printed(server: Started): Promise<{ admin: string; token: string; liaison: string }> {
  // The banner comes when the demo step of the start-up has run, just before /readyz turns ready.
  for (let i = 0; i < 100 && !/^Wall: /m.test(server.out()); i++) await new Promise((r) => setTimeout(r, 50));
  const out = server.out();
  const admin = new RegExp(
    `^Pantau demo: login admin / (\\S+) at ${server.baseUrl.replace(/[.]/g, '\\.')}/console$`,
    'm',
  ).exec(out)?.[1];
  const token = /^Wall: +\S+\/wall\?token=(pd_\S+)$/m.exec(out)?.[1];
  const liaison = /^ +liaison +liaison-bpbd \/ (\S+) /m.exec(out)?.[1];
  if (!admin || !token || !liaison) throw new Error(`credentials not printed:\n${out}`);
  return { admin, token, liaison };
}

/** Who a display token is, or the refusal's status. */
async function displayCaller(baseUrl: string, token: string): Promise<number> {
  const r = await fetch(`${baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  return r.status;
}

describe('demo restarts keep the wall token and the passwords', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-demo-cwd-'));

  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the login, writes .pantau-demo.json (0600) and reuses it on the next start', async () => {
    const port = await freePort();
    const first = await startIn(dir, port, { PANTAU_DEMO: '1' });
    const before = await printed(first);
    // Not only in a JSON log line: the admin's password is on a plain line of its own.
    const jsonLines = first
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(jsonLines.filter((l) => l.includes(before.admin))).toEqual([]);
    const file = path.join(dir, STATE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as {
      passwords: Record<string, string>;
      wallToken: string;
    };
    expect(kept.passwords.admin).toBe(before.admin);
    expect(kept.passwords['liaison-bpbd']).toBe(before.liaison);
    expect(kept.wallToken).toBe(before.token);
    expect(await displayCaller(first.baseUrl, before.token)).toBe(200);
    await login(first.baseUrl, 'admin', before.admin);
    await first.stop();

    const second = await startIn(dir, port, { PANTAU_DEMO: '1' });
    const after = await printed(second);
    expect(after).toEqual(before);
    // The open wall's token is accepted again, and the printed passwords still log in.
    expect(await displayCaller(second.baseUrl, before.token)).toBe(200);
    const admin = await login(second.baseUrl, 'admin', before.admin);
    const me = await admin.request('GET', '/api/v1/auth/me');
    expect(me.status).toBe(200);
    await login(second.baseUrl, 'liaison-bpbd', before.liaison);
    // One demo wall, not one per start.
    const displays = await admin.request('GET', '/api/v1/displays');
    expect((displays.body as { data: { items: unknown[] } }).data.items).toHaveLength(1);
    await second.stop();
    expect(readFileSync(file, 'utf8')).toContain(before.token);
  });

  it('outside demo mode neither reads nor writes the file', async () => {
    const file = path.join(dir, STATE_FILE);
    const content = readFileSync(file, 'utf8');
    const kept = JSON.parse(content) as { passwords: Record<string, string> };
    const plain = await startIn(dir, await freePort(), { PANTAU_DEMO: '0' });
    try {
      expect(plain.out()).toContain('first start: created user \\"admin\\" with password');
      expect(plain.out()).not.toContain('Pantau demo:');
      const r = await fetch(`${plain.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: kept.passwords.admin }),
      });
      expect(r.status).toBe(401);
    } finally {
      await plain.stop();
    }
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});
