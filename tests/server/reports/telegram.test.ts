/**
 * Residents report through the city's Telegram bot, end to end against a local fake of the Bot API
 * (tests/helpers/fakeTelegram.ts) that the server long-polls: location, words and a photo in any
 * order, the category chosen with buttons, the report number in the chat; then a status message
 * for each step the report takes in the triage queue and at the agency (verified, being handled,
 * done; rejected with the reason). Abuse limits per chat and the block list; the chat id is never
 * shown outside the operators' view.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import { startFakeTelegram, type FakeTelegram, type TgMessage } from '../../helpers/fakeTelegram.js';
import { alertForIncident, createUser, dataOf, loginAdmin, loginAs } from '../../helpers/http.js';
import { phoneJpeg } from './helpers.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

const base = 200_000_000 + Math.floor(Math.random() * 700_000_000);
const SITI = base + 1;
const JOKO = base + 2;
const RINA = base + 3;
const SPAMMER = base + 4;
const FAR = base + 5;
const MIRA = base + 6;
const NINA = base + 7;
/** A point in Kel. Gunungsamarinda, Balikpapan Utara. */
const UTARA = { lat: -1.2379, long: 116.8529 };
const PUBLIC_URL = 'https://pantau.balikpapan.example';

describe('citizen reports through the Telegram bot', () => {
  let tg: FakeTelegram;
  let server: TestServer;
  let admin: Session;
  let operator: Session;
  let media: string;

  /** The next message the bot sends `chat` after the `seen` it had, matching `re`. */
  const reply = (chat: number, re: RegExp, what = String(re)): Promise<TgMessage> =>
    waitFor(() => tg.to(chat).find((m) => re.test(m.text)), what, { timeoutMs: 15_000 });
  const reportOf = async (id: string): Promise<Report> =>
    dataOf<{ items: Report[] }>(await operator.request('GET', '/api/v1/reports?status=all')).items.find(
      (r) => r.id === id,
    ) as Report;
  /** Sends place and words, presses the category, returns the report number the bot answers. */
  async function fileByChat(chat: number, words: string, category = 'Banjir'): Promise<string> {
    const before = tg.to(chat).length;
    tg.sendLocation(chat, UTARA.lat, UTARA.long);
    await waitFor(() => tg.to(chat).length > before || undefined, 'location answered');
    tg.say(chat, words);
    const question = await waitFor(
      () =>
        tg
          .to(chat)
          .slice(before)
          .find((m) => m.text.includes('kategori apa')),
      'category question',
    );
    tg.press(question, category, chat);
    const done = await waitFor(
      () =>
        tg
          .to(chat)
          .slice(before)
          .find((m) => /Laporan diterima|Terlalu banyak|tidak diterima/.test(m.text)),
      'filed',
    );
    return /Nomor: (LPR-\d{4}-\d{6})/.exec(done.text)?.[1] ?? done.text;
  }

  beforeAll(async () => {
    tg = await startFakeTelegram();
    media = mkdtempSync(path.join(tmpdir(), 'pantau-tg-media-'));
    server = await startServer({
      env: {
        PANTAU_TELEGRAM_BOT_TOKEN: '6161:resident-token',
        PANTAU_TELEGRAM_API_URL: tg.url,
        PANTAU_PUBLIC_URL: PUBLIC_URL,
        PANTAU_MEDIA_DIR: media,
        PANTAU_REPORTS_PER_HOUR: '3',
        PANTAU_REPORT_FOLLOW_SECONDS: '1',
      },
    });
    admin = await loginAdmin(server.baseUrl);
    operator = await loginAs(server.baseUrl, await createUser(admin, 'operator'));
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.close();
  });

  it('points web visitors to the bot by its username', async () => {
    const html = await (await fetch(`${server.baseUrl}/lapor`)).text();
    expect(html).toContain('href="https://t.me/pantau_test_bot"');
  });

  it('takes a report: location, words and a photo, category buttons, and the number in the chat', async () => {
    tg.say(SITI, '/lapor');
    const intro = await reply(SITI, /Untuk melapor/);
    expect(intro.reply_markup?.keyboard?.[0]?.[0]).toMatchObject({ request_location: true });

    tg.sendLocation(SITI, UTARA.lat, UTARA.long);
    const asked = await reply(SITI, /Lokasi dicatat/);
    expect(asked.text).toContain('Kel. Gunungsamarinda');

    tg.say(SITI, 'Banjir setinggi lutut di depan SD 012, sudah dua hari');
    const q1 = await reply(SITI, /kategori apa/);
    expect(q1.text).toContain('Foto: tidak ada');
    const labels = q1.reply_markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];
    expect(labels).toEqual(
      expect.arrayContaining(['Jalan rusak', 'Banjir atau saluran tersumbat', '✖️ Batal']),
    );

    tg.sendPhoto(SITI, await phoneJpeg(), 'Airnya masuk ke rumah warga');
    const q2 = await waitFor(
      () => tg.to(SITI).find((m) => m.text.includes('Foto: ada')),
      'question again with the photo',
    );
    tg.press(q2, 'Banjir', SITI, 'Siti');
    const done = await reply(SITI, /Laporan diterima/);
    const id = /Nomor: (LPR-\d{4}-\d{6})/.exec(done.text)?.[1] ?? '';
    expect(id).toMatch(/^LPR-/);
    expect(done.text).toContain(`${PUBLIC_URL}/lapor/${id}`);
    expect(tg.downloads.length).toBe(1);

    const r = await reportOf(id);
    expect(r).toMatchObject({
      channel: 'telegram',
      serviceCode: 'banjir',
      kelurahanCode: '64.71.03.1002',
      status: 'new',
      contact: { telegramChatId: String(SITI), name: 'Siti' },
    });
    expect(r.description).toBe(
      'Banjir setinggi lutut di depan SD 012, sudah dua hari\nAirnya masuk ke rumah warga',
    );
    // The photo is stored re-encoded, without the phone's EXIF and GPS.
    const file = readdirSync(media).find((f) => f.startsWith(r.photo?.id ?? '?'));
    const stored = readFileSync(path.join(media, file ?? ''));
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes('PhoneCo')).toBe(false);

    // The chat id and name stay with the operators.
    const pub = await (await fetch(`${server.baseUrl}/lapor/${id}`)).text();
    const o311 = await (await fetch(`${server.baseUrl}/open311/v2/requests/${id}.json`)).text();
    for (const text of [pub, o311]) {
      expect(text).not.toContain(String(SITI));
      expect(text).not.toContain('Siti');
    }
  });

  it('tells the reporter when the report is verified, being handled and done', async () => {
    const id =
      /LPR-\d{4}-\d{6}/.exec(tg.to(SITI).find((m) => m.text.includes('Laporan diterima'))?.text ?? '')?.[0] ??
      '';
    const verified = await operator.request('POST', `/api/v1/reports/${id}/verify`, {});
    expect(verified.status).toBe(200);
    const m1 = await reply(SITI, /sudah diverifikasi petugas/);
    expect(m1.text).toContain(id);
    expect(m1.text).toMatch(/diteruskan ke .*(Penanggulangan Bencana|BPBD)/i);

    const incidentId = dataOf<Report>(verified).incidentId ?? '';
    const alert = await waitFor(() => alertForIncident(admin, incidentId), 'the agency alert');
    expect((await admin.request('POST', `/api/v1/alerts/${alert.id}/ack`, {})).status).toBe(200);
    await reply(SITI, /sedang ditangani/);
    expect((await reportOf(id)).status).toBe('in_progress');

    expect(
      (await admin.request('POST', `/api/v1/alerts/${alert.id}/resolve`, { code: 'true_positive' })).status,
    ).toBe(200);
    await reply(SITI, /sudah selesai ditangani/);
    const closed = await reportOf(id);
    expect(closed.status).toBe('closed');
    expect(closed.history.map((h) => h.status)).toEqual(['new', 'verified', 'in_progress', 'closed']);
    // Each status is told once.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(tg.to(SITI).filter((m) => m.text.includes('sedang ditangani'))).toHaveLength(1);
    expect(tg.to(SITI).filter((m) => m.text.includes('selesai ditangani'))).toHaveLength(1);
  });

  it('takes a kelurahan typed by name, files one report for a double press, and tells a rejection with its reason', async () => {
    tg.say(JOKO, 'Sampah menumpuk di TPS dekat pasar');
    await reply(JOKO, /Di mana lokasinya/);
    tg.say(JOKO, 'Kel. Gunung Samarinda');
    const q = await reply(JOKO, /kategori apa/);
    expect(q.text).toContain('Kel. Gunungsamarinda');
    tg.press(q, 'Sampah', JOKO);
    tg.press(q, 'Sampah', JOKO);
    const done = await reply(JOKO, /Laporan diterima/);
    const id = /LPR-\d{4}-\d{6}/.exec(done.text)?.[0] ?? '';
    await waitFor(() => (tg.answers().length >= 2 ? true : undefined), 'both presses answered');
    const mine = dataOf<{ items: Report[] }>(
      await operator.request('GET', '/api/v1/reports?status=new'),
    ).items.filter((r) => r.contact.telegramChatId === String(JOKO));
    expect(mine.map((r) => r.id)).toEqual([id]);
    expect(mine[0]).toMatchObject({ kelurahanCode: '64.71.03.1002', point: null });

    const rej = await operator.request('POST', `/api/v1/reports/${id}/reject`, {
      reason: 'Lokasi TPS di luar wewenang kota',
    });
    expect(rej.status).toBe(200);
    const told = await reply(JOKO, /tidak dapat kami tindak lanjuti/);
    expect(told.text).toContain('Lokasi TPS di luar wewenang kota');
  });

  it('tells the reporter of a merged duplicate the steps of the report it joined', async () => {
    const first = await fileByChat(MIRA, 'Lampu jalan mati sepanjang Jl. Mulawarman', 'Lampu jalan mati');
    const dup = await fileByChat(NINA, 'Lampu PJU mati di Mulawarman', 'Lampu jalan mati');
    expect((await operator.request('POST', `/api/v1/reports/${dup}/merge`, { into: first })).status).toBe(
      200,
    );
    const merged = await reply(NINA, new RegExp(`sama dengan laporan ${first}`));
    expect(merged.text).toContain(`${PUBLIC_URL}/lapor/${first}`);

    const verified = await operator.request('POST', `/api/v1/reports/${first}/verify`, {});
    expect(verified.status).toBe(200);
    const joined = await reply(NINA, /digabung ke laporan .*\n.*sudah diverifikasi/);
    expect(joined.text).toContain(`Laporan Anda ${dup} digabung ke laporan ${first}`);
    await reply(MIRA, /sudah diverifikasi petugas/);

    const alert = await waitFor(
      () => alertForIncident(admin, dataOf<Report>(verified).incidentId ?? ''),
      'the agency alert',
    );
    expect((await admin.request('POST', `/api/v1/alerts/${alert.id}/ack`, {})).status).toBe(200);
    await reply(NINA, /digabung ke laporan .*\n.*sedang ditangani/);
    expect((await reportOf(dup)).status).toBe('merged');
  });

  it('refuses a place outside Balikpapan and starts over on /batal', async () => {
    tg.sendLocation(FAR, -6.2, 106.8);
    await reply(FAR, /di luar Kota Balikpapan/);
    tg.say(FAR, 'Lampu jalan mati');
    await reply(FAR, /Di mana lokasinya/);
    tg.say(FAR, '/batal');
    await reply(FAR, /dibatalkan/);
    tg.sendLocation(FAR, UTARA.lat, UTARA.long);
    // The words before /batal are gone: the bot asks for them again.
    await waitFor(
      () => tg.to(FAR).find((m) => m.text.includes('Sekarang tuliskan')),
      'asked for words again',
    );
  });

  it('limits reports per chat and refuses a chat on the block list', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await fileByChat(RINA, `Jalan berlubang nomor ${i}`, 'Jalan rusak'));
    expect(ids.slice(0, 3).every((x) => /^LPR-/.test(x))).toBe(true);
    expect(ids[3]).toMatch(/Terlalu banyak laporan/);

    const block = await admin.request('POST', '/api/v1/report-blocks', {
      kind: 'telegram',
      value: String(SPAMMER),
      reason: 'spam berulang',
    });
    expect(block.status).toBe(201);
    tg.say(SPAMMER, 'Iklan judi online');
    await reply(SPAMMER, /tidak diterima/);
    const spam = dataOf<{ items: Report[] }>(
      await operator.request('GET', '/api/v1/reports?status=all'),
    ).items;
    expect(spam.some((r) => r.contact.telegramChatId === String(SPAMMER))).toBe(false);
  });
});

describe('citizen reports through the Telegram bot in webhook mode', () => {
  const SECRET = 'resident-webhook-secret-42';
  const CHAT = base + 11;
  let tg: FakeTelegram;
  let server: TestServer;
  let admin: Session;
  let update = 5_000;

  /** Posts one update to the webhook as Telegram would. */
  const deliver = (body: Record<string, unknown>) =>
    fetch(`${server.baseUrl}/api/v1/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify({ update_id: ++update, ...body }),
    });
  const chat = { id: CHAT, type: 'private', first_name: 'Wati' };
  const from = { id: CHAT, is_bot: false, first_name: 'Wati' };
  const message = (extra: Record<string, unknown>) => ({
    message: { message_id: ++update, date: Math.floor(Date.now() / 1000), chat, from, ...extra },
  });

  beforeAll(async () => {
    tg = await startFakeTelegram();
    server = await startServer({
      env: {
        PANTAU_TELEGRAM_BOT_TOKEN: '7171:resident-webhook-token',
        PANTAU_TELEGRAM_API_URL: tg.url,
        PANTAU_TELEGRAM_WEBHOOK_SECRET: SECRET,
        PANTAU_REPORTS_PER_HOUR: '10',
      },
    });
    admin = await loginAdmin(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.close();
  });

  it('keeps parallel deliveries of one chat apart: place and words both kept, a double press files once', async () => {
    // Telegram may deliver a chat's updates in parallel: each waits for the chat's turn.
    const [a, b] = await Promise.all([
      deliver(message({ location: { latitude: UTARA.lat, longitude: UTARA.long } })),
      deliver(message({ text: 'Pohon tumbang menutup jalan' })),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const question = await waitFor(
      () => tg.to(CHAT).find((m) => m.text.includes('kategori apa')),
      'question',
    );
    expect(question.text).toContain('Pohon tumbang menutup jalan');
    expect(question.text).toContain('Kel. Gunungsamarinda');

    const data = question.reply_markup?.inline_keyboard
      ?.flat()
      .find((x) => x.text === 'Pohon tumbang')?.callback_data;
    expect(data).toBeDefined();
    const press = (id: string) =>
      deliver({
        callback_query: {
          id,
          from,
          chat_instance: `ci-${CHAT}`,
          data,
          message: {
            message_id: question.message_id,
            date: Math.floor(Date.now() / 1000),
            chat,
            text: question.text,
          },
        },
      });
    const presses = await Promise.all([press('cb-w1'), press('cb-w2')]);
    expect(presses.map((r) => r.status)).toEqual([200, 200]);
    const filed = tg.to(CHAT).filter((m) => m.text.includes('Laporan diterima'));
    expect(filed).toHaveLength(1);
    const all = dataOf<{ items: Report[] }>(await admin.request('GET', '/api/v1/reports?status=all')).items;
    expect(all.filter((r) => r.contact.telegramChatId === String(CHAT))).toHaveLength(1);
  });
});
