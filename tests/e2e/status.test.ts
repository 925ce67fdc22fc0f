/**
 * The public status page on a 390×844 phone in Chromium: with JavaScript off it still shows the
 * state of every agency's services and a published notice, fits the screen without sideways
 * scrolling, keeps its style under its own CSP, and has no serious accessibility problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createIngestKey, ingest, login, type Session } from '../helpers/api.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { axeProblems, chromiumAvailable, launchChromium } from './browser.js';

const PHONE = { width: 390, height: 844 };

describe.skipIf(!chromiumAvailable())('public status page on a phone', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Session;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ env: { PANTAU_PUBLIC_REFRESH_SECONDS: '0.2' } }),
      launchChromium(),
    ]);
    admin = await login(server.baseUrl);
    const key = await createIngestKey(server.baseUrl, ['health:write']);
    const now = new Date().toISOString();
    await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', [
      { serviceId: 'web-dinkes', status: 'down', latencyMs: 0, checkedAt: now },
      { serviceId: 'web-bpbd', status: 'up', latencyMs: 80, checkedAt: now },
    ]);
    const r = await admin.request('POST', '/api/v1/notices', {
      kind: 'maintenance',
      title: 'Pemindahan server Dinkes',
      body: 'Situs Dinkes dipindahkan ke pusat data kota.',
      serviceIds: ['web-dinkes'],
    });
    expect(r.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows states and notices without JavaScript, fits the phone, and is accessible', async () => {
    const noJs = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await noJs.newPage();
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${server.baseUrl}/status`);
    await expect.poll(() => page.locator('#svc-web-dinkes .chip').textContent()).toBe('Tidak dapat diakses');
    expect(await page.locator('#svc-web-bpbd .chip').textContent()).toBe('Normal');
    expect(await page.locator('.notice h3').first().textContent()).toBe('Pemindahan server Dinkes');
    // The inline sheet applied (the banner is coloured), no sideways scrolling on the phone.
    const banner = await page.locator('.banner').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(banner).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    if (process.env.STATUS_SHOT) await page.screenshot({ path: process.env.STATUS_SHOT, fullPage: true });
    expect(csp).toEqual([]);
    await noJs.close();

    // axe needs script: a context with JavaScript on, the same page.
    const js = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    const p2 = await js.newPage();
    await p2.goto(`${server.baseUrl}/status?lang=en`);
    expect(await p2.locator('#svc-web-dinkes .chip').textContent()).toBe('Unreachable');
    expect(await axeProblems(p2)).toEqual([]);
    await js.close();
  });
});
