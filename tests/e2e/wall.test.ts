/**
 * The wall in a real browser against the real server and a real Redis: an incident ingested over
 * HTTP shows up on the map, the page never leaves its origin or trips the CSP, a revoked display
 * token turns the wall into the revoked screen, and a dead server makes the wall visibly stale.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, ingest, login } from '../helpers/api.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** What one page did: every request URL, console lines, page errors and CSP violations. */
interface Watched {
  page: Page;
  requests: string[];
  console: string[];
  errors: string[];
}

async function openWall(browser: Browser, url: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const w: Watched = { page, requests: [], console: [], errors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('websocket', (ws) => w.requests.push(ws.url()));
  page.on('console', (m: ConsoleMessage) => w.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => w.errors.push(e.message));
  // Runs through the DevTools protocol, so the page's own CSP does not apply to it.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  return w;
}

/** True when `url` is served by `origin` (http or the websocket to the same host and port). */
function sameOrigin(url: string, origin: URL): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  const u = new URL(url);
  return u.host === origin.host && ['http:', 'ws:'].includes(u.protocol);
}

async function renderedIncidentIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = window.__pantauMap;
    if (!map) return [];
    return map.queryRenderedFeatures({ layers: ['incidents'] }).map((f) => String(f.properties.id));
  });
}

describe.skipIf(!haveBrowser)('wall (Chromium)', () => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    if (redisAvailable()) redis = await startRedis();
    server = await startServer({ env: redis ? { REDIS_URL: redis.url } : {} });
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await redis?.dispose();
  });

  it('shows an ingested incident on the map, talks only to its own origin and passes the CSP', async () => {
    const key = await createIngestKey(server.baseUrl);
    const token = await createDisplayToken(server.baseUrl);
    const origin = new URL(server.baseUrl);
    const w = await openWall(browser, `${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    const { page } = w;

    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });

    const id = `e2e-${Math.random().toString(36).slice(2, 10)}`;
    const res = await ingest(server.baseUrl, key, '/api/v1/incidents', {
      id,
      title: 'Banjir di Gunung Samarinda',
      category: 'flood',
      severity: 'severe',
      location: [116.88, -1.16],
      occurredAt: new Date().toISOString(),
    });
    expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);

    // The incident is drawn on the overview map (a rendered feature, not just data in a source).
    await waitFor(
      async () => (await renderedIncidentIds(page)).includes(id),
      `incident ${id} rendered on the map`,
      {
        timeoutMs: 15_000,
        intervalMs: 250,
      },
    );
    // ...and listed in the latest events, with the open-incident KPI counting it.
    await page.waitForSelector(`[data-testid="feed-incident"][data-id="${id}"]`, { timeout: 15_000 });
    expect(Number(await page.textContent('[data-testid="kpi-incidents-severe"]'))).toBeGreaterThanOrEqual(1);

    const connection = page.locator('[data-testid="connection"]');
    expect(await connection.getAttribute('data-state')).toBe('connected');
    expect(await connection.textContent()).toMatch(/Terhubung/);
    expect(await page.getAttribute('[data-testid="last-update"]', 'data-stale')).toBe('false');

    await page.screenshot({ path: path.join(ARTIFACTS, 'wall.png') });

    const foreign = w.requests.filter((u) => !sameOrigin(u, origin));
    expect(foreign, 'requests to other origins').toEqual([]);
    expect(
      w.requests.some((u) => u.startsWith(`ws://${origin.host}/socket.io/`)),
      'live websocket',
    ).toBe(true);
    const violations = await page.evaluate(() => window.__cspViolations ?? []);
    expect(violations, 'CSP violations').toEqual([]);
    expect(
      w.console.filter((l) => /Content Security Policy|Refused to/i.test(l)),
      'CSP console messages',
    ).toEqual([]);
    expect(w.errors, 'page errors').toEqual([]);
    // Style and data mistakes show up as MapLibre console warnings; the GPU driver's chatter does not count.
    const problems = w.console.filter(
      (l) => /^(error|warning):/.test(l) && !/GL Driver Message|GPU stall|WebGL:/i.test(l),
    );
    expect(problems, 'console errors and warnings').toEqual([]);
    await page.context().close();
  });

  it('tells the operator when the WebGL context is lost and clears the notice when it comes back', async () => {
    const token = await createDisplayToken(server.baseUrl);
    const { page } = await openWall(browser, `${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    await page.evaluate(() => {
      const canvas = window.__pantauMap?.getCanvas();
      const gl = canvas?.getContext('webgl2') ?? canvas?.getContext('webgl');
      const ext = gl?.getExtension('WEBGL_lose_context');
      if (!ext) throw new Error('WEBGL_lose_context not available');
      (window as unknown as { __loseContext: WEBGL_lose_context }).__loseContext = ext;
      ext.loseContext();
    });
    await page.waitForSelector('[data-testid="webgl-lost"]', { timeout: 15_000 });
    await page.evaluate(() =>
      (window as unknown as { __loseContext: WEBGL_lose_context }).__loseContext.restoreContext(),
    );
    await page.waitForSelector('[data-testid="webgl-lost"]', { state: 'detached', timeout: 15_000 });
    await page.context().close();
  });

  it('turns into the revoked screen when its display token is revoked', async () => {
    const admin = await login(server.baseUrl);
    const created = await admin.request('POST', '/api/v1/displays', { name: 'e2e revoke' });
    expect(created.status).toBe(201);
    const { id, token } = (created.body as { data: { id: string; token: string } }).data;
    const w = await openWall(browser, `${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    await w.page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });

    const del = await admin.request('DELETE', `/api/v1/displays/${encodeURIComponent(id)}`);
    expect(del.status).toBe(204);
    await w.page.waitForSelector('[data-testid="revoked"][data-kind="revoked"]', { timeout: 15_000 });
    await w.page.screenshot({ path: path.join(ARTIFACTS, 'wall-revoked.png') });
    await w.page.context().close();
  });

  it('shows itself as stale and disconnected when the server goes away', async () => {
    const token = await createDisplayToken(server.baseUrl);
    const w = await openWall(browser, `${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    const { page } = w;
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });
    expect(await page.getAttribute('[data-testid="last-update"]', 'data-stale')).toBe('false');

    await server.stop();

    await page.waitForSelector(
      '[data-testid="connection"][data-state="disconnected"], [data-testid="connection"][data-state="connecting"]',
      {
        timeout: 30_000,
      },
    );
    await page.waitForSelector('[data-testid="last-update"][data-stale="true"]', { timeout: 30_000 });
    expect(await page.isVisible('[data-testid="stale-banner"]')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-stale.png') });
    await page.context().close();
  });
});
