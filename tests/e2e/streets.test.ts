/**
 * Operator-supplied streets on the wall, in Chromium against real servers: with
 * PANTAU_STREETS_PMTILES set, both maps read a real PMTiles archive (written by the test) through
 * the `pmtiles` protocol from our own origin and draw its roads between the city fills and the
 * boundaries, without a CSP refusal or a request elsewhere; without it there is no streets source
 * and nothing complains.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken } from '../helpers/api.js';
import { buildStreetsArchive, type StreetsSchema } from '../helpers/pmtiles.js';
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

interface Watched {
  page: Page;
  requests: string[];
  /** `STATUS METHOD URL` of every answered request. */
  responses: string[];
  console: string[];
  errors: string[];
}

async function openWall(browser: Browser, server: TestServer): Promise<Watched> {
  const token = await createDisplayToken(server.baseUrl);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const w: Watched = { page, requests: [], responses: [], console: [], errors: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('response', (r) => w.responses.push(`${r.status()} ${r.request().method()} ${r.url()}`));
  page.on('websocket', (ws) => w.requests.push(ws.url()));
  page.on('console', (m: ConsoleMessage) => w.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => w.errors.push(e.message));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations?.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
  await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 60_000 });
  return w;
}

function sameOrigin(url: string, origin: URL): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  const u = new URL(url);
  return u.host === origin.host && ['http:', 'ws:'].includes(u.protocol);
}

/** Nothing refused, nothing foreign, no page error, no console error or warning (GPU chatter aside). */
async function expectClean(w: Watched, origin: URL): Promise<void> {
  expect(
    w.requests.filter((u) => !sameOrigin(u, origin)),
    'requests to other origins',
  ).toEqual([]);
  expect(await w.page.evaluate(() => window.__cspViolations ?? []), 'CSP violations').toEqual([]);
  expect(
    w.console.filter((l) => /Content Security Policy|Refused to/i.test(l)),
    'CSP console messages',
  ).toEqual([]);
  expect(w.errors, 'page errors').toEqual([]);
  const problems = w.console.filter(
    (l) => /^(error|warning):/.test(l) && !/GL Driver Message|GPU stall|WebGL:/i.test(l),
  );
  expect(problems, 'console errors and warnings').toEqual([]);
}

/** Distinct road classes in the streets source / rendered by one street layer, on one of the wall's maps. */
function roadClasses(
  page: Page,
  variant: 'overview' | 'detail',
  layer: string,
  sourceLayer: string,
  property: string,
): Promise<{ source: string[]; rendered: string[] }> {
  return page.evaluate(
    ({ variant, layer, sourceLayer, property }) => {
      const map = window.__pantauMaps?.[variant];
      if (!map?.getSource('streets')) return { source: [], rendered: [] };
      const kinds = (fs: { properties: Record<string, unknown> }[]): string[] =>
        [...new Set(fs.map((f) => String(f.properties[property])))].sort();
      return {
        source: kinds(map.querySourceFeatures('streets', { sourceLayer })),
        rendered: kinds(map.queryRenderedFeatures({ layers: [layer] })),
      };
    },
    { variant, layer, sourceLayer, property },
  );
}

describe.skipIf(!haveBrowser)('wall streets (Chromium)', () => {
  let dir: string;
  let browser: Browser;
  const servers: TestServer[] = [];

  async function serverWith(schema: StreetsSchema | null): Promise<TestServer> {
    const env: Record<string, string> = {};
    if (schema) {
      const file = path.join(dir, `${schema}.pmtiles`);
      writeFileSync(file, buildStreetsArchive({ schema }));
      env.PANTAU_STREETS_PMTILES = file;
    }
    const s = await startServer({ env });
    servers.push(s);
    return s;
  }

  beforeAll(async () => {
    // With PANTAU_CLIENT_DIR the server (which inherits the env) serves that build instead.
    if (!process.env.PANTAU_CLIENT_DIR) ensureClientBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-e2e-streets-'));
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('draws the operator’s streets (Protomaps schema) below the boundaries, from its own origin', async () => {
    const server = await serverWith('protomaps');
    const origin = new URL(server.baseUrl);
    const w = await openWall(browser, server);
    const { page } = w;

    for (const variant of ['overview', 'detail'] as const) {
      await waitFor(
        async () =>
          (await roadClasses(page, variant, 'streets-protomaps', 'roads', 'kind')).rendered.length === 3,
        `the three road kinds rendered on the ${variant} map`,
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      const classes = await roadClasses(page, variant, 'streets-protomaps', 'roads', 'kind');
      expect(classes.source).toEqual(['highway', 'major_road', 'minor_road']);
      expect(classes.rendered).toEqual(['highway', 'major_road', 'minor_road']);
    }

    // Above the land and city fills, below the coast, boundaries, labels and live pins.
    const order = await page.evaluate(
      () => window.__pantauMaps?.overview?.getStyle().layers.map((l) => l.id) ?? [],
    );
    const at = (id: string): number => order.indexOf(id);
    expect(at('streets-protomaps')).toBeGreaterThan(at('kelurahan-participation'));
    expect(at('streets-openmaptiles')).toBeGreaterThan(at('city'));
    for (const above of ['coast', 'kecamatan-line', 'label-kecamatan', 'incidents', 'services']) {
      expect(at('streets-protomaps'), above).toBeLessThan(at(above));
      expect(at('streets-openmaptiles'), above).toBeLessThan(at(above));
    }

    // The pmtiles reader came in its own chunk, and the archive from our own origin by range requests.
    expect(
      w.requests.some((u) => /\/assets\/vendor-pmtiles-[\w-]+\.js$/.test(u)),
      'pmtiles chunk loaded',
    ).toBe(true);
    expect(
      w.responses.filter((r) => r === `206 GET ${server.baseUrl}/tiles/streets.pmtiles`).length,
    ).toBeGreaterThanOrEqual(1);

    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-streets.png') });
    await expectClean(w, origin);
    await page.context().close();
  });

  it('draws OpenMapTiles-schema streets too', async () => {
    const server = await serverWith('openmaptiles');
    const w = await openWall(browser, server);
    await waitFor(
      async () =>
        (await roadClasses(w.page, 'overview', 'streets-openmaptiles', 'transportation', 'class')).rendered
          .length === 3,
      'the three road classes rendered on the overview',
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(
      (await roadClasses(w.page, 'overview', 'streets-openmaptiles', 'transportation', 'class')).rendered,
    ).toEqual(['minor', 'motorway', 'primary']);
    await expectClean(w, new URL(server.baseUrl));
    await w.page.context().close();
  });

  it('has no streets source and no complaint when none are configured', async () => {
    const server = await serverWith(null);
    const w = await openWall(browser, server);
    // The wall asked once and took the answer as "none".
    const check = await waitFor(
      () => w.responses.find((r) => r.includes(`${server.baseUrl}/tiles/`)),
      'the streets check answered',
      { timeoutMs: 15_000 },
    );
    expect(check).toBe(`200 GET ${server.baseUrl}/tiles/index.json`);
    const state = await w.page.evaluate(() =>
      (['overview', 'detail'] as const).map((v) => ({
        source: Boolean(window.__pantauMaps?.[v]?.getSource('streets')),
        layers: (window.__pantauMaps?.[v]?.getStyle().layers ?? []).filter((l) => l.id.startsWith('streets'))
          .length,
      })),
    );
    expect(state).toEqual([
      { source: false, layers: 0 },
      { source: false, layers: 0 },
    ]);
    expect(
      w.requests.filter((u) => u.includes('/tiles/') && !u.endsWith('/tiles/index.json')),
      'no archive requests',
    ).toEqual([]);
    expect(
      w.requests.filter((u) => u.includes('vendor-pmtiles')),
      'no pmtiles chunk without streets',
    ).toEqual([]);
    await expectClean(w, new URL(server.baseUrl));
    await w.page.context().close();
  });
});
