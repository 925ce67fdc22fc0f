/**
 * "Data feed stalled" in Chromium: the server stays connected and keeps sending heartbeats, but
 * its Redis traffic is black-holed, so it cannot read its event log. The wall, the console and the
 * liaison view must say so — distinctly from "disconnected" — and go back to live by themselves
 * once Redis answers again.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, incident, ingest, login } from '../helpers/api.js';
import { startChaosProxy, type ChaosProxy } from '../helpers/chaosProxy.js';
import { createUser } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');

/** STALE_AFTER_MS (15 s) plus the heartbeat period and the page's once-a-second re-judging. */
const STALL_SHOWN_MS = 30_000;

describe.skipIf(!chromiumAvailable() || !redisAvailable())(
  'data feed stalled (Chromium, Redis behind a fault proxy)',
  () => {
    let redis: TestRedis;
    let proxy: ChaosProxy;
    let server: TestServer;
    let browser: Browser;
    let token: string;
    let key: string;
    let liaison: { username: string; password: string };

    beforeAll(async () => {
      ensureClientBuilt();
      redis = await startRedis();
      proxy = await startChaosProxy(redis.port);
      server = await startServer({ env: { REDIS_URL: proxy.url } });
      token = await createDisplayToken(server.baseUrl);
      key = await createIngestKey(server.baseUrl);
      const u = await createUser(await login(server.baseUrl), 'liaison', 'bpbd');
      liaison = { username: u.username, password: u.password };
      browser = await launchChromium();
      mkdirSync(ARTIFACTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await proxy?.close();
      await redis?.dispose();
    });

    /** Opens a screen in its own context; signs in first where a user is given. */
    async function open(
      url: string,
      size: { width: number; height: number },
      user?: { username: string; password: string },
    ): Promise<Page> {
      const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(url);
      if (user) await signIn(page, user.username, user.password);
      await page.waitForSelector('[data-testid="connection"][data-state="connected"]', { timeout: 30_000 });
      return page;
    }

    it('shows the stall on the wall, the console and the phone, and clears it when the feed resumes', async () => {
      const wall = await open(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`, {
        width: 1920,
        height: 1080,
      });
      const phonePage = await open(`${server.baseUrl}/liaison`, { width: 390, height: 844 }, liaison);
      const consolePage = await open(
        `${server.baseUrl}/console`,
        { width: 1440, height: 900 },
        { username: 'admin', password: ADMIN_PASSWORD },
      );
      expect(await wall.getAttribute('body', 'data-live-health')).toBe('live');

      proxy.blackhole();
      await wall.waitForSelector('[data-testid="stale-banner"][data-kind="feed-stalled"]', {
        timeout: STALL_SHOWN_MS,
      });
      // Still connected: the socket is fine, the data is not.
      expect(await wall.getAttribute('[data-testid="connection"]', 'data-state')).toBe('feedStalled');
      expect(await wall.textContent('[data-testid="stale-banner"]')).toContain('ALIRAN DATA TERHENTI');
      await wall.screenshot({ path: path.join(ARTIFACTS, 'wall-feed-stalled.png') });
      for (const page of [consolePage, phonePage]) {
        await page.waitForSelector('[data-testid="feed-stalled"]', { timeout: STALL_SHOWN_MS });
        expect(await page.getAttribute('.screen-header', 'data-live-health')).toBe('feedStalled');
      }
      await phonePage.screenshot({ path: path.join(ARTIFACTS, 'liaison-feed-stalled.png') });

      // Redis answers again: every screen goes back to live by itself and gets what was accepted.
      proxy.resume();
      proxy.drop();
      const id = `resume-${Date.now()}`;
      for (let i = 0; i < 60; i++) {
        if (
          (
            await ingest(
              server.baseUrl,
              key,
              '/api/v1/incidents',
              incident(id, { title: 'Banjir setelah pemulihan' }),
            )
          ).status === 202
        )
          break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await wall.waitForSelector('[data-testid="stale-banner"]', {
        state: 'detached',
        timeout: STALL_SHOWN_MS,
      });
      expect(await wall.getAttribute('body', 'data-live-health')).toBe('live');
      for (const page of [consolePage, phonePage]) {
        await page.waitForSelector('[data-testid="feed-stalled"]', {
          state: 'detached',
          timeout: STALL_SHOWN_MS,
        });
      }
      await consolePage.waitForFunction(
        (title) => document.body.textContent?.includes(title),
        'Banjir setelah pemulihan',
        { timeout: 15_000 },
      );
    });
  },
);
