/**
 * The wall in replay (`/wall?token=…&at=…`), in Chromium: it shows the city as it was then — an
 * incident open at that time, not one that was closed before — under a bar that says REPLAY and
 * the instant in WITA, jumps to another time, plays on, and offers the way back to live. It opens
 * no live socket.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, incident, ingest } from '../helpers/api.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { sleep } from '../helpers/wait.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';
import type { Browser } from 'playwright-core';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

describe.skipIf(!chromiumAvailable())('wall replay (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;
  const marks: Record<string, string> = {};

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ env: { PANTAU_CHECKPOINT_SECONDS: '5' } });
    token = await createDisplayToken(server.baseUrl);
    const key = await createIngestKey(server.baseUrl);
    const fire = incident('replay-fire', {
      title: 'Kebakaran ruko (replay)',
      category: 'fire',
      severity: 'severe',
    });
    expect((await ingest(server.baseUrl, key, '/api/v1/incidents', fire)).status).toBe(202);
    await sleep(1_500);
    marks.open = new Date().toISOString();
    await sleep(1_500);
    expect(
      (await ingest(server.baseUrl, key, '/api/v1/incidents', { ...fire, status: 'closed' })).status,
    ).toBe(202);
    await sleep(1_000);
    marks.closed = new Date().toISOString();
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the past under a REPLAY bar, jumps in time and never opens the live socket', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(
      `${server.baseUrl}/wall?token=${encodeURIComponent(token)}&at=${encodeURIComponent(marks.open ?? '')}`,
    );
    await page.waitForSelector('[data-testid="replay-bar"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="replay-bar"]')).toContain('REPLAY');
    // Then: the fire was open.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="kpi-incidents-severe"]')?.textContent?.trim() === '1',
      null,
      { timeout: 15_000 },
    );
    expect(await page.locator('[data-testid="stale-banner"]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-replay.png') });

    // Jump to after it was closed: no open fire.
    const closedWita = new Date(Date.parse(marks.closed ?? '') + 8 * 3_600_000 + 60_000)
      .toISOString()
      .slice(0, 16);
    await page.fill('[data-testid="replay-jump-input"]', closedWita);
    await page.click('[data-testid="replay-jump"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="kpi-incidents-severe"]')?.textContent?.trim() === '0',
      null,
      { timeout: 15_000 },
    );

    // Play at 60×: the shown instant moves on.
    const before = await page.getAttribute('[data-testid="replay-bar"]', 'data-at');
    await page.click('[data-testid="replay-speed-60"]');
    await page.click('[data-testid="replay-jump"]');
    expect(before).toBeTruthy();
    expect(await page.getAttribute('[data-testid="replay-live"]', 'href')).toBe(
      `/wall?token=${encodeURIComponent(token)}`,
    );
    expect(sockets.filter((u) => u.includes('/socket.io/'))).toEqual([]);
    await context.close();
  });

  it('opens from the console for a signed-in supervisor (cookie, no display token)', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/console`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    const href = await page.getAttribute('[data-testid="open-replay"]', 'href');
    expect(href).toMatch(/^\/wall\?at=/);
    await page.goto(`${server.baseUrl}${href ?? ''}`);
    await page.waitForSelector('[data-testid="replay-bar"]', { timeout: 30_000 });
    // The server started minutes ago: an hour back is before any kept history, and says so — the
    // request itself was authorised by the session cookie.
    const error = (await page.locator('[data-testid="replay-bar"] [role="alert"]').allTextContents()).join(
      ' ',
    );
    expect(error).not.toMatch(/401|403|unauth|forbidden/i);
    if (error) expect(error).toMatch(/No history is kept/);
    await context.close();
  });

  it('plays on from a past instant at the chosen speed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const start = new Date(Date.parse(marks.open ?? '') - 60_000).toISOString();
    await page.goto(
      `${server.baseUrl}/wall?token=${encodeURIComponent(token)}&at=${encodeURIComponent(start)}`,
    );
    await page.waitForSelector('[data-testid="replay-play"]', { timeout: 30_000 });
    await page.click('[data-testid="replay-speed-60"]');
    await page.click('[data-testid="replay-play"]');
    await page.waitForFunction(
      (s) =>
        Date.parse(document.querySelector('[data-testid="replay-bar"]')?.getAttribute('data-at') ?? '') >=
        Date.parse(s) + 60_000,
      start,
      { timeout: 15_000 },
    );
    await page.click('[data-testid="replay-pause"]');
    await context.close();
  });
});
