/**
 * Citizen reports on a real Redis, looked at from outside the server: the participation counters
 * written with each report (per channel, kelurahan and kecamatan), a photo whose report could not
 * be written is deleted (and counted nowhere), and reports stored without index entries (as before
 * the indexes existed) are listed again after the start-up re-indexing.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../../server/context.js';
import { reportCounts, witaDay } from '../../../server/reports/counts.js';
import { COLL, putDoc } from '../../../server/store/docs.js';
import { keys } from '../../../server/store/keys.js';
import { RedisStore } from '../../../server/store/redis.js';
import { createIngestKey, type Session } from '../../helpers/api.js';
import { loginAdmin } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import {
  fileOpen311,
  fileWeb,
  pause,
  postLapor,
  searchIds,
  storedReport,
  triageIds,
  triageList,
} from './helpers.js';

/** Balikpapan Utara (kelurahan 64.71.03.1002), as a point for Open311. */
const INSIDE = { lat: '-1.2379', long: '116.8529' };

const photo = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#36a' } })
    .jpeg()
    .toBuffer();

describe.skipIf(!redisAvailable())('citizen reports as stored in Redis', () => {
  let redis: TestRedis;
  let server: TestServer;
  let store: RedisStore;
  let raw: Redis;
  let admin: Session;
  let key: string;
  const media = mkdtempSync(path.join(tmpdir(), 'pantau-media-'));
  const photos = () => readdirSync(media).sort();
  const start = async () => {
    server = await startServer({
      env: { REDIS_URL: redis.url, PANTAU_MEDIA_DIR: media, PANTAU_REPORTS_PER_HOUR: '1000' },
    });
    admin = await loginAdmin(server.baseUrl);
  };
  /** The server's counters read through `reportCounts` on the same Redis (no HTTP surface yet). */
  const counts = () => {
    // reportCounts reads the store and the clock only.
    const ctx: Pick<Ctx, 'store' | 'now'> = { store, now: () => new Date() };
    return reportCounts(ctx as Ctx, 2);
  };

  beforeAll(async () => {
    redis = await startRedis();
    store = new RedisStore({ url: redis.url }, pino({ level: 'silent' }));
    await store.waitReady(10_000);
    raw = new Redis(redis.url);
    await start();
    key = await createIngestKey(server.baseUrl, ['reports:write']);
  });
  afterAll(async () => {
    await server?.stop();
    await store?.close();
    raw?.disconnect();
    await redis?.dispose();
  });

  it('counts each report once, by channel, kelurahan and kecamatan of its WITA day; refused ones not at all', async () => {
    const base = server.baseUrl;
    await fileWeb(base, { category: 'sampah', description: 'Sampah di pasar', kelurahan: '64.71.02.1001' });
    await fileWeb(base, {
      category: 'banjir',
      description: 'Genangan',
      kelurahan: '64.71.02.1001',
      photo: await photo(),
    });
    await fileWeb(base, { category: 'lampu-jalan', description: 'PJU mati', kelurahan: '64.71.01.1001' });
    for (const description of ['Air setinggi lutut', 'Jalan berlubang'])
      await fileOpen311(base, key, { service_code: 'banjir', ...INSIDE, description });
    // Refused before anything is written: outside the city, an unknown kelurahan.
    expect(
      (await postLapor(base, { category: 'banjir', description: 'x', lat: '-6.2', long: '106.8' })).status,
    ).toBe(400);
    expect(
      (await postLapor(base, { category: 'banjir', description: 'x', kelurahan: '64.71.09.9999' })).status,
    ).toBe(400);

    const c = await counts();
    expect(c.total).toBe(5);
    expect(c.byChannel).toEqual({ web: 3, open311: 2 });
    expect(c.byKelurahan).toEqual({ '64.71.02.1001': 2, '64.71.01.1001': 1, '64.71.03.1002': 2 });
    expect(c.byKecamatan).toEqual({ '64.71.02': 2, '64.71.01': 1, '64.71.03': 2 });
    expect(c.to).toBe(witaDay(Date.now()));
    expect(c.perDay.reduce((n, d) => n + d.total, 0)).toBe(5);
    expect(photos()).toHaveLength(1);
  });

  it('a report that cannot be written leaves no photo behind and is not counted', async () => {
    // The next number is taken already (a report the sequence does not know of): every attempt
    // to write the new report conflicts, and the form answers 409 after its retries.
    const [newest] = await triageIds(admin, 'all');
    const n = Number(newest?.split('-')[2]);
    const year = new Date().getUTCFullYear();
    const taken = `LPR-${year}-${String(n + 1).padStart(6, '0')}`;
    const blocker = putDoc(COLL.reports, taken, storedReport(taken, new Date().toISOString()), 'absent');
    expect((await store.commit({ puts: [blocker] })).ok).toBe(true);
    const before = photos();

    try {
      const refused = await postLapor(server.baseUrl, {
        category: 'banjir',
        description: 'Air masuk rumah',
        kelurahan: '64.71.02.1001',
        photo: await photo(),
      });
      expect(refused.status).toBe(409);
      expect(photos()).toEqual(before);
      expect((await counts()).total).toBe(5);
    } finally {
      // Once the number is free the same report is taken, its photo kept, and counted.
      expect((await store.commit({ dels: [{ coll: COLL.reports, id: taken }] })).ok).toBe(true);
    }
    const id = await fileWeb(server.baseUrl, {
      category: 'banjir',
      description: 'Air masuk rumah',
      kelurahan: '64.71.02.1001',
      photo: await photo(),
    });
    expect(id).toBe(taken);
    expect(photos()).toHaveLength(before.length + 1);
    expect((await counts()).total).toBe(6);
  });

  it('reports stored without index entries are listed again once the server re-indexes at start', async () => {
    const [a, b] = await triageIds(admin, 'all');
    expect((await admin.request('POST', `/api/v1/reports/${a}/verify`, {})).status).toBe(200);
    expect((await admin.request('POST', `/api/v1/reports/${b}/reject`, { reason: 'Ganda' })).status).toBe(
      200,
    );
    await pause(2);
    const lists = async () => ({
      all: await triageList(admin, 'all'),
      new: await triageIds(admin, 'new'),
      verified: await triageIds(admin, 'verified'),
      rejected: await triageIds(admin, 'rejected'),
      open311: await searchIds(server.baseUrl, {}),
    });
    const before = await lists();
    expect(before.all.length).toBeGreaterThanOrEqual(5);
    expect(before.verified).toEqual([a]);
    expect(before.rejected).toEqual([b]);
    await server.stop();

    // As an older version left the store: the reports, but none of their index entries, and the
    // index version of before.
    const indexKeys = await raw.keys(keys.index('rep:*'));
    expect(indexKeys).toEqual(expect.arrayContaining([keys.index('rep:all'), keys.index('rep:status:new')]));
    await raw.del(...indexKeys, keys.indexed(COLL.reports));
    await raw.set(keys.value('indexes:version'), '4');

    await start();
    expect(await lists()).toEqual(before);
    expect(server.logs()).toMatch(/store: indexes built/);
    // A report filed now goes in front of them.
    const fresh = await fileWeb(server.baseUrl, {
      category: 'sampah',
      description: 'Sampah lagi',
      kelurahan: '64.71.01.1001',
    });
    expect(await triageIds(admin, 'new')).toEqual([fresh, ...before.new]);
  });
});
