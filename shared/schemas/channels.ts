/**
 * The notification channels as the console sets them up: the city's Telegram bot, the city-wide
 * webhook and e-mail through SMTP. Stored settings override the environment's, channel by channel.
 * Secrets (the bot token, the SMTP password, a webhook URL) are write-only: answers say only
 * whether one is set, with a hint of a few characters at most.
 */
import { z } from 'zod';
import { NotifyChannelSchema } from './oncall.js';

/** A channel kind: `telegram`, `webhook` or `email` (the path parameter of the channel routes). */
export const ChannelKindSchema = NotifyChannelSchema;
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/** A Telegram bot token as BotFather gives it: `<bot id>:<secret>`. */
export const BotTokenSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^\d{1,20}:[A-Za-z0-9_-]{1,180}$/, 'a bot token like 123456789:AAE… (from @BotFather)');

/** A Telegram chat: a numeric chat id (groups are negative) or a public channel's `@name`. */
export const TelegramChatSchema = z
  .string()
  .trim()
  .regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, 'a numeric chat id like -1001234567890, or @channel');

/** The city-wide webhook: http(s), notifications are POSTed to it as JSON. */
export const WebhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }));

/** An SMTP server as one URL, nodemailer's form: `smtp://user:pass@host:587`, `smtps://…:465`, options as `?name=value`. */
export const SmtpUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^smtps?$/, error: 'an smtp:// or smtps:// URL' }));

/** A host name or an IP address. */
export const HostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/, 'a host name or an IP address');

/** The sender of notification e-mails: `pantau@example.go.id` or `Pantau <pantau@example.go.id>`. */
export const MailFromSchema = z
  .string()
  .trim()
  .min(3)
  .max(200)
  .regex(/^([^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'an address, or Name <address>');

/** An e-mail address or a Telegram chat to send a test to. */
const RecipientSchema = z.string().trim().min(1).max(254);

/** Every channel's PUT: `enabled: false` turns it off (its settings are kept); a stale `expectedVersion` answers 409. */
const ChannelInputBase = {
  enabled: z.boolean(),
  expectedVersion: z.number().int().nonnegative().optional(),
};

/** `PUT /notification-channels/telegram`: leave `botToken` out to keep the stored one. The API root stays the environment's. */
export const TelegramChannelInputSchema = z
  .object({
    ...ChannelInputBase,
    botToken: BotTokenSchema.optional(),
    /** The group chat every alert also goes to; null: none (people are messaged by their own chat ids). */
    chatId: TelegramChatSchema.nullable().optional(),
  })
  .strict();
export type TelegramChannelInput = z.infer<typeof TelegramChannelInputSchema>;

/** `PUT /notification-channels/webhook`: leave `url` out to keep the stored one. */
export const WebhookChannelInputSchema = z
  .object({ ...ChannelInputBase, url: WebhookUrlSchema.optional() })
  .strict();
export type WebhookChannelInput = z.infer<typeof WebhookChannelInputSchema>;

/**
 * `PUT /notification-channels/email`: the server as one `url`, or as `host`/`port`/`secure`/`user`/
 * `password` (not both). Leave `url` (or, with the same host and user, `password`) out to keep the
 * stored one; `password: null` clears it. Neither `url` nor `host`: the stored server stays.
 */
export const EmailChannelInputSchema = z
  .object({
    ...ChannelInputBase,
    url: SmtpUrlSchema.optional(),
    host: HostSchema.optional(),
    port: z.number().int().min(1).max(65_535).optional(),
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().optional(),
    user: z.string().trim().min(1).max(254).nullable().optional(),
    password: z.string().min(1).max(500).nullable().optional(),
    from: MailFromSchema.optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if (v.url !== undefined && v.host !== undefined)
      c.addIssue({ code: 'custom', path: ['url'], message: 'give either url or host, not both' });
    if (v.host === undefined)
      for (const k of ['port', 'secure', 'user', 'password'] as const)
        if (v[k] !== undefined) c.addIssue({ code: 'custom', path: ['host'], message: `required with ${k}` });
  });
export type EmailChannelInput = z.infer<typeof EmailChannelInputSchema>;

/** Any channel's PUT body (which one applies is the path's `:kind`). */
export const ChannelInputSchema = z.union([
  TelegramChannelInputSchema,
  WebhookChannelInputSchema,
  EmailChannelInputSchema,
]);

/** `POST /notification-channels/:kind/test`: to whom (a chat id or an e-mail address); by default the caller's own contact. */
export const ChannelTestInputSchema = z.object({ to: RecipientSchema.optional() }).strict();
export type ChannelTestInput = z.infer<typeof ChannelTestInputSchema>;

/** Where a channel's settings come from: stored through the console, the environment, or nowhere (not set up). */
export const ChannelSourceSchema = z.enum(['store', 'env', 'none']);
export type ChannelSource = z.infer<typeof ChannelSourceSchema>;

const ChannelViewBase = {
  source: ChannelSourceSchema,
  /** Whether the channel is in force now (set up, and not turned off). */
  enabled: z.boolean(),
  /** The stored entry's version (0: never stored): send it back as `expectedVersion`. */
  version: z.number().int().nonnegative(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
};

/** The Telegram bot as shown: never its token, only whether one is set and its last characters. */
export const TelegramChannelViewSchema = z.object({
  kind: z.literal('telegram'),
  ...ChannelViewBase,
  tokenSet: z.boolean(),
  tokenHint: z.string().nullable(),
  chatId: z.string().nullable(),
});

/** The webhook as shown: its scheme and host, and a few last characters of the rest (never credentials). */
export const WebhookChannelViewSchema = z.object({
  kind: z.literal('webhook'),
  ...ChannelViewBase,
  urlSet: z.boolean(),
  urlHint: z.string().nullable(),
});

/** E-mail as shown: the server without its password (a URL's: masked, its options by name only). */
export const EmailChannelViewSchema = z.object({
  kind: z.literal('email'),
  ...ChannelViewBase,
  /** How the server was given; null when none is. */
  via: z.enum(['url', 'fields']).nullable(),
  urlHint: z.string().nullable(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  secure: z.boolean().nullable(),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
  from: z.string().nullable(),
});

/** One notification channel as `GET /notification-channels` shows it. */
export const ChannelViewSchema = z.discriminatedUnion('kind', [
  TelegramChannelViewSchema,
  WebhookChannelViewSchema,
  EmailChannelViewSchema,
]);
export type ChannelView = z.infer<typeof ChannelViewSchema>;
export type TelegramChannelView = z.infer<typeof TelegramChannelViewSchema>;
export type WebhookChannelView = z.infer<typeof WebhookChannelViewSchema>;
export type EmailChannelView = z.infer<typeof EmailChannelViewSchema>;

/** A test message that went out: to whom (an address, a chat, or the webhook's hint) and when. */
export const ChannelTestResultSchema = z.object({ ok: z.literal(true), to: z.string(), at: z.string() });
export type ChannelTestResult = z.infer<typeof ChannelTestResultSchema>;

/** The `details` of a failed test (502 `channel_failed`): the channel, where it went, and what the remote said. */
export const ChannelTestFailureSchema = z.object({
  kind: ChannelKindSchema,
  to: z.string(),
  remote: z.string(),
});
export type ChannelTestFailure = z.infer<typeof ChannelTestFailureSchema>;
