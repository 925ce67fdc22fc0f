/**
 * The notification channels in force: the city's Telegram bot, the city-wide webhook and e-mail
 * through SMTP. One function answers which are set up, so the senders, the on-call answers
 * ("reachable on") and the escalation's "unreachable" report agree.
 */
import type { Ctx } from '../context.js';

export interface ChannelSettings {
  /** The bot messages people by their chat id, and the group chat when one is given. */
  telegram: { botToken: string; apiUrl: string; chatId: string | null } | null;
  webhook: { url: string } | null;
  email: { url: string; from: string } | null;
}

/** The channels set up now. */
export function channelSettings(ctx: Pick<Ctx, 'config'>): ChannelSettings {
  const { telegram, webhookUrl, smtp } = ctx.config;
  return {
    telegram: telegram ? { ...telegram } : null,
    webhook: webhookUrl ? { url: webhookUrl } : null,
    email: smtp ? { ...smtp } : null,
  };
}
