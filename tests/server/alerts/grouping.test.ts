import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, BulkResult } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../../helpers/api.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { describeOnStores } from '../../helpers/stores.js';

const fire = (id: string, i: number, over: Record<string, unknown> = {}) =>
  incident(id, {
    title: 'Kebakaran gudang',
    category: 'fire',
    severity: 'severe',
    location: [116.86 + i * 0.0002, -1.24],
    ...over,
  });

/**
 * Operators' alert hygiene: a burst of nearby incidents of one kind makes one alert that says where
 * it is, repeats never make a new row, the group clears only when every member has, and one bulk
 * command acts on many alerts with the same rules as one by one.
 */
describeOnStores('alert place, grouping and bulk commands', ({ redis: useRedis }) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let admin: Session;
  let key: string;
  const open = async () =>
    ((await admin.request('GET', '/api/v1/alerts?limit=200')).body as { data: { items: Alert[] } }).data
      .items;

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : null;
    server = await startServer({ env: redis ? { REDIS_URL: redis.url } : {} });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('groups a burst of ten nearby fires into one placed alert, apart from a far flood', async () => {
    const burst = Array.from({ length: 10 }, (_, i) => fire(`grp-${i}`, i));
    expect((await ingest(server.baseUrl, key, '/api/v1/incidents', burst)).status).toBe(202);
    const far = incident('far-flood', { title: 'Banjir', category: 'flood', location: [116.8, -1.15] });
    expect((await ingest(server.baseUrl, key, '/api/v1/incidents', far)).status).toBe(202);
    // Two more sent one by one, and a repeat of a member: they join, never a new row.
    await ingest(server.baseUrl, key, '/api/v1/incidents', fire('grp-10', 10));
    await ingest(server.baseUrl, key, '/api/v1/incidents', fire('grp-11', 11));
    await ingest(server.baseUrl, key, '/api/v1/incidents', fire('grp-3', 3, { severity: 'extreme' }));
    // The same kind far away is its own alert.
    await ingest(server.baseUrl, key, '/api/v1/incidents', fire('grp-far', 0, { location: [116.95, -1.2] }));

    const alerts = await open();
    const fires = alerts.filter((a) => a.category === 'fire');
    expect(fires).toHaveLength(2);
    const group = fires.find((a) => (a.members?.length ?? 0) > 1);
    expect(group?.members?.map((m) => m.key).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `incident:grp-${i}`).sort(),
    );
    expect(group?.count).toBe(13); // 12 members, one repeated
    expect(group?.severity).toBe('extreme');
    expect(group?.title).toBe('Kebakaran gudang');
    expect(group?.timeline.filter((t) => t.action === 'grouped')).toHaveLength(11);
    // Its place: kelurahan and kecamatan with names a crew can read, and the point.
    expect(group?.place?.kelurahan?.name).toMatch(/\w/);
    expect(group?.place?.kecamatan?.name).toMatch(/^Balikpapan /);
    expect(group?.place?.location).toEqual([116.86, -1.24]);
    expect(group?.place?.kelurahan?.code.startsWith(group.place.kecamatan?.code ?? '?')).toBe(true);
    const flood = alerts.find((a) => a.category === 'flood');
    expect(flood?.place?.location).toEqual([116.8, -1.15]);
    expect(flood?.members).toHaveLength(1);
  });

  it('stays active until every member has cleared', async () => {
    const group = (await open()).find((a) => (a.members?.length ?? 0) > 1) as Alert;
    const members = (group.members ?? []).map((m) => m.key.slice('incident:'.length));
    const close = (id: string, i: number) => fire(id, i, { status: 'closed' });
    const [last, ...rest] = members;
    await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      rest.map((id) => close(id, Number(id.split('-')[1]))),
    );
    const after = (await admin.request('GET', `/api/v1/alerts/${group.id}`)).body as { data: Alert };
    expect(after.data.condition).toBe('active');
    expect(after.data.members?.filter((m) => m.condition === 'active').map((m) => m.key)).toEqual([
      `incident:${last}`,
    ]);
    await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      close(last as string, Number(last?.split('-')[1])),
    );
    const done = (await admin.request('GET', `/api/v1/alerts/${group.id}`)).body as { data: Alert };
    expect(done.data.condition).toBe('cleared');
  });

  it('acknowledges many alerts in one bulk command, each with the race rules of one', async () => {
    const ids = (await open()).filter((a) => a.status === 'new').map((a) => a.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const [first, second] = ids as [string, string];
    // Someone acknowledges one of them first: the bulk answers that one with its own 409.
    expect((await admin.request('POST', `/api/v1/alerts/${first}/ack`, {})).status).toBe(200);
    const r = await admin.request('POST', '/api/v1/alerts/bulk', {
      ids: [first, second, 'al-missing'],
      command: 'ack',
      note: 'tim berangkat',
    });
    expect(r.status).toBe(200);
    const body = r.body as { data: { items: BulkResult[]; succeeded: number; failed: number } };
    expect(body.data.items.map((i) => [i.id, i.status])).toEqual([
      [first, 409],
      [second, 200],
      ['al-missing', 404],
    ]);
    expect(body.data.items[0]?.error?.message).toMatch(/Already acknowledged by admin/);
    expect(body.data.items[1]?.alert?.status).toBe('acknowledged');
    expect(body.data.items[1]?.alert?.timeline.at(-1)?.note).toBe('tim berangkat');
    expect([body.data.succeeded, body.data.failed]).toEqual([1, 2]);
    // Audited per alert, as if acknowledged one by one.
    const audit = (await admin.request('GET', '/api/v1/audit?limit=50')).body as {
      data: { items: { action: string; target: string | null }[] };
    };
    expect(audit.data.items.filter((e) => e.action === 'alert.ack').map((e) => e.target)).toContain(second);

    // Resolve needs its own field; assign too; a bad command is refused whole.
    const bad = await admin.request('POST', '/api/v1/alerts/bulk', { ids: [second], command: 'resolve' });
    expect(bad.status).toBe(400);
    expect(
      (await admin.request('POST', '/api/v1/alerts/bulk', { ids: [second], command: 'delete' })).status,
    ).toBe(400);
    const resolved = await admin.request('POST', '/api/v1/alerts/bulk', {
      ids: [first, second],
      command: 'resolve',
      code: 'fixed',
    });
    const items = (resolved.body as { data: { items: BulkResult[] } }).data.items;
    expect(items.map((i) => i.status)).toEqual([200, 200]);
  });
});

describe('auto-resolve', () => {
  let server: TestServer;
  let admin: Session;
  let key: string;
  beforeAll(async () => {
    // Three seconds for floods, never for fires.
    server = await startServer({ env: { PANTAU_AUTO_RESOLVE: 'flood=0.05,fire=0' } });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
  });
  afterAll(() => server?.stop());

  it('closes an alert whose condition cleared and that nobody touched, audited as the system', async () => {
    const flood = (id: string, lng: number, over: Record<string, unknown> = {}) =>
      incident(id, { title: `Banjir ${id}`, location: [lng, -1.2], ...over });
    const fireAt = incident('ar-fire', { category: 'fire', title: 'Kebakaran', location: [116.9, -1.25] });
    await ingest(server.baseUrl, key, '/api/v1/incidents', [
      flood('ar-1', 116.82),
      flood('ar-2', 116.9),
      fireAt,
    ]);
    const byTitle = async () =>
      new Map(
        (
          (await admin.request('GET', '/api/v1/alerts?status=all&limit=50')).body as {
            data: { items: Alert[] };
          }
        ).data.items.map((a) => [a.title, a]),
      );
    const before = await byTitle();
    // Someone acts on the second flood: it is theirs, it stays.
    expect(
      (await admin.request('POST', `/api/v1/alerts/${before.get('Banjir ar-2')?.id}/ack`, {})).status,
    ).toBe(200);
    await ingest(server.baseUrl, key, '/api/v1/incidents', [
      flood('ar-1', 116.82, { status: 'closed' }),
      flood('ar-2', 116.9, { status: 'closed' }),
      { ...fireAt, status: 'closed' },
    ]);
    let now = await byTitle();
    expect(now.get('Banjir ar-1')?.status).toBe('new');
    const deadline = Date.now() + 20_000;
    while (now.get('Banjir ar-1')?.status !== 'closed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      now = await byTitle();
    }
    const closed = now.get('Banjir ar-1');
    expect(closed?.status).toBe('closed');
    expect(closed?.resolution?.code).toBe('not_actionable');
    expect(closed?.timeline.at(-2)).toMatchObject({ action: 'resolved', by: null });
    expect(now.get('Banjir ar-2')?.status).toBe('acknowledged');
    expect(now.get('Kebakaran')?.status).toBe('new'); // fires never auto-resolve here
    const audit = (await admin.request('GET', '/api/v1/audit?limit=50')).body as {
      data: { items: { action: string; target?: string; actor: { kind: string }; channel: string }[] };
    };
    expect(audit.data.items.find((e) => e.action === 'alert.auto_resolve')).toMatchObject({
      target: closed?.id,
      actor: { kind: 'system' },
      channel: 'system',
    });
  });
});
