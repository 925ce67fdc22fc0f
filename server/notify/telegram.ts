/**
 * Telegram through grammy's Bot API client: messages to a chat, with the Terima / Selesai buttons
 * on alert messages. The API root is configurable (PANTAU_TELEGRAM_API_URL), so tests talk to a
 * local fake of the Bot API.
 */
import { Api, InlineKeyboard } from 'grammy';
import { SEND_TIMEOUT_MS } from './email.js';

/** What a button press carries: `<command>:<alertId>` (Telegram allows 64 bytes). */
export const BUTTON_COMMANDS = { ack: 'ack', resolve: 'resolve' } as const;

const clients = new Map<string, Api>();

/** One API client per bot token and root (grammy's client is stateless apart from its options). */
export function telegramApi(tg: { botToken: string; apiUrl: string }): Api {
  const key = `${tg.apiUrl}\n${tg.botToken}`;
  let api = clients.get(key);
  if (!api) {
    api = new Api(tg.botToken, { apiRoot: tg.apiUrl, timeoutSeconds: SEND_TIMEOUT_MS / 1000 });
    clients.set(key, api);
  }
  return api;
}

/** The buttons under an alert message. */
export function alertButtons(alertId: string): InlineKeyboard {
  return new InlineKeyboard()
    .text('✅ Terima', `${BUTTON_COMMANDS.ack}:${alertId}`)
    .text('✔️ Selesai', `${BUTTON_COMMANDS.resolve}:${alertId}`);
}

/** Sends one message; with `alertId`, the alert's buttons under it. Throws on any refusal. */
export async function sendTelegram(
  tg: { botToken: string; apiUrl: string },
  chatId: string,
  text: string,
  alertId: string | null,
): Promise<void> {
  await telegramApi(tg).sendMessage(chatId, text, {
    link_preview_options: { is_disabled: true },
    ...(alertId ? { reply_markup: alertButtons(alertId) } : {}),
  });
}
