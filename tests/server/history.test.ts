/**
 * Reads that cost the page: incidents, alerts and the audit log come from indexes with cursor
 * paging (every item exactly once, newest first, filters and time bounds honoured, a liaison kept
 * to its agency), and the live snapshot carries the live set — never closed history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Incident } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../helpers/api.js';
import { createUser, dataOf, errorOf, loginAs } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { describeOnStores } from '../helpers/stores.js';

const T0 = Date.now() - 10 * 86_400_000;
const at = (n: number) => new Date(T0 + n * 60_000).toISOString();
const CATEGORIES = ['fire', 'flood', 'crime', 'traffic'] as const;
const AGENCIES = ['damkar', 'bpbd', 'satpolpp'] as const;

/** Every page of a list, following `nextCursor`. */
async function pages<T>(s: Session, path: string, limit: number): Promise<T[][]> {
  const out: T[][] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await s.request(
      'GET',
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const page = dataOf<{ items: T[]; nextCursor: string | null }>(r);
    out.push(page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < 100);
  return out;
}

describeOnStores('history reads', ({ redis: useRedis }) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let admin: Session;
  let key: string;
  const made: { id: string; occurredAt: string; agencyId: string; category: string; open: boolean }[] = [];

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : null;
    server = await startServer({
      env: { ...(redis ? { REDIS_URL: redis.url } : {}), PANTAU_INGEST_RATE_PER_MINUTE: '100000' },
    });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
    const batch = Array.from({ length: 240 }, (_, n) => {
      const agencyId = AGENCIES[n % 3] ?? 'bpbd';
      const category = CATEGORIES[n % 4] ?? 'fire';
      const open = n % 5 === 0;
      made.push({ id: `hist-${n}`, occurredAt: at(n), agencyId, category, open });
      return incident(`hist-${n}`, {
        occurredAt: at(n),
        agencyId,
        category,
        severity: n % 2 ? 'minor' : 'moderate',
        status: open ? 'open' : 'closed',
      });
    });
    expect((await ingest(server.baseUrl, key, '/api/v1/incidents', batch)).status).toBe(202);
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('pages through every incident exactly once, newest first', async () => {
    const all = await pages<Incident>(admin, '/api/v1/incidents?status=all', 37);
    const ids = all.flat().map((i) => i.id);
    expect(ids).toEqual([...made].reverse().map((m) => m.id));
    expect(all.every((p) => p.length <= 37)).toBe(true);
    // The default list is the open ones.
    const open = (await pages<Incident>(admin, '/api/v1/incidents', 100)).flat();
    expect(open.map((i) => i.id).sort()).toEqual(
      made
        .filter((m) => m.open)
        .map((m) => m.id)
        .sort(),
    );
  });

  it('honours combined filters and time bounds, across pages', async () => {
    const want = made
      .filter(
        (m) =>
          m.agencyId === 'bpbd' &&
          m.category === 'flood' &&
          m.occurredAt >= at(20) &&
          m.occurredAt <= at(200),
      )
      .map((m) => m.id)
      .reverse();
    const got = (
      await pages<Incident>(
        admin,
        `/api/v1/incidents?status=all&agency=bpbd&category=flood&from=${at(20)}&to=${at(200)}`,
        4,
      )
    )
      .flat()
      .map((i) => i.id);
    expect(got).toEqual(want);
    expect(want.length).toBeGreaterThan(5);
  });

  it('keeps a liaison to its agency and refuses a cursor it did not give out', async () => {
    const u = await createUser(admin, 'liaison', 'damkar');
    const liaison = await loginAs(server.baseUrl, u);
    const seen = (await pages<Incident>(liaison, '/api/v1/incidents?status=all', 50)).flat();
    expect(seen.length).toBe(made.filter((m) => m.agencyId === 'damkar').length);
    expect(seen.every((i) => i.agencyId === 'damkar')).toBe(true);
    expect((await pages<Incident>(liaison, '/api/v1/incidents?status=all&agency=bpbd', 50)).flat()).toEqual(
      [],
    );
    const bad = await admin.request('GET', '/api/v1/incidents?cursor=%00%01not-ours');
    expect(bad.status).toBe(400);
    expect(errorOf(bad).issues?.[0]?.path).toEqual(['cursor']);
  });

  it('lists open alerts most severe first, and every alert once across pages', async () => {
    const alerts = (await pages<Alert>(admin, '/api/v1/alerts?status=all', 7)).flat();
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    const open = (await pages<Alert>(admin, '/api/v1/alerts', 5)).flat();
    const ranks = open.map((a) => ({ extreme: 0, severe: 1, moderate: 2, minor: 3, unknown: 4 })[a.severity]);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    expect(open.every((a) => a.status !== 'closed' && a.status !== 'resolved')).toBe(true);
  });

  it('snapshots the live set only: open incidents, no closed history', async () => {
    const snap = dataOf<{ incidents: Incident[] }>(await admin.request('GET', '/api/v1/snapshot'));
    expect(snap.incidents.map((i) => i.id).sort()).toEqual(
      made
        .filter((m) => m.open)
        .map((m) => m.id)
        .sort(),
    );
  });

  it('pages the audit log by cursor', async () => {
    for (let i = 0; i < 6; i++)
      expect((await admin.request('POST', '/api/v1/displays', { name: `wall ${i}` })).status).toBe(201);
    const entries = (await pages<{ id: string; at: string }>(admin, '/api/v1/audit', 2)).flat();
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.length).toBeGreaterThanOrEqual(6);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
  });
});

describe.skipIf(!redisAvailable())('data stored before the indexes existed', () => {
  let redis: TestRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedis();
    // As an older version left them: documents, versions and usage samples, no index entries.
    const { Redis } = await import('ioredis');
    const raw = new Redis(redis.url);
    for (let n = 0; n < 3; n++) {
      const doc = {
        ...incident(`old-${n}`, { occurredAt: at(n) }),
        status: n === 2 ? 'closed' : 'open',
        point: [116.88, -1.16],
        kecamatanCode: null,
        kelurahanCode: null,
        outsideCity: false,
        source: 'api',
        receivedAt: at(n),
        updatedAt: at(n),
        repeatCount: 0,
        lastSeenAt: at(n),
        timeline: [],
        version: 1,
        agencyId: 'bpbd',
      };
      await raw.hset('pantau:doc:incidents', doc.id, JSON.stringify(doc));
      await raw.hset('pantau:ver:incidents', doc.id, '1');
    }
    await raw.hset(
      'pantau:doc:usage',
      'u1',
      JSON.stringify({
        appId: 'hore',
        metric: 'downloads',
        value: 7,
        at: at(1),
        period: 'day',
        key: 'u1',
        receivedAt: at(1),
        version: 1,
      }),
    );
    raw.disconnect();
    server = await startServer({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('indexes them once at start: listed, paged and in the live set', async () => {
    const admin = await login(server.baseUrl);
    const all = (await pages<Incident>(admin, '/api/v1/incidents?status=all', 2)).flat().map((i) => i.id);
    expect(all).toEqual(['old-2', 'old-1', 'old-0']);
    const snap = dataOf<{ incidents: Incident[]; usage: { appId: string; value: number }[] }>(
      await admin.request('GET', '/api/v1/snapshot'),
    );
    expect(snap.incidents.map((i) => i.id).sort()).toEqual(['old-0', 'old-1']);
    expect(snap.usage).toEqual([expect.objectContaining({ appId: 'hore', value: 7 })]);
    expect(server.logs()).toMatch(/store: indexes built/);
  });
});
