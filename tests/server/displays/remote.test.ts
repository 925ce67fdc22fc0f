/**
 * Walls managed remotely: a display's stored config (views, rotation, language, reload) is edited
 * through `PATCH /displays/:id` (validated, audited, version-guarded) and reaches its open wall's
 * socket at once — on every instance; the list shows where each wall was last seen; a display gone
 * quiet raises exactly one alert for the command center, cleared when it is seen again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Display } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import {
  allAlerts,
  createDisplay,
  createUser,
  dataOf,
  errorOf,
  loginAdmin,
  loginAs,
} from '../../helpers/http.js';
import { connectLive, type LiveClient } from '../../helpers/live.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { sleep, waitFor } from '../../helpers/wait.js';

/** 6 s: walls report every 1.5 s, and the stale sweep runs as often. */
const STALE = { PANTAU_DISPLAY_STALE_MINUTES: '0.1' } as const;

async function listed(admin: Session, id: string): Promise<Display> {
  const r = await admin.request('GET', '/api/v1/displays');
  expect(r.status).toBe(200);
  const d = dataOf<{ items: Display[] }>(r).items.find((x) => x.id === id);
  if (!d) throw new Error(`display ${id} not listed`);
  return d;
}

const staleAlerts = async (admin: Session, id: string): Promise<Alert[]> =>
  (await allAlerts(admin)).filter((a) => a.dedupeKey === `display:${id}`);

describe('remotely managed wall displays (one instance)', () => {
  let server: TestServer;
  let admin: Session;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { ...STALE, PANTAU_INSTANCE_ID: 'inst-one' } });
    admin = await loginAdmin(server.baseUrl);
  });
  afterEach(() => {
    open.splice(0).forEach((c) => c.close());
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function wall(token: string): Promise<LiveClient> {
    const c = await connectLive(server.baseUrl, { token });
    open.push(c);
    return c;
  }

  it('refuses bad configs with 400 and every issue located, and writes nothing', async () => {
    const { id } = await createDisplay(admin, 'validated wall');
    const before = await listed(admin, id);
    const bad: [unknown, string[]][] = [
      [{ config: { views: ['map', 'weather'] } }, ['config.views.1']],
      [{ config: { views: [] } }, ['config.views']],
      [{ config: { views: ['map', 'map'] } }, ['config.views']],
      [{ config: { rotateSeconds: 1, language: 'fr' } }, ['config.rotateSeconds', 'config.language']],
      [{ config: { rotateSeconds: 7.5, reloadHours: -1 } }, ['config.rotateSeconds', 'config.reloadHours']],
      [{ config: { views: ['map'], colour: 'red' } }, ['config']],
      [{}, ['config']],
      [{ name: '' }, ['name']],
      [{ config: { views: ['map'] }, expectedVersion: 'one' }, ['expectedVersion']],
    ];
    for (const [body, paths] of bad) {
      const r = await admin.request('PATCH', `/api/v1/displays/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const err = errorOf(r);
      expect(err.code).toBe('invalid_request');
      const got = (err.issues ?? []).map((i) => i.path.join('.'));
      for (const p of paths) expect(got, JSON.stringify(body)).toContain(p);
    }
    const after = await listed(admin, id);
    expect(after.version).toBe(before.version);
    expect(after.config).toBeNull();
    // Not the operator's to change; an unknown display is 404.
    const op = await loginAs(server.baseUrl, await createUser(admin, 'operator'));
    expect(
      (await op.request('PATCH', `/api/v1/displays/${id}`, { config: { rotateSeconds: 10 } })).status,
    ).toBe(403);
    expect(
      (await admin.request('PATCH', '/api/v1/displays/000000000000', { config: { rotateSeconds: 10 } }))
        .status,
    ).toBe(404);
  });

  it('pushes a new config to the open wall at once, and the current one on connect', async () => {
    const { id, token } = await createDisplay(admin, 'lobby wall');
    const c = await wall(token);
    // On connect: no stored config yet, so the wall's URL rules.
    await c.until((x) => x.configs.length > 0, 'the config on connect');
    expect(c.configs[0]).toEqual({ displayId: id, config: null, version: 1 });

    const r = await admin.request('PATCH', `/api/v1/displays/${id}`, {
      config: { views: ['services', 'map'], rotateSeconds: 12, language: 'en' },
      expectedVersion: 1,
    });
    expect(r.status).toBe(200);
    const saved = dataOf<Display>(r);
    // Fields left out take the default.
    expect(saved.config).toEqual({
      views: ['services', 'map'],
      rotateSeconds: 12,
      language: 'en',
      reloadHours: 12,
    });
    expect(saved.version).toBe(2);
    const pushed = await c.until((x) => x.configs.find((m) => m.version === 2), 'the pushed config');
    expect(pushed).toEqual({ displayId: id, config: saved.config, version: 2 });

    // A partial change keeps the rest; a stale version is refused with the current display.
    expect(
      (
        await admin.request('PATCH', `/api/v1/displays/${id}`, {
          config: { rotateSeconds: 40 },
          expectedVersion: 2,
        })
      ).status,
    ).toBe(200);
    const third = await c.until((x) => x.configs.find((m) => m.version === 3), 'the second push');
    expect(third.config).toMatchObject({ views: ['services', 'map'], rotateSeconds: 40, language: 'en' });
    const stale = await admin.request('PATCH', `/api/v1/displays/${id}`, {
      config: { rotateSeconds: 60 },
      expectedVersion: 2,
    });
    expect(stale.status).toBe(409);
    expect((errorOf(stale).details as { current: Display }).current).toMatchObject({ version: 3 });

    // A wall that connects later gets the stored config on connect.
    const later = await wall(token);
    await later.until((x) => x.configs.length > 0, 'the config of a later wall');
    expect(later.configs[0]).toMatchObject({ version: 3, config: { rotateSeconds: 40 } });

    // Another display's wall hears nothing of it.
    const other = await createDisplay(admin, 'other wall');
    const o = await wall(other.token);
    await o.until((x) => x.configs.length > 0, 'the other config on connect');
    expect((await admin.request('PATCH', `/api/v1/displays/${id}`, { config: null })).status).toBe(200);
    await c.until((x) => x.configs.find((m) => m.version === 4 && m.config === null), 'config dropped');
    expect(o.configs.every((m) => m.displayId === other.id)).toBe(true);

    // Audited with before and after.
    const audit = await admin.request('GET', '/api/v1/audit?limit=50');
    const entries = dataOf<{ items: { action: string; target?: string; details?: unknown }[] }>(audit).items;
    const update = entries.find((e) => e.action === 'display.update' && e.target === id);
    expect(update?.details).toMatchObject({
      before: { config: { rotateSeconds: 40 } },
      after: { config: null },
    });

    // Revoked: no more changes.
    expect((await admin.request('DELETE', `/api/v1/displays/${id}`)).status).toBe(204);
    const revoked = await admin.request('PATCH', `/api/v1/displays/${id}`, { config: { rotateSeconds: 30 } });
    expect(revoked.status).toBe(409);
    expect(errorOf(revoked).code).toBe('revoked');
  });

  it('lists where each wall was last seen: time, instance, online now', async () => {
    const { id, token } = await createDisplay(admin, 'seen wall');
    const never = await listed(admin, id);
    expect(never).toMatchObject({ lastSeenAt: null, instance: null, online: false, config: null });

    const t0 = Date.now();
    const c = await wall(token);
    const on = await waitFor(async () => {
      const d = await listed(admin, id);
      return d.online ? d : null;
    }, 'the display online');
    expect(on.instance).toBe('inst-one');
    expect(Date.parse(on.lastSeenAt ?? '')).toBeGreaterThanOrEqual(t0 - 1000);
    // Reported again while it stays connected (every 1.5 s here).
    const first = Date.parse(on.lastSeenAt ?? '');
    const again = await waitFor(async () => {
      const d = await listed(admin, id);
      return Date.parse(d.lastSeenAt ?? '') > first ? d : null;
    }, 'a later last-seen while connected');
    expect(again.online).toBe(true);

    // Gone: recorded when the socket closes (not merely when the reports stop).
    const closedAt = Date.now();
    c.close();
    const off = await waitFor(async () => {
      const d = await listed(admin, id);
      return d.online ? null : d;
    }, 'the display offline after disconnect');
    expect(off.instance).toBe('inst-one');
    expect(Date.parse(off.lastSeenAt ?? '')).toBeGreaterThanOrEqual(closedAt);
  });

  it('raises one alert for a display gone quiet and clears it when the wall is back', async () => {
    const quiet = await createDisplay(admin, 'quiet wall');
    const steady = await createDisplay(admin, 'steady wall');
    const unseen = await createDisplay(admin, 'never connected wall');
    const revoked = await createDisplay(admin, 'revoked wall');
    const s = await wall(steady.token);
    const q = await wall(quiet.token);
    const r = await wall(revoked.token);
    await waitFor(async () => (await listed(admin, quiet.id)).online, 'the quiet wall online');
    q.close();
    r.close();
    await waitFor(async () => !(await listed(admin, revoked.id)).online, 'the revoked wall offline');
    expect((await admin.request('DELETE', `/api/v1/displays/${revoked.id}`)).status).toBe(204);

    const raised = await waitFor(async () => {
      const list = await staleAlerts(admin, quiet.id);
      return list.some((a) => a.condition === 'active') ? list : null;
    }, 'the stale alert');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      sourceKind: 'monitor',
      category: 'monitor',
      agencyId: 'command-center',
      status: 'new',
      count: 1,
    });
    expect(raised[0]?.title).toContain('quiet wall');
    // Several sweeps later: still one alert, not bumped by every sweep.
    await sleep(4_500);
    const held = await staleAlerts(admin, quiet.id);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ id: raised[0]?.id, count: 1, condition: 'active' });
    // The connected wall, the never-seen one and the revoked one raise nothing.
    expect(await staleAlerts(admin, steady.id)).toEqual([]);
    expect(await staleAlerts(admin, unseen.id)).toEqual([]);
    expect(await staleAlerts(admin, revoked.id)).toEqual([]);
    expect(s.socket.connected).toBe(true);

    // The wall is back: the same alert clears.
    await wall(quiet.token);
    const cleared = await waitFor(async () => {
      const list = await staleAlerts(admin, quiet.id);
      return list.every((a) => a.condition === 'cleared') ? list : null;
    }, 'the stale alert cleared');
    expect(cleared).toHaveLength(1);
    expect(cleared[0]?.id).toBe(raised[0]?.id);
  });
});

describe.skipIf(!redisAvailable())('remotely managed wall displays (two instances on one Redis)', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let admin: Session;
  const open: LiveClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([
      startServer({ env: { ...STALE, REDIS_URL: redis.url, PANTAU_INSTANCE_ID: 'a' } }),
      startServer({ env: { ...STALE, REDIS_URL: redis.url, PANTAU_INSTANCE_ID: 'b' } }),
    ]);
    admin = await loginAdmin(a.baseUrl);
  });
  afterEach(() => {
    open.splice(0).forEach((c) => c.close());
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  it('reaches a wall on B from a change made on A, and lists B as its instance', async () => {
    const { id, token } = await createDisplay(admin, 'wall on b');
    const onB = await connectLive(b.baseUrl, { token });
    open.push(onB);
    await onB.until((x) => x.configs.length > 0, 'the config on connect');
    const seen = await waitFor(async () => {
      const d = await listed(admin, id);
      return d.online ? d : null;
    }, 'the wall online, listed on A');
    expect(seen.instance).toBe('b');

    expect(
      (
        await admin.request('PATCH', `/api/v1/displays/${id}`, {
          config: { views: ['governance'], language: 'en' },
        })
      ).status,
    ).toBe(200);
    const pushed = await onB.until((x) => x.configs.find((m) => m.version === 2), 'the push on B');
    expect(pushed.config).toMatchObject({ views: ['governance'], language: 'en' });
  });

  it('raises one alert across both instances for a quiet display', async () => {
    const { id, token } = await createDisplay(admin, 'quiet on a');
    const c = await connectLive(a.baseUrl, { token });
    await waitFor(async () => (await listed(admin, id)).online, 'online');
    c.close();
    await waitFor(
      async () => (await staleAlerts(admin, id)).some((x) => x.condition === 'active'),
      'the stale alert',
    );
    await sleep(4_500);
    const list = await staleAlerts(admin, id);
    expect(list).toHaveLength(1);
    expect(list[0]?.count).toBe(1);
  });
});
