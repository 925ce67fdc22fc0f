/**
 * The three screens together in a real browser: a liaison acknowledges an alert on a phone and the
 * wall and the console show it within seconds; axe-core finds nothing serious or critical on any
 * screen; screenshots of each screen land in tests/artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, incident } from '../helpers/api.js';
import { createUser, loginAdmin, openAlert, uid, type TestUser } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { ADMIN_PASSWORD, startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../helpers/server.js';
import { axeProblems, chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();
/** A comma and quotes, so the CSV export has to quote. */
const TITLE = 'Banjir, "rob" di Klandasan';

describe.skipIf(!haveBrowser)('wall, console and liaison together (Chromium)', () => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let browser: Browser;
  let liaison: TestUser;
  let key: string;
  let token: string;
  const contexts: BrowserContext[] = [];

  /** `bypassCSP` only for the axe scan: axe-core goes in as an inline script tag, which our CSP forbids. */
  async function open(
    url: string,
    viewport: { width: number; height: number },
    bypassCSP = false,
  ): Promise<{ page: Page; errors: string[]; csp: string[] }> {
    const context = await browser.newContext({
      viewport,
      deviceScaleFactor: 1,
      hasTouch: viewport.width < 600,
      bypassCSP,
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    // Every CSP refusal the browser reports, from the console log (the issue's own criterion).
    const csp: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(url);
    return { page, errors, csp };
  }

  beforeAll(async () => {
    ensureClientBuilt();
    if (redisAvailable()) redis = await startRedis();
    server = await startServer({
      env: { ...ONE_ALERT_PER_INCIDENT, ...(redis ? { REDIS_URL: redis.url } : {}) },
    });
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    const admin = await loginAdmin(server.baseUrl);
    liaison = await createUser(admin, 'liaison', 'bpbd');
    key = await createIngestKey(server.baseUrl);
    token = await createDisplayToken(server.baseUrl);
  });

  // Each wall page renders two SwiftShader maps: close a test's pages before the next one starts.
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await redis?.dispose();
  });

  it('a liaison acknowledges on a phone; the wall and the console show it within seconds', async () => {
    const wall = await open(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`, {
      width: 1920,
      height: 1080,
    });
    const consolePage = await open(`${server.baseUrl}/console`, { width: 1920, height: 1080 });
    const phone = await open(`${server.baseUrl}/liaison`, { width: 390, height: 844 });
    await signIn(consolePage.page, 'admin', ADMIN_PASSWORD);
    await signIn(phone.page, liaison.username, liaison.password);
    await wall.page.waitForSelector('[data-testid="connection"][data-state="connected"]', {
      timeout: 30_000,
    });
    await consolePage.page.waitForSelector('[data-testid="connection"][data-state="connected"]', {
      timeout: 30_000,
    });
    await phone.page.waitForSelector('[data-testid="connection"][data-state="connected"]', {
      timeout: 30_000,
    });
    // A first tap arms the new-alert sound, as a browser requires.
    await phone.page.locator('main').click({ position: { x: 5, y: 5 } });

    const admin = await loginAdmin(server.baseUrl);
    const incidentId = uid('e2e-flood');
    const alert = await openAlert(
      server.baseUrl,
      key,
      admin,
      incident(incidentId, { agencyId: 'bpbd', severity: 'severe', category: 'flood', title: TITLE }),
    );

    // The alert reaches all three screens as new.
    const card = phone.page.locator(`[data-testid="liaison-alerts"] li[data-id="${alert.id}"]`);
    await card.waitFor({ timeout: 15_000 });
    await consolePage.page.waitForSelector(
      `[data-testid="alerts-table"] tr[data-id="${alert.id}"][data-status="new"]`,
      { timeout: 15_000 },
    );
    const wallItem = `[data-testid="feed-incident"][data-id="${incidentId}"] [data-testid="feed-alert"]`;
    await wall.page.waitForSelector(`${wallItem}[data-status="new"]`, { timeout: 15_000 });
    // The phone signalled the new alert (beep + vibration).
    await phone.page.waitForFunction(() => Number(document.body.dataset.alertSignals ?? '0') >= 1, null, {
      timeout: 5_000,
    });
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'liaison.png'), fullPage: true });

    await card.locator('[data-testid="ack"]').click();
    await card.locator('[data-testid="ack-confirm"]').click();
    const ackedAt = Date.now();

    await consolePage.page.waitForSelector(
      `[data-testid="alerts-table"] tr[data-id="${alert.id}"][data-status="acknowledged"]`,
      { timeout: 5_000 },
    );
    await wall.page.waitForSelector(`${wallItem}[data-status="acknowledged"]`, { timeout: 5_000 });
    const lag = Date.now() - ackedAt;
    expect(lag, 'both screens updated within a few seconds').toBeLessThan(5_000);
    expect(await wall.page.textContent(wallItem)).toContain(liaison.username);
    expect(await consolePage.page.textContent(`tr[data-id="${alert.id}"]`)).toContain(liaison.username);

    // The console drawer shows the timeline and the audit entry of the acknowledgement.
    await consolePage.page.click(`tr[data-id="${alert.id}"] [data-testid="open-alert"]`);
    await consolePage.page.waitForSelector('[data-testid="alert-timeline"] li', { timeout: 10_000 });
    await consolePage.page.waitForSelector('[data-testid="alert-audit"] li', { timeout: 10_000 });
    expect(await consolePage.page.textContent('[data-testid="alert-audit"]')).toContain('alert.ack');
    // A second acknowledge from the console is refused and says who was first.
    const stale = await admin.request('POST', `/api/v1/alerts/${alert.id}/ack`, {
      expectedVersion: alert.version,
    });
    expect(stale.status).toBe(409);
    await consolePage.page.keyboard.press('Escape');

    // CSV export of the alerts table: BOM, RFC 4180 quoting, a WITA-dated file name.
    const [download] = await Promise.all([
      consolePage.page.waitForEvent('download'),
      consolePage.page.click('[data-testid="export-alerts"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^pantau-alerts-\d{4}-\d{2}-\d{2}_\d{4}_WITA\.csv$/);
    const csv = readFileSync(await download.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8');
    expect(text).toContain('"Banjir, ""rob"" di Klandasan"');
    expect(text).toContain(alert.id);
    expect(text).toContain('\r\n');

    await consolePage.page.screenshot({ path: path.join(ARTIFACTS, 'console.png') });
    await wall.page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    await wall.page.screenshot({ path: path.join(ARTIFACTS, 'wall-acknowledged.png') });
    for (const p of [wall, consolePage, phone]) expect(p.errors, 'page errors').toEqual([]);
    // The wall, the console and the liaison view run under the real CSP without a single refusal.
    for (const p of [wall, consolePage, phone])
      expect(p.csp, 'CSP violations in the console log').toEqual([]);
  });

  it('tells a liaison who acknowledged first, and when, when their acknowledgement loses the race', async () => {
    const phone = await open(`${server.baseUrl}/liaison`, { width: 390, height: 844 });
    await signIn(phone.page, liaison.username, liaison.password);
    await phone.page.waitForSelector('[data-testid="connection"][data-state="connected"]', {
      timeout: 30_000,
    });
    const admin = await loginAdmin(server.baseUrl);
    const alert = await openAlert(
      server.baseUrl,
      key,
      admin,
      incident(uid('e2e-race'), { agencyId: 'bpbd' }),
    );
    const card = phone.page.locator(`[data-testid="liaison-alerts"] li[data-id="${alert.id}"]`);
    await card.locator('[data-testid="ack"]').click();
    await card.locator('[data-testid="ack-confirm"]').waitFor();

    // Someone else acknowledges while the liaison is typing a note.
    const first = await admin.request('POST', `/api/v1/alerts/${alert.id}/ack`, {
      expectedVersion: alert.version,
    });
    expect(first.status).toBe(200);
    await card.locator('.status--acknowledged').waitFor({ timeout: 10_000 });

    await card.locator('[data-testid="ack-confirm"]').click();
    const message = card.locator('[data-testid="alert-error"]');
    await message.waitFor({ timeout: 10_000 });
    const text = (await message.textContent()) ?? '';
    expect(text).toContain('admin');
    expect(text).toMatch(/\d{2}:\d{2} WITA/);
  });

  it('rotates the wall between the map and the services grid, keeping the one map', async () => {
    const { page } = await open(
      `${server.baseUrl}/wall?token=${encodeURIComponent(token)}&rotate=map,services&interval=5`,
      {
        width: 1920,
        height: 1080,
      },
    );
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    const canvas = await page.evaluateHandle(() => window.__pantauMap?.getCanvas() ?? null);
    await page.waitForSelector(
      '[data-testid="wall-services"][data-visible="true"] [data-testid="services-grid"]',
      { timeout: 15_000 },
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-services.png') });
    // Back to the map: counted switches, not a snapshot, so a slow SwiftShader frame cannot alias the period.
    await page.waitForFunction(() => Number(document.body.dataset.wallRotations ?? '0') >= 2, null, {
      timeout: 40_000,
      polling: 250,
    });
    // The services view is mounted only while it shows; the map section always is.
    expect(
      await page.evaluate(
        () =>
          (document.body.dataset.wallView === 'services') ===
            (document.querySelector('[data-testid="wall-services"]') !== null) &&
          document.querySelector('[data-testid="wall-map-view"]') !== null,
      ),
    ).toBe(true);
    expect(
      await page.evaluate(
        (c) => c !== null && c === window.__pantauMap?.getCanvas() && c.isConnected,
        canvas,
      ),
    ).toBe(true);
  });

  it('has no serious or critical axe-core findings on the wall, the console and the liaison view', async () => {
    const wall = await open(
      `${server.baseUrl}/wall?token=${encodeURIComponent(token)}`,
      { width: 1920, height: 1080 },
      true,
    );
    await wall.page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
    const consolePage = await open(`${server.baseUrl}/console`, { width: 1920, height: 1080 }, true);
    await signIn(consolePage.page, 'admin', ADMIN_PASSWORD);
    await consolePage.page.waitForSelector('#alerts-title', { timeout: 15_000 });
    const phone = await open(`${server.baseUrl}/liaison`, { width: 390, height: 844 }, true);
    await signIn(phone.page, liaison.username, liaison.password);
    await phone.page.waitForSelector('[data-testid="liaison-alerts"], .liaison-empty', { timeout: 15_000 });

    const admin = await loginAdmin(server.baseUrl);
    await openAlert(server.baseUrl, key, admin, incident(uid('e2e-axe'), { agencyId: 'bpbd' }));
    await consolePage.page.waitForSelector('[data-testid="alerts-table"] [data-testid="open-alert"]', {
      timeout: 15_000,
    });
    await phone.page.waitForSelector('[data-testid="liaison-alerts"] li', { timeout: 15_000 });
    const found: Record<string, string[]> = {
      wall: await axeProblems(wall.page),
      console: await axeProblems(consolePage.page),
      liaison: await axeProblems(phone.page),
    };
    await consolePage.page.click('[data-testid="open-alert"]');
    await consolePage.page.waitForSelector('[data-testid="alert-timeline"] li', { timeout: 10_000 });
    found.consoleDrawer = await axeProblems(consolePage.page);
    await consolePage.page.screenshot({ path: path.join(ARTIFACTS, 'console-drawer.png') });
    await consolePage.page.keyboard.press('Escape');
    await consolePage.page.click('[data-testid="tab-services"]');
    await consolePage.page.waitForSelector('[data-testid="metrics-table"]', { timeout: 15_000 });
    found.consoleServices = await axeProblems(consolePage.page);
    await consolePage.page.screenshot({ path: path.join(ARTIFACTS, 'console-services.png') });
    expect(found).toEqual({ wall: [], console: [], liaison: [], consoleDrawer: [], consoleServices: [] });
  });
});
