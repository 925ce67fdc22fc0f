/**
 * The console's service and usage pages as a new supervisor meets them, at 1920×1080: a service
 * picked in the grid opens its details BESIDE the grid inside the first viewport ("Mati sejak …
 * WITA (…)"), SLA figures are there without pressing a button and say how many checks they rest
 * on, every number is in Indonesian format (`97,5 %`, `1.199 cek`, never `100.00 %`); the usage
 * tab shows its figures before the folded CSV import. Screenshots land in tests/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, ingest } from '../helpers/api.js';
import { createUser, dataOf, loginAdmin, type TestUser } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();
const VIEWPORT = { width: 1920, height: 1080 };
const HOUR = 3_600_000;
/** A percentage in Indonesian: decimal comma, at most two decimals, a (no-break) space before `%`. */
const ID_PERCENT = /^\d{1,3}(,\d{1,2})?\s%$/;

describe.skipIf(!haveBrowser)('console services and usage pages (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let supervisor: TestUser;
  const errors: string[] = [];
  let service = '';
  let sibling = '';

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    const started = launchChromium();
    const admin = await loginAdmin(server.baseUrl);
    supervisor = await createUser(admin, 'supervisor');
    const key = await createIngestKey(server.baseUrl);

    // Two services of one agency: both healthy for three days, then the first one goes down.
    const list = dataOf<{ items: { id: string; agencyId: string }[] }>(
      await admin.request('GET', '/api/v1/services'),
    ).items;
    const pair = list.find((s) => list.some((o) => o.id !== s.id && o.agencyId === s.agencyId));
    if (!pair) throw new Error('no agency with two services in the catalogue');
    service = pair.id;
    sibling = list.find((o) => o.id !== service && o.agencyId === pair.agencyId)?.id ?? '';
    const now = Date.now();
    const sample = (serviceId: string, at: number, status: 'up' | 'down') => ({
      serviceId,
      status,
      latencyMs: status === 'up' ? 180 + (at % 97) : 0,
      checkedAt: new Date(at).toISOString(),
      ...(status === 'down' ? { reason: 'timeout', message: 'no answer in 10 s' } : {}),
    });
    // 1,000 samples over the last 3 days (up), then 200 over the last 2 hours, the last 30 down.
    const older = Array.from({ length: 1000 }, (_, i) =>
      sample(service, now - 72 * HOUR + i * 250_000, 'up'),
    );
    const recent = Array.from({ length: 200 }, (_, i) =>
      sample(service, now - 2 * HOUR + i * 35_000, i >= 170 ? 'down' : 'up'),
    );
    const siblings = Array.from({ length: 100 }, (_, i) =>
      sample(sibling, now - 20 * HOUR + i * 700_000, 'up'),
    );
    for (const batch of [older, recent, siblings]) {
      const r = await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', batch);
      expect(r.status, JSON.stringify(r.body)).toBe(202);
    }
    // App usage for the usage tab.
    const u = await ingest(server.baseUrl, key, '/api/v1/usage', [
      { appId: 'perizinan', metric: 'active_users', value: 1234, at: new Date(now - 60_000).toISOString() },
    ]);
    expect(u.status).toBe(202);

    browser = await started;
    mkdirSync(ARTIFACTS, { recursive: true });
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens a service beside the grid, in the first viewport, with its SLA loaded and Indonesian numbers', async () => {
    await page.goto(`${server.baseUrl}/console#services`);
    await signIn(page, supervisor.username, supervisor.password);
    await page.click(`button.svc-cell[data-service="${service}"][data-status="down"]`, { timeout: 30_000 });

    const detail = page.locator(`[data-testid="service-history"][data-service="${service}"]`);
    await detail.waitFor({ timeout: 10_000 });
    // Beside the grid, not below it: its top inside the first viewport, its left edge right of the grid.
    const [grid, box] = await Promise.all([
      page.locator('[data-testid="services-grid"]').boundingBox(),
      detail.boundingBox(),
    ]);
    expect(box && grid).toBeTruthy();
    if (!box || !grid) return;
    expect(box.y, 'detail panel top within the first 1080 px').toBeLessThan(VIEWPORT.height);
    expect(box.x, 'detail panel right of the grid').toBeGreaterThanOrEqual(grid.x + grid.width);
    expect(box.y).toBeLessThan(grid.y + grid.height);

    // "Mati sejak <time> WITA (<duration>)".
    const since = (await page.textContent('[data-testid="svc-since"]')) ?? '';
    expect(since).toMatch(/Mati\s*sejak \d{1,2} \S+ \d{2}:\d{2} WITA \(\d+ (dtk|mnt)\)/);

    // SLA figures with the data behind them, loaded with the page: no button to press.
    const figures = page.locator('[data-testid="svc-sla"] [data-testid="sla-figure"][data-uptime]');
    await expect.poll(() => figures.count(), { timeout: 15_000 }).toBe(4);
    const week = (await page.textContent('[data-testid="svc-sla"] [data-window="7d"]')) ?? '';
    expect(week).toMatch(/\d{1,3}(,\d{1,2})?\s% dari \d\.\d{3} cek selama lebih dari 24 jam/);
    const day = (await page.textContent('[data-testid="svc-sla"] [data-window="30d"]')) ?? '';
    expect(day).toMatch(/selama paling lama 7 hari/);
    await page.waitForSelector('[data-testid="metrics-table"] tbody tr[data-state="ready"]', {
      timeout: 30_000,
    });
    expect(await page.locator('[data-testid="metrics-table"] button').count(), 'no "load" buttons').toBe(0);

    // No contradiction: the service has no check of its own, and says so once, without "no checks".
    await page.waitForSelector('[data-testid="avail-section"][data-state="ready"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="rt-empty"]')).toMatch(/tidak memeriksa layanan ini sendiri/);
    expect(await page.locator('[data-testid="service-history"] :text("Belum ada pemeriksaan")').count()).toBe(
      0,
    );

    // Every percentage on the page in Indonesian format, and never one rounded up to 100 %.
    const values = await page.locator('.sla-fig__value').allTextContents();
    expect(values.length).toBeGreaterThan(4);
    for (const v of values) expect(v === '—' || ID_PERCENT.test(v), v).toBe(true);
    const own = await figures.evaluateAll((els) =>
      els.map((e) => ({ uptime: Number(e.getAttribute('data-uptime')), text: e.textContent ?? '' })),
    );
    for (const f of own) if (f.uptime < 1) expect(f.text).not.toMatch(/^100\s%/);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text, 'no English decimals in a percentage').not.toMatch(/\d\.\d+\s?%/);

    await page.screenshot({ path: path.join(ARTIFACTS, 'console-services-detail.png') });
    expect(errors).toEqual([]);
  });

  it('shows the usage figures first and the CSV import folded below them', async () => {
    await page.click('[data-testid="tab-governance"]');
    await page.waitForSelector('[data-testid="gov-adoption-table"] tbody tr', { timeout: 30_000 });
    const [table, importer] = await Promise.all([
      page.locator('[data-testid="gov-adoption-table"]').boundingBox(),
      page.locator('[data-testid="usage-import"]').boundingBox(),
    ]);
    expect(table && importer).toBeTruthy();
    if (!table || !importer) return;
    expect(table.y, 'usage figures above the import').toBeLessThan(importer.y);
    expect(table.y, 'usage figures in the first viewport').toBeLessThan(VIEWPORT.height);
    expect(await page.locator('[data-testid="usage-import"]').getAttribute('open')).toBeNull();
    expect(await page.isVisible('[data-testid="usage-import-file"]')).toBe(false);
    // Figures in Indonesian: 1.234 users, a rate with a decimal comma.
    const row = (await page.textContent('[data-testid="gov-adoption-table"] tbody')) ?? '';
    expect(row).toMatch(/1\.234/);
    expect(row).toMatch(/\d,\d+\s%/);
    expect(row).not.toMatch(/\d\.\d+\s?%/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-usage.png') });

    // The import is one click away.
    await page.click('[data-testid="usage-import-toggle"]');
    await page.waitForSelector('[data-testid="usage-import-file"]', { state: 'visible' });
    expect(errors).toEqual([]);
  });
});
