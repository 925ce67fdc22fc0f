/**
 * "Kanal notifikasi" in a real browser, against a real server and real local receivers: a
 * supervisor sets up the webhook and e-mail in the console, presses "Kirim uji", the receiver gets
 * the message and the page says so; a receiver that refuses is shown with its own words; a secret
 * typed once is not on the page after saving; axe-core finds nothing serious or critical.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/api.js';
import { createUser, loginAs, type TestUser } from '../helpers/http.js';
import { httpSink, smtpSink } from '../helpers/notifySinks.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { axeProblems, chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();
const HOOK_PASSWORD = 'pw-in-the-url-7781';

describe.skipIf(!haveBrowser)('notification channels in the console (Chromium)', () => {
  let server: TestServer;
  let sink: Awaited<ReturnType<typeof httpSink>>;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sup: TestUser;
  const errors: string[] = [];

  const card = (kind: string): Locator => page.locator(`[data-testid="channel-card"][data-kind="${kind}"]`);
  const result = (kind: string): Locator => card(kind).locator('[data-testid="channel-test-result"]');

  beforeAll(async () => {
    ensureClientBuilt();
    sink = await httpSink();
    smtp = await smtpSink();
    // The receivers listen on 127.0.0.1: an intranet address the operator allows.
    server = await startServer({ env: { PANTAU_CHECK_ALLOWED_NETWORKS: '127.0.0.1/32' } });
    const admin = await login(server.baseUrl);
    sup = await createUser(admin, 'supervisor');
    // The supervisor's own e-mail: where a test goes when no recipient is typed.
    const me = await loginAs(server.baseUrl, sup);
    expect(
      (await me.request('PATCH', '/api/v1/auth/me', { contacts: { email: 'supervisor@uji.local' } })).status,
    ).toBe(200);
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    // `bypassCSP` only so axe-core can go in as a script tag.
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/console#config/channels`);
    await signIn(page, sup.username, sup.password);
    await page.waitForSelector(
      '[data-testid="cfg-channels"] [data-testid="channel-card"][data-kind="email"]',
      {
        timeout: 15_000,
      },
    );
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await Promise.all([sink?.close(), smtp?.close()]);
  });

  it('sets up the webhook, sends a test that the receiver gets, and shows success', async () => {
    expect(await card('webhook').locator('[data-testid="channel-status"]').getAttribute('data-status')).toBe(
      'none',
    );
    const hookUrl = `http://pantau:${HOOK_PASSWORD}@127.0.0.1:${new URL(sink.url).port}/e2e-hook`;
    await card('webhook').locator('[data-testid="input-url"]').fill(hookUrl);
    await card('webhook').locator('[data-testid="channel-save"]').click();
    await page.waitForSelector('[data-testid="channel-card"][data-kind="webhook"][data-source="store"]', {
      timeout: 10_000,
    });
    expect(await card('webhook').locator('[data-testid="channel-status"]').getAttribute('data-status')).toBe(
      'on',
    );
    // The URL (and the password in it) is write-only: gone from the page once saved.
    expect(await page.content()).not.toContain(HOOK_PASSWORD);

    await card('webhook').getByRole('button', { name: 'Kirim uji' }).click();
    await expect.poll(() => result('webhook').getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');
    expect(await result('webhook').textContent()).toContain('Terkirim');
    const got = sink.calls.find((c) => c.path === '/e2e-hook' && c.body.event === 'test');
    expect(got?.body.by).toBe(sup.username);
    expect(String(got?.body.text)).toContain('Pesan uji');
    expect(got?.auth).toBe(`Basic ${Buffer.from(`pantau:${HOOK_PASSWORD}`).toString('base64')}`);
  });

  it("shows a receiver's refusal in its own words", async () => {
    await card('webhook').locator('[data-testid="input-url"]').fill(`${sink.url}/fail`);
    await card('webhook').locator('[data-testid="channel-save"]').click();
    await page.waitForSelector('[data-testid="channel-card"][data-kind="webhook"][data-version="2"]', {
      timeout: 10_000,
    });
    await card('webhook').getByRole('button', { name: 'Kirim uji' }).click();
    await expect.poll(() => result('webhook').getAttribute('data-ok'), { timeout: 15_000 }).toBe('false');
    expect(await result('webhook').textContent()).toContain('Gagal mengirim');
    expect(await result('webhook').textContent()).toContain('webhook answered 500: sink says no');
    expect(await result('webhook').getAttribute('role')).toBe('alert');
  });

  it('sets up e-mail with host and port; a test with no recipient reaches the supervisor’s own address', async () => {
    const email = card('email');
    await email.locator('[data-testid="input-host"]').fill('127.0.0.1');
    await email.locator('[data-testid="input-port"]').fill(String(smtp.port));
    await email.locator('[data-testid="input-from"]').fill('Pantau Uji <pantau@uji.local>');
    await email.locator('[data-testid="channel-save"]').click();
    await page.waitForSelector('[data-testid="channel-card"][data-kind="email"][data-source="store"]', {
      timeout: 10_000,
    });
    await card('email').getByRole('button', { name: 'Kirim uji' }).click();
    await expect.poll(() => result('email').getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');
    expect(await result('email').textContent()).toContain('supervisor@uji.local');
    const mail = smtp.mails.find((m) => m.to.includes('supervisor@uji.local'));
    expect(mail?.from).toBe('pantau@uji.local');
    expect(mail?.text).toContain('Pesan uji');

    // A typed recipient the server refuses: its reply is on the page.
    await card('email').locator('[data-testid="input-to"]').fill('reject@uji.local');
    await card('email').getByRole('button', { name: 'Kirim uji' }).click();
    await expect.poll(() => result('email').getAttribute('data-ok'), { timeout: 15_000 }).toBe('false');
    expect(await result('email').textContent()).toMatch(/550.*mailbox unavailable/);
  });

  it('has nothing serious for axe-core, and no page errors', async () => {
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-config-channels.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
