/**
 * A resident who reports through the /lapor form and gives an e-mail hears each step of the report
 * by e-mail (a local SMTP sink): the number at once, then verified, being handled, done — or the
 * reason it was rejected — once each. Without an e-mail, or through Open311 (the city app tells its
 * own users), nobody is mailed; an address that bounces is not retried forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import { createIngestKey } from '../../helpers/api.js';
import { alertForIncident, dataOf, loginAdmin } from '../../helpers/http.js';
import { smtpSink, type Mail } from '../../helpers/notifySinks.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { fileOpen311, fileWeb, reportEnv } from './helpers.js';

const PUBLIC_URL = 'https://pantau.balikpapan.example';

describe('citizen reports: status by e-mail for the web form', () => {
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let server: TestServer;
  let admin: Session;

  /** The mails to `to` about report `id` (quoted-printable soft breaks undone). */
  const mailsAbout = (to: string, id: string): Mail[] =>
    smtp.mails.filter((m) => m.to.includes(to) && m.text.replace(/=\r?\n/g, '').includes(id));
  const subjectOf = (m: Mail) => /^Subject: (.*)$/m.exec(m.text)?.[1] ?? '';
  const mailMatching = (to: string, id: string, re: RegExp) =>
    waitFor(() => mailsAbout(to, id).find((m) => re.test(m.text.replace(/=\r?\n/g, ''))), String(re), {
      timeoutMs: 15_000,
    });

  beforeAll(async () => {
    smtp = await smtpSink();
    server = await startServer({
      env: {
        ...reportEnv(null, 100),
        PANTAU_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        PANTAU_SMTP_FROM: 'Pantau Balikpapan <lapor@pantau.test>',
        PANTAU_PUBLIC_URL: PUBLIC_URL,
        PANTAU_REPORT_FOLLOW_SECONDS: '1',
      },
    });
    admin = await loginAdmin(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('says on the form that updates go to the e-mail given', async () => {
    const html = await (await fetch(`${server.baseUrl}/lapor`)).text();
    expect(html).toContain('kabar tindak lanjut dikirim ke sini');
  });

  it('mails the number at once, then verified, being handled and done, once each', async () => {
    const to = 'warga.utara@example.id';
    const id = await fileWeb(server.baseUrl, {
      category: 'banjir',
      description: 'Banjir setinggi lutut di depan SD 012',
      kelurahan: '64.71.03.1002',
      email: to,
    });
    const first = await mailMatching(to, id, /sudah kami terima/);
    expect(subjectOf(first)).toContain(`Laporan ${id}`);
    expect(first.text.replace(/=\r?\n/g, '')).toContain(`${PUBLIC_URL}/lapor/${id}`);
    expect(first.from).toBe('lapor@pantau.test');

    const verified = await admin.request('POST', `/api/v1/reports/${id}/verify`, {});
    expect(verified.status).toBe(200);
    await mailMatching(to, id, /sudah diverifikasi petugas Pantau dan diteruskan ke/);
    const alert = await waitFor(
      () => alertForIncident(admin, dataOf<Report>(verified).incidentId ?? ''),
      'the agency alert',
    );
    expect((await admin.request('POST', `/api/v1/alerts/${alert.id}/ack`, {})).status).toBe(200);
    await mailMatching(to, id, /sedang ditangani oleh/);
    expect(
      (await admin.request('POST', `/api/v1/alerts/${alert.id}/resolve`, { code: 'true_positive' })).status,
    ).toBe(200);
    await mailMatching(to, id, /sudah selesai ditangani/);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(mailsAbout(to, id)).toHaveLength(4);
  });

  it('mails a rejection with its reason; mails nobody without an e-mail, through Open311 or to a bouncing address', async () => {
    const to = 'warga.timur@example.id';
    const id = await fileWeb(server.baseUrl, {
      category: 'sampah',
      description: 'Sampah di pinggir jalan',
      kelurahan: '64.71.01.1001',
      email: to,
    });
    await mailMatching(to, id, /sudah kami terima/);
    expect(
      (await admin.request('POST', `/api/v1/reports/${id}/reject`, { reason: 'Sudah dibersihkan kemarin' }))
        .status,
    ).toBe(200);
    const rejected = await mailMatching(to, id, /tidak dapat kami tindak lanjuti/);
    expect(rejected.text.replace(/=\r?\n/g, '')).toContain('Sudah dibersihkan kemarin');

    const silent = await fileWeb(server.baseUrl, {
      category: 'sampah',
      description: 'Tanpa e-mail',
      kelurahan: '64.71.01.1001',
    });
    const key = await createIngestKey(server.baseUrl, ['reports:write']);
    const viaApp = await fileOpen311(server.baseUrl, key, {
      service_code: 'sampah',
      lat: '-1.2379',
      long: '116.8529',
      description: 'Dari aplikasi kota',
      email: 'pengguna.app@example.id',
    });
    const bounce = await fileWeb(server.baseUrl, {
      category: 'sampah',
      description: 'Alamat salah',
      kelurahan: '64.71.01.1001',
      email: 'reject@example.id',
    });
    // The bounce is given up on (told), so it leaves the list of reports to tell.
    await waitFor(async () => {
      const all = dataOf<{ items: Report[] }>(await admin.request('GET', '/api/v1/reports?status=all')).items;
      return all.find((r) => r.id === bounce)?.notifiedStatus === 'new' ? true : undefined;
    }, 'the bounce given up');
    await new Promise((r) => setTimeout(r, 2_000));
    for (const quiet of [silent, viaApp])
      expect(smtp.mails.filter((m) => m.text.includes(quiet))).toEqual([]);
    expect(smtp.mails.some((m) => m.to.includes('pengguna.app@example.id'))).toBe(false);
  });
});
