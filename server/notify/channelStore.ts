/**
 * Notification-channel settings stored in the console, over the environment's: one entry per
 * channel (`telegram`, `webhook`, `email`), edited through the API, kept in every instance's
 * memory by the catalogue overlay (catalog/overlay.ts) so `channelSettings(ctx)` stays synchronous.
 * A stored entry beats the environment for its channel (`enabled: false` turns the channel off);
 * a forgotten one (a tombstone) hands the channel back to the environment. Secrets never leave
 * this module except to the senders: views say only whether one is set.
 */
import { z } from 'zod';
import {
  BotTokenSchema,
  ChannelKindSchema,
  HostSchema,
  MailFromSchema,
  SmtpUrlSchema,
  TelegramChatSchema,
  WebhookUrlSchema,
  type ChannelKind,
  type ChannelView,
} from '../../shared/schemas/index.js';
import type { Config } from '../config.js';
import type { ChannelOverrides, ChannelSettings, Ctx } from '../context.js';
import { zodIssues, type Issue } from '../errors.js';
import { Overlay, registerInvalidSource, type EntryParser } from '../catalog/overlay.js';
import { CHANNELS, COLL } from '../store/docs.js';
import { envChannelSettings } from './channels.js';

export const CHANNEL_COLL = COLL.notificationChannels;
const CHANNEL = CHANNELS.notificationChannels;
/** Every channel kind, in the order the API lists them. */
export const CHANNEL_KINDS: readonly ChannelKind[] = ['telegram', 'webhook', 'email'];

const TelegramStoredSchema = z
  .object({ botToken: BotTokenSchema.nullable(), chatId: TelegramChatSchema.nullable() })
  .strict();
const WebhookStoredSchema = z.object({ url: WebhookUrlSchema.nullable() }).strict();
const SmtpStoredSchema = z.discriminatedUnion('via', [
  z.object({ via: z.literal('url'), url: SmtpUrlSchema }).strict(),
  z
    .object({
      via: z.literal('fields'),
      host: HostSchema,
      port: z.number().int().min(1).max(65_535),
      secure: z.boolean(),
      user: z.string().min(1).nullable(),
      password: z.string().min(1).nullable(),
    })
    .strict(),
]);
const EmailStoredSchema = z
  .object({ smtp: SmtpStoredSchema.nullable(), from: MailFromSchema.nullable() })
  .strict();

export type TelegramStored = z.infer<typeof TelegramStoredSchema>;
export type WebhookStored = z.infer<typeof WebhookStoredSchema>;
export type SmtpStored = z.infer<typeof SmtpStoredSchema>;
export type EmailStored = z.infer<typeof EmailStoredSchema>;

interface DocMeta {
  enabled: boolean;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}
/** A channel's kind with its settings. */
export type KindSettings =
  | { kind: 'telegram'; settings: TelegramStored | null }
  | { kind: 'webhook'; settings: WebhookStored | null }
  | { kind: 'email'; settings: EmailStored | null };
/** One stored channel; `settings: null` is a tombstone (forgotten: the environment applies). */
export type ChannelDoc = DocMeta & KindSettings;

const SETTINGS_SCHEMA = {
  telegram: TelegramStoredSchema,
  webhook: WebhookStoredSchema,
  email: EmailStoredSchema,
} as const;

const DocSchema = z
  .object({
    kind: ChannelKindSchema,
    enabled: z.boolean(),
    settings: z.unknown(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
    version: z.number().int().positive(),
  })
  .loose();

/** What an enabled channel cannot do without, as issues (empty: complete). */
export function missingFor(doc: KindSettings): Issue[] {
  const need = (path: string, message: string): Issue => ({ path: [path], message });
  if (!doc.settings) return [];
  switch (doc.kind) {
    case 'telegram':
      return doc.settings?.botToken ? [] : [need('botToken', 'required to turn the bot on')];
    case 'webhook':
      return doc.settings?.url ? [] : [need('url', 'required to turn the webhook on')];
    case 'email':
      return [
        ...(doc.settings?.smtp ? [] : [need('host', 'give the SMTP server (a host, or a url)')]),
        ...(doc.settings?.from ? [] : [need('from', 'required to send e-mail')]),
      ];
  }
}

/** Checks one stored entry, as written by any version (hand edits included), under its own id. */
export const parseChannelDoc: EntryParser<ChannelDoc> = (doc, id) => {
  const r = DocSchema.safeParse(doc);
  if (!r.success) return { ok: false, issues: zodIssues(r.error) };
  if (r.data.kind !== id)
    return { ok: false, issues: [{ path: ['kind'], message: `must be "${id}" for entry "${id}"` }] };
  const meta: DocMeta = {
    enabled: r.data.enabled,
    updatedAt: r.data.updatedAt,
    updatedBy: r.data.updatedBy,
    version: r.data.version,
  };
  let value: ChannelDoc;
  if (r.data.settings === null) value = { ...meta, kind: r.data.kind, settings: null };
  else {
    const s = SETTINGS_SCHEMA[r.data.kind].safeParse(r.data.settings);
    if (!s.success) return { ok: false, issues: zodIssues(s.error, ['settings']) };
    value = { ...meta, kind: r.data.kind, settings: s.data } as ChannelDoc;
  }
  const missing = value.enabled ? missingFor(value) : [];
  if (missing.length)
    return { ok: false, issues: missing.map((i) => ({ ...i, path: ['settings', ...i.path] })) };
  return { ok: true, value };
};

/** The nodemailer URL of a stored server (user and password percent-encoded; nodemailer decodes them). */
export function smtpUrlOf(smtp: SmtpStored): string {
  if (smtp.via === 'url') return smtp.url;
  const enc = encodeURIComponent;
  const auth = smtp.user ? `${enc(smtp.user)}${smtp.password ? `:${enc(smtp.password)}` : ''}@` : '';
  return `${smtp.secure ? 'smtps' : 'smtp'}://${auth}${smtp.host}:${smtp.port}`;
}

/**
 * The channels in force: each stored entry (not a tombstone) replaces the environment's channel —
 * with its settings when enabled, with nothing when turned off.
 */
export function settingsInForce(config: Config, docs: Iterable<ChannelDoc>): ChannelSettings {
  const out = envChannelSettings(config);
  for (const d of docs) {
    if (!d.settings) continue;
    if (d.kind === 'telegram')
      out.telegram =
        d.enabled && d.settings.botToken
          ? { botToken: d.settings.botToken, chatId: d.settings.chatId, apiUrl: config.telegramApiUrl }
          : null;
    else if (d.kind === 'webhook') out.webhook = d.enabled && d.settings.url ? { url: d.settings.url } : null;
    else
      out.email =
        d.enabled && d.settings.smtp && d.settings.from
          ? { url: smtpUrlOf(d.settings.smtp), from: d.settings.from }
          : null;
  }
  return out;
}

/** One stored entry as read from the store now (null: none, or invalid), and the store's version of it. */
export async function readChannelDoc(
  ctx: Pick<Ctx, 'store'>,
  kind: ChannelKind,
): Promise<{ doc: ChannelDoc | null; version: number | null }> {
  const [json, version] = await Promise.all([
    ctx.store.get(CHANNEL_COLL, kind),
    ctx.store.version(CHANNEL_COLL, kind),
  ]);
  if (json === null) return { doc: null, version };
  try {
    const r = parseChannelDoc(JSON.parse(json) as unknown, kind);
    return { doc: r.ok ? r.value : null, version };
  } catch {
    return { doc: null, version };
  }
}

/** The channels in force as the store says now (not this instance's copy): what a test message uses. */
export async function currentChannelSettings(ctx: Pick<Ctx, 'store' | 'config'>): Promise<ChannelSettings> {
  const docs = await Promise.all(CHANNEL_KINDS.map(async (k) => (await readChannelDoc(ctx, k)).doc));
  return settingsInForce(
    ctx.config,
    docs.filter((d): d is ChannelDoc => d !== null),
  );
}

/** This instance's copy of the stored channels, refreshed whenever any instance saves one. */
export class ChannelCache implements ChannelOverrides {
  private current: ChannelSettings;
  readonly overlay: Overlay<ChannelDoc>;

  constructor(
    private readonly config: Config,
    ctx: Pick<Ctx, 'store' | 'log'>,
  ) {
    this.current = envChannelSettings(config);
    this.overlay = new Overlay<ChannelDoc>(ctx, {
      kind: 'notification-channel',
      coll: CHANNEL_COLL,
      channel: CHANNEL,
      parse: parseChannelDoc,
      apply: (docs) => {
        this.current = settingsInForce(this.config, docs);
      },
    });
  }

  settings(): ChannelSettings {
    return this.current;
  }

  changed(): Promise<void> {
    return this.overlay.changed();
  }
}

/** Sets up `ctx.channels` and keeps it current on every instance: read now and whenever any instance saves a channel. */
export async function watchChannels(ctx: Ctx): Promise<() => void> {
  const cache = ctx.channels instanceof ChannelCache ? ctx.channels : new ChannelCache(ctx.config, ctx);
  // Stored entries hold secrets: an invalid one is listed for admins without its stored text.
  registerInvalidSource(ctx, 'notification-channel', {
    invalid: () =>
      cache.overlay
        .invalid()
        .map((e) => ({ ...e, raw: '(hidden: stored notification settings may hold secrets)' })),
  });
  const stop = await cache.overlay.watch();
  ctx.channels = cache;
  return stop;
}

/** Tells every instance (this one included, before answering) to re-read the stored channels. */
export async function channelsChanged(ctx: Ctx): Promise<void> {
  if (ctx.channels) await ctx.channels.changed();
  else await ctx.store.publish(CHANNEL, 'changed');
}

// ---- views: what the API shows, never a secret ----

/** `…abcd` of a long secret; nothing of a short one. */
const tail = (s: string): string | null => (s.length >= 16 ? `…${s.slice(-4)}` : null);

/** A webhook URL without credentials: scheme and host, and the last characters of a long rest. */
export function webhookHint(url: string): string {
  const u = new URL(url);
  const rest = (u.pathname === '/' ? '' : u.pathname) + u.search;
  return `${u.protocol}//${u.host}${rest ? `/…${rest.length >= 12 ? rest.slice(-4) : ''}` : ''}`;
}

/** An SMTP URL without its password, its options by name only. */
function smtpUrlParts(url: string): {
  hint: string;
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  passwordSet: boolean;
} {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const user = u.username ? decodeURIComponent(u.username) : null;
  const names = [...new Set(u.searchParams.keys())];
  const who = u.username ? `${u.username}${u.password ? ':***' : ''}@` : '';
  return {
    hint: `${u.protocol}//${who}${u.host}${names.length ? `?${names.join('&')}` : ''}`,
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    user,
    passwordSet: u.password !== '',
  };
}

interface ViewMeta {
  source: ChannelView['source'];
  enabled: boolean;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

function telegramView(
  meta: ViewMeta,
  s: { botToken: string | null; chatId: string | null } | null,
): ChannelView {
  return {
    kind: 'telegram',
    ...meta,
    tokenSet: !!s?.botToken,
    tokenHint: s?.botToken ? tail(s.botToken) : null,
    chatId: s?.chatId ?? null,
  };
}

function webhookView(meta: ViewMeta, url: string | null): ChannelView {
  return { kind: 'webhook', ...meta, urlSet: !!url, urlHint: url ? webhookHint(url) : null };
}

function emailView(meta: ViewMeta, smtp: SmtpStored | null, from: string | null): ChannelView {
  const none = {
    via: null,
    urlHint: null,
    host: null,
    port: null,
    secure: null,
    user: null,
    passwordSet: false,
  };
  if (!smtp) return { kind: 'email', ...meta, ...none, from };
  if (smtp.via === 'fields')
    return {
      kind: 'email',
      ...meta,
      via: 'fields',
      urlHint: null,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      user: smtp.user,
      passwordSet: smtp.password !== null,
      from,
    };
  const p = smtpUrlParts(smtp.url);
  return {
    kind: 'email',
    ...meta,
    via: 'url',
    urlHint: p.hint,
    host: p.host,
    port: p.port,
    secure: p.secure,
    user: p.user,
    passwordSet: p.passwordSet,
    from,
  };
}

/**
 * A channel as the API shows it: the stored entry's settings when there is one (on or off), else
 * the environment's; `version` is the store's (the `expectedVersion` to send back).
 */
export function channelView(
  config: Config,
  kind: ChannelKind,
  doc: ChannelDoc | null,
  storeVersion: number | null,
): ChannelView {
  const stored = doc?.settings ? doc : null;
  const env = envChannelSettings(config);
  const meta = (source: ViewMeta['source'], enabled: boolean): ViewMeta => ({
    source,
    enabled,
    version: storeVersion ?? 0,
    updatedAt: doc?.updatedAt ?? null,
    updatedBy: doc?.updatedBy ?? null,
  });
  if (stored) {
    const m = meta('store', stored.enabled);
    if (stored.kind === 'telegram') return telegramView(m, stored.settings);
    if (stored.kind === 'webhook') return webhookView(m, stored.settings?.url ?? null);
    return emailView(m, stored.settings?.smtp ?? null, stored.settings?.from ?? null);
  }
  if (kind === 'telegram')
    return telegramView(meta(env.telegram ? 'env' : 'none', !!env.telegram), env.telegram);
  if (kind === 'webhook')
    return webhookView(meta(env.webhook ? 'env' : 'none', !!env.webhook), env.webhook?.url ?? null);
  return emailView(
    meta(env.email ? 'env' : 'none', !!env.email),
    env.email ? { via: 'url', url: env.email.url } : null,
    env.email?.from ?? null,
  );
}
