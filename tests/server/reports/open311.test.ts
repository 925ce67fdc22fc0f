import { reportEnv } from './helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey } from '../../helpers/api.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';

/** A point in Balikpapan Utara (kelurahan 64.71.03.1002). */
const INSIDE = { lat: '-1.2379', long: '116.8529' };
/** Jakarta. */
const OUTSIDE = { lat: '-6.2', long: '106.8' };

async function form(base: string, p: string, fields: Record<string, string>) {
  const res = await fetch(base + p, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
}
async function get(base: string, p: string) {
  const res = await fetch(base + p);
  return { status: res.status, body: (await res.json()) as unknown };
}
type Created = { service_request_id: string; service_notice: string; account_id: null }[];
type Req = Record<string, unknown> & { service_request_id: string; status: string; description: string };
const isSpecError = (body: unknown, code: number) =>
  Array.isArray(body) &&
  body.length === 1 &&
  (body[0] as { code: unknown }).code === code &&
  typeof (body[0] as { description: unknown }).description === 'string';

for (const variant of [{ redis: false }, { redis: true }]) {
  describe.skipIf(variant.redis && !redisAvailable())(
    `Open311 GeoReport v2 (${variant.redis ? 'Redis' : 'embedded store'})`,
    () => {
      let redis: TestRedis | null = null;
      let server: TestServer;
      let base: string;
      let key: string;

      beforeAll(async () => {
        redis = variant.redis ? await startRedis() : null;
        server = await startServer({
          env: reportEnv(redis, 4),
        });
        base = server.baseUrl;
        key = await createIngestKey(base, ['reports:write']);
      });
      afterAll(async () => {
        await server?.stop();
        await redis?.dispose();
      });

      it('lists the report categories as services, and defines each', async () => {
        const r = await get(base, '/open311/v2/services.json');
        expect(r.status).toBe(200);
        const services = r.body as Record<string, unknown>[];
        expect(services.map((s) => s.service_code)).toEqual(
          expect.arrayContaining(['jalan-rusak', 'banjir', 'sampah', 'lampu-jalan', 'kebakaran', 'lainnya']),
        );
        for (const s of services)
          expect(Object.keys(s).sort()).toEqual(
            ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'].sort(),
          );
        const def = await get(base, '/open311/v2/services/banjir.json');
        expect(def).toEqual({ status: 200, body: { service_code: 'banjir', attributes: [] } });
        const none = await get(base, '/open311/v2/services/nope.json');
        expect(none.status).toBe(404);
        expect(isSpecError(none.body, 404)).toBe(true);
        const xml = await fetch(`${base}/open311/v2/services.xml`);
        expect(xml.status).toBe(400);
        expect(isSpecError(await xml.json(), 400)).toBe(true);
      });

      it('takes a request with a reports:write key and shows it back with public fields only', async () => {
        const r = await form(base, '/open311/v2/requests.json', {
          api_key: key,
          service_code: 'banjir',
          ...INSIDE,
          description: 'Air setinggi lutut di Jl. Soekarno-Hatta km 5',
          address_string: 'Jl. Soekarno-Hatta km 5',
          email: 'warga@example.id',
          first_name: 'Siti',
          last_name: 'Aminah',
          phone: '+62 812 5555 0101',
          media_url: 'https://example.id/foto.jpg',
        });
        expect(r.status).toBe(201);
        const [created] = r.body as Created;
        expect(created?.service_request_id).toMatch(/^LPR-\d{4}-\d{6}$/);
        expect(created?.account_id).toBeNull();
        expect(created?.service_notice).toBeTruthy();
        const id = created?.service_request_id ?? '';

        const one = await get(base, `/open311/v2/requests/${id}.json`);
        expect(one.status).toBe(200);
        const [req] = one.body as Req[];
        expect(req).toMatchObject({
          service_request_id: id,
          status: 'open',
          service_code: 'banjir',
          description: 'Air setinggi lutut di Jl. Soekarno-Hatta km 5',
          lat: -1.2379,
          long: 116.8529,
        });
        const text = JSON.stringify(one.body);
        for (const secret of ['warga@example.id', '5555', 'Aminah', 'Siti'])
          expect(text).not.toContain(secret);

        const list = await get(base, `/open311/v2/requests.json?service_request_id=${id},LPR-2000-000001`);
        expect((list.body as Req[]).map((x) => x.service_request_id)).toEqual([id]);
        expect(JSON.stringify(list.body)).not.toContain('warga@example.id');
        const open = await get(base, '/open311/v2/requests.json?status=open&service_code=banjir');
        expect((open.body as Req[]).map((x) => x.service_request_id)).toContain(id);
        const closed = await get(base, '/open311/v2/requests.json?status=closed');
        expect((closed.body as Req[]).map((x) => x.service_request_id)).not.toContain(id);
        const other = await get(base, '/open311/v2/requests.json?service_code=sampah');
        expect((other.body as Req[]).map((x) => x.service_request_id)).not.toContain(id);
        const future = await get(base, '/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z');
        expect(future.body).toEqual([]);
        const bad = await get(base, '/open311/v2/requests.json?status=maybe');
        expect(bad.status).toBe(400);
        expect(isSpecError(bad.body, 400)).toBe(true);
        const missing = await get(base, '/open311/v2/requests/LPR-2000-999999.json');
        expect(missing.status).toBe(404);
        expect(isSpecError(missing.body, 404)).toBe(true);
      });

      it('refuses a bad api_key, a key without reports:write, bad fields and a point outside the city, in the spec format', async () => {
        const fields = { service_code: 'banjir', ...INSIDE, description: 'x' };
        const bad = await form(base, '/open311/v2/requests.json', { ...fields, api_key: 'pk_nope_nope' });
        expect(bad.status).toBe(403);
        expect(isSpecError(bad.body, 403)).toBe(true);
        const noKey = await form(base, '/open311/v2/requests.json', fields);
        expect(noKey.status).toBe(403);
        const wrongScope = await createIngestKey(base, ['incidents:write']);
        const scoped = await form(base, '/open311/v2/requests.json', { ...fields, api_key: wrongScope });
        expect(scoped.status).toBe(403);

        const outside = await form(base, '/open311/v2/requests.json', {
          ...fields,
          ...OUTSIDE,
          api_key: key,
        });
        expect(outside.status).toBe(400);
        expect(isSpecError(outside.body, 400)).toBe(true);
        expect((outside.body as { description: string }[])[0]?.description).toMatch(/outside Balikpapan/);
        const unknown = await form(base, '/open311/v2/requests.json', {
          ...fields,
          service_code: 'nope',
          api_key: key,
        });
        expect(unknown.status).toBe(400);
        expect(isSpecError(unknown.body, 400)).toBe(true);
        const noPlace = await form(base, '/open311/v2/requests.json', {
          api_key: key,
          service_code: 'banjir',
          description: 'x',
        });
        expect(noPlace.status).toBe(400);
        const nan = await form(base, '/open311/v2/requests.json', { ...fields, lat: 'abc', api_key: key });
        expect(nan.status).toBe(400);
        expect(isSpecError(nan.body, 400)).toBe(true);
      });

      it('limits reports per key: past PANTAU_REPORTS_PER_HOUR a 429 in the spec format with Retry-After', async () => {
        const own = await createIngestKey(base, ['reports:write']);
        const send = () =>
          form(base, '/open311/v2/requests.json', {
            api_key: own,
            service_code: 'sampah',
            ...INSIDE,
            description: 'sampah',
          });
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await send()).status);
        expect(statuses).toEqual([201, 201, 201, 201, 429]);
        const again = await send();
        expect(again.status).toBe(429);
        expect(isSpecError(again.body, 429)).toBe(true);
        expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
        // Another key is not held back by this one.
        const fresh = await form(base, '/open311/v2/requests.json', {
          api_key: key,
          service_code: 'sampah',
          ...INSIDE,
          description: 'sampah lagi',
        });
        expect(fresh.status).toBe(201);
      });

      it('serves the web form', async () => {
        const r = await fetch(`${base}/lapor`);
        expect(r.status).toBe(200);
        const html = await r.text();
        expect(html).toContain('<form');
        expect(html).toContain('name="kelurahan"');
        expect((html.match(/<option value="64\.71\.\d\d\.\d{4}"/g) ?? []).length).toBe(34);
      });
    },
  );
}
