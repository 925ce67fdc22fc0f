/**
 * Residents report through the city's Telegram bot (the same bot the staff's alerts use): in a
 * private chat a resident sends the place (a location, or a kelurahan's name), a few words and
 * optionally a photo, in any order; the bot then asks for the category with buttons and files the
 * report through the same path as the web form and Open311 (block list, rate limit per chat,
 * photo re-encoded without metadata), answering with the report number. Later status messages are
 * follow.ts. The conversation so far is kept in the store per chat (so any instance, after any
 * restart, carries it on) and forgotten after DRAFT_TTL_MS.
 */
import type { Bot, Context } from 'grammy';
import type { InlineKeyboardButton, ReplyKeyboardMarkup } from 'grammy/types';
import { REPORT_CATEGORIES, reportCategory } from '../../shared/reference/reportCategories.js';
import {
  MAX_REPORT_DESCRIPTION_LENGTH,
  MAX_REPORT_PHOTO_BYTES,
  type Report,
} from '../../shared/schemas/index.js';
import type { LngLat } from '../../shared/geo.js';
import type { Ctx } from '../context.js';
import { HttpError, toEnvelope } from '../errors.js';
import { channelSettings } from '../notify/channels.js';
import { telegramApi } from '../notify/telegram.js';
import { refuseBlocked } from './blocks.js';
import { takeChatMessage } from './limits.js';
import { kelurahanName, placeReport } from './places.js';
import { storePhoto } from './photos.js';
import { effectiveStatus, getReport, submitReport } from './reports.js';
import { reportLink, statusLine } from './residentText.js';

/** A conversation not finished within this time starts over. */
const DRAFT_TTL_MS = 2 * 3_600_000;
/** Button data: `lpr:c:<category>` chooses a category, `lpr:x` cancels. */
const CATEGORY = /^lpr:c:([a-z0-9-]{1,40})$/;
const CANCEL = 'lpr:x';
/** How long one update may hold its chat's turn, and how long another waits for it. */
const TURN_MS = 30_000;
const TURN_WAIT_MS = TURN_MS + 5_000;

/** What a resident has sent so far. */
interface Draft {
  point: LngLat | null;
  kelurahanCode: string | null;
  description: string;
  /** The Telegram file id of the largest photo size within the limit. */
  photo: string | null;
  /** Set once the category question was asked (its message). */
  askedAt: number | null;
}

const draftKey = (chat: number) => `telegram:report-draft:${chat}`;
const emptyDraft = (): Draft => ({
  point: null,
  kelurahanCode: null,
  description: '',
  photo: null,
  askedAt: null,
});

async function readDraft(ctx: Ctx, chat: number): Promise<Draft | null> {
  const raw = await ctx.store.getValue(draftKey(chat));
  if (!raw) return null;
  try {
    return { ...emptyDraft(), ...(JSON.parse(raw) as Partial<Draft>) };
  } catch {
    return null;
  }
}

const saveDraft = (ctx: Ctx, chat: number, d: Draft) =>
  ctx.store.setValue(draftKey(chat), JSON.stringify(d), DRAFT_TTL_MS);

/** The button under a location question: the phone sends its position with one tap. */
const LOCATION_KEYBOARD: ReplyKeyboardMarkup = {
  keyboard: [[{ text: '📍 Kirim lokasi saya', request_location: true }]],
  resize_keyboard: true,
  one_time_keyboard: true,
};

const INTRO = [
  'Halo! Ini bot Pantau, pusat pemantauan Kota Balikpapan.',
  '',
  'Untuk melapor masalah di kota (jalan rusak, banjir, sampah, lampu jalan, layanan online mati, …):',
  '1. kirim lokasinya 📍 (tombol di bawah, atau 📎 → Lokasi), atau ketik nama kelurahannya;',
  '2. tulis keterangan singkat;',
  '3. foto boleh ditambahkan.',
  'Lalu pilih kategorinya. Anda mendapat nomor laporan, dan kabar di sini saat laporan diverifikasi, ditangani dan selesai.',
  '',
  'Perintah: /lapor mulai laporan baru · /batal batalkan · /status <nomor> cek laporan.',
].join('\n');

/** Folds a kelurahan name for matching what a resident types ("kel. Gunung Samarinda" → "gunungsamarinda"). */
const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/^(kel(urahan)?\.?\s+)/, '')
    .replace(/[^a-z0-9]/g, '');

function kelurahanByName(ctx: Ctx, text: string): string | null {
  const want = fold(text.trim());
  if (!want) return null;
  return ctx.catalog.areas.kelurahan.find((k) => fold(k.name) === want)?.code ?? null;
}

/** Where the draft is, in words. */
function placeText(ctx: Ctx, d: Draft): string {
  if (d.kelurahanCode) return `Kel. ${kelurahanName(ctx, d.kelurahanCode) ?? d.kelurahanCode}`;
  if (!d.point) return '';
  try {
    const p = placeReport(ctx, d.point, null);
    return `Kel. ${kelurahanName(ctx, p.kelurahanCode) ?? p.kelurahanCode}`;
  } catch {
    return '';
  }
}

/** The category question: one button per category, then Batal. */
function categoryKeyboard(): { inline_keyboard: InlineKeyboardButton[][] } {
  return {
    inline_keyboard: [
      ...REPORT_CATEGORIES.map((c) => [{ text: c.nameId, callback_data: `lpr:c:${c.code}` }]),
      [{ text: '✖️ Batal', callback_data: CANCEL }],
    ],
  };
}

/** Says what is still missing, or asks for the category when nothing is. */
async function nextStep(ctx: Ctx, c: Context, chat: number, d: Draft): Promise<void> {
  const hasPlace = Boolean(d.point || d.kelurahanCode);
  if (!hasPlace) {
    await c.reply(
      'Di mana lokasinya? Kirim lokasi 📍 (tombol di bawah, atau 📎 → Lokasi), atau ketik nama kelurahannya.',
      { reply_markup: LOCATION_KEYBOARD },
    );
    return;
  }
  if (!d.description) {
    await c.reply(`Lokasi dicatat (${placeText(ctx, d)}). Sekarang tuliskan keterangan masalahnya.`, {
      reply_markup: { remove_keyboard: true },
    });
    return;
  }
  await saveDraft(ctx, chat, { ...d, askedAt: Date.now() });
  await c.reply(
    [
      `Lokasi: ${placeText(ctx, d)}`,
      `Keterangan: ${d.description.length > 300 ? `${d.description.slice(0, 300)}…` : d.description}`,
      d.photo ? 'Foto: ada' : 'Foto: tidak ada (boleh dikirim sekarang)',
      '',
      'Masalahnya termasuk kategori apa?',
    ].join('\n'),
    { reply_markup: categoryKeyboard() },
  );
}

/** The chat of a resident conversation: private chats only (a group carries staff alerts). */
const privateChat = (c: Context): number | null => (c.chat?.type === 'private' ? c.chat.id : null);

/**
 * Refuses a flood of messages from one chat (PANTAU_REPORTS_PER_HOUR reports, and a bounded
 * number of messages a minute) and a blocked chat. Returns false when the message is to be dropped.
 */
async function admitted(ctx: Ctx, c: Context, chat: number): Promise<boolean> {
  if (!(await takeChatMessage(ctx, String(chat)))) return false;
  try {
    await refuseBlocked(ctx, { ip: null, email: null, phone: null, telegramChatId: String(chat) });
  } catch (err) {
    if (err instanceof HttpError && err.status === 403) {
      await c.reply('Laporan dari akun ini tidak diterima.');
      return false;
    }
    throw err;
  }
  return true;
}

/** The largest photo size within the upload limit. */
function bestPhoto(sizes: { file_id: string; file_size?: number; width: number }[]): string | null {
  const fits = sizes.filter((s) => (s.file_size ?? 0) <= MAX_REPORT_PHOTO_BYTES);
  return fits.sort((a, b) => b.width - a.width)[0]?.file_id ?? null;
}

/** Downloads a photo the resident sent (Bot API getFile, then the file URL), at most the upload limit. */
async function downloadPhoto(
  c: Context,
  tg: { botToken: string; apiUrl: string },
  fileId: string,
): Promise<Buffer> {
  const file = await c.api.getFile(fileId);
  if (!file.file_path) throw new HttpError(400, 'bad_photo', 'Telegram gave no file for the photo.');
  const res = await fetch(`${tg.apiUrl.replace(/\/$/, '')}/file/bot${tg.botToken}/${file.file_path}`, {
    signal: AbortSignal.timeout(20_000),
  });
  if (!res.ok) throw new Error(`photo download: HTTP ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > MAX_REPORT_PHOTO_BYTES) throw new HttpError(400, 'bad_photo', 'The photo is too large.');
  return bytes;
}

/** What a refused report answers in the chat (5xx: thrown, so the update is handled again). */
function refusal(err: unknown): string {
  const env = toEnvelope(err);
  if (env.unexpected || env.status >= 500) throw err;
  const retry = Number(env.headers['Retry-After'] ?? 0);
  switch (env.error.code) {
    case 'too_many_reports':
      return `Terlalu banyak laporan dari akun ini. Coba lagi dalam ${Math.max(1, Math.ceil(retry / 60))} menit.`;
    case 'blocked':
      return 'Laporan dari akun ini tidak diterima.';
    case 'outside_city':
      return 'Lokasi itu di luar Kota Balikpapan. Kirim lokasi lain atau ketik nama kelurahannya.';
    default:
      return `Laporan belum bisa diterima: ${env.error.message}`;
  }
}

/** Files the draft under `code` and answers with the number (or why not). */
async function fileReport(
  ctx: Ctx,
  c: Context,
  chat: number,
  d: Draft,
  code: string,
  tg: { botToken: string; apiUrl: string },
): Promise<void> {
  const cat = reportCategory(code);
  if (!cat) {
    await c.answerCallbackQuery({ text: 'Kategori tidak dikenal.' });
    return;
  }
  const from = c.from;
  const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ').slice(0, 200) || null;
  let photoNote = '';
  let photo: Buffer | null = null;
  if (d.photo) {
    try {
      photo = await downloadPhoto(c, tg, d.photo);
    } catch (err) {
      ctx.log.warn({ err: String(err).slice(0, 200) }, 'telegram report: photo not downloaded');
      photoNote = '\n(Foto tidak dapat diambil; laporan dikirim tanpa foto.)';
    }
  }
  const input = {
    serviceCode: code,
    description: d.description,
    point: d.point,
    kelurahanCode: d.point ? null : d.kelurahanCode,
    address: null,
    mediaUrl: null,
    channel: 'telegram' as const,
    keyId: null,
    contact: { email: null, phone: null, name, ip: null, telegramChatId: String(chat) },
  };
  let report: Report;
  try {
    try {
      report = await submitReport(ctx, {
        ...input,
        ...(photo ? { photo: () => storePhoto(ctx.config.mediaDir, photo) } : {}),
      });
    } catch (err) {
      // A photo that is not an image: the report goes without it.
      if (!(photo && err instanceof HttpError && err.code === 'bad_photo')) throw err;
      report = await submitReport(ctx, input);
      photoNote = '\n(Foto tidak terbaca sebagai gambar; laporan dikirim tanpa foto.)';
    }
  } catch (err) {
    const text = refusal(err);
    await c.answerCallbackQuery({ text: text.slice(0, 190), show_alert: true });
    await c.reply(text);
    return;
  }
  await ctx.store.delValue(draftKey(chat));
  await c.answerCallbackQuery({ text: `Laporan ${report.id} diterima.` });
  await c.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
  const link = reportLink(ctx, report.id);
  await c.reply(
    [
      `✅ Laporan diterima. Nomor: ${report.id}`,
      `Kategori: ${cat.nameId}`,
      `Lokasi: ${placeText(ctx, d)}`,
      statusLine('new'),
      '',
      'Kami kabari di sini saat laporan diverifikasi, ditangani dan selesai.',
      link ? `Cek kapan saja: ${link}` : `Cek kapan saja: /status ${report.id}`,
    ].join('\n') + photoNote,
    { reply_markup: { remove_keyboard: true } },
  );
}

/** Adds the resident conversation to the bot (after the staff's handlers). */
export function addResidentHandlers(
  ctx: Ctx,
  bot: Bot,
  tg: { botToken: string; apiUrl: string },
  isStaff: (telegramId: string) => Promise<boolean>,
): void {
  // One update of a private chat at a time, on any instance: webhook deliveries may come in
  // parallel, and the draft is read, changed and written back.
  bot.use(async (c, next) => {
    const chat = privateChat(c);
    if (chat === null) return next();
    const key = `telegram:chat-turn:${chat}`;
    const owner = `${ctx.config.instanceId}:${c.update.update_id}`;
    const until = Date.now() + TURN_WAIT_MS;
    while (!(await ctx.store.acquireLease(key, owner, TURN_MS))) {
      // A holder that died frees the turn when its lease ends; failing makes Telegram (or the poller) try again.
      if (Date.now() > until)
        throw new Error(`telegram: chat ${chat} busy; the update is handled again later`);
      await new Promise((r) => setTimeout(r, 200));
    }
    try {
      await next();
    } finally {
      await ctx.store.releaseLease(key, owner).catch(() => undefined);
    }
  });

  bot.command(['start', 'lapor'], async (c, next) => {
    const chat = privateChat(c);
    if (chat === null) return next();
    // A linked staff member's /start is the staff's (their chat id, their alerts).
    if (c.message?.text?.startsWith('/start') && (await isStaff(String(c.from?.id ?? chat)))) return next();
    if (!(await admitted(ctx, c, chat))) return;
    await saveDraft(ctx, chat, emptyDraft());
    const staffLine = c.message?.text?.startsWith('/start')
      ? `\n\nPetugas Pantau: ID chat Telegram Anda ${c.from?.id ?? chat}; isikan di profil Pantau Anda (/id).`
      : '';
    await c.reply(INTRO + staffLine, { reply_markup: LOCATION_KEYBOARD });
  });

  bot.command('batal', async (c) => {
    const chat = privateChat(c);
    if (chat === null) return;
    await ctx.store.delValue(draftKey(chat));
    await c.reply('Laporan dibatalkan. Kirim /lapor untuk mulai lagi.', {
      reply_markup: { remove_keyboard: true },
    });
  });

  bot.command('status', async (c) => {
    const chat = privateChat(c);
    if (chat === null) return;
    if (!(await admitted(ctx, c, chat))) return;
    const id = c.match.trim().toUpperCase();
    const r = /^LPR-\d{4}-\d{6,}$/.test(id) ? await getReport(ctx, id) : null;
    // Only the chat that sent a report hears about it here (the number is also on /lapor/:id).
    if (!r || r.contact.telegramChatId !== String(chat)) {
      await c.reply('Laporan itu tidak ditemukan di chat ini. Tulis: /status LPR-2026-000123');
      return;
    }
    const link = reportLink(ctx, r.id);
    await c.reply(
      [`Laporan ${r.id}`, statusLine(await effectiveStatus(ctx, r), r.statusNote), link ?? '']
        .join('\n')
        .trim(),
    );
  });

  bot.on('message:location', async (c) => {
    const chat = privateChat(c);
    if (chat === null) return;
    if (!(await admitted(ctx, c, chat))) return;
    const { latitude, longitude } = c.message.location;
    const point: LngLat = [longitude, latitude];
    try {
      placeReport(ctx, point, null);
    } catch (err) {
      if (err instanceof HttpError && err.status === 400) {
        await c.reply(refusal(err), { reply_markup: LOCATION_KEYBOARD });
        return;
      }
      throw err;
    }
    const d = { ...((await readDraft(ctx, chat)) ?? emptyDraft()), point, kelurahanCode: null };
    await saveDraft(ctx, chat, d);
    await nextStep(ctx, c, chat, d);
  });

  bot.on('message:photo', async (c) => {
    const chat = privateChat(c);
    if (chat === null) return;
    if (!(await admitted(ctx, c, chat))) return;
    const d = (await readDraft(ctx, chat)) ?? emptyDraft();
    const photo = bestPhoto(c.message.photo);
    const caption = c.message.caption?.trim() ?? '';
    const next: Draft = {
      ...d,
      photo: photo ?? d.photo,
      description: caption ? appendText(d.description, caption) : d.description,
    };
    await saveDraft(ctx, chat, next);
    if (!photo) await c.reply('Foto terlalu besar (maks. 5 MB); kirim yang lebih kecil.');
    await nextStep(ctx, c, chat, next);
  });

  bot.on('message:text', async (c, next) => {
    const chat = privateChat(c);
    const text = c.message.text.trim();
    if (chat === null || text.startsWith('/')) return next();
    if (!(await admitted(ctx, c, chat))) return;
    const d = (await readDraft(ctx, chat)) ?? emptyDraft();
    // Without a place yet, a kelurahan's name is the place; anything else is the description.
    const kel = !d.point && !d.kelurahanCode ? kelurahanByName(ctx, text) : null;
    const upd: Draft = kel
      ? { ...d, kelurahanCode: kel }
      : { ...d, description: appendText(d.description, text) };
    await saveDraft(ctx, chat, upd);
    await nextStep(ctx, c, chat, upd);
  });

  bot.callbackQuery(CATEGORY, async (c) => {
    const chat = privateChat(c);
    if (chat === null) return c.answerCallbackQuery();
    const d = await readDraft(ctx, chat);
    if (!d || !d.askedAt || !d.description || !(d.point || d.kelurahanCode)) {
      await c.answerCallbackQuery({
        text: 'Laporan ini sudah terkirim atau kedaluwarsa. Kirim /lapor untuk mulai lagi.',
        show_alert: true,
      });
      return;
    }
    // A second press finds the draft gone (one update of a chat at a time: see the turn above).
    await fileReport(ctx, c, chat, d, c.match[1] ?? '', tg);
  });

  bot.callbackQuery(CANCEL, async (c) => {
    const chat = privateChat(c);
    if (chat !== null) await ctx.store.delValue(draftKey(chat));
    await c.answerCallbackQuery({ text: 'Dibatalkan.' });
    await c.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    await c.reply('Laporan dibatalkan. Kirim /lapor untuk mulai lagi.', {
      reply_markup: { remove_keyboard: true },
    });
  });
}

/** The bot's username per bot, as getMe gave it (a failed look-up is tried again after USERNAME_RETRY_MS). */
const usernames = new Map<string, { name: string | null; at: number }>();
const USERNAME_RETRY_MS = 600_000;

/**
 * The city bot's @username, for the web form's "or through Telegram" line: null when no bot is set
 * up or the Bot API did not answer within two seconds (the page is not held up longer).
 */
export async function botUsername(ctx: Ctx): Promise<string | null> {
  const tg = channelSettings(ctx).telegram;
  if (!tg) return null;
  const key = `${tg.apiUrl}\n${tg.botToken}`;
  const have = usernames.get(key);
  if (have && (have.name || Date.now() - have.at < USERNAME_RETRY_MS)) return have.name;
  let name: string | null = null;
  try {
    const signal = AbortSignal.timeout(2_000) as unknown as Parameters<
      ReturnType<typeof telegramApi>['getMe']
    >[0];
    name = (await telegramApi(tg).getMe(signal)).username ?? null;
  } catch (err) {
    ctx.log.debug({ err: String(err).slice(0, 200) }, 'telegram: getMe failed');
  }
  usernames.set(key, { name, at: Date.now() });
  return name;
}

/** Adds a message to the description, within the limit. */
function appendText(cur: string, add: string): string {
  return (cur ? `${cur}\n${add}` : add).slice(0, MAX_REPORT_DESCRIPTION_LENGTH);
}
