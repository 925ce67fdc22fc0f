/**
 * Citizen reports as a live participation number: reports filed through the real channels (the
 * /lapor form and Open311) come back, counted per kelurahan, kecamatan and channel, in the
 * scorecard's participation dimension and in the wall's per-kelurahan participation API.
 */
import { reportEnv } from '../reports/helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, type Session } from '../../helpers/api.js';
import { call, createDisplay, dataOf, errorOf, loginAdmin } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';

/** Baru Ilir, Balikpapan Barat: picked on the web form. */
const KEL_A = '64.71.02.1001';
/** Balikpapan Utara (64.71.03.1002): a point an Open311 client sends, and picked on the form. */
const KEL_B = '64.71.03.1002';
const POINT_B = { lat: '-1.2379', long: '116.8529' };
/** BPS Kota Balikpapan, Sensus Penduduk 2020 (apps.json, residents). */
const RESIDENTS = 688318;

interface Measure {
  days: number;
  from: string;
  to: string;
  total: number;
  byChannel: { channel: string; count: number }[];
  byKecamatan: { code: string; name: string; count: number }[];
  perDay: { day: string; total: number }[];
  population: { count: number; year: number; source: string } | null;
  per10k: number | null;
}
interface Indicator {
  id: string;
  dimension: string;
  measure: string;
  target: unknown;
  meetsTarget: boolean | null;
  current: { value: number | null; source: string; detail?: unknown } | null;
}
interface Participation {
  source?: string;
  days?: number;
  total?: number;
  rateBasis: string | null;
  items: { kelurahanCode: string; name: string; value: number; share: number; rate?: number }[];
}

async function webReport(base: string, kelurahan: string, description: string): Promise<void> {
  const fd = new FormData();
  fd.set('category', 'sampah');
  fd.set('description', description);
  fd.set('kelurahan', kelurahan);
  const res = await fetch(`${base}/lapor`, { method: 'POST', body: fd, redirect: 'manual' });
  expect(res.status, (await res.text()).slice(0, 300)).toBe(303);
}

async function open311Report(base: string, key: string, description: string): Promise<void> {
  const res = await fetch(`${base}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: key, service_code: 'banjir', ...POINT_B, description }).toString(),
  });
  expect(res.status, await res.text()).toBe(201);
}

for (const variant of [{ redis: false }, { redis: true }]) {
  describe.skipIf(variant.redis && !redisAvailable())(
    `citizen reports as participation (${variant.redis ? 'Redis' : 'embedded store'})`,
    () => {
      let redis: TestRedis | null = null;
      let server: TestServer;
      let base: string;
      let admin: Session;
      let wall: string;

      const participation = async (query: string) => {
        const r = await call(base, 'GET', `/api/v1/usage/participation${query}`, { bearer: wall });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return dataOf<Participation>(r);
      };
      const reportsIndicator = async () => {
        const r = await call(base, 'GET', '/api/v1/scorecard', { bearer: wall });
        expect(r.status).toBe(200);
        const items = dataOf<{ indicators: Indicator[] }>(r).indicators;
        return { items, ind: items.find((i) => i.measure === 'citizen_reports') };
      };

      beforeAll(async () => {
        redis = variant.redis ? await startRedis() : null;
        server = await startServer({
          env: reportEnv(redis, 1000),
        });
        base = server.baseUrl;
        admin = await loginAdmin(base);
        wall = (await createDisplay(admin)).token;
      });
      afterAll(async () => {
        await server?.stop();
        await redis?.dispose();
      });

      it('states zero before any report, as a count and as an all-zero map', async () => {
        const { ind } = await reportsIndicator();
        expect(ind?.current?.value).toBe(0);
        const p = await participation('?source=reports');
        expect(p.total).toBe(0);
        expect(p.items).toHaveLength(34);
        expect(p.items.every((i) => i.value === 0 && i.share === 0)).toBe(true);
      });

      it('counts reports from the web form and Open311 per kelurahan, kecamatan and channel', async () => {
        const key = await createIngestKey(base, ['reports:write']);
        await webReport(base, KEL_A, 'Sampah menumpuk di depan pasar sejak Senin');
        await webReport(base, KEL_A, 'Tumpukan sampah di tepi jalan belum diangkut');
        await webReport(base, KEL_B, 'Sampah berserakan di dekat sekolah');
        await open311Report(base, key, 'Air setinggi lutut di jalan utama');
        await open311Report(base, key, 'Genangan menutup jalan ke puskesmas');

        // The scorecard: a live, unscored indicator of the participation dimension, beside app usage.
        const { items, ind } = await reportsIndicator();
        expect(items.find((i) => i.id === 'app-adoption')?.measure).toBe('app_adoption');
        expect(ind).toMatchObject({
          id: 'citizen-reports',
          dimension: 'participation_in_decision_making',
          target: null,
          meetsTarget: null,
          current: { value: 5, source: 'live: laporan warga, 30 hari terakhir' },
        });
        const m = ind?.current?.detail as Measure;
        expect(m.days).toBe(30);
        expect(m.total).toBe(5);
        expect(m.byChannel).toEqual([
          { channel: 'open311', count: 2 },
          { channel: 'web', count: 3 },
          { channel: 'telegram', count: 0 },
        ]);
        expect(m.byKecamatan).toHaveLength(6);
        expect(m.byKecamatan.filter((k) => k.count > 0)).toEqual([
          { code: '64.71.02', name: 'Balikpapan Barat', count: 2 },
          { code: '64.71.03', name: 'Balikpapan Utara', count: 3 },
        ]);
        expect(m.perDay).toHaveLength(30);
        expect(m.perDay.at(-1)).toEqual({ day: m.to, total: 5 });
        expect(m.perDay.slice(0, -1).every((d) => d.total === 0)).toBe(true);
        expect(m.population?.count).toBe(RESIDENTS);
        expect(m.population?.source).toContain('BPS');
        expect(m.per10k).toBeCloseTo((5 / RESIDENTS) * 10_000, 12);

        // The wall's shading: every kelurahan, its reports and share of all; no rate (no kelurahan population).
        const p = await participation('?source=reports');
        expect(p).toMatchObject({ source: 'reports', days: 30, total: 5, rateBasis: null });
        expect(p.items).toHaveLength(34);
        const byCode = new Map(p.items.map((i) => [i.kelurahanCode, i]));
        expect(byCode.get(KEL_A)).toMatchObject({ name: 'Baru Ilir', value: 2, share: 0.4 });
        expect(byCode.get(KEL_B)).toMatchObject({ value: 3, share: 0.6 });
        expect(p.items.filter((i) => i.value > 0).map((i) => i.kelurahanCode)).toEqual([KEL_A, KEL_B]);
        expect(p.items.some((i) => 'rate' in i)).toBe(false);
        // A one-day window still holds today's reports.
        expect((await participation('?source=reports&days=1')).total).toBe(5);
      });

      it('keeps the usage answer for old callers (no source: app users, not reports)', async () => {
        const p = await participation('');
        expect(p).toMatchObject({ source: 'usage', appId: null, rateBasis: null });
        expect(p.items).toEqual([]);
        expect((await participation('?source=usage&appId=siak')).source).toBe('usage');
      });

      it('refuses a bad query with 400 and its issues', async () => {
        const issues = async (query: string) => {
          const r = await call(base, 'GET', `/api/v1/usage/participation${query}`, { bearer: wall });
          expect(r.status, query).toBe(400);
          return errorOf(r).issues?.map((i) => i.path.join('.'));
        };
        expect(await issues('?source=complaints')).toEqual(['source']);
        expect(await issues('?source=reports&days=0')).toEqual(['days']);
        expect(await issues('?source=reports&days=367')).toEqual(['days']);
        expect(await issues('?source=reports&days=lots')).toEqual(['days']);
        expect(await issues('?source=reports&appId=siak&metric=active_users')).toEqual(['appId', 'metric']);
        expect(await issues('?days=7')).toEqual(['days']);
        expect(await issues('?kelurahan=64.71.02.1001')).toEqual(['']);
      });

      it("lets a display's stored config choose the reports shading, kept across later edits", async () => {
        const { id } = await createDisplay(admin, 'shading wall');
        const patch = (body: unknown) => admin.request('PATCH', `/api/v1/displays/${id}`, body);
        const set = await patch({ config: { views: ['map'], shading: 'reports' } });
        expect(set.status, JSON.stringify(set.body)).toBe(200);
        expect(dataOf<{ config: { shading?: string } }>(set).config.shading).toBe('reports');
        const later = await patch({ config: { rotateSeconds: 45 } });
        expect(dataOf<{ config: { shading?: string; rotateSeconds: number } }>(later).config).toMatchObject({
          shading: 'reports',
          rotateSeconds: 45,
        });
        const bad = await patch({ config: { shading: 'heat' } });
        expect(bad.status).toBe(400);
        expect(errorOf(bad).issues?.map((i) => i.path.join('.'))).toEqual(['config.shading']);
      });
    },
  );
}
