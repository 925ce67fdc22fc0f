/**
 * A night shift in front of the wall at 1920×1080, in Chromium: a burst of ten flood reports
 * ~20 m apart (one POST) is ONE open-alert row with its place, its description and "10 kejadian",
 * one event in the feed and one group on the city map; the headline counts it as needing action.
 * When the incidents close, it leaves the headline for the quieter "pulih, belum ditanggapi"
 * count. No text on the wall is under 20 px and no two pieces of text overlap. Screenshots land in
 * tests/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, incident, ingest, login } from '../helpers/api.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();

const DESCRIPTION = 'Air setinggi 40 cm, kendaraan roda dua tidak bisa lewat';
/** Ten reports along one street in Balikpapan Selatan, ~20 m apart, as a feed sends them at once. */
const burst = (status?: 'closed') =>
  Array.from({ length: 10 }, (_, i) =>
    incident(`shift-banjir-${i}`, {
      title: `Banjir menggenangi Jalan MT Haryono di depan RT ${String(i + 1).padStart(2, '0')}`,
      description: DESCRIPTION,
      category: 'flood',
      severity: 'severe',
      location: [116.8705 + i * 0.00018, -1.24],
      ...(status ? { status } : {}),
    }),
  );

/**
 * What a viewer 5 m away cannot read or cannot separate: visible text under 20 px, and pairs of
 * text boxes that overlap. Runs in the page (a string, so no build helpers leak into it).
 */
const LEGIBILITY = `(() => {
  const leaves = [];
  for (const el of document.querySelectorAll('.wall *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    // Screen-reader-only text (clipped to a pixel) and hidden parts are not on the wall.
    if (r.width <= 1 || r.height <= 1 || cs.visibility === 'hidden' || el.closest('[aria-hidden="true"].wall-view--hidden')) continue;
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue;
    leaves.push({ el, r, px: parseFloat(cs.fontSize), text: el.textContent.trim().slice(0, 40) });
  }
  const small = leaves.filter((l) => l.px < 19.5).map((l) => l.px + 'px ' + l.el.className + ' "' + l.text + '"');
  const overlaps = [];
  const pad = 2;
  for (let i = 0; i < leaves.length; i++)
    for (let j = i + 1; j < leaves.length; j++) {
      const a = leaves[i], b = leaves[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w > pad && h > pad) overlaps.push('"' + a.text + '" × "' + b.text + '"');
    }
  return { small, overlaps, checked: leaves.length };
})()`;

describe.skipIf(!haveBrowser)('a night shift at the wall (Chromium, 1920×1080)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let key: string;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureClientBuilt();
    // Floods nobody touched close themselves 12 s after clearing (the auto-resolve policy).
    server = await startServer({ env: { PANTAU_AUTO_RESOLVE: 'flood=0.2' } });
    key = await createIngestKey(server.baseUrl);
    const token = await createDisplayToken(server.baseUrl);
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a grouped burst once, with its place and "10 kejadian", and counts it as needing action', async () => {
    const res = await ingest(server.baseUrl, key, '/api/v1/incidents', burst());
    expect(res.status, JSON.stringify(res.body)).toBe(202);

    const row = '[data-testid="esc-alert"]';
    await page.waitForSelector(`${row} [data-testid="group-count"][data-n="10"]`, { timeout: 30_000 });
    expect(await page.locator(row).count(), 'one row for the whole burst').toBe(1);
    expect(await page.textContent(`${row} [data-testid="group-count"]`)).toBe('10 kejadian');
    expect(await page.textContent(`${row} [data-testid="esc-place"]`)).toMatch(
      /^Kel\. \S.*, Kec\. Balikpapan \S+$/,
    );
    expect(await page.textContent(`${row} [data-testid="esc-desc"]`)).toBe(DESCRIPTION);
    expect(await page.getAttribute(row, 'data-condition')).toBe('active');

    // The headline counts what needs action: this one alert, nothing cleared apart.
    expect(await page.textContent('[data-testid="kpi-unack"]')).toBe('1');
    expect(await page.locator('[data-testid="kpi-cleared"]').count()).toBe(0);

    // The latest events: the ten incidents are one event with the group's size, not ten rows.
    const events = page.locator('[data-testid="feed-incident"]');
    await page.waitForSelector('[data-testid="feed-incident"][data-size="10"]', { timeout: 15_000 });
    expect(await events.count()).toBe(1);
    expect(await events.first().textContent()).toContain('10 kejadian');

    // The city map draws them as one group of ten, not ten pins on top of each other.
    await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 90_000 });
    const grouped = await page.waitForFunction(
      () =>
        window.__pantauMaps?.overview
          ?.queryRenderedFeatures({ layers: ['incident-groups'] })
          .map((f) => Number(f.properties.point_count))
          .find((n) => n === 10) ?? null,
      null,
      { timeout: 60_000 },
    );
    expect(await grouped.jsonValue()).toBe(10);

    const legible = await page.evaluate<{ small: string[]; overlaps: string[]; checked: number }>(LEGIBILITY);
    expect(legible.checked).toBeGreaterThan(30);
    expect(legible.small, 'text under 20 px').toEqual([]);
    expect(legible.overlaps, 'overlapping text').toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-shift.png') });
  });

  it('moves the burst out of the headline once its incidents close with nobody on it', async () => {
    const res = await ingest(server.baseUrl, key, '/api/v1/incidents', burst('closed'));
    expect(res.status, JSON.stringify(res.body)).toBe(202);

    await page.waitForSelector('[data-testid="kpi-cleared"][data-n="1"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="kpi-unack"]')).toBe('0');
    expect(await page.textContent('[data-testid="kpi-cleared"]')).toBe('+1 pulih, belum ditanggapi');
    // Still listed (nobody acknowledged it), marked as cleared.
    const row = '[data-testid="esc-alert"][data-condition="cleared"]';
    expect(await page.textContent(`${row} [data-testid="esc-cleared"]`)).toContain('PULIH');
    expect(await page.textContent(`${row} [data-testid="group-count"]`)).toBe('10 kejadian');

    const legible = await page.evaluate<{ small: string[]; overlaps: string[] }>(LEGIBILITY);
    expect(legible.small, 'text under 20 px').toEqual([]);
    expect(legible.overlaps, 'overlapping text').toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-shift-cleared.png') });
    expect(errors, 'page errors').toEqual([]);
  });

  it('lets the untouched, cleared burst resolve itself: it leaves the wall, audited as the system', async () => {
    await page.waitForSelector('[data-testid="esc-alert"][data-condition="cleared"]', {
      state: 'detached',
      timeout: 60_000,
    });
    expect(await page.locator('[data-testid="kpi-cleared"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="kpi-unack"]')).toBe('0');
    const admin = await login(server.baseUrl);
    const all = (await admin.request('GET', '/api/v1/alerts?status=all&category=flood')).body as {
      data: { items: { status: string; resolution: { code: string } | null }[] };
    };
    expect(all.data.items.map((a) => [a.status, a.resolution?.code])).toEqual([['closed', 'not_actionable']]);
  });
});
