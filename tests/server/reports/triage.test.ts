import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, Report } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import {
  alertForIncident,
  allIncidents,
  createUser,
  dataOf,
  loginAdmin,
  loginAs,
} from '../../helpers/http.js';
import { fileWeb, phoneJpeg, postLapor } from './helpers.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

const postForm = postLapor;
const report = fileWeb;
const page = async (base: string, id: string) => (await fetch(`${base}/lapor/${id}`)).text();
const open311 = async (base: string, id: string) =>
  (
    (await (await fetch(`${base}/open311/v2/requests/${id}.json`)).json()) as {
      status: string;
      status_notes: string | null;
    }[]
  )[0];

describe('citizen reports: the web form and the triage queue', () => {
  let server: TestServer;
  let base: string;
  let media: string;
  let admin: Session;
  let operator: Session;
  let liaison: Session;
  let supervisor: Session;

  beforeAll(async () => {
    media = mkdtempSync(path.join(tmpdir(), 'pantau-media-'));
    server = await startServer({ env: { PANTAU_MEDIA_DIR: media, PANTAU_REPORTS_PER_HOUR: '1000' } });
    base = server.baseUrl;
    admin = await loginAdmin(base);
    operator = await loginAs(base, await createUser(admin, 'operator'));
    supervisor = await loginAs(base, await createUser(admin, 'supervisor'));
    liaison = await loginAs(base, await createUser(admin, 'liaison', 'dlh'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stores a photo re-encoded without EXIF or GPS, shows it to operators only, and keeps the contact private', async () => {
    const original = await phoneJpeg();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const id = await report(base, {
      category: 'sampah',
      description: 'Sampah menumpuk di depan Pasar Pandansari',
      kelurahan: '64.71.02.1001',
      phone: '0812-9999-0001',
      email: 'pelapor@example.id',
      photo: original,
    });
    expect(id).toMatch(/^LPR-\d{4}-\d{6}$/);

    const files = readdirSync(media).filter((f) => f.endsWith('.jpg'));
    expect(files).toHaveLength(1);
    const stored = readFileSync(path.join(media, files[0] ?? ''));
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(stored.includes('Exif')).toBe(false);
    expect(stored.includes('PhoneCo')).toBe(false);

    const photo = await fetch(`${base}/api/v1/reports/${id}/photo`, { headers: { cookie: operator.cookie } });
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer()).includes('Exif')).toBe(false);
    expect((await fetch(`${base}/api/v1/reports/${id}/photo`)).status).toBe(401);
    expect(
      (await fetch(`${base}/api/v1/reports/${id}/photo`, { headers: { cookie: liaison.cookie } })).status,
    ).toBe(403);

    const queue = await operator.request('GET', '/api/v1/reports');
    const mine = dataOf<{ items: Report[] }>(queue).items.find((r) => r.id === id);
    expect(mine?.contact).toMatchObject({ phone: '0812-9999-0001', email: 'pelapor@example.id' });
    expect(mine?.photo?.width).toBe(320);

    const html = await page(base, id);
    expect(html).toContain(id);
    expect(html).toContain('Sampah menumpuk di depan Pasar Pandansari');
    for (const secret of ['0812-9999-0001', 'pelapor@example.id']) {
      expect(html).not.toContain(secret);
      expect(JSON.stringify(await open311(base, id))).not.toContain(secret);
    }
    // Rubbish has no routing rule of its own: the category's agency (DLH) is asked for.
    const v = dataOf<Report>(await operator.request('POST', `/api/v1/reports/${id}/verify`, {}));
    const inc = (await allIncidents(admin)).items.find((i: Incident) => i.id === v.incidentId);
    expect(inc).toMatchObject({ agencyId: 'dlh', kelurahanCode: '64.71.02.1001' });
  });

  it('refuses a point outside Balikpapan, no location, or an oversized photo with the form again', async () => {
    const outside = await postForm(base, {
      category: 'banjir',
      description: 'banjir',
      lat: '-6.2',
      long: '106.8',
    });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('luar Kota Balikpapan');
    expect(outside.text).toContain('banjir'); // the description is kept
    const nowhere = await postForm(base, { category: 'banjir', description: 'banjir' });
    expect(nowhere.status).toBe(400);
    const big = await postForm(base, {
      category: 'banjir',
      description: 'banjir',
      kelurahan: '64.71.02.1001',
      photo: Buffer.alloc(5 * 1024 * 1024 + 10, 1),
    });
    expect(big.status).toBe(413);
  });

  it('verify: an incident routed to the category agency, linked both ways; the reporter sees it follow the alert', async () => {
    const id = await report(base, {
      category: 'banjir',
      description: 'Air masuk rumah warga RT 12',
      lat: '-1.2379',
      long: '116.8529',
    });
    expect((await open311(base, id))?.status).toBe('open');
    expect((await liaison.request('POST', `/api/v1/reports/${id}/verify`, {})).status).toBe(403);

    const v = await operator.request('POST', `/api/v1/reports/${id}/verify`, {});
    expect(v.status).toBe(200);
    const verified = dataOf<Report>(v);
    expect(verified.status).toBe('verified');
    expect(verified.incidentId).toBeTruthy();
    const inc = (await allIncidents(admin)).items.find((i: Incident) => i.id === verified.incidentId);
    expect(inc).toMatchObject({
      agencyId: 'bpbd',
      category: 'flood',
      kelurahanCode: '64.71.03.1002',
      source: 'report',
    });
    expect(inc?.attributes?.reportId).toBe(id);
    expect(await page(base, id)).toContain('Diverifikasi');
    expect((await operator.request('POST', `/api/v1/reports/${id}/verify`, {})).status).toBe(409);

    const alert = await waitFor(() => alertForIncident(admin, verified.incidentId ?? ''), 'alert');
    expect(alert.agencyId).toBe('bpbd');
    expect((await admin.request('POST', `/api/v1/alerts/${alert.id}/ack`, {})).status).toBe(200);
    expect(await page(base, id)).toContain('Sedang ditangani');
    expect(
      (await admin.request('POST', `/api/v1/alerts/${alert.id}/resolve`, { code: 'true_positive' })).status,
    ).toBe(200);
    expect(await page(base, id)).toContain('Selesai');
    expect((await open311(base, id))?.status).toBe('closed');

    const audit = dataOf<{ items: { action: string; target: string }[] }>(
      await admin.request('GET', '/api/v1/audit'),
    );
    expect(audit.items.some((e) => e.action === 'report.verify' && e.target === id)).toBe(true);
  });

  it('reject with a reason the reporter reads; merge a duplicate that then follows its original', async () => {
    const spam = await report(base, {
      category: 'lainnya',
      description: 'tes tes',
      kelurahan: '64.71.01.1001',
    });
    expect((await operator.request('POST', `/api/v1/reports/${spam}/reject`, {})).status).toBe(400);
    const rj = await operator.request('POST', `/api/v1/reports/${spam}/reject`, {
      reason: 'Bukan laporan masalah',
    });
    expect(rj.status).toBe(200);
    expect(dataOf<Report>(rj).status).toBe('rejected');
    expect(await page(base, spam)).toContain('Bukan laporan masalah');
    expect(await open311(base, spam)).toMatchObject({
      status: 'closed',
      status_notes: 'Bukan laporan masalah',
    });

    const first = await report(base, {
      category: 'lampu-jalan',
      description: 'PJU mati',
      kelurahan: '64.71.04.1001',
    });
    const dup = await report(base, {
      category: 'lampu-jalan',
      description: 'lampu mati',
      kelurahan: '64.71.04.1001',
    });
    expect((await operator.request('POST', `/api/v1/reports/${dup}/merge`, { into: dup })).status).toBe(400);
    const m = await operator.request('POST', `/api/v1/reports/${dup}/merge`, { into: first });
    expect(m.status).toBe(200);
    expect(dataOf<Report>(m)).toMatchObject({ status: 'merged', mergedInto: first });
    expect((await operator.request('POST', `/api/v1/reports/${first}/merge`, { into: dup })).status).toBe(
      409,
    );
    // The duplicate's reporter sees the original's progress.
    expect((await operator.request('POST', `/api/v1/reports/${first}/verify`, {})).status).toBe(200);
    expect(await page(base, dup)).toContain('Diverifikasi');

    const newOnes = dataOf<{ items: Report[] }>(
      await operator.request('GET', '/api/v1/reports?status=new'),
    ).items;
    expect(newOnes.map((r) => r.id)).not.toContain(dup);
    const merged = dataOf<{ items: Report[] }>(
      await operator.request('GET', '/api/v1/reports?status=merged'),
    ).items;
    expect(merged.map((r) => r.id)).toEqual([dup]);
    const rejected = dataOf<{ items: Report[] }>(
      await operator.request('GET', '/api/v1/reports?status=rejected'),
    ).items;
    expect(rejected.map((r) => r.id)).toEqual([spam]);
  });

  it('block list: supervisors block a phone (audited), its reports are refused; operators cannot edit it; liaisons see no queue', async () => {
    expect(
      (await operator.request('POST', '/api/v1/report-blocks', { kind: 'phone', value: '0813 1111 2222' }))
        .status,
    ).toBe(403);
    expect((await liaison.request('GET', '/api/v1/reports')).status).toBe(403);
    const b = await supervisor.request('POST', '/api/v1/report-blocks', {
      kind: 'phone',
      value: '+62 813-1111-2222',
      reason: 'spam berulang',
    });
    expect(b.status).toBe(201);
    const refused = await postForm(base, {
      category: 'sampah',
      description: 'x',
      kelurahan: '64.71.01.1001',
      phone: '0813 1111 2222',
    });
    expect(refused.status).toBe(403);
    const blockId = dataOf<{ id: string }>(b).id;
    expect((await supervisor.request('DELETE', `/api/v1/report-blocks/${blockId}`)).status).toBe(204);
    expect(
      (
        await postForm(base, {
          category: 'sampah',
          description: 'x',
          kelurahan: '64.71.01.1001',
          phone: '0813 1111 2222',
        })
      ).status,
    ).toBe(303);
    const audit = dataOf<{ items: { action: string }[] }>(await admin.request('GET', '/api/v1/audit'));
    expect(audit.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['report.block', 'report.unblock']),
    );
  });

  it('offers reports that may be the same problem: same category, near or same kelurahan, not rejected', async () => {
    // A category no other test here files, so only this test's reports are candidates.
    const at = (lat: number, long: number, description: string, category = 'pohon-tumbang') =>
      report(base, { category, description, lat: String(lat), long: String(long) });
    const a = await at(-1.2379, 116.8529, 'Pohon tumbang di depan SD 012');
    const near = await at(-1.2379, 116.8556, 'Dahan besar menutup jalan dekat SD');
    const far = await at(-1.2379, 116.8979, 'Pohon tumbang di tempat lain');
    const other = await at(-1.2379, 116.853, 'Sampah menumpuk', 'sampah');
    const byKel = await report(base, {
      category: 'pohon-tumbang',
      description: 'Pohon tumbang',
      kelurahan: '64.71.03.1002',
    });
    const similar = async (id: string) =>
      dataOf<{ items: { report: Report; distanceMeters: number | null }[] }>(
        await operator.request('GET', `/api/v1/reports/${id}/similar`),
      ).items;
    const found = await similar(a);
    expect(found.map((x) => x.report.id)).toEqual([near, byKel]);
    expect(found[0]?.distanceMeters).toBeGreaterThan(250);
    expect(found[0]?.distanceMeters).toBeLessThan(350);
    expect(found[1]?.distanceMeters).toBeNull();
    expect(found.map((x) => x.report.id)).not.toContain(far);
    expect(found.map((x) => x.report.id)).not.toContain(other);
    expect(
      (await operator.request('POST', `/api/v1/reports/${near}/reject`, { reason: 'Dobel' })).status,
    ).toBe(200);
    expect((await similar(a)).map((x) => x.report.id)).toEqual([byKel]);
    expect((await operator.request('GET', '/api/v1/reports/LPR-2000-000001/similar')).status).toBe(404);
    expect((await liaison.request('GET', `/api/v1/reports/${a}/similar`)).status).toBe(403);
  });
});
