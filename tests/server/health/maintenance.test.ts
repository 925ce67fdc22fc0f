import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/schemas/index.js';
import { covers, type MaintenanceInput } from '../../../server/health/maintenance.js';
import { createIngestKey, ingest, login, type Session } from '../../helpers/api.js';
import { startServer, type TestServer } from '../../helpers/server.js';

describe('maintenance windows (unit): one-off and weekly in WITA', () => {
  const weekly: MaintenanceInput = {
    kind: 'weekly',
    days: [0],
    startTime: '23:00',
    durationMinutes: 120,
    serviceId: 'web-bpbd',
    reason: 'backup mingguan',
  };
  it('a weekly Sunday 23:00 WITA window for two hours runs past midnight into Monday', () => {
    // Sunday 2026-11-29 23:30 WITA = 15:30 UTC; Monday 00:59 WITA = Sunday 16:59 UTC.
    expect(covers(weekly, 'web-bpbd', 'bpbd', '2026-11-29T15:30:00Z')).toBe(true);
    expect(covers(weekly, 'web-bpbd', 'bpbd', '2026-11-29T16:59:00Z')).toBe(true);
    expect(covers(weekly, 'web-bpbd', 'bpbd', '2026-11-29T17:00:00Z')).toBe(false);
    expect(covers(weekly, 'web-bpbd', 'bpbd', '2026-11-29T14:59:00Z')).toBe(false);
    // Monday 23:30 WITA is not Sunday.
    expect(covers(weekly, 'web-bpbd', 'bpbd', '2026-11-30T15:30:00Z')).toBe(false);
    expect(covers(weekly, 'web-dishub', 'dishub', '2026-11-29T15:30:00Z')).toBe(false);
  });
  it('an agency-wide one-off window covers every service of that agency only', () => {
    const once: MaintenanceInput = {
      kind: 'once',
      startsAt: '2026-12-01T00:00:00Z',
      endsAt: '2026-12-01T02:00:00Z',
      agencyId: 'bpbd',
      reason: 'pindah server',
    };
    expect(covers(once, 'anything', 'bpbd', '2026-12-01T01:00:00Z')).toBe(true);
    expect(covers(once, 'anything', 'dishub', '2026-12-01T01:00:00Z')).toBe(false);
    expect(covers(once, 'anything', 'bpbd', '2026-12-01T02:00:00Z')).toBe(false);
  });
});

describe('a service in maintenance raises no alert and is left out of its SLA', () => {
  let server: TestServer;
  let admin: Session;
  let key: string;
  beforeAll(async () => {
    server = await startServer();
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl, ['health:write']);
  });
  afterAll(() => server.stop());

  const post = (status: string, minutesAgo: number) =>
    ingest(server.baseUrl, key, '/api/v1/health/heartbeats', {
      serviceId: 'web-bpbd',
      status,
      latencyMs: 0,
      checkedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    });
  const state = async () => {
    const r = await admin.request('GET', '/api/v1/services');
    return (r.body as { data: { items: { id: string; state: { status: string } }[] } }).data.items.find(
      (s) => s.id === 'web-bpbd',
    )?.state.status;
  };
  const serviceAlerts = async () =>
    (
      (await admin.request('GET', '/api/v1/alerts?status=all')).body as { data: { items: Alert[] } }
    ).data.items.filter((a) => a.dedupeKey === 'service:web-bpbd');

  it('goes MAINTENANCE instead of DOWN, then DOWN (with an alert) once the window is deleted', async () => {
    const bad = await admin.request('POST', '/api/v1/maintenance', {
      kind: 'once',
      serviceId: 'web-bpbd',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() - 7_200_000).toISOString(),
      reason: 'salah',
    });
    expect(bad.status).toBe(400);
    const created = await admin.request('POST', '/api/v1/maintenance', {
      kind: 'once',
      serviceId: 'web-bpbd',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'ganti sertifikat',
    });
    expect(created.status).toBe(201);
    for (const m of [5, 4, 3]) expect((await post('down', m)).status).toBe(202);
    expect(await state()).toBe('maintenance');
    expect(await serviceAlerts()).toEqual([]);
    const sla = await admin.request('GET', '/api/v1/agencies/bpbd/sla');
    const day = (
      sla.body as {
        data: {
          windows: Record<
            string,
            { services: { serviceId: string; maintenance: number; down: number; uptime: number | null }[] }
          >;
        };
      }
    ).data.windows['24h'];
    expect(day?.services.find((s) => s.serviceId === 'web-bpbd')).toMatchObject({
      maintenance: 3,
      down: 0,
      uptime: null,
    });

    const id = (created.body as { data: { id: string } }).data.id;
    expect((await admin.request('DELETE', `/api/v1/maintenance/${id}`)).status).toBe(204);
    expect((await post('down', 1)).status).toBe(202);
    expect(await state()).toBe('down');
    const alerts = await serviceAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ condition: 'active', agencyId: 'bpbd' });
  });
});
