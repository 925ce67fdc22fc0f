/**
 * The governance screens in a real browser: the wall's `governance` kiosk view fetches adoption and
 * the scorecard with its display token; the console's "Penggunaan & Tata Kelola" tab shows both as
 * tables with CSV and JSON export. Screenshots land in tests/artifacts/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, ingest } from '../helpers/api.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();

describe.skipIf(!haveBrowser)('governance screens (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;
  const contexts: BrowserContext[] = [];

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    return { page, errors };
  }

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    token = await createDisplayToken(server.baseUrl);
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows adoption and the scorecard on the wall with the display token', async () => {
    const { page, errors } = await open(
      `${server.baseUrl}/wall?token=${encodeURIComponent(token)}&rotate=governance,map&interval=600`,
    );
    await page.waitForSelector('[data-testid="wall-governance"] [data-testid="gov-scorecard"] tbody tr', {
      timeout: 30_000,
    });
    expect(await page.evaluate(() => document.body.dataset.wallView)).toBe('governance');
    expect(await page.locator('[data-testid="gov-app"]').count()).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="gov-asof"]')).toMatch(/WITA/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-governance.png') });
    expect(errors).toEqual([]);
  });

  it('exports the console governance tables as CSV and the raw answer as JSON', async () => {
    const { page, errors } = await open(`${server.baseUrl}/console#governance`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', ADMIN_PASSWORD);
    await page.click('[data-testid="login-form"] button[type="submit"]');
    await page.waitForSelector('[data-testid="gov-scorecard-table"] tbody tr', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="gov-adoption-table"]');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-scorecard"]'),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^pantau-scorecard-\d{4}-\d{2}-\d{2}_\d{4}_WITA\.csv$/);
    const csvText = readFileSync(await csv.path(), 'utf8');
    expect(csvText.split('\r\n').length).toBeGreaterThan(2);

    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="export-json-adoption"]'),
    ]);
    expect(json.suggestedFilename()).toMatch(/^pantau-adoption-.*_WITA\.json$/);
    const raw = JSON.parse(readFileSync(await json.path(), 'utf8')) as { data: { apps: unknown[] } };
    expect(Array.isArray(raw.data.apps)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-governance.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
  it('shades the kelurahan on the wall map by their share of app users (choropleth)', async () => {
    const key = await createIngestKey(server.baseUrl, ['usage:write']);
    const at = new Date().toISOString();
    const r = await ingest(server.baseUrl, key, '/api/v1/usage', [
      { appId: 'perizinan', metric: 'active_users', value: 400, at, kelurahanCode: '64.71.03.1001' },
      { appId: 'perizinan', metric: 'active_users', value: 100, at, kelurahanCode: '64.71.06.1001' },
    ]);
    expect(r.status).toBe(202);
    const { page, errors } = await open(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', undefined, { timeout: 60_000 });
    const state = () =>
      page.evaluate(() => {
        const m = window.__pantauMap;
        const p = (id: string) =>
          (m?.getFeatureState({ source: 'kelurahan', id }) as { p?: number } | undefined)?.p ?? null;
        return { busiest: p('64.71.03.1001'), quieter: p('64.71.06.1001'), none: p('64.71.01.1001') };
      });
    await expect.poll(state, { timeout: 20_000 }).toEqual({ busiest: 1, quieter: 0.25, none: null });
    expect(errors).toEqual([]);
  });
  it('shades the kelurahan by citizen reports of the last 30 days with `?shading=reports`', async () => {
    // Two reports from Baru Ilir and one from Manggar through the /lapor form, as a phone sends them.
    for (const kelurahan of ['64.71.02.1001', '64.71.02.1001', '64.71.01.1001']) {
      const fd = new FormData();
      fd.set('category', 'sampah');
      fd.set('description', `Sampah menumpuk di kelurahan ${kelurahan}`);
      fd.set('kelurahan', kelurahan);
      const res = await fetch(`${server.baseUrl}/lapor`, { method: 'POST', body: fd, redirect: 'manual' });
      expect(res.status).toBe(303);
    }
    const { page, errors } = await open(
      `${server.baseUrl}/wall?token=${encodeURIComponent(token)}&shading=reports`,
    );
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', undefined, { timeout: 60_000 });
    const state = () =>
      page.evaluate(() => {
        const m = window.__pantauMap;
        const p = (id: string) =>
          (m?.getFeatureState({ source: 'kelurahan', id }) as { p?: number } | undefined)?.p ?? null;
        return {
          busiest: p('64.71.02.1001'),
          quieter: p('64.71.01.1001'),
          // A kelurahan without reports is a counted zero, shaded as such (not left blank).
          none: p('64.71.03.1001'),
          shading: document.body.dataset.wallShading,
          shaded: document.body.dataset.wallShaded,
        };
      });
    await expect
      .poll(state, { timeout: 20_000 })
      .toEqual({ busiest: 1, quieter: 0.5, none: 0, shading: 'reports', shaded: '34' });
    const legend = await page.textContent('[data-testid="legend-shading"]');
    expect(legend).toContain('Laporan warga / 30 hari');
    expect(legend).toContain('terbanyak 2');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-shading-reports.png') });
    expect(errors).toEqual([]);
  });
  it('uploads a usage CSV from the console: a bad file lists its lines, a good one is checked then imported', async () => {
    const { page, errors } = await open(`${server.baseUrl}/console#governance`);
    await page.fill('#login-username', 'admin');
    await page.fill('#login-password', ADMIN_PASSWORD);
    await page.click('[data-testid="login-form"] button[type="submit"]');
    await page.click('[data-testid="usage-import-toggle"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="usage-import-file"]', { timeout: 30_000 });
    const header = 'app_id,metric,period,period_start,value';
    const bad = `${header}\nhore,active_users,day,2026-11-01,12\nhore,active_users,day,2026-11-02,banyak\n`;
    await page.setInputFiles('[data-testid="usage-import-file"]', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    });
    await page.click('[data-testid="usage-import-check"]');
    await expect
      .poll(() => page.textContent('[data-testid="usage-import-result"]'), { timeout: 10_000 })
      .toMatch(/Baris 3/);
    expect(await page.isDisabled('[data-testid="usage-import-run"]')).toBe(true);
    const good = `${header}\nhore,active_users,day,2026-11-01,12\nhore,active_users,day,2026-11-02,15\n`;
    await page.setInputFiles('[data-testid="usage-import-file"]', {
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good),
    });
    await page.click('[data-testid="usage-import-check"]');
    await expect
      .poll(() => page.textContent('[data-testid="usage-import-result"]'), { timeout: 10_000 })
      .toMatch(/2 akan diimpor/);
    await page.click('[data-testid="usage-import-run"]');
    await expect
      .poll(() => page.textContent('[data-testid="usage-import-result"]'), { timeout: 10_000 })
      .toMatch(/2 dari 2 baris diimpor/);
    expect(errors).toEqual([]);
  });
});
