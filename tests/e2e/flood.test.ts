/**
 * A flood on the wall, in Chromium: with more open incidents than a snapshot carries in full, the
 * wall still gets its snapshot at once — the most severe and newest in full, the rest drawn as
 * clusters with their counts — and the KPI counts every open incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { SNAPSHOT_MAX_INCIDENTS } from '../../shared/limits.js';
import { createDisplayToken, createIngestKey, incident, ingest } from '../helpers/api.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium } from './browser.js';

const EXTRA = 300;

describe.skipIf(!chromiumAvailable())('a flood of incidents on the wall (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startServer({ env: { PANTAU_INGEST_RATE_PER_MINUTE: '100000' } });
    token = await createDisplayToken(server.baseUrl);
    const key = await createIngestKey(server.baseUrl);
    const total = SNAPSHOT_MAX_INCIDENTS + EXTRA;
    for (let from = 0; from < total; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, total - from) }, (_, k) =>
        incident(`flood-${from + k}`, {
          severity: 'minor',
          category: (from + k) % 2 ? 'flood' : 'traffic',
          location: [116.83 + ((from + k) % 40) * 0.002, -1.25 + ((from + k) % 30) * 0.002],
          occurredAt: new Date(Date.now() - (total - from - k) * 100).toISOString(),
        }),
      );
      expect((await ingest(server.baseUrl, key, '/api/v1/incidents', batch)).status).toBe(202);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'draws the incidents beyond the bound as clusters whose counts add up',
    { timeout: 300_000 },
    async () => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
      await page.waitForFunction(() => document.body.dataset.mapReady === '1', null, { timeout: 90_000 });
      const counted = await page.waitForFunction(
        () => {
          const map = (
            window as unknown as {
              __pantauMaps?: Record<
                string,
                {
                  querySourceFeatures: (s: string) => { properties: { count: number } }[];
                  triggerRepaint: () => void;
                }
              >;
            }
          ).__pantauMaps?.overview;
          // A starved renderer on a loaded machine may sit idle: ask for a frame on every poll.
          map?.triggerRepaint();
          const features = map?.querySourceFeatures('incident-clusters') ?? [];
          const sum = features.reduce((n, f) => n + Number(f.properties.count), 0);
          return sum > 0 ? sum : null;
        },
        null,
        // SwiftShader renders the tiles slowly on a busy machine: the clusters appear once they are drawn.
        { timeout: 150_000 },
      );
      // Features may be split across tiles; at least the counted rest is there, never more than it.
      const sum = Number(await counted.jsonValue());
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThanOrEqual(EXTRA * 2);
      // The KPI counts every open incident (shown with the Indonesian thousands dot).
      expect(
        Number((await page.textContent('[data-testid="kpi-incidents-minor"]'))?.replace(/\D/g, '')),
      ).toBe(SNAPSHOT_MAX_INCIDENTS + EXTRA);
      await page.close();
    },
  );
});
