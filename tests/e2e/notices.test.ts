/**
 * Settings → Pengumuman in Chromium, as a supervisor: a notice's edit form opens prefilled (times in
 * WITA), saving a new title and end reaches the public /status page; another notice is deleted after
 * the confirm step and leaves the page; an edit racing a change made elsewhere says so (409) and
 * loads the newer version instead of overwriting it. axe-core finds nothing serious with the form open.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../shared/schemas/index.js';
import type { Session } from '../helpers/api.js';
import { createUser, dataOf, loginAdmin, loginAs, type TestUser } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { axeProblems, chromiumAvailable, ensureClientBuilt, launchChromium, signIn } from './browser.js';

describe.skipIf(!chromiumAvailable())('notices in the console (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let supervisor: Session;
  let user: TestUser;
  const publish = async (title: string, extra: Record<string, unknown> = {}) => {
    const r = await supervisor.request('POST', '/api/v1/notices', {
      kind: 'announcement',
      title,
      body: 'Rinciannya menyusul.',
      ...extra,
    });
    expect(r.status).toBe(201);
    return dataOf<Notice>(r);
  };
  const stored = async (id: string) =>
    dataOf<{ items: Notice[] }>(await supervisor.request('GET', '/api/v1/notices')).items.find(
      (n) => n.id === id,
    );
  const publicPage = async () => (await fetch(`${server.baseUrl}/status`)).text();
  const row = (id: string) => page.locator(`[data-testid="notice-row"][data-id="${id}"]`);

  beforeAll(async () => {
    ensureClientBuilt();
    [server, browser] = await Promise.all([
      startServer({ env: { PANTAU_PUBLIC_REFRESH_SECONDS: '0.2' } }),
      launchChromium(),
    ]);
    user = await createUser(await loginAdmin(server.baseUrl), 'supervisor');
    supervisor = await loginAs(server.baseUrl, user);
    // `bypassCSP` only so axe-core can go in as a script tag.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('edits a notice (prefilled in WITA) and deletes another; /status shows both changes', async () => {
    // 00:30 UTC is 08:30 WITA.
    const kept = await publish('Pemeliharaan jaringan Diskominfo', {
      kind: 'maintenance',
      serviceIds: ['web-dinkes'],
      startsAt: '2030-01-01T00:30:00.000Z',
    });
    const gone = await publish('Pengumuman yang akan dihapus');
    expect(await publicPage()).toContain('Pengumuman yang akan dihapus');

    await page.goto(`${server.baseUrl}/console#config/notices`);
    await signIn(page, user.username, user.password);
    await page.waitForSelector('[data-testid="notices-table"]', { timeout: 15_000 });

    await row(kept.id).locator('[data-testid="notice-edit-open"]').click();
    const form = page.locator('[data-testid="notice-edit"]');
    expect(await form.locator('[data-testid="input-title"]').inputValue()).toBe(kept.title);
    expect(await form.locator('[data-testid="input-kind"]').inputValue()).toBe('maintenance');
    expect(await form.locator('[data-testid="input-startsAt"]').inputValue()).toBe('2030-01-01T08:30');
    expect(await axeProblems(page)).toEqual([]);
    await form.locator('[data-testid="input-title"]').fill('Pemeliharaan jaringan diundur');
    await form.locator('[data-testid="input-endsAt"]').fill('2030-01-01T12:00');
    await form.locator('[data-testid="notice-save"]').click();
    await form.waitFor({ state: 'detached' });
    await expect
      .poll(() =>
        page.locator('[data-testid="cfg-notices"] [data-testid="form-notice"]').first().textContent(),
      )
      .toContain('disimpan');
    await expect
      .poll(() => row(kept.id).locator('strong').textContent())
      .toBe('Pemeliharaan jaringan diundur');
    // Only what was edited changed: the start keeps its instant, the end is 12:00 WITA.
    expect(await stored(kept.id)).toMatchObject({
      title: 'Pemeliharaan jaringan diundur',
      kind: 'maintenance',
      serviceIds: ['web-dinkes'],
      startsAt: '2030-01-01T00:30:00.000Z',
      endsAt: '2030-01-01T04:00:00.000Z',
      version: kept.version + 1,
    });

    await row(gone.id).locator('[data-testid="notice-delete"]').click();
    // Asked first: nothing is deleted until the confirm.
    expect(await stored(gone.id)).toBeDefined();
    await row(gone.id).locator('[data-testid="notice-delete-confirm"]').click();
    await row(gone.id).waitFor({ state: 'detached' });
    expect(await stored(gone.id)).toBeUndefined();

    const html = await publicPage();
    expect(html).toContain('<h3>Pemeliharaan jaringan diundur</h3>');
    expect(html).toContain('sampai 1 Jan 2030, 12.00 WITA');
    expect(html).not.toContain('Pemeliharaan jaringan Diskominfo');
    expect(html).not.toContain('Pengumuman yang akan dihapus');
  });

  it('says so when the notice was changed elsewhere meanwhile, and loads the newer version', async () => {
    const n = await publish('Gangguan layanan KTP');
    await page.goto(`${server.baseUrl}/console?lang=en#config/notices`);
    await row(n.id).waitFor({ timeout: 15_000 });
    await row(n.id).locator('[data-testid="notice-edit-open"]').click();
    const form = page.locator('[data-testid="notice-edit"]');
    await form.locator('[data-testid="input-title"]').fill('Gangguan layanan KTP (saya)');

    const other = await supervisor.request('PATCH', `/api/v1/notices/${n.id}`, {
      title: 'Gangguan layanan KTP (rekan)',
      expectedVersion: n.version,
    });
    expect(other.status).toBe(200);

    await form.locator('[data-testid="notice-save"]').click();
    const conflict = form.locator('[data-testid="notice-conflict"]');
    await conflict.waitFor();
    expect(await form.locator('[data-testid="form-error"]').textContent()).toContain(
      'Someone else changed this notice',
    );
    expect(await conflict.textContent()).toContain('Gangguan layanan KTP (rekan)');
    // Nothing overwritten.
    expect((await stored(n.id))?.title).toBe('Gangguan layanan KTP (rekan)');
    // What was typed stays until the newer version is loaded.
    expect(await form.locator('[data-testid="input-title"]').inputValue()).toBe(
      'Gangguan layanan KTP (saya)',
    );
    await conflict.locator('[data-testid="notice-load-theirs"]').click();
    await expect
      .poll(() => form.locator('[data-testid="input-title"]').inputValue())
      .toBe('Gangguan layanan KTP (rekan)');
    await form.locator('[data-testid="input-title"]').fill('Gangguan layanan KTP (gabungan)');
    await form.locator('[data-testid="notice-save"]').click();
    await form.waitFor({ state: 'detached' });
    expect((await stored(n.id))?.title).toBe('Gangguan layanan KTP (gabungan)');
  });
});
