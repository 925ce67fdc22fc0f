/**
 * The public status view across instances sharing one Redis: a notice published on one instance
 * shows on the other's public view at once (the notice channel), not after its refresh interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicStatus } from '../../../shared/schemas/index.js';
import { call, loginAdmin } from '../../helpers/http.js';
import { startRedis, redisAvailable, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

describe.skipIf(!redisAvailable())('the public view across instances', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    // Views kept for an hour: only the notice channel can make B show A's edit quickly.
    const env = { REDIS_URL: redis.url, PANTAU_PUBLIC_REFRESH_SECONDS: '3600' };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  it("shows a notice published on one instance on the other's page at once", async () => {
    const view = async (s: TestServer) =>
      (await call(s.baseUrl, 'GET', '/api/v1/public/status')).body as PublicStatus;
    expect((await view(b)).notices).toEqual([]);
    const admin = await loginAdmin(a.baseUrl);
    const r = await admin.request('POST', '/api/v1/notices', {
      kind: 'announcement',
      title: 'Uji dua instans',
    });
    expect(r.status).toBe(201);
    await waitFor(
      async () => (await view(b)).notices.some((n) => n.title === 'Uji dua instans'),
      'the notice on the other instance',
      { timeoutMs: 5_000 },
    );
  });
});
