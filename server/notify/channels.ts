/**
 * The notification channels in force: the city's Telegram bot, the city-wide webhook and e-mail
 * through SMTP. One function answers which are set up, so the senders, the on-call answers
 * ("reachable on") and the escalation's "unreachable" report agree. Settings stored in the console
 * (notify/channelStore.ts) beat the environment's, channel by channel.
 */
import type { ChannelSettings, Ctx } from '../context.js';

export type { ChannelSettings };

/** The channels as the environment sets them up (PANTAU_TELEGRAM_*, PANTAU_WEBHOOK_URL, PANTAU_SMTP_*). */
export function envChannelSettings(config: Ctx['config']): ChannelSettings {
  const { telegram, webhookUrl, smtp } = config;
  return {
    telegram: telegram ? { ...telegram } : null,
    webhook: webhookUrl ? { url: webhookUrl } : null,
    email: smtp ? { ...smtp } : null,
  };
}

/**
 * The channels set up now: this instance's copy of the stored settings over the environment's,
 * or the environment's alone where the context has no copy (the CLI, hand-built contexts).
 * Synchronous: job planning calls it inside pure decisions.
 */
export function channelSettings(ctx: Pick<Ctx, 'config'> & Partial<Pick<Ctx, 'channels'>>): ChannelSettings {
  return ctx.channels?.settings() ?? envChannelSettings(ctx.config);
}
