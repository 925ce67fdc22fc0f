/**
 * A wall managed from the console, in real Chromium against the real server: the open wall shows
 * what its display's stored config says (views, rotation, language, kelurahan shading) the moment
 * an admin saves it in Settings → Displays — no reload, nobody at the wall PC — and the list shows
 * the wall online with its instance and when it was last seen.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplay, loginAdmin } from '../helpers/http.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const haveBrowser = chromiumAvailable();

declare global {
  interface Window {
    /** Set by the test on the loaded wall: still there afterwards = the page never reloaded. */
    __sameDocument?: number;
  }
}

describe.skipIf(!haveBrowser)('a wall display managed from the console (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function page(url: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
    });
    contexts.push(context);
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(url);
    return { page: p, errors };
  }

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ env: { PANTAU_INSTANCE_ID: 'e2e-instance' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('applies views, rotation, language and shading saved in Settings to the open wall without a reload', async () => {
    const admin = await loginAdmin(server.baseUrl);
    const { token } = await createDisplay(admin, 'Dinding jarak jauh');

    // The wall as typed on the wall PC: no rotate/interval/lang, so the map only, in Indonesian.
    const wall = await page(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    const w = wall.page;
    await w.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });
    await w.waitForFunction(() => document.body.dataset.wallView === 'map', null, { timeout: 15_000 });
    expect(await w.evaluate(() => document.documentElement.lang)).toBe('id');
    await w.evaluate(() => (window.__sameDocument = 1));

    // Settings → Displays: the wall is listed online, on this instance, last seen just now.
    const con = await page(`${server.baseUrl}/console#config/displays`);
    const c = con.page;
    await signIn(c, 'admin', ADMIN_PASSWORD);
    const row = c.locator('[data-testid="displays-row"][data-name="Dinding jarak jauh"]');
    await row.waitFor({ timeout: 15_000 });
    await c.waitForSelector(
      '[data-testid="displays-row"][data-name="Dinding jarak jauh"][data-online="true"]',
      {
        timeout: 15_000,
      },
    );
    expect(await row.locator('[data-testid="display-instance"]').textContent()).toBe('e2e-instance');
    expect(await row.locator('[data-testid="display-last-seen"]').textContent()).toMatch(/WITA.*lalu/);

    // Services only, in English.
    await row.locator('[data-testid="displays-edit"]').click();
    const form = c.locator('[data-testid="display-edit"]');
    // No stored config yet: the form starts on "follow the URL", the rest greyed out.
    expect(await form.locator('[data-testid="input-fromUrl"]').isChecked()).toBe(true);
    expect(await form.locator('[data-testid="view-map"]').isDisabled()).toBe(true);
    await form.locator('[data-testid="input-fromUrl"]').uncheck();
    await form.locator('[data-testid="view-map"]').uncheck();
    await form.locator('[data-testid="view-services"]').check();
    await form.locator('[data-testid="input-language"]').selectOption('en');
    await form.locator('[data-testid="display-save"]').click();
    await form.waitFor({ state: 'detached', timeout: 10_000 });

    await w.waitForFunction(() => document.body.dataset.wallView === 'services', null, { timeout: 15_000 });
    await w.waitForSelector('[data-testid="wall-services"]', { timeout: 15_000 });
    await w.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 15_000 });
    expect(await w.evaluate(() => window.__sameDocument)).toBe(1);

    // Map and services every 5 seconds: the wall starts over at the map and rotates by itself.
    await row.locator('[data-testid="displays-edit"]').click();
    await form.locator('[data-testid="view-map"]').check();
    await form.locator('[data-testid="input-rotateSeconds"]').fill('5');
    await form.locator('[data-testid="display-save"]').click();
    await form.waitFor({ state: 'detached', timeout: 10_000 });
    await row
      .locator('[data-testid="display-shows"]')
      .filter({ hasText: 'Peta, Layanan · 5 dtk · English' })
      .waitFor({ timeout: 10_000 });

    await w.waitForFunction(() => document.body.dataset.wallView === 'map', null, { timeout: 15_000 });
    const rotations = Number(await w.evaluate(() => document.body.dataset.wallRotations ?? '0'));
    await w.waitForFunction((n) => Number(document.body.dataset.wallRotations ?? '0') >= n + 2, rotations, {
      timeout: 40_000,
      polling: 250,
    });
    expect(await w.evaluate(() => window.__sameDocument)).toBe(1);

    // Kelurahan shading: the stored config has none, so the form shows app usage and so does the
    // wall's legend; choosing citizen reports switches the open wall's legend without a reload.
    const legend = w.locator('[data-testid="legend-shading"]');
    expect(await legend.getAttribute('data-shading')).toBe('usage');
    await row.locator('[data-testid="displays-edit"]').click();
    const shading = form.locator('[data-testid="input-shading"]');
    expect(await shading.inputValue()).toBe('usage');
    expect(await shading.locator('option:checked').textContent()).toBe('Penggunaan aplikasi');
    await shading.selectOption({ label: 'Laporan warga (30 hari)' });
    await form.locator('[data-testid="display-save"]').click();
    await form.waitFor({ state: 'detached', timeout: 10_000 });

    await w.waitForSelector('[data-testid="legend-shading"][data-shading="reports"]', {
      state: 'attached',
      timeout: 15_000,
    });
    // The wall speaks English by now: the citizen-reports legend, not the participation one.
    expect(await legend.locator('.legend__title').textContent()).toBe('Citizen reports / 30 days');
    await w.waitForFunction(() => document.body.dataset.wallShading === 'reports', null, { timeout: 15_000 });
    expect(await w.evaluate(() => window.__sameDocument)).toBe(1);
    // Reopened, the form shows what was saved.
    await row.locator('[data-testid="displays-edit"]').click();
    expect(await form.locator('[data-testid="input-shading"]').inputValue()).toBe('reports');

    expect(wall.errors).toEqual([]);
    expect(con.errors).toEqual([]);
  });
});
