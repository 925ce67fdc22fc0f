/**
 * Instants from outside: every timestamp is parsed as an instant and kept in UTC; anything further
 * in the future than PANTAU_MAX_CLOCK_SKEW_SECONDS is refused naming its field; a fast clock
 * within the skew can never wedge a service's state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, ingest, login, type Session } from '../helpers/api.js';
import { errorOf } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { capDoc } from './incidents/fixtures.js';

const SKEW_S = 60;
const ahead = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
/** The same instant written in WITA (+08:00). */
const wita = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 19)}+08:00`;
};

describe('instants: UTC everywhere, nothing from the future', () => {
  let server: TestServer;
  let key: string;
  let admin: Session;

  beforeAll(async () => {
    server = await startServer({ env: { PANTAU_MAX_CLOCK_SKEW_SECONDS: String(SKEW_S) } });
    key = await createIngestKey(server.baseUrl);
    admin = await login(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const beat = (status: string, checkedAt: string, serviceId = 'web-dinkes') =>
    ingest(server.baseUrl, key, '/api/v1/health/heartbeats', { serviceId, status, latencyMs: 10, checkedAt });
  const state = async (id: string) => {
    const r = await admin.request('GET', '/api/v1/services');
    return (
      r.body as { data: { items: { id: string; state: { status: string; lastCheckedAt: string | null } }[] } }
    ).data.items.find((s) => s.id === id)?.state;
  };

  it('refuses a heartbeat dated 9999 naming checkedAt, and writes nothing', async () => {
    const r = await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', [
      { serviceId: 'web-dpu', status: 'up', latencyMs: 5, checkedAt: ago(5) },
      { serviceId: 'web-dpu', status: 'down', latencyMs: 0, checkedAt: '9999-01-01T00:00:00Z' },
    ]);
    expect(r.status).toBe(400);
    expect(errorOf(r).issues?.map((i) => i.path.join('.'))).toEqual(['1.checkedAt']);
    expect((await state('web-dpu'))?.status).toBe('unknown');
  });

  it('refuses incidents, usage, CAP and Alertmanager documents dated in the future, naming the field', async () => {
    const inc = await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      incident('future-fire', { occurredAt: '9999-01-01T00:00:00Z' }),
    );
    expect(inc.status).toBe(400);
    expect(errorOf(inc).issues?.[0]?.path).toEqual(['occurredAt']);
    const usage = await ingest(server.baseUrl, key, '/api/v1/usage', {
      appId: 'hore',
      metric: 'downloads',
      value: 5,
      at: ahead(3 * SKEW_S),
    });
    expect(usage.status).toBe(400);
    expect(errorOf(usage).issues?.[0]?.path).toEqual(['at']);
    const cap = await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      capDoc({ identifier: 'future-1', sent: ahead(3600) }),
      'application/cap+xml',
    );
    expect(cap.status).toBe(400);
    expect(errorOf(cap).issues?.[0]?.path).toEqual(['sent']);
    // A warning's onset may lie ahead (the event is expected), but not years ahead.
    const soon = await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      capDoc({
        identifier: 'onset-soon',
        sent: ago(10),
        infos: [
          { onset: ahead(6 * 3600), polygon: '-1.265,116.825 -1.265,116.840 -1.275,116.840 -1.265,116.825' },
        ],
      }),
      'application/cap+xml',
    );
    expect(soon.status).toBe(202);
    const far = await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      capDoc({ identifier: 'onset-far', sent: ago(10), infos: [{ onset: '2999-01-01T00:00:00Z' }] }),
      'application/cap+xml',
    );
    expect(far.status).toBe(400);
    expect(errorOf(far).issues?.[0]?.path).toEqual(['info', 'onset']);
    const am = await ingest(server.baseUrl, key, '/api/v1/ingest/alertmanager', {
      version: '4',
      status: 'firing',
      receiver: 'pantau',
      groupKey: 'g',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'X', severity: 'critical' },
          annotations: {},
          startsAt: '9999-01-01T00:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'abc123',
        },
      ],
    });
    expect(am.status).toBe(400);
    expect(errorOf(am).issues?.[0]?.path).toEqual(['alerts', 0, 'startsAt']);
    const csv = await fetch(`${server.baseUrl}/api/v1/usage/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: `app_id,metric,period,period_start,value\nhore,downloads,day,2999-01-01,5\n`,
    });
    expect(csv.status).toBe(400);
    expect(
      ((await csv.json()) as { error: { issues: { path: unknown[] }[] } }).error.issues[0]?.path,
    ).toEqual([2, 'period_start']);
  });

  it('a probe with a fast clock (within the skew) cannot keep a service DOWN: later real samples apply', async () => {
    for (let i = 0; i < 3; i++) expect((await beat('down', ahead(SKEW_S - 10))).status).toBe(202);
    expect((await state('web-dinkes'))?.status).toBe('down');
    // A correct probe reports from now on (each sample a little after the last).
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      expect((await beat('up', new Date().toISOString())).status).toBe(202);
    }
    const s = await state('web-dinkes');
    expect(s?.status).toBe('up');
    // The stored time never runs ahead of the server's clock.
    expect(Date.parse(s?.lastCheckedAt ?? '') <= Date.now()).toBe(true);
  });

  it('compares instants, not text: 10:00+08:00 is earlier than 02:30Z, and is stored in UTC', async () => {
    const later = ago(60);
    const earlierInWita = wita(ago(30 * 60));
    expect((await beat('up', later, 'web-disdikbud')).status).toBe(202);
    // As text "…T1…+08:00" sorts after "…T0…Z"; as an instant it is half an hour older, so it is ignored.
    expect((await beat('down', earlierInWita, 'web-disdikbud')).status).toBe(202);
    const s = await state('web-disdikbud');
    expect(s?.status).toBe('up');
    expect(s?.lastCheckedAt).toBe(new Date(later).toISOString());
    const inc = await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      incident('wita-fire', { occurredAt: '2026-11-29T10:00:00+08:00' }),
    );
    expect(inc.status).toBe(202);
    const list = await admin.request('GET', '/api/v1/incidents?status=all&limit=500');
    const stored = (list.body as { data: { items: { id: string; occurredAt: string }[] } }).data.items.find(
      (i) => i.id === 'wita-fire',
    );
    expect(stored?.occurredAt).toBe('2026-11-29T02:00:00.000Z');
  });
});
