/**
 * The wall through server outages, in Chromium against the real server and a real Redis (so the
 * data survives a restart on the same port): it shows itself stale while the server is away and
 * recovers by itself; a reload without the server comes from the service worker with the last
 * saved state; the escalation panel says who is on an alert and since when.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, incident, ingest, login } from '../helpers/api.js';
import { createUser, loginAs } from '../helpers/http.js';
import { freePort } from '../helpers/ports.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();
const haveRedis = redisAvailable();

const uid = (): string => Math.random().toString(36).slice(2, 10);

/** Socket.IO's reconnection backs off up to 15 s (plus jitter); allow a few rounds. */
const RECONNECT_MS = 60_000;

describe.skipIf(!haveBrowser || !haveRedis)('wall recovery (Chromium, Redis)', () => {
  let redis: TestRedis;
  let server: TestServer;
  let port: number;
  let browser: Browser;
  let ingestKey: string;
  let token: string;

  const start = async (): Promise<void> => {
    server = await startServer({
      env: { ...ONE_ALERT_PER_INCIDENT, REDIS_URL: redis.url, PORT: String(port) },
    });
  };

  beforeAll(async () => {
    ensureClientBuilt();
    redis = await startRedis();
    port = await freePort();
    await start();
    ingestKey = await createIngestKey(server.baseUrl);
    token = await createDisplayToken(server.baseUrl);
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await redis?.dispose();
  });

  const wallUrl = (): string => `${server.baseUrl}/wall?token=${encodeURIComponent(token)}`;

  async function openWall(size = { width: 1920, height: 1080 }): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(wallUrl());
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });
    return { page, errors };
  }

  async function addIncident(title: string, over: Record<string, unknown> = {}): Promise<string> {
    const id = `rec-${uid()}`;
    const res = await ingest(
      server.baseUrl,
      ingestKey,
      '/api/v1/incidents',
      incident(id, { title, ...over }),
    );
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return id;
  }

  it('goes stale when the server stops, and recovers by itself when it comes back on the same port', async () => {
    const { page, errors } = await openWall();
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    expect(await page.getAttribute('[data-testid="last-update"]', 'data-stale')).toBe('false');
    expect(await page.isVisible('[data-testid="stale-banner"]')).toBe(false);

    await server.stop();
    await page.waitForSelector(
      '[data-testid="connection"][data-state="disconnected"], [data-testid="connection"][data-state="connecting"]',
      { timeout: 30_000 },
    );
    await page.waitForSelector('[data-testid="last-update"][data-stale="true"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="stale-banner"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="escalation-panel"]', 'data-stale')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-recovery-down.png') });

    await start();
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', {
      timeout: RECONNECT_MS,
    });
    await page.waitForSelector('[data-testid="stale-banner"]', { state: 'detached', timeout: 30_000 });
    await page.waitForSelector('[data-testid="last-update"][data-stale="false"]', { timeout: 30_000 });

    // Data ingested after the restart reaches the wall on the new connection.
    const id = await addIncident('Pohon tumbang setelah server pulih');
    await page.waitForSelector(`[data-testid="feed-incident"][data-id="${id}"]`, { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="escalation-panel"]', 'data-stale')).toBe('false');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-recovery-reconnected.png') });
    expect(errors, 'page errors').toEqual([]);
    await page.context().close();
  });

  it('reloads from the service worker without the server and shows the last saved state, marked stale', async () => {
    // /sw.js comes from our origin, revalidated every time, as JavaScript.
    const sw = await fetch(`${server.baseUrl}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-security-policy')).toMatch(/worker-src 'self'/);

    const title = `Banjir tersimpan ${uid()}`;
    const id = await addIncident(title, { severity: 'extreme' });
    const { page, errors } = await openWall();
    await page.waitForSelector(`[data-testid="feed-incident"][data-id="${id}"]`, { timeout: 30_000 });
    await page.waitForFunction(() => document.body.dataset.sw === 'active', null, { timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    // Wait for a save that includes the incident (saves run every 10 s while data changes).
    const shownAt = Date.now();
    await page.waitForFunction((t) => Number(document.body.dataset.lastStateSaved ?? 0) >= t, shownAt, {
      timeout: 30_000,
    });
    const open = await page.textContent('[data-testid="kpi-incidents-open"]');
    const extreme = await page.textContent('[data-testid="kpi-incidents-extreme"]');
    expect(Number(extreme)).toBeGreaterThanOrEqual(1);
    // The token stays out of the service worker's cache keys.
    const keys = await page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) out.push(req.url);
      }
      return out;
    });
    expect(keys.some((u) => u.endsWith('/wall'))).toBe(true);
    expect(
      keys.filter((u) => u.includes('token') || u.includes('/api/') || u.includes('/socket.io')),
    ).toEqual([]);

    await server.stop();
    await page.reload();
    // The page itself came from the cache: the shell renders, with the saved data and the banner.
    await page.waitForSelector('[data-testid="stale-banner"][data-restored="true"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="stale-banner"]')).toMatch(/server tak terjangkau/i);
    await page.waitForSelector(`[data-testid="feed-incident"][data-id="${id}"]`, { timeout: 10_000 });
    expect(await page.textContent(`[data-testid="feed-incident"][data-id="${id}"]`)).toContain(title);
    expect(await page.textContent('[data-testid="kpi-incidents-open"]')).toBe(open);
    expect(await page.textContent('[data-testid="kpi-incidents-extreme"]')).toBe(extreme);
    expect(await page.getAttribute('[data-testid="last-update"]', 'data-stale')).toBe('true');
    expect(await page.getAttribute('[data-testid="escalation-panel"]', 'data-stale')).toBe('true');
    // The basemap's geo data came from the cache too.
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.geoError ?? null)).toBeNull();
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-offline-restored.png') });

    // Back online: the live snapshot replaces the saved one and the banner goes.
    await start();
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', {
      timeout: RECONNECT_MS,
    });
    await page.waitForSelector('[data-testid="stale-banner"]', { state: 'detached', timeout: 30_000 });
    expect(errors, 'page errors').toEqual([]);
    await page.context().close();
  });

  it('shows who is on an open alert and since when, nobody until someone acknowledges', async () => {
    const title = `Longsor Jl. Merdeka ${uid()}`;
    const id = await addIncident(title, { severity: 'severe' });
    const admin = await login(server.baseUrl);
    const alert = await waitFor(
      async () => {
        const r = await admin.request('GET', '/api/v1/alerts?status=new');
        const items = (r.body as { data: { items: { id: string; dedupeKey: string }[] } }).data.items;
        return items.find((a) => a.dedupeKey === `incident:${id}`);
      },
      `alert for incident ${id}`,
      { intervalMs: 200 },
    );
    const { page, errors } = await openWall();
    const row = `[data-testid="esc-alert"][data-id="${alert.id}"]`;
    await page.waitForSelector(`${row}[data-status="new"] [data-testid="esc-nobody"]`, { timeout: 30_000 });
    expect(await page.textContent(row)).toContain(title);
    expect(await page.textContent(`${row} [data-testid="esc-nobody"]`)).toMatch(/belum ada yang menangani/);
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-escalation-new.png') });

    const supervisor = await createUser(admin, 'supervisor');
    const session = await loginAs(server.baseUrl, supervisor);

    // Escalated (by hand here; the timers do the same): marked with a shape and a word, and first.
    const esc = await session.request('POST', `/api/v1/alerts/${alert.id}/escalate`, {
      note: 'butuh bantuan',
    });
    expect(esc.status, JSON.stringify(esc.body)).toBe(200);
    await page.waitForSelector(`${row}[data-level="1"] [data-testid="esc-escalated"]`, { timeout: 30_000 });
    expect(await page.textContent(`${row} [data-testid="esc-escalated"]`)).toMatch(/ESKALASI 1\/\d/);
    expect(
      await page.getAttribute('[data-testid="esc-alert"]', 'data-id'),
      'escalated and unacknowledged first',
    ).toBe(alert.id);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-escalation-escalated.png') });

    const ack = await session.request('POST', `/api/v1/alerts/${alert.id}/ack`, {
      note: 'tim menuju lokasi',
    });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);

    const handler = `${row}[data-status="acknowledged"] [data-testid="esc-handler"]`;
    await page.waitForSelector(handler, { timeout: 30_000 });
    expect(await page.textContent(handler)).toContain(supervisor.username);
    expect(await page.textContent(`${row} [data-testid="esc-handled-since"]`)).toMatch(
      /ditangani sejak \d{2}:\d{2} WITA \(\d+ (dtk|mnt)\)/,
    );
    expect(await page.$(`${row} [data-testid="esc-nobody"]`)).toBeNull();

    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-escalation-ack.png') });

    // More open alerts than fit: at most six whole rows, the rest counted in "+N lainnya", and
    // nothing in the right column overlaps or spills at 1080p.
    const before = Number(await page.getAttribute('[data-testid="escalation-panel"]', 'data-count'));
    for (let i = 0; i < 7; i++)
      await addIncident(`Genangan Jl. Sudirman ruas ${i + 1}`, { severity: 'moderate' });
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('[data-testid="escalation-panel"]')?.getAttribute('data-count')) >= n,
      before + 7,
      { timeout: 30_000 },
    );
    await page.waitForSelector('[data-testid="esc-more"]', { timeout: 10_000 });
    const layout = await page.evaluate(() => {
      const box = (sel: string) => document.querySelector(sel)?.getBoundingClientRect() ?? null;
      const list = document.querySelector('.esc__list')?.getBoundingClientRect();
      const rows = [...document.querySelectorAll('[data-testid="esc-alert"]')].map((r) =>
        r.getBoundingClientRect(),
      );
      const whole = list ? rows.filter((r) => r.left < list.right - 1 && r.bottom <= list.bottom + 1) : [];
      return {
        esc: box('[data-testid="escalation-panel"]'),
        feed: box('.feed'),
        maps: box('.wall-maps'),
        total: Number(document.querySelector('[data-testid="escalation-panel"]')?.getAttribute('data-count')),
        whole: whole.length,
        cut: list ? rows.filter((r) => r.left < list.right - 1 && r.bottom > list.bottom + 1).length : -1,
        more: document.querySelector('[data-testid="esc-more"]')?.textContent ?? '',
        page: { w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight },
        view: { w: window.innerWidth, h: window.innerHeight },
      };
    });
    expect(layout.esc && layout.feed && layout.maps).toBeTruthy();
    if (layout.esc && layout.feed && layout.maps) {
      expect(layout.esc.bottom).toBeLessThanOrEqual(layout.feed.top);
      expect(layout.feed.bottom).toBeLessThanOrEqual(layout.view.h);
      expect(layout.maps.right).toBeLessThanOrEqual(layout.esc.left);
      expect(layout.esc.right).toBeLessThanOrEqual(layout.view.w);
    }
    expect(layout.whole).toBeGreaterThanOrEqual(3);
    expect(layout.whole).toBeLessThanOrEqual(6);
    expect(layout.cut, 'rows cut in half').toBe(0);
    expect(layout.more).toBe(`+${layout.total - layout.whole} lainnya`);
    expect(layout.page).toEqual(layout.view);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-escalation.png') });
    expect(errors, 'page errors').toEqual([]);
    await page.context().close();

    // The same wall on a 4K screen, for a look at its proportions.
    const uhd = await openWall({ width: 3840, height: 2160 });
    await uhd.page.waitForSelector('[data-testid="esc-more"]', { timeout: 30_000 });
    await uhd.page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    await uhd.page.screenshot({ path: path.join(ARTIFACTS, 'wall-escalation-4k.png') });
    await uhd.page.context().close();
  });
});
