import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, type Session } from '../../helpers/api.js';
import { call, createUser, dataOf, errorOf, loginAdmin, loginAs, type Reply } from '../../helpers/http.js';
import { startServer, type TestServer } from '../../helpers/server.js';

const HEAD = 'app_id,metric,period,period_start,value,kelurahan_code,source';
const GOOD = [
  HEAD,
  'digital-gov,monthly_active_users,month,2025-01,100,,vendor',
  'digital-gov,monthly_active_users,month,2025-11,310,,vendor',
  'digital-gov,monthly_active_users,month,2025-12,402,,vendor',
  'digital-gov,daily_active_users,day,2025-12-20,150,,vendor',
  'siak,monthly_active_users,month,2025-12,900,64.71.01.1001,vendor',
  'siak,monthly_active_users,month,2025-12,300,64.71.01.1002,vendor',
  'siak,monthly_active_users,month,2025-11,250,64.71.01.1002,vendor',
  '"simpus",transactions,hour,2025-12-01T08:00,"12",,',
].join('\r\n');

describe('usage CSV import, adoption and participation (embedded store)', () => {
  let server: TestServer;
  let base: string;
  let key: string;
  let admin: Session;
  const csv = (
    body: string | Buffer,
    query = '',
    auth: { bearer?: string; session?: Session } = { bearer: key },
  ): Promise<Reply> =>
    call(base, 'POST', `/api/v1/usage/import${query}`, {
      body: typeof body === 'string' ? body : body.toString('latin1'),
      ...(auth.bearer ? { bearer: auth.bearer } : {}),
      headers: {
        'content-type': 'text/csv',
        ...(auth.session ? { cookie: auth.session.cookie, 'x-csrf-token': auth.session.csrf } : {}),
      },
    });
  const dry = async () =>
    dataOf<{ wouldImport: number; duplicatesOfStored: number }>(await csv(GOOD, '?dryRun=true'));

  beforeAll(async () => {
    server = await startServer();
    base = server.baseUrl;
    admin = await loginAdmin(base);
    key = await createIngestKey(base, ['usage:write']);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('rejects a malformed file with every bad row located, and writes nothing', async () => {
    const bad = `${HEAD}\nsiak,sessions,day,2025-03-02,10,,\nsiak,sessions,day,2025-03-03,ten,,\nsiak,sessions,day,2025-03-02,10,,\nghost,sessions,day,2025-13-01,1,,\n`;
    const r = await csv(bad);
    expect(r.status).toBe(400);
    expect(errorOf(r)).toEqual({
      code: 'invalid_csv',
      message: 'The CSV file has 4 problems; nothing was imported.',
      issues: [
        {
          path: [3, 'value'],
          message: '"ten" is not a number (digits with an optional . decimal point, no thousands separators)',
        },
        {
          path: [4],
          message:
            'duplicate of line 2: same source, app_id, metric, period, period_start and kelurahan_code',
        },
        {
          path: [5, 'app_id'],
          message: 'unknown app "ghost" (known: hore, digital-gov, perizinan, siak, simpus, e-tax, simpeg)',
        },
        { path: [5, 'period_start'], message: 'bad date "2025-13-01": not a real date or time' },
      ],
    });
    const wrongColumns = await csv('app,metric,when,value\nsiak,sessions,2025-03-02,1\n', '?dryRun=true');
    expect(wrongColumns.status).toBe(400);
    expect(errorOf(wrongColumns).issues).toEqual([
      {
        path: [1],
        message:
          'wrong columns (missing app_id, period, period_start; unknown "app", "when"): expected the header app_id,metric,period,period_start,value[,kelurahan_code][,source] (period_start may be called date)',
      },
    ]);
    const empty = await call(base, 'POST', '/api/v1/usage/import', {
      bearer: key,
      headers: { 'content-type': 'text/csv' },
    });
    expect(errorOf(empty)).toMatchObject({
      code: 'invalid_csv',
      issues: [
        {
          path: [1],
          message:
            'the file is empty: expected the header app_id,metric,period,period_start,value[,kelurahan_code][,source]',
        },
      ],
    });
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]);
    const enc = await fetch(`${base}/api/v1/usage/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: bytes,
    });
    expect(enc.status).toBe(400);
    expect(((await enc.json()) as { error: { code: string; issues: unknown } }).error).toMatchObject({
      code: 'invalid_csv',
      issues: [
        {
          path: [1],
          message:
            'wrong encoding: the file is UTF-16 LE (it starts with the byte-order mark FF FE); save it as UTF-8',
        },
      ],
    });
    expect(await dry()).toMatchObject({ wouldImport: 8, duplicatesOfStored: 0 });
    const adoption = dataOf<{ apps: { appId: string; activeUsers: unknown }[] }>(
      await admin.request('GET', '/api/v1/usage/adoption'),
    );
    expect(adoption.apps.every((a) => a.activeUsers === null)).toBe(true);
  });

  it('answers a dry run with counts and writes nothing', async () => {
    const r = await csv(GOOD, '?dryRun=true');
    expect(r.status).toBe(200);
    expect(dataOf(r)).toEqual({ dryRun: true, rows: 8, valid: 8, wouldImport: 8, duplicatesOfStored: 0 });
    expect(await dry()).toMatchObject({ wouldImport: 8 });
  });

  it('allows feed keys with usage:write and supervisors with CSRF only', async () => {
    const healthKey = await createIngestKey(base, ['health:write']);
    expect(errorOf(await csv(GOOD, '?dryRun=true', { bearer: healthKey })).code).toBe('forbidden');
    const operator = await loginAs(base, await createUser(admin, 'operator'));
    expect(errorOf(await csv(GOOD, '?dryRun=true', { session: operator })).code).toBe('forbidden');
    const supervisor = await loginAs(base, await createUser(admin, 'supervisor'));
    const noCsrf = await call(base, 'POST', '/api/v1/usage/import?dryRun=true', {
      body: GOOD,
      headers: { 'content-type': 'text/csv', cookie: supervisor.cookie },
    });
    expect(errorOf(noCsrf).code).toBe('csrf');
    expect((await csv(GOOD, '?dryRun=true', { session: supervisor })).status).toBe(200);
    const json = await call(base, 'POST', '/api/v1/usage/import', { bearer: key, body: { a: 1 } });
    expect(json.status).toBe(415);
  });

  it('imports a good file once: a re-import adds nothing', async () => {
    const first = await csv(GOOD);
    expect(first.status).toBe(202);
    expect(dataOf(first)).toEqual({ dryRun: false, rows: 8, imported: 8, duplicatesOfStored: 0 });
    const again = await csv(GOOD);
    expect(dataOf(again)).toEqual({ dryRun: false, rows: 8, imported: 0, duplicatesOfStored: 8 });
    expect(await dry()).toMatchObject({ wouldImport: 0, duplicatesOfStored: 8 });
  });

  it('reports adoption from the imported samples: rate, trends and the labelled 2018 baseline', async () => {
    const display = dataOf<{ token: string }>(
      await admin.request('POST', '/api/v1/displays', { name: 'usage wall' }),
    ).token;
    const r = await call(base, 'GET', '/api/v1/usage/adoption', { bearer: display });
    expect(r.status).toBe(200);
    type A = {
      appId: string;
      rate: number;
      activeUsers: unknown;
      trends: Record<string, { from: { value: number; rate: number } | null; change: number | null }>;
      baseline: unknown;
      population: { count: number };
    };
    const data = dataOf<{
      apps: A[];
      groups: { id: string; activeUsers: number; changeSinceBaseline: number }[];
    }>(r);
    const dg = data.apps.find((a) => a.appId === 'digital-gov');
    expect(dg?.activeUsers).toEqual({
      metric: 'monthly_active_users',
      period: 'month',
      value: 402,
      at: '2025-11-30T16:00:00.000Z',
    });
    expect(dg?.rate).toBeCloseTo(402 / 6283, 10);
    // Trends compare with the last value known at the window start: for monthly data that is the previous month.
    expect(dg?.trends.week?.from).toEqual({ at: '2025-10-31T16:00:00.000Z', value: 310, rate: 310 / 6283 });
    expect(dg?.trends.month?.from).toMatchObject({ value: 310 });
    expect(dg?.trends.month?.change).toBeCloseTo((402 - 310) / 6283, 10);
    expect(dg?.trends.year?.from).toBeNull();
    expect(dg?.baseline).toMatchObject({
      metric: 'active_users',
      value: 100,
      year: 2018,
      source: 'Studi smart governance Balikpapan 2018',
    });
    expect((dg?.baseline as { rate: number }).rate).toBeCloseTo(0.0159, 4);
    const siak = data.apps.find((a) => a.appId === 'siak');
    expect(siak?.activeUsers).toMatchObject({ metric: 'monthly_active_users', value: 1200 });
    expect(data.apps.find((a) => a.appId === 'simpus')?.activeUsers).toBeNull();
    expect(data.groups.find((g) => g.id === 'local-service-apps')).toMatchObject({
      activeUsers: 1200,
      changeSinceBaseline: 200,
    });
  });

  it('reports per-kelurahan participation with the estimate it divides by', async () => {
    const r = await admin.request('GET', '/api/v1/usage/participation?appId=siak');
    type P = {
      metric: string;
      rateBasis: string;
      items: { kelurahanCode: string; value: number; rate: number; share: number }[];
    };
    const p = dataOf<P>(r);
    expect(p.metric).toBe('monthly_active_users');
    expect(p.rateBasis).toContain('split evenly over 34 kelurahan');
    expect(p.items.map((i) => [i.kelurahanCode, i.value, i.share])).toEqual([
      ['64.71.01.1001', 900, 0.75],
      ['64.71.01.1002', 300, 0.25],
    ]);
    expect(p.items[0]?.rate).toBeCloseTo(900 / (688318 / 34), 10);
    expect((await admin.request('GET', '/api/v1/usage/participation?appId=ghost')).status).toBe(400);
  });
});
