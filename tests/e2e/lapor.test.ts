/**
 * Citizen reports in Chromium: the /lapor form on a 390×844 phone, without JavaScript (kelurahan
 * picker, plain POST, status page) and with it (the device's location fills the point); then an
 * operator verifies the report in the console's "Laporan warga" page and the reporter's page follows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createUser, loginAdmin } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { axeProblems, chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const PHONE = { width: 390, height: 844 };

describe.skipIf(!chromiumAvailable())('citizen reports in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Posts the form as a browser without JavaScript would; answers the response (303 on success). */
  const postReport = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    return fetch(`${server.baseUrl}/lapor`, { method: 'POST', body: fd, redirect: 'manual' });
  };
  const numberOf = (res: Response) => (res.headers.get('location') ?? '').split('/').pop() ?? '';
  /** The console's "Laporan warga" page, signed in as a new user of `role` (`bypassCSP` only for axe-core). */
  async function triageAs(role: 'operator' | 'supervisor', bypassCSP = false) {
    const admin = await loginAdmin(server.baseUrl);
    const who = await createUser(admin, role);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP });
    const con = await context.newPage();
    await con.goto(`${server.baseUrl}/console#reports`);
    await signIn(con, who.username, who.password);
    return { context, con, card: (id: string) => con.locator(`[data-testid="report-${id}"]`) };
  }

  it('works without JavaScript on a phone: kelurahan picker, POST, status page', async () => {
    const ctx = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${server.baseUrl}/lapor`);
    // The location button needs JavaScript: hidden without it.
    expect(await page.locator('#locate').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.selectOption('#category', 'jalan-rusak');
    await page.fill('#description', 'Lubang besar di Jl. Mulawarman');
    await page.selectOption('#kelurahan', '64.71.01.1001');
    await Promise.all([
      page.waitForURL(/\/lapor\/LPR-\d{4}-\d{6}$/),
      page.click('form[method="post"] button[type="submit"]'),
    ]);
    expect(await page.locator('.status').textContent()).toContain('Diterima');
    expect(await page.content()).toContain('Manggar');
    await ctx.close();
    // axe runs as a script: a JavaScript context that lets it past the page's CSP.
    const js = await browser.newContext({ viewport: PHONE, bypassCSP: true }); // for axe-core
    const p2 = await js.newPage();
    await p2.goto(`${server.baseUrl}/lapor`);
    expect(await axeProblems(p2)).toEqual([]);
    await js.close();
  });

  it('fills the point from the device, and follows the operator verifying it in the console', async () => {
    const ctx = await browser.newContext({
      viewport: PHONE,
      geolocation: { latitude: -1.2379, longitude: 116.8529 },
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    await page.goto(`${server.baseUrl}/lapor`);
    await page.click('#locate');
    await expect.poll(() => page.inputValue('#lat')).toBe('-1.237900');
    await page.selectOption('#category', 'banjir');
    await page.fill('#description', 'Air setinggi lutut di depan SDN 012');
    await Promise.all([
      page.waitForURL(/\/lapor\/LPR-/),
      page.click('form[method="post"] button[type="submit"]'),
    ]);
    const id = page.url().split('/').pop() ?? '';
    if (process.env.LAPOR_SHOT) await page.screenshot({ path: process.env.LAPOR_SHOT });

    const { context: consoleCtx, con, card: cardOf } = await triageAs('operator');
    const card = cardOf(id);
    await card.waitFor();
    expect(await card.textContent()).toContain('Air setinggi lutut');
    if (process.env.TRIAGE_SHOT) await con.screenshot({ path: process.env.TRIAGE_SHOT });
    await card.getByRole('button', { name: 'Verifikasi' }).click();
    await card.waitFor({ state: 'detached' });

    await page.reload();
    expect(await page.locator('.status').textContent()).toContain('Diverifikasi');
    await ctx.close();
    await consoleCtx.close();
  });

  it('offers the nearby report of the same problem when merging, and merges into it with one pick', async () => {
    const post = async (description: string, long: string) => {
      const res = await postReport({ category: 'pohon-tumbang', description, lat: '-1.2379', long });
      expect(res.status).toBe(303);
      return numberOf(res);
    };
    const first = await post('Pohon tumbang menutup Jl. Soekarno-Hatta', '116.8529');
    const dup = await post('Ada pohon tumbang di jalan', '116.8540');

    const { context: consoleCtx, card: cardOf } = await triageAs('operator');
    const card = cardOf(dup);
    await card.getByRole('button', { name: 'Gabungkan' }).click();
    const similar = card.locator(`[data-testid="similar-${dup}"]`);
    await similar.waitFor();
    expect(await similar.textContent()).toMatch(/12\d m dari sini/);
    if (process.env.MERGE_SHOT) await card.screenshot({ path: process.env.MERGE_SHOT });
    await similar.getByRole('button', { name: first }).click();
    expect(await card.getByRole('textbox').inputValue()).toBe(first);
    await card.getByRole('button', { name: 'Konfirmasi' }).click();
    await card.waitFor({ state: 'detached' });
    const page = await (await fetch(`${server.baseUrl}/lapor/${dup}`)).text();
    expect(page).toContain(first);
    await consoleCtx.close();
  });

  it('lets a supervisor block a sender from the triage card; the next report from that phone is refused', async () => {
    const post = (description: string) =>
      postReport({ category: 'sampah', description, kelurahan: '64.71.03.1002', phone: '0812-5555-0199' });
    const first = await post('Iklan pinjaman online berulang kali');
    expect(first.status).toBe(303);
    const id = numberOf(first);

    const { context: consoleCtx, con, card: cardOf } = await triageAs('supervisor', true);
    const card = cardOf(id);
    await card.waitFor();
    expect(await card.textContent()).toContain('Kanal: Formulir web');
    await card.getByRole('button', { name: 'Blokir pengirim' }).click();
    await card.getByLabel('Pengirim').selectOption({ label: 'Telepon: 0812-5555-0199' });
    await card.getByLabel('Alasan (opsional)').fill('spam pinjol');
    expect(await axeProblems(con)).toEqual([]);
    await card.getByRole('button', { name: 'Blokir', exact: true }).click();
    await expect
      .poll(() => card.getByRole('status').textContent())
      .toContain('Diblokir: Telepon 0812-5555-0199');

    const again = await post('Iklan lagi');
    expect(again.status).toBe(403);
    await consoleCtx.close();
  });
});
