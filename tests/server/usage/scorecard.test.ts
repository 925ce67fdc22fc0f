import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, ingest, type Session } from '../../helpers/api.js';
import { createUser, dataOf, errorOf, loginAdmin, loginAs, openAlert, uid } from '../../helpers/http.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../../helpers/server.js';

interface Indicator {
  id: string;
  measure: string;
  baseline: { value: number | null; rating: string | null; source: string };
  target: { comparator: string; value: number } | null;
  values: { year: number; value: number; source: string }[];
  current: { value: number | null; year?: number; source: string; detail?: Record<string, unknown> } | null;
  meetsTarget: boolean | null;
}

describe('governance scorecard (embedded store)', () => {
  let server: TestServer;
  let base: string;
  let key: string;
  let admin: Session;
  const scorecard = async (s: Session) => {
    const r = await s.request('GET', '/api/v1/scorecard');
    expect(r.status).toBe(200);
    const items = dataOf<{ indicators: Indicator[] }>(r).indicators;
    return (id: string): Indicator => {
      const found = items.find((i) => i.id === id);
      if (!found) throw new Error(`no indicator ${id}`);
      return found;
    };
  };

  beforeAll(async () => {
    server = await startServer({ env: ONE_ALERT_PER_INCIDENT });
    base = server.baseUrl;
    admin = await loginAdmin(base);
    key = await createIngestKey(base);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lists the study dimensions with baselines, targets and the preloaded ICT budget share', async () => {
    const get = await scorecard(admin);
    expect(get('ict-budget-share')).toMatchObject({
      baseline: { value: 0.677, source: 'Studi smart governance Balikpapan 2018' },
      target: { comparator: '>=', value: 3 },
      values: [{ year: 2017, value: 0.677 }],
      current: { value: 0.677, year: 2017 },
      meetsTarget: false,
    });
    expect(get('participation-decision-making').baseline.rating).toBe('low');
    expect(get('app-adoption')).toMatchObject({
      baseline: { value: 0.31, rating: 'low' },
      current: { value: null },
    });
    expect(get('agency-website-availability')).toMatchObject({
      baseline: { value: 60.7 },
      current: { value: null, detail: { observed: 0 } },
    });
  });

  it('computes website availability from the heartbeats posted (UP or DEGRADED among observed)', async () => {
    const at = new Date().toISOString();
    const beats = [
      ['web-dinkes', 'up'],
      ['web-dpu', 'up'],
      ['web-dinsos', 'degraded'],
      ['web-dishub', 'down'],
      ['web-bappeda', 'down'],
      ['web-bpkad', 'up'],
      ['app-siak', 'down'],
    ].map(([serviceId, status]) => ({ serviceId, status, latencyMs: 100, checkedAt: at }));
    expect((await ingest(base, key, '/api/v1/health/heartbeats', beats)).status).toBe(202);
    const w = (await scorecard(admin))('agency-website-availability');
    expect(w.current?.value).toBe(66.67);
    expect(w.current?.detail).toMatchObject({
      observed: 6,
      available: 4,
      down: 2,
      dinas: { observed: 4, available: 3, percent: 75 },
      badan: { observed: 2, available: 1, percent: 50 },
    });
    expect(w.meetsTarget).toBe(false);
  });

  it('computes the alert response indicator from acknowledged alerts', async () => {
    const alert = await openAlert(base, key, admin, incident(uid(), { category: 'flood' }));
    const acked = await admin.request('POST', `/api/v1/alerts/${alert.id}/ack`, {});
    expect(acked.status).toBe(200);
    const ack = dataOf<{ createdAt: string; acknowledgedAt: string }>(acked);
    const expected =
      Math.round(((Date.parse(ack.acknowledgedAt) - Date.parse(ack.createdAt)) / 1000) * 10) / 10;
    const r = (await scorecard(admin))('alert-response');
    expect(r.current?.value).toBe(expected);
    expect(r.current?.detail).toMatchObject({
      overall: { acknowledged: 1, medianTtaSeconds: expected },
      byAgency: { bpbd: { acknowledged: 1 } },
    });
  });

  it('lets a supervisor enter a value with its source, audited; others and live indicators are refused', async () => {
    const supervisor = await loginAs(base, await createUser(admin, 'supervisor'));
    const put = await supervisor.request('PUT', '/api/v1/scorecard/ict-budget-share/values/2025', {
      value: 3.2,
      source: 'APBD Kota Balikpapan 2025',
    });
    expect(put.status).toBe(200);
    expect(dataOf(put)).toMatchObject({
      indicatorId: 'ict-budget-share',
      year: 2025,
      value: 3.2,
      source: 'APBD Kota Balikpapan 2025',
      version: 1,
    });
    const get = (await scorecard(admin))('ict-budget-share');
    expect(get.values.map((v) => [v.year, v.value])).toEqual([
      [2017, 0.677],
      [2025, 3.2],
    ]);
    expect(get).toMatchObject({
      current: { value: 3.2, year: 2025, source: 'APBD Kota Balikpapan 2025' },
      meetsTarget: true,
    });
    const audit = dataOf<{ items: { action: string; target: string; details: unknown }[] }>(
      await admin.request('GET', '/api/v1/audit'),
    );
    expect(audit.items.find((e) => e.target === 'scorecard:ict-budget-share:2025')).toMatchObject({
      action: 'scorecard.value.set',
      details: { before: null, after: { value: 3.2 } },
    });

    expect(
      errorOf(
        await supervisor.request('PUT', '/api/v1/scorecard/ict-budget-share/values/2025', { value: 3.2 }),
      ).issues,
    ).toEqual([{ path: ['source'], message: expect.any(String) as string }]);
    expect(
      errorOf(
        await supervisor.request('PUT', '/api/v1/scorecard/agency-website-availability/values/2025', {
          value: 90,
          source: 'x',
        }),
      ).issues,
    ).toEqual([
      {
        path: ['indicatorId'],
        message: '"agency-website-availability" is computed live by Pantau; it cannot be entered',
      },
    ]);
    expect(
      (await supervisor.request('PUT', '/api/v1/scorecard/nope/values/2025', { value: 1, source: 'x' }))
        .status,
    ).toBe(404);
    const operator = await loginAs(base, await createUser(admin, 'operator'));
    expect(
      errorOf(
        await operator.request('PUT', '/api/v1/scorecard/ict-budget-share/values/2026', {
          value: 9,
          source: 'x',
        }),
      ).code,
    ).toBe('forbidden');
  });
});
