/**
 * The console's alert work in a real browser (one server, one browser, one signed-in page): the map
 * tab — a click on an alert's pin opens its drawer with the place; a bulk acknowledgement of two
 * alerts from the table, with the per-alert result of a third someone else took first, and a
 * bulk assignment through the person picker whose note reaches the timeline; filters,
 * search and sort kept in the URL through a reload and Back/Forward. Screenshots (1920×1080) land
 * in tests/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/schemas/index.js';
import { createIngestKey, incident } from '../helpers/api.js';
import { createUser, loginAdmin, loginAs, openAlert, uid } from '../helpers/http.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();

describe.skipIf(!haveBrowser)('console alerts: map, bulk actions, filters in the URL (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const csp: string[] = [];
  /** Three alerts far apart (no grouping): a flood, a fire and a theft, each in its own kecamatan. */
  let flood: Alert;
  let fire: Alert;
  let theft: Alert;
  let otherUser: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer();
    mkdirSync(ARTIFACTS, { recursive: true });
    const [chromium, key, admin] = await Promise.all([
      launchChromium(),
      createIngestKey(server.baseUrl),
      loginAdmin(server.baseUrl),
    ]);
    browser = chromium;
    [flood, fire, theft] = await Promise.all([
      openAlert(
        server.baseUrl,
        key,
        admin,
        incident(uid('e2e-flood'), {
          title: 'Banjir rob Karang Joang',
          description: 'Air setinggi 50 cm di jalan utama',
          category: 'flood',
          agencyId: 'bpbd',
          location: [116.87943, -1.14715],
        }),
      ),
      openAlert(
        server.baseUrl,
        key,
        admin,
        incident(uid('e2e-fire'), {
          title: 'Kebakaran gudang Teritip',
          category: 'fire',
          severity: 'extreme',
          agencyId: 'damkar',
          location: [116.99305, -1.1518],
        }),
      ),
      openAlert(
        server.baseUrl,
        key,
        admin,
        incident(uid('e2e-theft'), {
          title: 'Pencurian kabel Sepinggan',
          category: 'crime',
          agencyId: 'satpolpp',
          location: [116.89629, -1.2621],
        }),
      ),
    ]);
    // Someone else takes the theft first: the console's bulk acknowledgement then says who.
    const other = await createUser(admin, 'supervisor');
    otherUser = other.username;
    const acked = await (
      await loginAs(server.baseUrl, other)
    ).request('POST', `/api/v1/alerts/${theft.id}/ack`, {});
    expect(acked.status).toBe(200);

    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
    });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${server.baseUrl}/console#map`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the drawer with the place from a click on an alert pin of the console map', async () => {
    await page.waitForSelector('[data-testid="console-map"][data-loaded="1"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="console-map"][data-alerts="3"]', { timeout: 15_000 });
    // The map follows the console's filters: the search leaves the flood's pin alone on it.
    await page.fill('#map-filter-q', 'karang joang');
    await page.waitForSelector('[data-testid="console-map"][data-alerts="1"]', { timeout: 15_000 });
    const at = flood.place?.location;
    expect(at, 'the flood alert has a place with a point').toBeTruthy();
    // Wait until the pin is drawn (SwiftShader renders asynchronously), then click where it is.
    const point = await page
      .waitForFunction(
        ({ id, lngLat }) => {
          const map = window.__pantauConsoleMap;
          if (!map || !map.loaded()) return null;
          const drawn = map
            .queryRenderedFeatures({ layers: ['console-alerts'] })
            .some((f) => (f.properties as { id?: string }).id === id);
          if (!drawn) return null;
          const p = map.project(lngLat as [number, number]);
          const box = map.getCanvas().getBoundingClientRect();
          return { x: box.left + p.x, y: box.top + p.y };
        },
        { id: flood.id, lngLat: at },
        { timeout: 60_000, polling: 250 },
      )
      .then((h) => h.jsonValue() as Promise<{ x: number; y: number }>);
    await page.mouse.click(point.x, point.y);
    await page.waitForSelector('[data-testid="alert-drawer"]', { timeout: 10_000 });
    expect(await page.textContent('#drawer-title')).toBe('Banjir rob Karang Joang');
    const place = (await page.textContent('[data-testid="drawer-place"]')) ?? '';
    expect(place).toMatch(/Kel\. .+, Kec\. .+/);
    expect(place).toContain(flood.place?.kecamatan?.name ?? '?');
    expect(await page.textContent('[data-testid="drawer-description"]')).toBe(
      'Air setinggi 50 cm di jalan utama',
    );
    await page.waitForSelector('[data-testid="alert-timeline"] li', { timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-map-drawer.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="alert-drawer"]', { state: 'detached' });
    await page.fill('#map-filter-q', '');
    await page.waitForSelector('[data-testid="console-map"][data-alerts="3"]');
  });

  it('acknowledges two alerts in one bulk action, says who was first on the third, assigns with the picker', async () => {
    await page.click('[data-testid="tab-alerts"]');
    const row = (a: Alert) => `[data-testid="alerts-table"] tr[data-id="${a.id}"]`;
    await page.waitForSelector(row(theft), { timeout: 15_000 });
    // The table shows where each alert is.
    expect(await page.textContent(`${row(flood)} [data-testid="alert-place"]`)).toMatch(/^Kel\. .+, Kec\. /);
    for (const a of [flood, fire, theft]) await page.check(`${row(a)} [data-testid="select-alert"]`);
    expect(await page.textContent('[data-testid="bulk-count"]')).toContain('3');
    await page.click('[data-testid="bulk-ack"]');
    await page.waitForSelector('[data-testid="bulk-results"]', { timeout: 15_000 });
    const result = (a: Alert) => `[data-testid="bulk-result"][data-id="${a.id}"]`;
    expect(await page.getAttribute(result(flood), 'data-ok')).toBe('1');
    expect(await page.getAttribute(result(fire), 'data-ok')).toBe('1');
    expect(await page.getAttribute(result(theft), 'data-status')).toBe('409');
    const lost = (await page.textContent(result(theft))) ?? '';
    expect(lost).toContain(otherUser);
    expect(lost).toMatch(/\d{2}:\d{2} WITA/);
    // Both rows turn acknowledged by the live feed; the failed one stays selected.
    await page.waitForSelector(`${row(flood)}[data-status="acknowledged"]`, { timeout: 10_000 });
    await page.waitForSelector(`${row(fire)}[data-status="acknowledged"]`, { timeout: 10_000 });
    expect(await page.isChecked(`${row(theft)} [data-testid="select-alert"]`)).toBe(true);
    expect(await page.isChecked(`${row(flood)} [data-testid="select-alert"]`)).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-bulk.png') });

    // Tugaskan with the person picker (the agency's people and the city-wide staff); the note is kept.
    await page.click('[data-testid="bulk-bar"] [data-testid="bulk-clear"]');
    await page.check(`${row(flood)} [data-testid="select-alert"]`);
    await page.click('[data-testid="bulk-assign"]');
    await page.selectOption('#bulk-assignee', otherUser);
    await page.fill('#bulk-note', 'Cek pompa air');
    await page.click('[data-testid="bulk-confirm"]');
    await page.waitForSelector(`${result(flood)}[data-ok="1"]`, { timeout: 15_000 });
    await expect.poll(() => page.textContent(`${row(flood)} [data-testid="alert-assignee"]`)).toBe(otherUser);
    await page.click(`${row(flood)} [data-testid="open-alert"]`);
    await expect
      .poll(() => page.textContent('[data-testid="alert-timeline"]'), { timeout: 10_000 })
      .toContain(`${otherUser} — Cek pompa air`);
    await page.keyboard.press('Escape');
  });

  it('keeps the search, the filters and the sort in the URL through a reload, Back and Forward', async () => {
    const table = '[data-testid="alerts-table"] tbody tr';
    await page.fill('#alerts-filter-q', 'karang joang');
    await page.selectOption('#alerts-filter-status', 'acknowledged');
    await page.click('[data-testid="sort-title"]');
    await expect.poll(() => page.locator(table).count()).toBe(1);
    const url = new URL(page.url());
    expect(url.searchParams.get('q')).toBe('karang joang');
    expect(url.searchParams.get('status')).toBe('acknowledged');
    expect(url.searchParams.get('sort')).toBe('title');
    expect(url.hash).toBe('#alerts');

    await page.reload();
    await page.waitForSelector(`${table}[data-id="${flood.id}"]`, { timeout: 30_000 });
    expect(await page.locator(table).count()).toBe(1);
    expect(await page.inputValue('#alerts-filter-q')).toBe('karang joang');
    expect(await page.inputValue('#alerts-filter-status')).toBe('acknowledged');
    expect(await page.getAttribute('th[data-sort-key="title"]', 'aria-sort')).toBe('ascending');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-filters.png') });

    // Back through the sort, then the status filter; Forward brings the status back.
    await page.goBack();
    await expect.poll(() => page.getAttribute('th[data-sort-key="title"]', 'aria-sort')).toBeNull();
    expect(await page.inputValue('#alerts-filter-status')).toBe('acknowledged');
    await page.goBack();
    await expect.poll(() => page.inputValue('#alerts-filter-status')).toBe('open');
    expect(await page.inputValue('#alerts-filter-q')).toBe('karang joang');
    await page.goBack();
    await expect.poll(() => page.inputValue('#alerts-filter-q')).toBe('');
    await expect.poll(() => page.locator(table).count()).toBe(3);
    await page.goForward();
    await expect.poll(() => page.inputValue('#alerts-filter-q')).toBe('karang joang');

    expect(errors, 'page errors').toEqual([]);
    expect(csp, 'CSP violations').toEqual([]);
  });
});
