/**
 * Retention: closed incidents, alerts and audit entries past the horizon leave the store for the
 * compressed archive (day files, NDJSON.gz), and the lists still answer for their time as before:
 * every item once, newest first, filters, bounds and a liaison's scope honoured. Open incidents
 * stay in the store however old. The horizon is a few seconds here (PANTAU_RETENTION_DAYS takes
 * fractions), so what was just written is soon "old".
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert, Incident } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../helpers/api.js';
import { createUser, dataOf, loginAs } from '../helpers/http.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { describeOnStores } from '../helpers/stores.js';

const HORIZON_SECONDS = 3;
const T0 = Date.now() - 10 * 86_400_000;
const at = (n: number) => new Date(T0 + n * 2 * 3_600_000).toISOString();
const AGENCIES = ['damkar', 'bpbd', 'satpolpp'] as const;
const CATEGORIES = ['fire', 'flood', 'crime', 'traffic'] as const;

/** Every record id in the archive's day files of `coll`. */
function archived(dir: string, coll: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(path.join(dir, coll));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.ndjson.gz'))
    .flatMap((n) =>
      gunzipSync(readFileSync(path.join(dir, coll, n)))
        .toString('utf8')
        .split('\n')
        .filter(Boolean),
    )
    .map((l) => (JSON.parse(l) as { id: string }).id);
}

async function all<T>(s: Session, url: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const r = await s.request(
      'GET',
      `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const page = dataOf<{ items: T[]; nextCursor: string | null }>(r);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('no end to the pages');
}

describeOnStores('retention', ({ redis: useRedis }) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let admin: Session;
  let dir: string;
  const made: { id: string; occurredAt: string; agencyId: string; category: string; open: boolean }[] = [];
  let fire: Alert | null = null;

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : null;
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-retention-'));
    server = await startServer({
      env: {
        ...(redis ? { REDIS_URL: redis.url } : {}),
        PANTAU_ARCHIVE_DIR: dir,
        PANTAU_RETENTION_DAYS: String(HORIZON_SECONDS / 86_400),
        PANTAU_AUDIT_RETENTION_DAYS: String(HORIZON_SECONDS / 86_400),
        PANTAU_RETENTION_SWEEP_SECONDS: '1',
        PANTAU_INGEST_RATE_PER_MINUTE: '100000',
      },
    });
    admin = await login(server.baseUrl);
    const key = await createIngestKey(server.baseUrl);
    const batch = Array.from({ length: 120 }, (_, n) => {
      const agencyId = AGENCIES[n % 3] ?? 'bpbd';
      const category = CATEGORIES[n % 4] ?? 'fire';
      const open = n % 5 === 0;
      made.push({ id: `ret-${n}`, occurredAt: at(n), agencyId, category, open });
      return incident(`ret-${n}`, {
        occurredAt: at(n),
        agencyId,
        category,
        severity: 'minor',
        status: open ? 'open' : 'closed',
      });
    });
    expect((await ingest(server.baseUrl, key, '/api/v1/incidents', batch)).status).toBe(202);
    // A severe fire: its alert opens, clears with the incident, and is resolved by a person → closed.
    expect(
      (
        await ingest(server.baseUrl, key, '/api/v1/incidents', [
          incident('ret-fire', { severity: 'severe', category: 'fire', agencyId: 'damkar' }),
        ])
      ).status,
    ).toBe(202);
    expect(
      (
        await ingest(server.baseUrl, key, '/api/v1/incidents', [
          incident('ret-fire', {
            severity: 'severe',
            category: 'fire',
            agencyId: 'damkar',
            status: 'closed',
          }),
        ])
      ).status,
    ).toBe(202);
    fire =
      (await all<Alert>(admin, '/api/v1/alerts?status=all', 50)).find(
        (a) => a.dedupeKey === 'incident:ret-fire',
      ) ?? null;
    expect(fire).not.toBeNull();
    const resolved = await admin.request('POST', `/api/v1/alerts/${fire?.id ?? ''}/resolve`, {
      code: 'true_positive',
      note: 'padam',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(dataOf<Alert>(resolved).status).toBe('closed');
    await waitFor(() => archived(dir, 'alerts').includes(fire?.id ?? ''), 'the closed alert archived', {
      timeoutMs: 30_000,
    });
    const closed = made.filter((m) => !m.open).length + 1;
    await waitFor(() => archived(dir, 'incidents').length === closed, 'the closed incidents archived', {
      timeoutMs: 30_000,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('moves closed incidents out of the store into day files, and keeps the open ones', async () => {
    expect(new Set(archived(dir, 'incidents'))).toEqual(
      new Set([...made.filter((m) => !m.open).map((m) => m.id), 'ret-fire']),
    );
    // One file per day of occurrence (ten days of history), nothing else in the folder.
    const files = readdirSync(path.join(dir, 'incidents'));
    expect(files.every((f) => /^\d{4}-\d{2}-\d{2}\.ndjson\.gz$/.test(f))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(10);
    if (redis) {
      const raw = new Redis(redis.url);
      const ids = await raw.hkeys('pantau:doc:incidents');
      raw.disconnect();
      expect(ids.sort()).toEqual(
        made
          .filter((m) => m.open)
          .map((m) => m.id)
          .sort(),
      );
    }
    const snap = dataOf<{ incidents: Incident[] }>(await admin.request('GET', '/api/v1/snapshot'));
    expect(snap.incidents.map((i) => i.id).sort()).toEqual(
      made
        .filter((m) => m.open)
        .map((m) => m.id)
        .sort(),
    );
  });

  it('still lists every incident once, newest first, across the store and the archive', async () => {
    const ids = (await all<Incident>(admin, '/api/v1/incidents?status=all', 7)).map((i) => i.id);
    expect(ids).toEqual(['ret-fire', ...[...made].reverse().map((m) => m.id)]);
    const closed = (await all<Incident>(admin, '/api/v1/incidents?status=closed', 9)).map((i) => i.id);
    expect(closed).toEqual([
      'ret-fire',
      ...[...made]
        .reverse()
        .filter((m) => !m.open)
        .map((m) => m.id),
    ]);
  });

  it('honours filters, time bounds and a liaison scope on archived history', async () => {
    const want = made
      .filter(
        (m) =>
          m.agencyId === 'bpbd' &&
          m.category === 'flood' &&
          m.occurredAt >= at(10) &&
          m.occurredAt <= at(100),
      )
      .map((m) => m.id)
      .reverse();
    const got = (
      await all<Incident>(
        admin,
        `/api/v1/incidents?status=all&agency=bpbd&category=flood&from=${at(10)}&to=${at(100)}`,
        2,
      )
    ).map((i) => i.id);
    expect(want.length).toBeGreaterThan(3);
    expect(got).toEqual(want);
    const u = await createUser(admin, 'liaison', 'damkar');
    const liaison = await loginAs(server.baseUrl, u);
    const seen = await all<Incident>(liaison, '/api/v1/incidents?status=all', 5);
    expect(seen.map((i) => i.id)).toEqual([
      'ret-fire',
      ...[...made]
        .reverse()
        .filter((m) => m.agencyId === 'damkar')
        .map((m) => m.id),
    ]);
  });

  it('still lists the archived alert, and opens it by id with its creation time', async () => {
    const id = fire?.id ?? '';
    const listed = await all<Alert>(admin, '/api/v1/alerts?status=all', 5);
    expect(listed.filter((a) => a.id === id).map((a) => a.status)).toEqual(['closed']);
    expect((await admin.request('GET', `/api/v1/alerts/${id}`)).status).toBe(404);
    const opened = await admin.request(
      'GET',
      `/api/v1/alerts/${id}?at=${encodeURIComponent(fire?.createdAt ?? '')}`,
    );
    expect(opened.status).toBe(200);
    expect(dataOf<Alert>(opened).resolution?.note).toBe('padam');
    // Not for another agency's liaison.
    const u = await createUser(admin, 'liaison', 'bpbd');
    const other = await loginAs(server.baseUrl, u);
    expect(
      (await other.request('GET', `/api/v1/alerts/${id}?at=${encodeURIComponent(fire?.createdAt ?? '')}`))
        .status,
    ).toBe(404);
  });

  it('archives audit entries and still pages them, newest first', async () => {
    await waitFor(() => archived(dir, 'audit').length > 0, 'audit entries archived', { timeoutMs: 20_000 });
    const entries = await all<{ id: string; at: string }>(admin, '/api/v1/audit', 3);
    const inArchive = new Set(archived(dir, 'audit'));
    expect(entries.filter((e) => inArchive.has(e.id)).length).toBe(inArchive.size);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
  });
});
