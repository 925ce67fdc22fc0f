import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIngestKey, ingest, login, type Session } from '../../helpers/api.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { describeOnStores } from '../../helpers/stores.js';
import { startServer, type TestServer } from '../../helpers/server.js';

interface Window {
  agency: {
    uptime: number | null;
    up: number;
    degraded: number;
    down: number;
    samples: number;
    meanLatencyMs: number | null;
  };
  services: { serviceId: string; uptime: number | null; up: number; down: number }[];
}

describeOnStores('uptime rollups and SLA', ({ redis: withRedis }) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let admin: Session;
  let key: string;
  const t0 = Date.now() - 2 * 3_600_000;
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();

  beforeAll(async () => {
    redis = withRedis ? await startRedis() : null;
    server = await startServer({ env: redis ? { REDIS_URL: redis.url } : {} });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl, ['health:write']);
    // 6 up; 6 down (the state turns DOWN at the 3rd); 2 up (UP again at the 2nd). Counted under the
    // confirmed state after each sample: up 6 + 2 + 1 = 9, down 4 + 1 = 5.
    const statuses = [...Array<string>(6).fill('up'), ...Array<string>(6).fill('down'), 'up', 'up'];
    const samples = statuses.map((status, i) => ({
      serviceId: 'web-bpbd',
      status,
      latencyMs: status === 'up' ? 100 : 0,
      checkedAt: at(i),
    }));
    expect((await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', samples)).status).toBe(202);
    // Two slow samples: the first still counts as UP (not yet confirmed), the second as DEGRADED, which counts as up.
    const slow = [20, 21].map((m) => ({
      serviceId: 'web-bpbd',
      status: 'degraded',
      latencyMs: 3000,
      checkedAt: at(m),
    }));
    expect((await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', slow)).status).toBe(202);
  });
  afterAll(async () => {
    await server.stop();
    await redis?.dispose();
  });

  it('computes the standard windows for the agency and each service under the documented rule', async () => {
    const r = await admin.request('GET', '/api/v1/agencies/bpbd/sla');
    expect(r.status).toBe(200);
    const d = (r.body as { data: { rule: string; windows: Record<string, Window> } }).data;
    expect(Object.keys(d.windows)).toEqual(['24h', '7d', '30d', '365d']);
    expect(d.rule).toMatch(/maintenance and unknown excluded/);
    for (const w of Object.values(d.windows)) {
      const svc = w.services.find((s) => s.serviceId === 'web-bpbd');
      expect(svc).toMatchObject({ up: 10, down: 5 });
      expect(w.agency.degraded).toBe(1);
      expect(w.agency.samples).toBe(16);
      expect(w.agency.uptime).toBeCloseTo(11 / 16, 6);
      expect(w.agency.meanLatencyMs).toBe(Math.round((8 * 100 + 2 * 3000) / 16));
    }
  });

  it('honours from/to and leaves other agencies untouched', async () => {
    const period = async (from: number, to: number) => {
      const r = await admin.request(
        'GET',
        `/api/v1/agencies/bpbd/sla?from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`,
      );
      return (r.body as { data: { windows: { period: Window } } }).data.windows.period.agency;
    };
    expect((await period(t0 - 2 * 3_600_000, t0 - 3_600_000)).samples).toBe(0);
    expect(await period(t0 - 3_600_000, t0 + 2 * 3_600_000)).toMatchObject({ samples: 16, down: 5 });
    const other = await admin.request('GET', '/api/v1/agencies/dishub/sla');
    const ow = (other.body as { data: { windows: Record<string, Window> } }).data.windows['24h'];
    expect(ow?.agency).toMatchObject({ uptime: null, samples: 0 });
    const bad = await admin.request('GET', '/api/v1/agencies/bpbd/sla?from=yesterday');
    expect(bad.status).toBe(400);
    expect((await admin.request('GET', '/api/v1/agencies/nope/sla')).status).toBe(404);
  });
});
