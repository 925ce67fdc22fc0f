import { z } from 'zod';
import { auth, dataOf, ok, refusal, routes } from './route.js';

/** One Telegram update as the Bot API posts it; the bot reads the fields it handles. */
export const TelegramUpdateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/** The city's Telegram bot: updates in webhook mode (polling needs no route). */
export const telegramRoutes = routes([
  {
    method: 'post',
    path: '/api/v1/telegram/webhook',
    summary:
      'Telegram delivers one bot update (a Terima / Selesai press, /start) in webhook mode (PANTAU_TELEGRAM_WEBHOOK_SECRET set)',
    auth: auth.token(
      'Telegram’s X-Telegram-Bot-Api-Secret-Token header, equal to PANTAU_TELEGRAM_WEBHOOK_SECRET',
    ),
    body: TelegramUpdateSchema,
    responses: {
      ...ok('Handled', dataOf(z.object({ handled: z.literal(true) }))),
      401: refusal('Missing or wrong secret token'),
      404: refusal('Webhook mode is off (no secret, or no bot)'),
    },
    tags: ['notify'],
  },
]);
