/**
 * The public status page (`/status`, `/api/v1/public/status`, the Atom feed and the badges): no
 * login, nothing internal (a site with an open alert, an incident and a hijack finding shows only a
 * state), services marked non-public left out, cacheable (ETag → 304, Cache-Control), rate-limited
 * per address, the notices supervisors write (operators may not) shown in JSON, HTML and Atom, and
 * the 90 daily uptime bars drawn over WITA calendar days.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PublicStatusSchema, type Notice, type PublicStatus } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, type Session } from '../../helpers/api.js';
import { call, createUser, dataOf, loginAdmin, loginAs } from '../../helpers/http.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { govPage, startSite, type Site } from '../health/integrity/sites.js';

const SECRET = 'RAHASIA-INTERNAL-42';
const SPAM = '<div style="display:none"><a href="https://slot-gacor.example/">slot gacor maxwin</a></div>';
const FORBIDDEN = [
  'evidence',
  '"incidents"',
  'password',
  'telegram',
  '"alerts"',
  'gacor',
  'spam',
  'integrity',
];

describe('the public status page', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-public-'));
  let site: Site;
  let server: TestServer;
  let admin: Session;
  let n = 0;
  /** Each call from its own address (the server trusts one proxy hop), so the rate limit stays apart. */
  const get = (p: string, headers: Record<string, string> = {}) =>
    call(server.baseUrl, 'GET', p, { headers: { 'x-forwarded-for': `198.51.100.${++n % 250}`, ...headers } });
  const status = async () => (await get('/api/v1/public/status')).body as PublicStatus;

  beforeAll(async () => {
    site = await startSite(() => ({ html: govPage({ links: [], footer: SPAM }) }));
    const file = path.join(dir, 'services.yaml');
    writeFileSync(
      file,
      stringify({
        services: [
          {
            id: 'web-hijacked',
            agencyId: 'dinkes',
            name: 'Situs Dinkes (uji)',
            kind: 'website',
            url: `${site.base}/`,
            check: { type: 'http', url: `${site.base}/`, intervalSeconds: 3600, integrity: { delayMs: 0 } },
          },
          { id: 'web-hidden', agencyId: 'dinkes', name: 'Situs internal', kind: 'website', public: false },
          { id: 'api-internal', agencyId: 'dinkes', name: 'API internal', kind: 'api' },
          { id: 'web-wita', agencyId: 'dinkes', name: 'Situs hari WITA (uji)', kind: 'website' },
        ],
      }),
    );
    server = await startServer({
      env: {
        PANTAU_SERVICES_FILE: file,
        PANTAU_CHECK_ALLOWED_NETWORKS: '127.0.0.0/8',
        PANTAU_INTEGRITY_INTERVAL_SECONDS: '1',
        PANTAU_PUBLIC_REFRESH_SECONDS: '0.2',
        PANTAU_PUBLIC_RATE_PER_MINUTE: '20',
        PANTAU_TRUST_PROXY: '1',
      },
    });
    admin = await loginAdmin(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the public services with their state, without login and without anything internal', async () => {
    const key = await createIngestKey(server.baseUrl, ['health:write', 'incidents:write']);
    const down = await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', {
      serviceId: 'web-dinkes',
      status: 'down',
      latencyMs: 0,
      reason: 'status',
      message: SECRET,
      checkedAt: new Date().toISOString(),
    });
    expect(down.status).toBeLessThan(300);
    // The hijacked site answers (up) — while serving spam.
    const up = await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', {
      serviceId: 'web-hijacked',
      status: 'up',
      latencyMs: 5,
      checkedAt: new Date().toISOString(),
    });
    expect(up.status).toBeLessThan(300);
    const inc = await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      incident(`inc-${SECRET}`, { title: SECRET, description: SECRET, agencyId: 'dinkes' }),
    );
    expect(inc.status).toBeLessThan(300);
    // The hijacked site's finding is recorded (an incident with its proof) before we look.
    await waitFor(
      async () =>
        (
          (await admin.request('GET', '/api/v1/services')).body as {
            data: { items: { id: string; state: { integrity?: unknown } }[] };
          }
        ).data.items.find((s) => s.id === 'web-hijacked')?.state.integrity,
      'the integrity finding on web-hijacked',
    );
    const v = await waitFor(async () => {
      const s = await status();
      return s.services.find((x) => x.id === 'web-dinkes')?.state === 'down' &&
        s.services.find((x) => x.id === 'web-hijacked')?.state === 'degraded'
        ? s
        : null;
    }, 'the public view with web-dinkes down and the hijacked site disrupted');

    const r = await get('/api/v1/public/status');
    expect(r.status).toBe(200);
    expect(() => PublicStatusSchema.parse(r.body)).not.toThrow();
    const text = JSON.stringify(r.body).toLowerCase();
    for (const word of [...FORBIDDEN, SECRET.toLowerCase(), '"reason"'])
      expect(text, `"${word}" in the public JSON`).not.toContain(word);
    const dinkes = v.services.find((x) => x.id === 'web-dinkes');
    expect(dinkes).toMatchObject({ kind: 'website', agencyId: 'dinkes', state: 'down' });
    expect(dinkes?.days.uptime).toHaveLength(90);
    expect(dinkes?.days.uptime.at(-1)).toBe(0);
    expect(dinkes?.agencyName).toMatch(/Kesehatan/);
    expect(v.city.baseline).toMatchObject({ year: 2018, percent: 60.7 });
    expect(v.overall).toBe('down');

    const html = await get('/status');
    expect(html.status).toBe(200);
    const page = String(html.body);
    for (const word of [...FORBIDDEN, SECRET]) expect(page.toLowerCase()).not.toContain(word.toLowerCase());
    expect(page).toContain('Situs Dinkes (uji)');
  });

  it('leaves out services marked non-public and APIs, badge included', async () => {
    const v = await status();
    const ids = v.services.map((s) => s.id);
    expect(ids).toContain('web-dinkes');
    expect(ids).not.toContain('web-hidden');
    expect(ids).not.toContain('api-internal');
    expect((await get('/status/badge/web-hidden.svg')).status).toBe(404);
    expect((await get('/status/badge/api-internal.svg')).status).toBe(404);
    const badge = await get('/status/badge/web-dinkes.svg');
    expect(badge.status).toBe(200);
    expect(badge.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(String(badge.body)).toContain('Tidak dapat diakses');
    expect(String(await (await get('/status')).body)).not.toContain('Situs internal');
  });

  it('serves a page that works without JavaScript, in Bahasa Indonesia and English', async () => {
    const r = await get('/status');
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const page = String(r.body);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('<html lang=id>');
    expect(page).toMatch(/Dinas Kesehatan/);
    expect(page).toContain('Tidak dapat diakses');
    // Its only style sheet is allowed by the page's own policy.
    expect(r.headers.get('content-security-policy')).toMatch(/style-src 'sha256-/);
    const en = String((await get('/status?lang=en')).body);
    expect(en).toContain('<html lang=en>');
    expect(en).toContain('Unreachable');
  });

  it('is cacheable: Cache-Control, and 304 on a matching If-None-Match', async () => {
    const paths = ['/status', '/api/v1/public/status', '/status/feed.atom', '/status/badge/web-dinkes.svg'];
    const etags = new Map<string, string>();
    for (const p of paths) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('cache-control'), p).toMatch(/public, max-age=\d+/);
      expect(r.headers.get('etag'), p).toMatch(/^"[\w-]+"$/);
      etags.set(p, r.headers.get('etag') ?? '');
      // Compressed once per generation for clients that take gzip (fetch does).
      expect(r.headers.get('content-encoding'), p).toBe('gzip');
    }
    // The view is rebuilt every 0.2 s here; with the same content it keeps its ETags.
    await new Promise((r) => setTimeout(r, 500));
    for (const p of paths) {
      expect((await get(p, { 'if-none-match': etags.get(p) ?? '' })).status, p).toBe(304);
      expect((await get(p, { 'if-none-match': '"other"' })).status, p).toBe(200);
    }
  });

  it('limits each address, answering 429 with Retry-After; other addresses go on', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const codes: number[] = [];
    let retry: string | null = null;
    for (let i = 0; i < 25; i++) {
      const r = await call(server.baseUrl, 'GET', '/api/v1/public/status', { headers: from });
      codes.push(r.status);
      if (r.status === 429) retry = r.headers.get('retry-after');
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(20);
    expect(codes.slice(20)).toEqual([429, 429, 429, 429, 429]);
    expect(Number(retry)).toBeGreaterThan(0);
    expect((await get('/api/v1/public/status')).status).toBe(200);
  });

  it('shows a notice a supervisor publishes in JSON, HTML and Atom; an operator may not publish', async () => {
    const operator = await loginAs(server.baseUrl, await createUser(admin, 'operator'));
    const body = {
      kind: 'maintenance',
      title: 'Pemindahan server Dinkes',
      body: 'Situs Dinkes dipindahkan ke pusat data kota.',
      serviceIds: ['web-dinkes'],
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    };
    expect((await operator.request('POST', '/api/v1/notices', body)).status).toBe(403);
    const supervisor = await loginAs(server.baseUrl, await createUser(admin, 'supervisor'));
    const made = await supervisor.request('POST', '/api/v1/notices', body);
    expect(made.status).toBe(201);
    const notice = dataOf<Notice>(made);
    const upd = await supervisor.request('PATCH', `/api/v1/notices/${notice.id}`, {
      update: 'Jadwal dikonfirmasi.',
    });
    expect(upd.status).toBe(200);
    expect(dataOf<Notice>(upd).updates.map((u) => u.body)).toEqual(['Jadwal dikonfirmasi.']);

    // Shown at once on this instance (the view is rebuilt after the edit).
    const v = await status();
    expect(v.notices.find((x) => x.id === notice.id)).toMatchObject({
      title: body.title,
      phase: 'upcoming',
      serviceIds: ['web-dinkes'],
    });
    expect(JSON.stringify(v)).not.toContain('createdBy');
    const page = String((await get('/status')).body);
    expect(page).toContain('Pemindahan server Dinkes');
    expect(page).toContain('Jadwal dikonfirmasi.');
    const atom = await get('/status/feed.atom');
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(String(atom.body)).toContain('<feed');
    expect(String(atom.body)).toContain('Pemindahan server Dinkes');

    const audit = dataOf<{ items: { action: string; target?: string; actor: { name: string | null } }[] }>(
      await admin.request('GET', '/api/v1/audit?limit=50'),
    ).items;
    expect(
      audit.find((e) => e.action === 'notice.create' && e.target === notice.id)?.actor.name,
    ).toBeTruthy();
    expect(audit.some((e) => e.action === 'notice.update' && e.target === notice.id)).toBe(true);

    // Closed: among the past notices.
    expect(
      (await supervisor.request('PATCH', `/api/v1/notices/${notice.id}`, { status: 'closed' })).status,
    ).toBe(200);
    expect((await status()).notices.find((x) => x.id === notice.id)?.phase).toBe('past');
  });

  it('draws one bar per WITA day: 07:30 WITA counts on its own date, not on the UTC day before', async () => {
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    const WITA = 8 * HOUR;
    const key = await createIngestKey(server.baseUrl, ['health:write']);
    // A UTC day three days back, at its midnight: D + 15:30 is 23:30 WITA on date D, D + 23:30 is
    // 07:30 WITA on date D + 1 and D + 40:30 is 00:30 WITA on date D + 2.
    const d = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
    const at = (hours: number) => new Date(d + hours * HOUR).toISOString();
    const beat = (status: 'up' | 'down', hours: number) =>
      ingest(server.baseUrl, key, '/api/v1/health/heartbeats', [
        { serviceId: 'web-wita', status, latencyMs: 10, checkedAt: at(hours) },
      ]);
    for (const h of [15, 15.5]) expect((await beat('up', h)).status, `up at +${h} h`).toBeLessThan(300);
    // DOWN is confirmed on the third failure: two samples count up, the third down.
    for (const h of [23, 23.25, 23.5])
      expect((await beat('down', h)).status, `down at +${h} h`).toBeLessThan(300);
    // Maintenance from 00:00 to 01:00 WITA on date D + 2 (16:00–17:00 UTC on D + 1).
    const mw = await admin.request('POST', '/api/v1/maintenance', {
      kind: 'once',
      serviceId: 'web-wita',
      startsAt: at(40),
      endsAt: at(41),
      reason: 'uji hari WITA',
    });
    expect(mw.status).toBe(201);
    expect((await beat('down', 40.5)).status).toBeLessThan(300);

    const today = () => Math.floor((Date.now() + WITA) / DAY) * DAY;
    const before = today();
    const days = await waitFor(async () => {
      const s = (await status()).services.find((x) => x.id === 'web-wita')?.days;
      return s?.maintenance.length ? s : null;
    }, 'the WITA-day bars of web-wita');
    const after = today();
    // The first bar is the WITA date 89 days before today's.
    const from = Date.parse(`${days.from}T00:00:00Z`);
    expect([before, after].map((t) => t - 89 * DAY)).toContain(from);
    const bar = (witaDate: number) => (witaDate - from) / DAY;
    expect(days.uptime).toHaveLength(90);
    expect(days.uptime[bar(d - DAY)], 'the day before').toBeNull();
    expect(days.uptime[bar(d)], 'date D: the two ups before 00:00 WITA').toBe(1);
    expect(days.uptime[bar(d + DAY)], 'date D + 1: up, up, down from 07:00 WITA').toBe(0.6667);
    expect(days.uptime[bar(d + 2 * DAY)], 'date D + 2: maintenance only').toBeNull();
    expect(days.maintenance).toEqual([bar(d + 2 * DAY)]);
    expect(days.uptime.slice(bar(d + 3 * DAY)).every((u) => u === null)).toBe(true);
  });

  it('counts citizen reports for the public: received, verified, resolved, rejected — and links to /lapor', async () => {
    const file = async (description: string) => {
      const fd = new FormData();
      fd.set('category', 'banjir');
      fd.set('description', description);
      fd.set('kelurahan', '64.71.03.1002');
      fd.set('phone', '0812-7777-0001');
      const res = await fetch(`${server.baseUrl}/lapor`, {
        method: 'POST',
        body: fd,
        redirect: 'manual',
        headers: { 'x-forwarded-for': `203.0.113.${++n % 250}` },
      });
      expect(res.status).toBe(303);
      return (res.headers.get('location') ?? '').split('/').pop() ?? '';
    };
    const before = (await status()).reports;
    expect(before).toMatchObject({ days: 30 });
    const [a, b, c] = [
      await file('Banjir di Jl. Soekarno-Hatta km 5'),
      await file('Genangan'),
      await file('Saluran'),
    ];
    expect((await admin.request('POST', `/api/v1/reports/${a}/verify`, {})).status).toBe(200);
    expect(
      (await admin.request('POST', `/api/v1/reports/${b}/reject`, { reason: 'Bukan wewenang kota' })).status,
    ).toBe(200);
    const now = await waitFor(async () => {
      const r = (await status()).reports;
      return r.received === before.received + 3 && r.rejected === before.rejected + 1 ? r : undefined;
    }, 'the public report figures');
    expect(now.verified).toBe(before.verified + 1);
    expect(now.closed).toBe(before.closed);
    const html = String((await get('/status')).body);
    expect(html).toContain(`${now.received}</strong>laporan warga masuk dalam 30 hari terakhir`);
    expect(html).toContain('href="/lapor"');
    // Figures only: no report text, number or contact reaches the public page.
    const json = JSON.stringify(await status());
    for (const text of [html, json]) {
      for (const hidden of [a, c, 'Soekarno-Hatta', '0812-7777-0001', 'Bukan wewenang'])
        expect(text).not.toContain(hidden);
      for (const bad of FORBIDDEN) expect(text.toLowerCase()).not.toContain(bad);
    }
  });
});
