/**
 * Stored configuration that fails its schema (planted directly in Redis, as an older version or a
 * hand edit would leave it) is listed at the top of the console's settings with the reason, and an
 * admin removes it there; the instance serves throughout.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { axeProblems, chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

describe.skipIf(!chromiumAvailable() || !redisAvailable())(
  'invalid stored configuration in the console (Chromium, Redis)',
  () => {
    let redis: TestRedis;
    let server: TestServer;
    let browser: Browser;

    beforeAll(async () => {
      ensureClientBuilt();
      redis = await startRedis();
      const raw = new Redis(redis.url);
      await raw.hset(
        'pantau:doc:service-defs',
        'web-lama',
        JSON.stringify({
          id: 'web-lama',
          service: {
            id: 'web-lama',
            agencyId: 'dinkes',
            name: 'Situs lama',
            kind: 'website',
            url: 'javascript:alert(1)',
            verified: true,
          },
          version: 1,
        }),
      );
      await raw.hset('pantau:ver:service-defs', 'web-lama', '1');
      raw.disconnect();
      server = await startServer({ env: { REDIS_URL: redis.url } });
      browser = await launchChromium();
      mkdirSync(ARTIFACTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await redis?.dispose();
    });

    it('lists the entry with its reason above the settings and removes it on request', async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/console#config/services`);
      await signIn(page, 'admin', ADMIN_PASSWORD);
      const row = page.locator('[data-testid="cfg-invalid-service-web-lama"]');
      await row.waitFor({ timeout: 20_000 });
      expect(await row.textContent()).toMatch(/url/);
      expect(await page.textContent('[data-testid="cfg-invalid"]')).toContain('tidak valid');
      expect(await axeProblems(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'config-invalid.png') });
      await page.click('[data-testid="cfg-invalid-delete-service-web-lama"]');
      await page.click('[data-testid="cfg-invalid-delete-service-web-lama-confirm"]');
      await page.waitForSelector('[data-testid="cfg-invalid-service-web-lama"]', {
        state: 'detached',
        timeout: 15_000,
      });
      const left = await fetch(`${server.baseUrl}/api/v1/config/invalid`, {
        headers: { cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
      });
      expect(((await left.json()) as { data: { items: unknown[] } }).data.items).toEqual([]);
      await context.close();
    });
  },
);
