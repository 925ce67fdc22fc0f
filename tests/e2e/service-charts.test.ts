/**
 * The console's service charts in a real browser: a service checked every second against an HTTP
 * server this test controls (healthy, then failing, then healthy again), a supervisor opens it,
 * the response-time chart has one point per check the API returns and the state strip shows the
 * down check; axe-core finds nothing serious on the page; a 1920×1080 screenshot lands in
 * tests/artifacts/service-charts.png.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Session } from '../helpers/api.js';
import { createUser, dataOf, loginAdmin, type TestUser } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { axeProblems, chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();
const SERVICE = 'e2e-chart-portal';
/** The check's "slower than this is degraded" threshold: drawn as a line on the chart. */
const DEGRADED_ABOVE_MS = 1500;

interface Check {
  seq: number;
  status: 'up' | 'degraded' | 'down';
  reason: string | null;
}

/** An HTTP target that answers 200, or 503 while `failing` is set. */
function startTarget(): Promise<{
  url: string;
  setFailing: (v: boolean) => void;
  close: () => Promise<void>;
}> {
  let failing = false;
  const server = http.createServer((_req, res) => {
    res.writeHead(failing ? 503 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(failing ? 'Service Unavailable' : '<h1>Portal Pemkot</h1>');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        setFailing: (v) => (failing = v),
        close: () => {
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      });
    }),
  );
}

describe.skipIf(!haveBrowser)('console service charts (Chromium)', () => {
  let redis: TestRedis | null = null;
  let target: Awaited<ReturnType<typeof startTarget>>;
  let server: TestServer;
  let browser: Browser;
  let admin: Session;
  let supervisor: TestUser;
  let dir: string;

  const checks = async (query = ''): Promise<Check[]> => {
    const r = await admin.request('GET', `/api/v1/services/${SERVICE}/checks?limit=100${query}`);
    if (r.status !== 200) throw new Error(`checks: ${r.status}`);
    return dataOf<{ items: Check[] }>(r).items;
  };

  beforeAll(async () => {
    ensureClientBuilt();
    if (redisAvailable()) redis = await startRedis();
    target = await startTarget();
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-charts-'));
    const file = path.join(dir, 'services.yaml');
    writeFileSync(
      file,
      stringify({
        services: [
          {
            id: SERVICE,
            agencyId: 'diskominfo',
            name: 'Portal uji grafik',
            kind: 'website',
            url: target.url,
            check: {
              type: 'http',
              url: target.url,
              intervalSeconds: 1,
              timeoutMs: 2_000,
              degradedAboveMs: DEGRADED_ABOVE_MS,
            },
          },
        ],
      }),
    );
    server = await startServer({
      env: { ...(redis ? { REDIS_URL: redis.url } : {}), PANTAU_SERVICES_FILE: file },
    });
    admin = await loginAdmin(server.baseUrl);
    supervisor = await createUser(admin, 'supervisor');
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });

    // A few healthy checks, then failures, then healthy again: real runs of the real scheduler.
    await waitFor(async () => (await checks()).length >= 3, 'three checks', {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    target.setFailing(true);
    await waitFor(async () => (await checks()).some((c) => c.status === 'down'), 'a down check', {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    target.setFailing(false);
    await waitFor(async () => (await checks())[0]?.status === 'up', 'an up check after the failure', {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await target?.close();
    await redis?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openService(
    bypassCSP: boolean,
  ): Promise<{ page: Page; csp: string[]; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
      bypassCSP,
    });
    const page = await context.newPage();
    const csp: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${server.baseUrl}/console#services`);
    await signIn(page, supervisor.username, supervisor.password);
    await page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });
    await page.click(`button.svc-cell[data-service="${SERVICE}"]`, { timeout: 15_000 });
    await page.waitForSelector('[data-testid="rt-chart"] [data-testid="rt-point"]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid="avail-section"][data-state="ready"]', { timeout: 30_000 });
    return { page, csp, errors, close: () => context.close() };
  }

  it('charts one point per check the API returns, with the down check in the state strip', async () => {
    const { page, csp, errors, close } = await openService(false);
    try {
      // Read the drawn chart in one go: its newest check, its points and its strip cells.
      const drawn = await page.evaluate(() => {
        const chart = document.querySelector('[data-testid="rt-chart"]');
        return {
          newestSeq: Number(chart?.getAttribute('data-newest-seq')),
          points: [...document.querySelectorAll('[data-testid="rt-point"]')].map((p) =>
            Number(p.getAttribute('data-seq')),
          ),
          strip: [...document.querySelectorAll('[data-testid="strip-cell"]')].map((c) => ({
            seq: Number(c.getAttribute('data-seq')),
            state: c.getAttribute('data-state'),
          })),
          label:
            document.querySelector('[data-testid="rt-chart"] [role="group"]')?.getAttribute('aria-label') ??
            '',
          threshold: document.querySelector('[data-testid="rt-threshold"]') !== null,
        };
      });
      // The API's page ending at the chart's newest check: the same checks, whatever ran since.
      const api = await checks(`&before=${drawn.newestSeq + 1}`);
      expect(api.length).toBeGreaterThanOrEqual(4);
      expect(drawn.points).toHaveLength(api.length);
      expect([...drawn.points].sort((a, b) => a - b)).toEqual(api.map((c) => c.seq).sort((a, b) => a - b));
      expect(drawn.strip).toHaveLength(api.length);
      const down = api
        .filter((c) => c.status === 'down' && c.reason !== 'monitor_degraded')
        .map((c) => c.seq);
      expect(down.length).toBeGreaterThan(0);
      for (const seq of down) expect(drawn.strip.find((c) => c.seq === seq)?.state).toBe('down');
      expect(drawn.label).toMatch(new RegExp(`${down.length} gagal dari ${api.length}`));
      expect(drawn.threshold, 'the degraded threshold line is drawn').toBe(true);

      // Keyboard: focus the chart, Home picks the oldest check (healthy) and its details appear in words.
      await page.focus('[data-testid="rt-chart"] [role="group"]');
      await page.keyboard.press('Home');
      await page.waitForSelector('[data-testid="rt-point"][class*="chart__point--active"]');
      expect(await page.textContent('[data-testid="rt-detail"]')).toMatch(/WITA · Berjalan/);
      // The table alternative lists the same checks as the chart (checks keep running: read both at once).
      await page.click('[data-testid="rt-chart"] button[aria-expanded="false"]');
      const table = await page.evaluate(() => ({
        rows: document.querySelectorAll('[data-testid="rt-table"] tbody tr').length,
        points: document.querySelectorAll('[data-testid="rt-point"]').length,
      }));
      expect(table.rows).toBe(table.points);

      // Availability per hour over 24 h, with the SLA target line; switching to 7 days reloads per day.
      expect(await page.locator('[data-testid="avail-time"] [data-testid="avail-bar"]').count()).toBe(24);
      expect(await page.locator('[data-testid="avail-time"] [data-testid="sla-target"]').count()).toBe(1);
      expect(await page.textContent('[data-testid="chart-asof"]')).toMatch(/WITA/);
      await page.click('[data-testid="chart-window-7d"]');
      await page.waitForSelector(
        '[data-testid="avail-section"][data-state="ready"] [data-testid="avail-time"][data-count="7"]',
        { timeout: 30_000 },
      );
      await page.click('[data-testid="chart-window-24h"]');
      await page.waitForSelector(
        '[data-testid="avail-section"][data-state="ready"] [data-testid="avail-time"][data-count="24"]',
        { timeout: 30_000 },
      );
      // The evidence list still follows the charts.
      expect(
        await page.locator('[data-testid="service-history"] table.table tbody tr').count(),
      ).toBeGreaterThan(0);
      expect(csp, 'no CSP refusal (no inline styles in the SVG)').toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('has no serious or critical axe findings and is saved as a 1920×1080 screenshot', async () => {
    const { page, close } = await openService(true);
    try {
      await page.locator('[data-testid="service-charts"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'service-charts.png') });
      expect(await axeProblems(page)).toEqual([]);
    } finally {
      await close();
    }
  });
});
