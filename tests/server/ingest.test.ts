import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, ServiceState, Snapshot } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, type Session } from '../helpers/api.js';
import { allIncidents, call, dataOf, errorOf, loginAdmin, uid } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';

const OCCURRED = '2026-11-29T02:00:00.000Z';
const health = (over: Record<string, unknown> = {}) => ({
  serviceId: 'web-dinkes',
  status: 'up',
  latencyMs: 120,
  checkedAt: new Date().toISOString(),
  ...over,
});
const usage = (over: Record<string, unknown> = {}) => ({
  appId: 'hore',
  metric: 'downloads',
  value: 75,
  at: new Date().toISOString(),
  ...over,
});

/** The value of `pantau_ingested_total{feed="…"}` in Prometheus text, 0 when absent. */
function ingestedTotal(metrics: string, feed: string): number {
  const m = new RegExp(`^pantau_ingested_total\\{feed="${feed}"\\} (\\d+)`, 'm').exec(metrics);
  return m ? Number(m[1]) : 0;
}

const variants = [
  { name: 'the embedded store', redis: false },
  { name: 'Redis', redis: true },
] as const;

for (const variant of variants) {
  describe.skipIf(variant.redis && !redisAvailable())(`ingest on ${variant.name}`, () => {
    let redis: TestRedis | null = null;
    let server: TestServer;
    let base: string;
    let key: string;
    let admin: Session;

    beforeAll(async () => {
      redis = variant.redis ? await startRedis() : null;
      server = await startServer({ env: redis ? { REDIS_URL: redis.url } : {} });
      base = server.baseUrl;
      key = await createIngestKey(base);
      admin = await loginAdmin(base);
    });
    afterAll(async () => {
      await server?.stop();
      await redis?.dispose();
    });

    const incidentIds = async () => new Set((await allIncidents(admin)).items.map((i) => i.id));

    it('accepts the minimal incident with 202 and its id, and stores it routed and located', async () => {
      const id = uid();
      const r = await ingest(base, key, '/api/v1/incidents', incident(id, { occurredAt: OCCURRED }));
      expect(r.status).toBe(202);
      expect(dataOf(r)).toEqual({ ids: [id], created: 1, updated: 0, repeated: 0 });
      const stored = (await allIncidents(admin)).items.find((i) => i.id === id);
      expect(stored).toMatchObject({
        id,
        status: 'open',
        category: 'flood',
        agencyId: 'bpbd',
        repeatCount: 0,
        version: 1,
        outsideCity: false,
        point: [116.88, -1.16],
      });
      expect(stored?.kelurahanCode).toMatch(/^64\.71\.\d{2}\.\d{4}$/);
    });

    it('accepts the minimal health sample and usage sample with 202 and their ids', async () => {
      const h = await ingest(base, key, '/api/v1/health/heartbeats', health());
      expect(h.status).toBe(202);
      expect(dataOf(h)).toEqual({ ids: ['web-dinkes'], duplicates: 0 });
      const withId = await ingest(base, key, '/api/v1/health/heartbeats', [
        health({ id: 'hb-1', serviceId: 'web-dpu', status: 'down', latencyMs: 0 }),
      ]);
      expect(withId.status).toBe(202);
      expect(dataOf(withId)).toEqual({ ids: ['hb-1'], duplicates: 0 });
      expect(
        dataOf(
          await ingest(base, key, '/api/v1/health/heartbeats', [
            health({ id: 'hb-1', serviceId: 'web-dpu', status: 'down', latencyMs: 0 }),
          ]),
        ),
      ).toEqual({ ids: [], duplicates: 1 });
      const services = dataOf<{ items: { id: string; state: ServiceState }[] }>(
        await admin.request('GET', '/api/v1/services'),
      ).items;
      expect(services.find((s) => s.id === 'web-dinkes')?.state).toMatchObject({
        status: 'up',
        latencyMs: 120,
      });
      expect(services.find((s) => s.id === 'web-dpu')?.state).toMatchObject({
        status: 'down',
        reason: 'reported',
        version: 1,
      });

      const at = new Date().toISOString();
      const u = await ingest(base, key, '/api/v1/usage', usage({ at }));
      expect(u.status).toBe(202);
      expect(dataOf(u)).toEqual({ ids: [`api:hore:downloads:instant:${at}`], duplicates: 0 });
      expect(dataOf(await ingest(base, key, '/api/v1/usage', usage({ at })))).toEqual({
        ids: [],
        duplicates: 1,
      });
      const snap = dataOf<Snapshot>(await admin.request('GET', '/api/v1/snapshot'));
      expect(snap.usage).toContainEqual(
        expect.objectContaining({ appId: 'hore', metric: 'downloads', value: 75, at }),
      );
    });

    it('accepts a batch of 1000 and refuses 1001, writing none of it', async () => {
      const ok = Array.from({ length: 1000 }, (_, n) => incident(`b1000-${n}`, { severity: 'minor' }));
      const r = await ingest(base, key, '/api/v1/incidents', ok);
      expect(r.status).toBe(202);
      const data = dataOf<{ ids: string[]; created: number }>(r);
      expect(data.created).toBe(1000);
      expect(data.ids).toEqual(ok.map((i) => i.id));
      const before = (await allIncidents(admin)).total;
      expect(before).toBeGreaterThanOrEqual(1000);

      const tooMany = Array.from({ length: 1001 }, (_, n) => incident(`b1001-${n}`, { severity: 'minor' }));
      const bad = await ingest(base, key, '/api/v1/incidents', tooMany);
      expect(bad.status).toBe(400);
      expect(errorOf(bad).code).toBe('invalid_request');
      expect(errorOf(bad).issues).toEqual([{ path: [], message: 'at most 1000 items per request' }]);
      expect((await allIncidents(admin)).total).toBe(before);
      expect(await incidentIds()).not.toContain('b1001-0');
    });

    it('rejects a batch with one invalid item, locating each problem, and writes nothing of it', async () => {
      const good = uid('good');
      const badId = uid('bad');
      const r = await ingest(base, key, '/api/v1/incidents', [
        incident(good, { severity: 'extreme' }),
        incident(badId, { location: [999, -1.16], occurredAt: 'nope' }),
      ]);
      expect(r.status).toBe(400);
      const err = errorOf(r);
      expect(err.code).toBe('invalid_request');
      const paths = (err.issues ?? []).map((i) => i.path);
      expect(paths).toContainEqual([1, 'occurredAt']);
      expect(paths.some((p) => p[0] === 1 && p[1] === 'location')).toBe(true);
      expect(paths.every((p) => p[0] === 1)).toBe(true);
      expect(await incidentIds()).not.toContain(good);
      const snap = JSON.stringify(dataOf<Snapshot>(await admin.request('GET', '/api/v1/snapshot')));
      expect(snap).not.toContain(good);
    });

    it('rejects unknown services and apps naming the path, and writes nothing of the batch', async () => {
      const h = await ingest(base, key, '/api/v1/health/heartbeats', [
        health({ serviceId: 'web-disnaker', status: 'down' }),
        health({ serviceId: 'no-such-service' }),
      ]);
      expect(h.status).toBe(400);
      expect(errorOf(h).code).toBe('invalid_request');
      expect(errorOf(h).issues).toEqual([
        { path: [1, 'serviceId'], message: 'unknown service "no-such-service"' },
      ]);
      const services = dataOf<{ items: { id: string; state: ServiceState }[] }>(
        await admin.request('GET', '/api/v1/services'),
      ).items;
      expect(services.find((s) => s.id === 'web-disnaker')?.state).toMatchObject({
        status: 'unknown',
        version: 0,
      });
      const single = await ingest(base, key, '/api/v1/health/heartbeats', health({ serviceId: 'nope' }));
      expect(errorOf(single).issues?.[0]?.path).toEqual(['serviceId']);

      const at = new Date().toISOString();
      const u = await ingest(base, key, '/api/v1/usage', [
        usage({ at, metric: 'sessions' }),
        usage({ appId: 'no-such-app' }),
      ]);
      expect(u.status).toBe(400);
      expect(errorOf(u).code).toBe('invalid_request');
      expect(errorOf(u).issues).toEqual([{ path: [1, 'appId'], message: 'unknown app "no-such-app"' }]);
      const snap = dataOf<Snapshot>(await admin.request('GET', '/api/v1/snapshot'));
      expect(snap.usage.some((s) => s.metric === 'sessions' && s.at === at)).toBe(false);
    });

    it('treats the same incident sent twice as one incident with repeatCount 1', async () => {
      const id = uid('repeat');
      const body = incident(id, { occurredAt: OCCURRED });
      expect(dataOf(await ingest(base, key, '/api/v1/incidents', body))).toMatchObject({ created: 1 });
      const again = await ingest(base, key, '/api/v1/incidents', body);
      expect(again.status).toBe(202);
      expect(dataOf(again)).toEqual({ ids: [id], created: 0, updated: 0, repeated: 1 });
      const matches = (await allIncidents(admin)).items.filter((i: Incident) => i.id === id);
      expect(matches).toHaveLength(1);
      expect(matches[0]).toMatchObject({ repeatCount: 1, version: 2 });
      const snap = dataOf<Snapshot>(await admin.request('GET', '/api/v1/snapshot'));
      expect(snap.incidents.filter((i) => i.id === id)).toHaveLength(1);
    });

    it('answers 413 for a body over 2 MB and 415 for text/plain', async () => {
      const big = await ingest(
        base,
        key,
        '/api/v1/incidents',
        JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024 + 100) }),
      );
      expect(big.status).toBe(413);
      expect(errorOf(big).code).toBe('payload_too_large');
      const text = await ingest(base, key, '/api/v1/incidents', 'hello', 'text/plain');
      expect(text.status).toBe(415);
      expect(errorOf(text).code).toBe('unsupported_media_type');
    });

    it('answers 401 without a key and 403 for a key lacking the scope', async () => {
      const none = await call(base, 'POST', '/api/v1/incidents', { body: incident(uid()) });
      expect(none.status).toBe(401);
      expect(errorOf(none).code).toBe('unauthenticated');
      const wrong = await call(base, 'POST', '/api/v1/incidents', {
        body: incident(uid()),
        bearer: 'pk_0000000000_notARealKeyAtAll1234',
      });
      expect(wrong.status).toBe(401);
      const usageOnly = await createIngestKey(base, ['usage:write']);
      const id = uid();
      const r = await ingest(base, usageOnly, '/api/v1/incidents', incident(id));
      expect(r.status).toBe(403);
      expect(errorOf(r)).toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining('incidents:write') as unknown,
      });
      expect(await incidentIds()).not.toContain(id);
    });

    it('publishes the ingest paths in /api/v1/openapi.json', async () => {
      const r = await call(base, 'GET', '/api/v1/openapi.json');
      expect(r.status).toBe(200);
      const doc = r.body as {
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            { requestBody?: { content: Record<string, { schema: { oneOf: { maxItems?: number }[] } }> } }
          >
        >;
      };
      expect(doc.openapi).toMatch(/^3\./);
      for (const p of ['/api/v1/incidents', '/api/v1/health/heartbeats', '/api/v1/usage']) {
        const schema = doc.paths[p]?.post?.requestBody?.content['application/json']?.schema;
        expect(
          schema?.oneOf.some((s) => s.maxItems === 1000),
          p,
        ).toBe(true);
      }
    });

    it('answers /healthz and /readyz, and counts ingested items in /metrics', async () => {
      expect(await call(base, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await call(base, 'GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ready',
        store: variant.redis ? 'redis' : 'memory',
        storeReady: true,
        booted: true,
      });
      const before = await fetch(`${base}/metrics`);
      expect(before.headers.get('content-type')).toMatch(/^text\/plain/);
      const n0 = ingestedTotal(await before.text(), 'incidents');
      expect((await ingest(base, key, '/api/v1/incidents', [incident(uid()), incident(uid())])).status).toBe(
        202,
      );
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toContain('# TYPE pantau_ingested_total counter');
      expect(ingestedTotal(text, 'incidents')).toBe(n0 + 2);
    });
  });
}
