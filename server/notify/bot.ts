/**
 * The city's Telegram bot answering people: a Terima / Selesai press under an alert message runs
 * that command as the Pantau user whose Telegram chat id is the presser's, through the same command
 * path as HTTP and sockets (policy, agency scope, race rules, audit with channel `telegram`);
 * `/start` and `/id` tell a person the chat id to put in their profile. Replies are in Bahasa
 * Indonesia, times in WITA. How updates arrive (polling or webhook) is botUpdates.ts.
 */
import { Bot, InlineKeyboard, type Context } from 'grammy';
import type { Alert } from '../../shared/schemas/index.js';
import { runAlertCommand, type AlertAction } from '../alerts/commands.js';
import type { Principal } from '../auth/policy.js';
import { listUsers, type User } from '../auth/users.js';
import type { Ctx } from '../context.js';
import { toEnvelope } from '../errors.js';
import { COLL, getDoc } from '../store/docs.js';
import { WITA_OFFSET_MS } from '../usage/wita.js';
import { addResidentHandlers } from '../reports/telegramBot.js';
import { BUTTON_COMMANDS } from './telegram.js';

/** A press of the Selesai button resolves with this code (the console offers the others). */
export const TELEGRAM_RESOLUTION_CODE = 'fixed';
/** A long poll waits this long for updates; the bot's client allows a little more per call. */
export const POLL_TIMEOUT_SECONDS = 25;

const BUTTON = new RegExp(`^(${BUTTON_COMMANDS.ack}|${BUTTON_COMMANDS.resolve}):(.{1,60})$`);

/** `pukul 14:05 WITA` (with the date when it is not today's, WITA). */
export function witaTime(iso: string | null | undefined, now: Date): string {
  if (!iso) return '';
  const at = new Date(Date.parse(iso) + WITA_OFFSET_MS).toISOString();
  const today = new Date(now.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 10);
  const day = at.slice(0, 10);
  const date = day === today ? '' : ` ${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  return `pukul ${at.slice(11, 16)} WITA${date}`;
}

const nameOf = (u: Pick<User, 'displayName' | 'username'>) => u.displayName ?? u.username;

/** The enabled user a Telegram account is linked to (their `contacts.telegramChatId`), if exactly one. */
export async function userByTelegram(ctx: Ctx, telegramId: string): Promise<User | 'none' | 'ambiguous'> {
  const found = (await listUsers(ctx)).filter(
    (u) => !u.disabled && u.contacts?.telegramChatId === telegramId,
  );
  if (found.length > 1) return 'ambiguous';
  return found[0] ?? 'none';
}

/** The principal a button press acts as: the linked user, with no session behind it. */
function principalOf(u: User): Principal & { kind: 'user' } {
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    role: u.role,
    agencyId: u.agencyId,
    sessionId: 'telegram',
    csrfToken: '',
  };
}

/** What a refused press answers: who was first, or why not. */
async function refusalText(ctx: Ctx, err: unknown, u: User, alertId: string): Promise<string> {
  const env = toEnvelope(err);
  // The store away or a bug: fail the update, so it is handled again later.
  if (env.unexpected || env.status >= 500) throw err;
  if (env.status === 404) return 'Peringatan tidak ditemukan (atau bukan milik OPD Anda).';
  if (env.status === 403)
    return env.error.message.includes('agency')
      ? 'Peringatan ini milik OPD lain; Anda tidak bisa menindaklanjutinya.'
      : `Peran Anda (${u.role}) tidak boleh melakukan ini.`;
  if (env.status !== 409) return `Tidak bisa diproses: ${env.error.message}`;
  const a = await getDoc<Alert>(ctx.store, COLL.alerts, alertId);
  const now = ctx.now();
  if (a?.status === 'acknowledged' && a.acknowledgedBy) {
    if (a.acknowledgedBy.userId === u.id) return `Sudah Anda terima ${witaTime(a.acknowledgedAt, now)}.`;
    const by = await getDoc<User>(ctx.store, COLL.users, a.acknowledgedBy.userId);
    return `Sudah diterima oleh ${by ? nameOf(by) : a.acknowledgedBy.username} ${witaTime(a.acknowledgedAt, now)}.`;
  }
  if (a?.status === 'resolved') return `Peringatan sudah diselesaikan ${witaTime(a.updatedAt, now)}.`;
  if (a?.status === 'closed') return 'Peringatan sudah ditutup.';
  return 'Peringatan berubah sementara itu; buka Pantau untuk melihat keadaannya.';
}

/** Runs a Terima / Selesai press as the linked user and answers it in the chat. */
async function onButton(ctx: Ctx, c: Context, action: AlertAction, alertId: string): Promise<void> {
  const from = c.from;
  const u = from ? await userByTelegram(ctx, String(from.id)) : 'none';
  if (u === 'none' || u === 'ambiguous') {
    const text =
      u === 'none'
        ? 'Akun Telegram ini belum terhubung ke Pantau. Kirim /id untuk melihat ID chat Anda, lalu isikan di profil Pantau.'
        : 'Akun Telegram ini terhubung ke lebih dari satu akun Pantau; minta admin merapikannya.';
    await c.answerCallbackQuery({ text, show_alert: true });
    await say(c, text);
    return;
  }
  const body =
    action === 'resolve'
      ? { code: TELEGRAM_RESOLUTION_CODE, commandId: `tg:${c.callbackQuery?.id ?? ''}` }
      : { commandId: `tg:${c.callbackQuery?.id ?? ''}` };
  let alert: Alert;
  try {
    alert = await runAlertCommand(ctx, principalOf(u), alertId, action, body, 'telegram', null);
  } catch (err) {
    const text = await refusalText(ctx, err, u, alertId);
    await c.answerCallbackQuery({ text, show_alert: true });
    await say(c, text);
    return;
  }
  // The command's own time (a redelivered press answers with the first one's).
  const when = witaTime(action === 'ack' ? alert.acknowledgedAt : alert.updatedAt, ctx.now());
  const done =
    action === 'ack'
      ? `✅ Diterima oleh ${nameOf(u)} ${when}.`
      : `✔️ Diselesaikan oleh ${nameOf(u)} ${when} (kode: sudah diperbaiki; ubah di konsol bila perlu).`;
  await c.answerCallbackQuery({ text: done });
  // The message keeps its text and says who did what; after Terima only Selesai remains.
  const msg = c.callbackQuery?.message;
  const original = msg && 'text' in msg ? msg.text : null;
  const markup =
    alert.status === 'acknowledged'
      ? new InlineKeyboard().text('✔️ Selesai', `${BUTTON_COMMANDS.resolve}:${alert.id}`)
      : undefined;
  try {
    if (original) await c.editMessageText(`${original}\n\n${done}`, markup ? { reply_markup: markup } : {});
    else await say(c, done);
  } catch (err) {
    // An old or already edited message cannot be edited: say it in the chat instead.
    ctx.log.debug({ err: String(err) }, 'telegram: could not edit the alert message');
    await say(c, done);
  }
}

/** Says `text` in the chat of the press, as a reply to the pressed message (no chat: nothing). */
async function say(c: Context, text: string): Promise<void> {
  const chat = c.chat?.id;
  if (chat === undefined) return;
  const id = c.callbackQuery?.message?.message_id;
  await c.api.sendMessage(chat, text, {
    ...(id ? { reply_parameters: { message_id: id, allow_sending_without_reply: true } } : {}),
  });
}

/** `/start` and `/id`: the chat id to put in one's Pantau profile. */
function idText(chatId: number, fromId: number | undefined): string {
  const id = fromId ?? chatId;
  return [
    'Selamat datang di bot Pantau.',
    `ID chat Telegram Anda: ${id}`,
    'Isikan angka ini di Pantau: konsol → profil Anda → Kontak → "ID chat Telegram" (atau minta admin mengisinya di Pengaturan → Pengguna).',
    'Setelah itu peringatan untuk Anda masuk ke sini, dan tombol Terima / Selesai bekerja atas nama Anda.',
  ].join('\n');
}

/** A bot with Pantau's handlers, for one token and API root (tests point the root at a fake). */
export function createBot(ctx: Ctx, tg: { botToken: string; apiUrl: string }): Bot {
  const bot = new Bot(tg.botToken, {
    client: { apiRoot: tg.apiUrl, timeoutSeconds: POLL_TIMEOUT_SECONDS + 15 },
  });
  const isStaff = async (id: string) => (await userByTelegram(ctx, id)) !== 'none';
  // Residents report in private chats (a linked staff member's /start stays the staff's).
  addResidentHandlers(ctx, bot, tg, isStaff);
  bot.command(['start', 'id'], (c) => c.reply(idText(c.chat.id, c.from?.id)));
  bot.callbackQuery(BUTTON, async (c) => {
    const [, cmd, alertId = ''] = c.match;
    await onButton(ctx, c, cmd === BUTTON_COMMANDS.resolve ? 'resolve' : 'ack', alertId);
  });
  bot.on('callback_query:data', (c) => c.answerCallbackQuery({ text: 'Tombol ini tidak dikenal.' }));
  return bot;
}
