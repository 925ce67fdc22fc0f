/**
 * The liaison's phone (390×844) for a day's alerts: each card says where ("Kel. X, Kec. Y") with a
 * "buka peta" link to the point on OpenStreetMap, the short description, a group as one card with
 * "N kejadian"; a small offline map numbers the open alerts as the cards; "Terima" acknowledges.
 * Screenshots land in tests/artifacts/. One server and one browser for the whole file.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest } from '../helpers/api.js';
import { alertForIncident, createUser, loginAdmin, openAlert, uid, type TestUser } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();
const PHONE = { width: 390, height: 844 };

/** Sepinggan (Balikpapan Selatan) and two landslides 300 m apart in Graha Indah (Balikpapan Utara). */
const FLOOD_AT: [number, number] = [116.91568, -1.2475];
const SLIDE_AT: [number, number][] = [
  [116.87326, -1.20756],
  [116.87526, -1.20556],
];
const DESCRIPTION = 'Air setinggi 60 cm, dua rumah terendam';

describe.skipIf(!haveBrowser)('liaison on a phone (Chromium, 390×844)', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let liaison: TestUser;
  let flood: Alert;
  let group: Alert;
  const errors: string[] = [];
  const csp: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    ensureClientBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const admin = await loginAdmin(server.baseUrl);
    liaison = await createUser(admin, 'liaison', 'bpbd');
    const key = await createIngestKey(server.baseUrl);

    flood = await openAlert(
      server.baseUrl,
      key,
      admin,
      incident(uid('phone-flood'), {
        agencyId: 'bpbd',
        category: 'flood',
        severity: 'severe',
        title: 'Banjir di perumahan',
        description: DESCRIPTION,
        location: FLOOD_AT,
      }),
    );
    const slides = SLIDE_AT.map((location, i) =>
      incident(uid('phone-slide'), {
        agencyId: 'bpbd',
        category: 'landslide',
        severity: 'moderate',
        title: `Tanah longsor ${i + 1}`,
        location,
      }),
    );
    const first = await openAlert(server.baseUrl, key, admin, slides[0] ?? {});
    expect((await ingest(server.baseUrl, key, '/api/v1/incidents', slides[1])).status).toBe(202);
    // The second landslide joins the first one's alert.
    group = await waitFor(async () => {
      const a = await alertForIncident(admin, String(slides[0]?.id));
      return a && a.id === first.id && (a.members?.length ?? 0) >= 2 ? a : undefined;
    }, 'the two landslides grouped into one alert');

    context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, hasTouch: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('blob:') && !r.url().startsWith('data:'))
        foreign.push(r.url());
    });
    await page.goto(`${server.baseUrl}/liaison`);
    await signIn(page, liaison.username, liaison.password);
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  const card = (a: Alert) => page.locator(`[data-testid="liaison-alerts"] li[data-id="${a.id}"]`);

  it('shows where each alert is, with a "buka peta" link to its point, and a group as one card', async () => {
    await card(flood).waitFor({ timeout: 20_000 });
    const kel = flood.place?.kelurahan?.name;
    const kec = flood.place?.kecamatan?.name;
    expect(kel && kec, 'the server placed the flood in a kelurahan').toBeTruthy();
    const place = card(flood).locator('[data-testid="alert-place"]');
    expect(await place.textContent()).toContain(`Kel. ${kel}, Kec. ${kec}`);
    expect(await card(flood).locator('[data-testid="alert-description"]').textContent()).toBe(DESCRIPTION);

    const link = card(flood).getByRole('link', { name: /buka peta/ });
    expect(await link.textContent()).toBe('buka peta');
    const [lng, lat] = FLOOD_AT;
    expect(await link.getAttribute('href')).toBe(
      `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`,
    );
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');

    // Two landslides, one card: "2 kejadian", the incidents listed when opened.
    await expect
      .poll(() =>
        page.locator(`li[data-id="${group.id}"] [data-testid="alert-members"] summary`).textContent(),
      )
      .toBe('2 kejadian');
    expect(await page.locator('[data-testid="liaison-alerts"] > li').count()).toBe(2);
    await card(group).locator('[data-testid="alert-members"] summary').click();
    const members = card(group).locator('[data-testid="alert-members"] li');
    expect(await members.count()).toBe(2);
    expect(await card(group).locator('[data-testid="alert-members"]').textContent()).toMatch(
      /Tanah longsor 2.*\d{2}:\d{2} WITA.*Tanah longsor 1/,
    );
    // An alert without a description shows none (never "undefined" or "null").
    expect(await card(group).locator('[data-testid="alert-description"]').count()).toBe(0);
    expect(await card(group).textContent()).not.toMatch(/undefined|null/);
  });

  it('draws the open alerts on a small map, numbered as their cards', async () => {
    const map = page.locator('[data-testid="liaison-map"]');
    await page.waitForSelector('[data-testid="liaison-map"][data-ready="1"]', { timeout: 60_000 });
    expect(await map.getAttribute('data-points')).toBe('2');
    const box = await map.boundingBox();
    expect(box && box.y < 400 && box.height > 120 && box.width > 300, 'a small map at the top').toBe(true);
    // Both pins drawn inside the map (the view fits them), with the numbers of the cards.
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            (window.__pantauLiaisonMap?.queryRenderedFeatures({ layers: ['liaison-alerts'] }) ?? [])
              .map((f) => `${String(f.properties.n)}:${String(f.properties.id)}`)
              .sort(),
          ),
        { timeout: 15_000 },
      )
      .toEqual(
        [
          `${await card(flood).locator('[data-testid="alert-number"] [aria-hidden]').textContent()}:${flood.id}`,
          `${await card(group).locator('[data-testid="alert-number"] [aria-hidden]').textContent()}:${group.id}`,
        ].sort(),
      );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'liaison-phone.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'liaison-phone-full.png'), fullPage: true });
  });

  it('acknowledges with "Terima"', async () => {
    const c = card(flood);
    await c.getByRole('button', { name: 'Terima', exact: true }).click();
    await c.locator('[data-testid="ack-confirm"]').click();
    await c.locator('.status--acknowledged').waitFor({ timeout: 10_000 });
    expect(await c.textContent()).toMatch(new RegExp(`oleh ${liaison.username}`));
    // Resolving is "Selesai"; nothing says "Acknowledge" in Indonesian.
    expect(await c.getByRole('button', { name: 'Selesai', exact: true }).count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain('Acknowledge');
    const admin = await loginAdmin(server.baseUrl);
    expect((await alertForIncident(admin, flood.dedupeKey.slice('incident:'.length)))?.status).toBe(
      'acknowledged',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'liaison-phone-acknowledged.png') });

    // The same screen in English.
    await page.goto(`${server.baseUrl}/liaison?lang=en`);
    await card(group).waitFor({ timeout: 20_000 });
    expect(await card(group).locator('[data-testid="alert-members"] summary').textContent()).toBe(
      '2 incidents',
    );
    expect(await card(group).getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(1);
    expect(await card(flood).getByRole('button', { name: 'Resolve', exact: true }).count()).toBe(1);
    expect(
      await card(flood)
        .getByRole('link', { name: /open map/ })
        .count(),
    ).toBe(1);

    expect(errors, 'page errors').toEqual([]);
    expect(csp, 'CSP violations').toEqual([]);
    expect(foreign, 'requests to other origins').toEqual([]);
  });
});
