/**
 * On call in a real browser, against a real server: a supervisor builds a weekly rotation of two
 * liaisons for an agency in the console ("Piket") — a bad turn length is named next to its field,
 * the saved rotation shows who is on call now, until when (WITA) and who takes over, with call and
 * WhatsApp links — and a save over someone else's change says so and reloads; a liaison on a
 * phone sets their own name and contacts in "Profil saya" (a bad number named next to its field);
 * an alert's drawer shows whom each step reached and, in the warning colour, a target nobody can
 * reach (no agency head set), and the wall carries the unanswered last step as a full-width red
 * banner in large letters; an admin gives a user contacts in Settings → users, a supervisor names
 * that user and Telegram on an escalation step and the list says so; axe-core finds nothing serious
 * on the on-call page nor in "Profil saya". Screenshots land in tests/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createIngestKey, incident, type Session } from '../helpers/api.js';
import { createUser, dataOf, loginAdmin, loginAs, openAlert, uid, type TestUser } from '../helpers/http.js';
import { ADMIN_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { axeProblems, chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const haveBrowser = chromiumAvailable();
const DAY_MS = 86_400_000;
const AGENCY = 'bpbd';

/** The WITA date `days` from now, `YYYY-MM-DD`. */
function witaDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
}

describe.skipIf(!haveBrowser)('on call: rotation, profile, unreachable targets (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Session;
  let supervisor: TestUser;
  let ani: TestUser;
  let budi: TestUser;
  let page: Page;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const csp: string[] = [];

  async function newPage(opts: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext(opts);
    contexts.push(context);
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) csp.push(m.text());
    });
    return p;
  }

  beforeAll(async () => {
    ensureClientBuilt();
    // Step 1 after a second (the head, who is not set), step 2 the wall's red (supervisor on duty: none scheduled).
    server = await startServer({ env: { PANTAU_ESCALATION_STEPS: '1:notify_agency_head,2:wall_red' } });
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    admin = await loginAdmin(server.baseUrl);
    supervisor = await createUser(admin, 'supervisor');
    ani = await createUser(admin, 'liaison', AGENCY);
    budi = await createUser(admin, 'liaison', AGENCY);
    // Ani's name and phone, as an admin sets them in Settings → users.
    const r = await admin.request('PATCH', `/api/v1/users/${ani.id}`, {
      displayName: 'Ani Piket',
      contacts: { phone: '+6281234567890' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);

    page = await newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(`${server.baseUrl}/console#oncall`);
    await signIn(page, supervisor.username, supervisor.password);
    await page.waitForSelector('[data-testid="oncall-list"]', { timeout: 15_000 });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('builds a weekly rotation of two liaisons: on call now, until the handover, and who is next', async () => {
    const item = page.locator(`[data-testid="oncall-item"][data-schedule="${AGENCY}"]`);
    expect(await item.getAttribute('data-configured')).toBe('0');
    await item.locator('.oncall-item__pick').click();
    expect(await page.evaluate(() => window.location.hash)).toBe(`#oncall/${AGENCY}`);
    const detail = page.locator(`[data-testid="oncall-detail"][data-schedule="${AGENCY}"]`);
    await detail.locator('[data-testid="oncall-editor"]').waitFor({ timeout: 15_000 });
    expect(await detail.locator('[data-testid="oncall-now"]').getAttribute('data-user')).toBe('');

    await detail.locator('[data-testid="layer-add"]').click();
    const layer = detail.locator('[data-testid="layer"]').first();
    await layer.locator('[data-testid="input-layers.0.name"]').fill('Mingguan BPBD');
    // The people picker offers the agency's liaisons; the order picked is the turn order.
    await layer.locator('[data-testid="input-layers.0.userIds"]').selectOption(ani.id);
    await layer.locator('[data-testid="input-layers.0.userIds"]').selectOption(budi.id);
    expect(
      await layer
        .locator('[data-testid="layer-people"] li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-user'))),
    ).toEqual([ani.id, budi.id]);
    const start = witaDate(-3);
    await layer.locator('[data-testid="input-layers.0.start"]').fill(start);
    await layer.locator('[data-testid="input-layers.0.handoverTime"]').fill('08:00');
    // A turn of 0 days: the server's 400 lands next to the field, nothing typed is lost.
    await layer.locator('[data-testid="input-layers.0.lengthDays"]').fill('0');
    await detail.locator('[data-testid="oncall-save"]').click();
    await layer.locator('[data-testid="field-error-layers.0.lengthDays"]').waitFor({ timeout: 10_000 });
    expect(await layer.locator('[data-testid="input-layers.0.name"]').inputValue()).toBe('Mingguan BPBD');
    expect(await detail.locator('[data-testid="oncall-now"]').getAttribute('data-user')).toBe('');

    await layer.locator('[data-testid="input-layers.0.lengthDays"]').fill('7');
    await detail.locator('[data-testid="oncall-save"]').click();
    await detail.locator(`[data-testid="oncall-now"][data-user="${ani.id}"]`).waitFor({ timeout: 10_000 });

    // Ani until the first handover, 7 days after the start at 08:00 WITA; then Budi.
    const handover = new Date(Date.parse(`${start}T08:00:00+08:00`) + 7 * DAY_MS).toISOString();
    expect(await detail.locator('[data-testid="oncall-until"]').getAttribute('data-at')).toBe(handover);
    expect(await detail.locator('[data-testid="oncall-until"] time').textContent()).toMatch(/08:00 WITA$/);
    expect(await detail.locator('[data-testid="oncall-next"]').getAttribute('data-user')).toBe(budi.id);
    expect(await detail.locator('[data-testid="oncall-next-from"]').getAttribute('data-at')).toBe(handover);
    expect(await detail.locator('[data-testid="oncall-now"] strong').textContent()).toBe('Ani Piket');
    // Her phone as a call and a WhatsApp link.
    expect(
      await detail.locator('[data-testid="oncall-now"] [data-testid="contact-tel"]').getAttribute('href'),
    ).toBe('tel:+6281234567890');
    expect(
      await detail.locator('[data-testid="oncall-now"] [data-testid="contact-wa"]').getAttribute('href'),
    ).toBe('https://wa.me/6281234567890');
    // Without Telegram or e-mail set up on this server, nothing can notify her: said plainly.
    await detail.locator('[data-testid="oncall-unreachable"]').waitFor();
    // The coming two weeks: Ani now, then Budi from the handover.
    const rows = detail.locator('[data-testid="oncall-shifts"] [data-testid="shift-row"]');
    expect(await rows.evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-user')))).toEqual([
      ani.id,
      budi.id,
    ]);
    expect(await rows.first().getAttribute('data-current')).toBe('1');
    // The overview follows.
    await page
      .locator(
        `[data-testid="oncall-item"][data-schedule="${AGENCY}"][data-configured="1"][data-user="${ani.id}"]`,
      )
      .waitFor({ timeout: 10_000 });
    // The server agrees.
    const answer = dataOf<{ onCall: { userId: string }; next: { person: { userId: string }; from: string } }>(
      await admin.request('GET', `/api/v1/agencies/${AGENCY}/oncall`),
    );
    expect(answer.onCall.userId).toBe(ani.id);
    expect(answer.next).toMatchObject({ person: { userId: budi.id }, from: handover });
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.querySelector('.oncall-layout__detail')?.scrollTo(0, 0);
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'oncall-rotation-1600.png') });
  });

  it('a save over someone else’s change says so and reloads their version', async () => {
    const detail = page.locator(`[data-testid="oncall-detail"][data-schedule="${AGENCY}"]`);
    const layer = detail.locator('[data-testid="layer"]').first();
    await layer.locator('[data-testid="input-layers.0.handoverTime"]').fill('09:00');
    // Meanwhile an admin names Ani the head.
    const cur = dataOf<{ schedule: { layers: unknown[]; version: number } }>(
      await admin.request('GET', `/api/v1/agencies/${AGENCY}/oncall`),
    );
    const put = await admin.request('PUT', `/api/v1/agencies/${AGENCY}/oncall`, {
      layers: cur.schedule.layers,
      headUserId: ani.id,
      expectedVersion: cur.schedule.version,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await detail.locator('[data-testid="oncall-save"]').click();
    await detail.locator('[data-testid="oncall-conflict"]').waitFor({ timeout: 10_000 });
    await detail.locator('[data-testid="oncall-reload"]').click();
    await detail.locator('[data-testid="oncall-conflict"]').waitFor({ state: 'detached' });
    expect(await detail.locator('[data-testid="input-headUserId"]').inputValue()).toBe(ani.id);
    expect(await layer.locator('[data-testid="input-layers.0.handoverTime"]').inputValue()).toBe('08:00');
    // Back to no head, for the escalation below.
    await detail.locator('[data-testid="input-headUserId"]').selectOption('');
    await detail.locator('[data-testid="oncall-save"]').click();
    await detail.locator('[data-testid="oncall-head"][data-user=""]').waitFor({ timeout: 10_000 });
  });

  it('a liaison sets their own name and contacts in "Profil saya" on a phone', async () => {
    const phone = await newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await phone.goto(`${server.baseUrl}/liaison`);
    await signIn(phone, budi.username, budi.password);
    await phone.click('[data-testid="open-profile"]');
    const form = phone.locator('[data-testid="profile-form"]');
    await form.waitFor({ timeout: 15_000 });
    // The Telegram field says where the chat id comes from.
    expect(await phone.locator('[data-testid="profile-dialog"]').textContent()).toMatch(/\/start/);
    await form.locator('[data-testid="input-displayName"]').fill('Budi Siaga');
    await form.locator('[data-testid="input-telegramChatId"]').fill('123456789');
    await form.locator('[data-testid="input-email"]').fill('budi@example.org');
    // Not a phone number: the server's issue sits next to the phone field.
    await form.locator('[data-testid="input-phone"]').fill('12345');
    await form.locator('[data-testid="profile-save"]').click();
    await form.locator('[data-testid="field-error-phone"]').waitFor({ timeout: 10_000 });
    expect(await form.locator('[data-testid="field-error-telegramChatId"]').count()).toBe(0);
    // Typed the local way: kept in the international form.
    await form.locator('[data-testid="input-phone"]').fill('0812-3456-7891');
    await form.locator('[data-testid="profile-save"]').click();
    await expect
      .poll(() => form.locator('[data-testid="form-notice"]').textContent(), { timeout: 10_000 })
      .toBe('Profil disimpan.');
    const dialog = phone.locator('[data-testid="profile-dialog"]');
    expect(await dialog.locator('[data-testid="contact-wa"]').getAttribute('href')).toBe(
      'https://wa.me/6281234567891',
    );
    expect(await dialog.locator('[data-testid="contact-email"]').getAttribute('href')).toBe(
      'mailto:budi@example.org',
    );
    // Nothing sticks out sideways on the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'oncall-profile-phone.png') });

    // The on-call page on the phone: the agency's turns and Budi's own contacts, no editor for a liaison.
    await phone.goto(`${server.baseUrl}/console#oncall/${AGENCY}`);
    const detail = phone.locator(`[data-testid="oncall-detail"][data-schedule="${AGENCY}"]`);
    await detail.locator(`[data-testid="oncall-now"][data-user="${ani.id}"]`).waitFor({ timeout: 15_000 });
    expect(await detail.locator('[data-testid="oncall-next"] strong').textContent()).toBe('Budi Siaga');
    expect(await detail.locator('[data-testid="oncall-editor"]').count()).toBe(0);
    // Everything but the shift table (which scrolls sideways in its own box) fits the phone's width.
    const outside = await detail.evaluate((el) =>
      [...el.querySelectorAll('a, button, strong, dd, h2')]
        .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => e.textContent),
    );
    expect(outside).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'oncall-page-phone.png') });

    const me = dataOf<{ displayName: string; contacts: Record<string, string> }>(
      await (await loginAs(server.baseUrl, budi)).request('GET', '/api/v1/auth/me/profile'),
    );
    expect(me).toMatchObject({
      displayName: 'Budi Siaga',
      contacts: { telegramChatId: '123456789', phone: '+6281234567891', email: 'budi@example.org' },
    });
  });

  it('shows in the alert drawer whom each step reached, a target nobody can reach in the warning colour, and the wall’s red banner', async () => {
    const key = await createIngestKey(server.baseUrl);
    const alert = await openAlert(
      server.baseUrl,
      key,
      admin,
      incident(uid('oncall-flood'), { title: 'Banjir Sungai Ampal meluap', agencyId: AGENCY }),
    );
    await page.click('[data-testid="tab-alerts"]');
    await page.click(`tr[data-id="${alert.id}"] [data-testid="open-alert"]`);
    const drawer = page.locator('[data-testid="alert-drawer"]');
    await drawer.waitFor({ timeout: 10_000 });
    // Opened: it reached Ani, on call (who has no channel the server can use).
    const opened = drawer.locator(
      '[data-testid="alert-timeline"] li[data-action="opened"] [data-testid="timeline-delivery"]',
    );
    await opened.waitFor({ timeout: 10_000 });
    expect(await opened.getAttribute('data-user'), (await opened.textContent()) ?? '').toBe(ani.id);
    expect(await opened.textContent()).toContain('Ani Piket');
    // Step 1 to the agency head, who is not set: unreachable, said in the warning colour.
    const escalated = drawer.locator('[data-testid="alert-timeline"] li[data-action="escalated"]');
    await expect.poll(() => escalated.count(), { timeout: 20_000 }).toBe(2);
    const step1 = escalated.last().locator('[data-testid="delivery-unreachable"]');
    expect(await step1.textContent()).toContain('tidak terjangkau: kepala OPD belum ditetapkan');
    expect(await escalated.last().textContent()).toContain('Tahap 1');
    const colour = await step1.evaluate((el) => getComputedStyle(el).color);
    expect(colour).toBe('rgb(251, 191, 36)');
    expect(await escalated.first().locator('[data-testid="delivery-unreachable"]').textContent()).toContain(
      'tidak ada supervisor jaga terjadwal',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'oncall-drawer-unreachable.png') });

    // The wall: nobody took it and it reached the last step (wall red) — a banner across the wall.
    const token = await createDisplayToken(server.baseUrl);
    const wall = await newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
    await wall.goto(`${server.baseUrl}/wall?token=${encodeURIComponent(token)}`);
    const banner = wall.locator(`[data-testid="wall-red"][data-id="${alert.id}"]`);
    await banner.waitFor({ timeout: 30_000 });
    const look = await banner.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const title = el.querySelector('[data-testid="wall-red-title"]');
      const small = [...el.querySelectorAll('*')]
        .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim()))
        .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 20)
        .map((e) => e.textContent);
      return {
        width: r.width,
        bg: getComputedStyle(el).backgroundColor,
        titlePx: title ? parseFloat(getComputedStyle(title).fontSize) : 0,
        title: title?.textContent ?? '',
        small,
      };
    });
    expect(look.width).toBeGreaterThan(1800);
    expect(look.bg).toBe('rgb(185, 28, 28)');
    expect(look.titlePx).toBeGreaterThanOrEqual(32);
    expect(look.title).toBe('Banjir Sungai Ampal meluap');
    expect(look.small).toEqual([]);
    await wall.screenshot({ path: path.join(ARTIFACTS, 'oncall-wall-red-1920.png') });

    // Acknowledged: somebody has it, the banner goes.
    const ack = await (
      await loginAs(server.baseUrl, ani)
    ).request('POST', `/api/v1/alerts/${alert.id}/ack`, {});
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    expect(errors).toEqual([]);
    expect(csp).toEqual([]);
  });

  it('gives a user contacts in Settings → users, names them and Telegram on an escalation step, and passes axe', async () => {
    const adminPage = await newPage({
      viewport: { width: 1600, height: 1000 },
      deviceScaleFactor: 1,
      bypassCSP: true,
    });
    await adminPage.goto(`${server.baseUrl}/console#config/users`);
    await signIn(adminPage, 'admin', ADMIN_PASSWORD);
    const row = adminPage.locator(`[data-testid="user-row"][data-username="${supervisor.username}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: /Ubah/ }).click();
    const edit = adminPage.locator('[data-testid="user-edit-form"]');
    await edit.locator('[data-testid="input-displayName"]').fill('Sari Supervisor');
    await edit.locator('[data-testid="input-telegramChatId"]').fill('555000111');
    await edit.locator('[data-testid="input-phone"]').fill('+62 811 2222 333');
    await edit.locator('button[type="submit"]').click();
    await row.locator('[data-testid="contact-wa"]').waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-testid="user-contacts"]').textContent()).toContain('Sari Supervisor');
    const users = dataOf<{ items: { id: string; contacts: Record<string, string> }[] }>(
      await admin.request('GET', '/api/v1/users'),
    ).items;
    expect(users.find((u) => u.id === supervisor.id)?.contacts).toEqual({
      telegramChatId: '555000111',
      phone: '+628112222333',
    });

    // New contacts sign nobody out: the supervisor works on in the same session. Step 1 of the
    // default policy reaches Sari by name, on Telegram only. (An alert drawer an earlier step left
    // open covers the tabs: close it as a person would.)
    const drawer = page.locator('[data-testid="alert-drawer"]');
    if (await drawer.isVisible()) {
      await drawer.focus().catch(() => undefined);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached', timeout: 10_000 });
    }
    await page.click('[data-testid="tab-config"]');
    await page.click('[data-testid="cfg-nav-escalation"]');
    const card = page.locator('[data-testid="policy"][data-policy-id="default"]');
    await card.locator('[data-testid="policy-edit"]').click();
    const step = card.locator('[data-testid="step-row"]').first();
    await step.locator('[data-testid="step-target-select"]').selectOption(`user:${supervisor.id}`);
    await step.locator('[data-testid="step-channel-telegram"]').check();
    await card.screenshot({ path: path.join(ARTIFACTS, 'oncall-escalation-editing.png') });
    await card.locator('[data-testid="policy-save"]').click();
    const listed = card.locator('[data-testid="policy-step"]').first();
    await expect
      .poll(() => listed.textContent(), { timeout: 10_000 })
      .toContain(`pengguna ${supervisor.username}`);
    expect(await listed.textContent()).toContain('Telegram');
    const policies = dataOf<{ items: { id: string; steps: Record<string, unknown>[] }[] }>(
      await admin.request('GET', '/api/v1/escalation-policies'),
    ).items;
    expect(policies.find((p) => p.id === 'default')?.steps[0]).toEqual({
      afterSeconds: 1,
      action: 'notify_agency_head',
      target: { kind: 'user', userId: supervisor.id },
      channels: ['telegram'],
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'oncall-escalation-targets.png') });

    // axe-core on the on-call page (with the editor) and in "Profil saya".
    await adminPage.goto(`${server.baseUrl}/console#oncall/${AGENCY}`);
    await adminPage
      .locator('[data-testid="oncall-editor"] [data-testid="layer"]')
      .waitFor({ timeout: 15_000 });
    expect(await axeProblems(adminPage)).toEqual([]);
    await adminPage.click('[data-testid="open-profile"]');
    await adminPage.locator('[data-testid="profile-form"]').waitFor({ timeout: 10_000 });
    expect(await axeProblems(adminPage)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
