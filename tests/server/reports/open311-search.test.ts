/**
 * Open311 `GET /requests.json` read through the report index: date windows (inclusive at both
 * ends, 90 days back by default), service codes, open/closed, a list of numbers (unknown ones
 * left out, no default window), newest first. On Redis the store also holds reports from long
 * before the default window, written as the store keeps them (with their index entries).
 */
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Report } from '../../../shared/schemas/index.js';
import { COLL, putDoc } from '../../../server/store/docs.js';
import { RedisStore } from '../../../server/store/redis.js';
import { createIngestKey, type Session } from '../../helpers/api.js';
import { loginAdmin } from '../../helpers/http.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { describeOnStores } from '../../helpers/stores.js';
import { fileOpen311, pause, searchIds, storedReport, triageIds, reportEnv } from './helpers.js';

const DAY = 86_400_000;
/** One instant the old reports are dated from (so that two of them share one). */
const T0 = Date.now();
const daysAgo = (n: number) => new Date(T0 - n * DAY).toISOString();

describeOnStores('Open311 search through the report index', (store) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let base: string;
  let admin: Session;
  /** Reports filed now, oldest first, with the time each was filed. */
  const now: { id: string; code: string; at: string }[] = [];
  /** Reports stored long ago (Redis only), oldest first. */
  const old: { id: string; at: string }[] = [];
  const ids = (list: { id: string }[]) => list.map((r) => r.id);
  const newest = (list: { id: string }[]) => ids(list).reverse();

  beforeAll(async () => {
    redis = store.redis ? await startRedis() : null;
    if (redis) {
      // 400, 200, 120 and (twice, the same instant) 100 days ago; the last is rejected (closed).
      const writer = new RedisStore({ url: redis.url }, pino({ level: 'silent' }));
      await writer.waitReady(10_000);
      const spec: [number, number, Partial<Report>][] = [
        [400, 1, { serviceCode: 'sampah' }],
        [200, 2, {}],
        [120, 3, { serviceCode: 'sampah' }],
        [100, 4, {}],
        [100, 5, { status: 'rejected', statusNote: 'Ganda' }],
      ];
      for (const [days, n, over] of spec) {
        const at = daysAgo(days);
        const id = `LPR-${at.slice(0, 4)}-90000${n}`;
        const put = putDoc(COLL.reports, id, storedReport(id, at, over), 'absent');
        expect((await writer.commit({ puts: [put] })).ok).toBe(true);
        old.push({ id, at });
      }
      await writer.close();
    }
    server = await startServer({
      env: reportEnv(redis, 1000),
    });
    base = server.baseUrl;
    admin = await loginAdmin(base);
    const key = await createIngestKey(base, ['reports:write']);
    for (const code of ['banjir', 'sampah', 'banjir', 'jalan-rusak', 'banjir']) {
      const id = await fileOpen311(base, key, {
        service_code: code,
        lat: '-1.2379',
        long: '116.8529',
        description: `${code} di Jl. Soekarno-Hatta`,
      });
      const one = (await (await fetch(`${base}/open311/v2/requests/${id}.json`)).json()) as {
        requested_datetime: string;
      }[];
      now.push({ id, code, at: one[0]?.requested_datetime ?? '' });
      await pause(5);
    }
    expect(new Set(now.map((r) => r.at)).size).toBe(now.length);
    // The third is turned down: Open311 shows it closed.
    const third = now[2]?.id ?? '';
    expect((await admin.request('POST', `/api/v1/reports/${third}/reject`, { reason: 'Ganda' })).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('without dates: the last 90 days, newest first (older reports left out)', async () => {
    expect(await searchIds(base, {})).toEqual(newest(now));
  });

  it('start_date and end_date: an inclusive window, either end alone', async () => {
    const [a, b, c, d, e] = now.map((r) => r.at);
    expect(await searchIds(base, { start_date: b ?? '', end_date: d ?? '' })).toEqual(
      newest(now.slice(1, 4)),
    );
    expect(await searchIds(base, { start_date: c ?? '', end_date: c ?? '' })).toEqual([now[2]?.id]);
    expect(await searchIds(base, { start_date: d ?? '' })).toEqual(newest(now.slice(3)));
    expect(await searchIds(base, { end_date: b ?? '' })).toEqual(newest(now.slice(0, 2)));
    expect(await searchIds(base, { start_date: e ?? '', end_date: a ?? '' })).toEqual([]);
    expect(await searchIds(base, { start_date: '2099-01-01T00:00:00Z' })).toEqual([]);
  });

  it('service_code (one or several) and status open/closed', async () => {
    const having = (codes: string[]) => newest(now.filter((r) => codes.includes(r.code)));
    expect(await searchIds(base, { service_code: 'banjir' })).toEqual(having(['banjir']));
    expect(await searchIds(base, { service_code: 'banjir,sampah' })).toEqual(having(['banjir', 'sampah']));
    expect(await searchIds(base, { service_code: 'lainnya' })).toEqual([]);
    const rejected = now[2]?.id ?? '';
    expect(await searchIds(base, { status: 'closed' })).toEqual([rejected]);
    expect(await searchIds(base, { status: 'open' })).toEqual(newest(now).filter((id) => id !== rejected));
    expect(await searchIds(base, { status: 'open,closed' })).toEqual(newest(now));
    expect(await searchIds(base, { status: 'open', service_code: 'banjir' })).toEqual(
      having(['banjir']).filter((id) => id !== rejected),
    );
  });

  it('service_request_id: the known ones newest first, unknown ones left out, no default window', async () => {
    const [a, , c, , e] = now.map((r) => r.id);
    const list = [a, 'LPR-2000-000001', e, c, 'nope'].join(',');
    expect(await searchIds(base, { service_request_id: list })).toEqual([e, c, a]);
    expect(await searchIds(base, { service_request_id: list, status: 'open' })).toEqual([e, a]);
    expect(await searchIds(base, { service_request_id: list, start_date: now[1]?.at ?? '' })).toEqual([e, c]);
    expect(await searchIds(base, { service_request_id: 'LPR-2000-000001' })).toEqual([]);
    if (store.redis) {
      const oldest = old[0]?.id ?? '';
      expect(await searchIds(base, { service_request_id: `${oldest},${a}` })).toEqual([a, oldest]);
    }
  });

  it.runIf(store.redis)(
    'reaches reports older than the default window; one instant orders by number, newest first',
    async () => {
      const [o400, o200, o120, o100a, o100b] = old;
      const all = [...old, ...now];
      expect(await searchIds(base, { start_date: daysAgo(500) })).toEqual(newest(all));
      expect(await searchIds(base, { start_date: daysAgo(250), end_date: o120?.at ?? '' })).toEqual([
        o120?.id,
        o200?.id,
      ]);
      // end_date alone: 90 days back from it; the two of one instant, the higher number first.
      expect(await searchIds(base, { end_date: o100a?.at ?? '' })).toEqual([o100b?.id, o100a?.id, o120?.id]);
      expect(await searchIds(base, { end_date: daysAgo(350) })).toEqual([o400?.id]);
      expect(await searchIds(base, { end_date: daysAgo(300) })).toEqual([]);
      expect(await searchIds(base, { start_date: daysAgo(500), service_code: 'sampah' })).toEqual([
        now[1]?.id,
        o120?.id,
        o400?.id,
      ]);
      expect(await searchIds(base, { start_date: daysAgo(500), status: 'closed' })).toEqual([
        now[2]?.id,
        o100b?.id,
      ]);
      // The triage queue lists them too, in the same order.
      expect(await triageIds(admin, 'all')).toEqual(newest(all));
      expect(await triageIds(admin, 'new')).toEqual(
        newest(all).filter((id) => id !== now[2]?.id && id !== o100b?.id),
      );
      expect(await triageIds(admin, 'rejected')).toEqual([now[2]?.id, o100b?.id]);
    },
  );
});
