import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { login } from '../helpers/api.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe.skipIf(!redisAvailable())('CLI: users, keys and displays without the UI', () => {
  let redis: TestRedis;
  let server: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    server = await startServer({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await server.stop();
    await redis.dispose();
  });

  it('user add creates a user who can log in on the running server', async () => {
    const r = await cli(
      redis.url,
      'user',
      'add',
      'cli-liaison',
      '--role',
      'liaison',
      '--agency',
      'bpbd',
      '--password',
      'Cli-liaison-pw-1234',
    );
    expect(r.code).toBe(0);
    const user = JSON.parse(r.out) as { username: string; role: string; agencyId: string };
    expect(user).toMatchObject({ username: 'cli-liaison', role: 'liaison', agencyId: 'bpbd' });
    const s = await login(server.baseUrl, 'cli-liaison', 'Cli-liaison-pw-1234');
    const me = await s.request('GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({
      data: { user: { username: 'cli-liaison', role: 'liaison', agencyId: 'bpbd' } },
    });
  });

  it('key add prints a key that ingests with its scope only', async () => {
    const r = await cli(redis.url, 'key', 'add', 'probe-1', '--scopes', 'health:write');
    expect(r.code).toBe(0);
    const { key, scopes } = JSON.parse(r.out) as { key: string; scopes: string[] };
    expect(scopes).toEqual(['health:write']);
    const post = (p: string, body: unknown) =>
      fetch(server.baseUrl + p, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post('/api/v1/health/heartbeats', {
      serviceId: 'web-diskominfo',
      status: 'up',
      latencyMs: 80,
      checkedAt: new Date().toISOString(),
    });
    expect(ok.status).toBe(202);
    const denied = await post('/api/v1/usage', {
      appId: 'hore',
      metric: 'downloads',
      value: 1,
      at: new Date().toISOString(),
    });
    expect(denied.status).toBe(403);
  });

  it('display add prints a wall URL carrying its token', async () => {
    const r = await cli(redis.url, 'display', 'add', 'Lobby wall');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out) as { token: string; url: string };
    expect(d.url).toContain(`/wall?token=${encodeURIComponent(d.token)}`);
    // The token works for what a wall reads, and only that.
    const wallRead = await fetch(`${server.baseUrl}/api/v1/scorecard`, {
      headers: { authorization: `Bearer ${d.token}` },
    });
    expect(wallRead.status).toBe(200);
    const beyond = await fetch(`${server.baseUrl}/api/v1/agencies`, {
      headers: { authorization: `Bearer ${d.token}` },
    });
    expect(beyond.status).toBe(403);
  });

  it('bad input is refused with the problem named and exit code 2', async () => {
    const r = await cli(redis.url, 'key', 'add', 'x', '--scopes', 'everything');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/scopes\.0/);
    const u = await cli(
      redis.url,
      'user',
      'add',
      'nobody',
      '--role',
      'liaison',
      '--password',
      'Long-enough-pw-1',
    );
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/agency/);
  });
});
