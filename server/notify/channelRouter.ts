/**
 * `GET /notification-channels`, `PUT`/`DELETE /notification-channels/:kind` and
 * `POST /notification-channels/:kind/test`: the console's set-up of the Telegram bot, the webhook
 * and e-mail. Saves are audited with the views before and after (never a secret); a test message
 * goes out at once, not through the outbox, and its outcome — the remote's own words on failure —
 * is the answer and an audit entry.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ChannelKindSchema,
  EmailChannelInputSchema,
  TelegramChannelInputSchema,
  TelegramChatSchema,
  WebhookChannelInputSchema,
  type ChannelKind,
  type ChannelTestFailure,
  type EmailChannelInput,
  type TelegramChannelInput,
  type WebhookChannelInput,
} from '../../shared/schemas/index.js';
import { appendAudit, auditEntry, httpActor } from '../auth/audit.js';
import type { Principal } from '../auth/policy.js';
import type { User } from '../auth/users.js';
import type { ChannelSettings, Ctx } from '../context.js';
import { ConflictError, HttpError, ValidationError, type Issue } from '../errors.js';
import { createNetGuard, type NetGuard } from '../health/netGuard.js';
import { handle, type Binding } from '../http/routes.js';
import { parseOr400 } from '../http/validate.js';
import { COLL, getDoc, putDoc } from '../store/docs.js';
import { WITA_OFFSET_MS } from '../usage/wita.js';
import {
  CHANNEL_COLL,
  CHANNEL_KINDS,
  channelView,
  channelsChanged,
  currentChannelSettings,
  missingFor,
  readChannelDoc,
  webhookHint,
  type ChannelDoc,
  type EmailStored,
  type SmtpStored,
  type TelegramStored,
  type WebhookStored,
} from './channelStore.js';
import { sendEmail } from './email.js';
import { sendTelegram } from './telegram.js';
import { postWebhook } from './webhook.js';

const LABEL: Record<ChannelKind, string> = { telegram: 'Telegram', webhook: 'webhook', email: 'e-mail' };

/** `2026-12-07 09:05 WITA`. */
const witaClock = (at: Date): string =>
  `${new Date(at.getTime() + WITA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} WITA`;

function kindOf(param: string | undefined): ChannelKind {
  const r = ChannelKindSchema.safeParse(param);
  if (!r.success) throw new HttpError(404, 'not_found', 'No such channel: telegram, webhook or email.');
  return r.data;
}

const mergeTelegram = (prev: TelegramStored | null, input: TelegramChannelInput): TelegramStored => ({
  botToken: input.botToken ?? prev?.botToken ?? null,
  chatId: input.chatId !== undefined ? input.chatId : (prev?.chatId ?? null),
});

const mergeWebhook = (prev: WebhookStored | null, input: WebhookChannelInput): WebhookStored => ({
  url: input.url ?? prev?.url ?? null,
});

/** The server as given (a URL, or host fields), else the stored one; a password is kept only for the same host and user. */
function mergeEmail(
  prev: EmailStored | null,
  input: EmailChannelInput,
): { next: EmailStored; issues: Issue[] } {
  const issues: Issue[] = [];
  let smtp: SmtpStored | null = prev?.smtp ?? null;
  if (input.url !== undefined) smtp = { via: 'url', url: input.url };
  else if (input.host !== undefined) {
    const secure = input.secure ?? false;
    const user = input.user ?? null;
    const old = prev?.smtp?.via === 'fields' ? prev.smtp : null;
    const keeps = old !== null && old.host === input.host && old.user === user;
    let password = input.password !== undefined ? input.password : keeps ? old.password : null;
    if (!user) password = null;
    if (input.password === undefined && user && !keeps && old?.password)
      issues.push({
        path: ['password'],
        message: 'type the password again: it is kept only for the same host and user',
      });
    smtp = {
      via: 'fields',
      host: input.host,
      port: input.port ?? (secure ? 465 : 587),
      secure,
      user,
      password,
    };
  }
  return { next: { smtp, from: input.from ?? prev?.from ?? null }, issues };
}

/** Which secrets a save replaced (named for the audit, never shown). */
function secretsReplaced(kind: ChannelKind, input: Record<string, unknown>): string[] {
  const names = { telegram: ['botToken'], webhook: ['url'], email: ['url', 'password'] }[kind];
  return names.filter((n) => input[n] !== undefined);
}

/** Why a stored target may not be reached (an address outside the allowed networks), as an issue. */
function refusedTarget(guard: NetGuard, doc: ChannelDoc): Issue | null {
  let at: [string, string] | null = null;
  if (doc.kind === 'webhook' && doc.settings?.url) at = ['url', new URL(doc.settings.url).hostname];
  if (doc.kind === 'email' && doc.settings?.smtp)
    at =
      doc.settings.smtp.via === 'url'
        ? ['url', new URL(doc.settings.smtp.url).hostname]
        : ['host', doc.settings.smtp.host];
  const why = at && guard.targetRefusal(at[1]);
  return at && why ? { path: [at[0]], message: why } : null;
}

/** The remote's words, without any secret of the channel in them. */
function remoteWords(err: unknown, secrets: (string | null | undefined)[]): string {
  const e = err as { message?: unknown; cause?: { message?: unknown; code?: unknown } } | null;
  let text = typeof e?.message === 'string' ? e.message : String(err);
  const cause = e?.cause?.message ?? e?.cause?.code;
  if (typeof cause === 'string' && !text.includes(cause)) text += ` (${cause})`;
  for (const s of secrets) if (s && s.length >= 4) text = text.split(s).join('***');
  return text.slice(0, 500);
}

/** Where a test goes: the given recipient, else the caller's own contact (else, for Telegram, the group chat). */
async function testRecipient(
  ctx: Ctx,
  kind: ChannelKind,
  to: string | undefined,
  p: Principal | null,
  settings: ChannelSettings,
): Promise<string | null> {
  if (kind === 'webhook') {
    if (to !== undefined)
      throw new ValidationError([
        { path: ['to'], message: 'the webhook sends to its own URL; leave this out' },
      ]);
    return null;
  }
  const me = p?.kind === 'user' ? await getDoc<User>(ctx.store, COLL.users, p.userId) : null;
  if (kind === 'telegram') {
    const chat = to ?? me?.contacts?.telegramChatId ?? settings.telegram?.chatId ?? undefined;
    if (chat === undefined)
      throw new ValidationError([
        { path: ['to'], message: 'give a chat id, or add your Telegram chat id to your contacts' },
      ]);
    return parseOr400(z.object({ to: TelegramChatSchema }), { to: chat }).to;
  }
  const address = to ?? me?.contacts?.email;
  if (address === undefined)
    throw new ValidationError([
      { path: ['to'], message: 'give an e-mail address, or add yours to your contacts' },
    ]);
  return parseOr400(z.object({ to: z.email('an e-mail address') }), { to: address }).to;
}

/** The notification-channel routes. */
export function channelBindings(ctx: Ctx): Binding[] {
  const guard = createNetGuard(ctx.config.checkAllowedNetworks);
  const nameOf = (p: Principal | null) => (p?.kind === 'user' ? p.username : null);
  const viewNow = async (kind: ChannelKind) => {
    const { doc, version } = await readChannelDoc(ctx, kind);
    return { doc, version, view: channelView(ctx.config, kind, doc, version) };
  };

  return [
    handle('get /api/v1/notification-channels', async () => ({
      data: { items: await Promise.all(CHANNEL_KINDS.map(async (k) => (await viewNow(k)).view)) },
    })),

    handle(
      'put /api/v1/notification-channels/:kind',
      async ({ params, req, principal: p }) => {
        const kind = kindOf(params.kind);
        const raw: unknown = req.body ?? {};
        const { doc, version, view: before } = await viewNow(kind);
        const prev = doc?.settings ? doc : null;
        const at = ctx.now().toISOString();
        const meta = { updatedAt: at, updatedBy: nameOf(p), version: (version ?? 0) + 1 };
        let next: ChannelDoc;
        let input: { enabled: boolean; expectedVersion?: number | undefined };
        const issues: Issue[] = [];
        if (kind === 'telegram') {
          const i = parseOr400(TelegramChannelInputSchema, raw);
          input = i;
          const settings = mergeTelegram(prev?.kind === 'telegram' ? prev.settings : null, i);
          next = { kind, enabled: i.enabled, settings, ...meta };
        } else if (kind === 'webhook') {
          const i = parseOr400(WebhookChannelInputSchema, raw);
          input = i;
          const settings = mergeWebhook(prev?.kind === 'webhook' ? prev.settings : null, i);
          next = { kind, enabled: i.enabled, settings, ...meta };
        } else {
          const i = parseOr400(EmailChannelInputSchema, raw);
          input = i;
          const merged = mergeEmail(prev?.kind === 'email' ? prev.settings : null, i);
          issues.push(...merged.issues);
          next = { kind, enabled: i.enabled, settings: merged.next, ...meta };
        }
        if (input.expectedVersion !== undefined && input.expectedVersion !== (version ?? 0))
          throw new ConflictError(
            `The ${LABEL[kind]} settings changed meanwhile (now version ${version ?? 0}); reload and retry.`,
            { current: before },
          );
        if (next.enabled) issues.push(...missingFor(next));
        const refused = refusedTarget(guard, next);
        if (refused) issues.push(refused);
        if (issues.length) throw new ValidationError(issues);
        const after = channelView(ctx.config, kind, next, next.version);
        const entry = auditEntry(ctx, {
          action: 'notification_channel.update',
          ...httpActor(req, p),
          target: kind,
          details: { before, after, secretsReplaced: secretsReplaced(kind, raw as Record<string, unknown>) },
        });
        const result = await ctx.store.commit({
          puts: [
            putDoc(CHANNEL_COLL, kind, next, version ?? 'absent'),
            putDoc(COLL.audit, entry.id, entry, 'absent'),
          ],
        });
        if (!result.ok)
          throw new ConflictError(`The ${LABEL[kind]} settings changed meanwhile; reload and retry.`, {
            current: (await viewNow(kind)).view,
          });
        await channelsChanged(ctx);
        return { data: after };
      },
      // Each kind has its own body schema: the handler parses it (the table declares their union).
      { rawBody: true },
    ),

    handle('delete /api/v1/notification-channels/:kind', async ({ params, req, principal: p }) => {
      const kind = kindOf(params.kind);
      const { doc, version, view: before } = await viewNow(kind);
      // A valid tombstone: nothing stored. An invalid entry (doc null, version set) is replaced by one.
      if (version === null || (doc && !doc.settings))
        throw new HttpError(
          404,
          'not_found',
          `No ${LABEL[kind]} settings are stored; the environment's apply.`,
        );
      const tomb = {
        kind,
        enabled: false,
        settings: null,
        updatedAt: ctx.now().toISOString(),
        updatedBy: nameOf(p),
        version: version + 1,
      } as ChannelDoc;
      const after = channelView(ctx.config, kind, tomb, tomb.version);
      const entry = auditEntry(ctx, {
        action: 'notification_channel.delete',
        ...httpActor(req, p),
        target: kind,
        details: { before, after },
      });
      const result = await ctx.store.commit({
        puts: [putDoc(CHANNEL_COLL, kind, tomb, version), putDoc(COLL.audit, entry.id, entry, 'absent')],
      });
      if (!result.ok)
        throw new ConflictError(`The ${LABEL[kind]} settings changed meanwhile; reload and retry.`);
      await channelsChanged(ctx);
      return { data: after };
    }),

    handle('post /api/v1/notification-channels/:kind/test', async ({ params, body, req, principal: p }) => {
      const kind = kindOf(params.kind);
      // The store's settings now, not this instance's copy: a test right after a save elsewhere uses it.
      const settings = await currentChannelSettings(ctx);
      if (!settings[kind])
        throw new HttpError(
          409,
          'channel_off',
          `The ${LABEL[kind]} channel is not set up or is turned off; save it first.`,
        );
      const to = await testRecipient(ctx, kind, body.to, p, settings);
      const at = ctx.now();
      const by = nameOf(p) ?? 'Pantau';
      const text = [
        `[Pantau] Pesan uji kanal ${LABEL[kind]}`,
        `Dikirim oleh ${by} pada ${witaClock(at)}. Kanal ini siap mengirim peringatan.`,
      ].join('\n');
      const shownTo = kind === 'webhook' ? webhookHint(settings.webhook?.url ?? '') : (to ?? '');
      let failure: string | null = null;
      try {
        if (kind === 'webhook' && settings.webhook) {
          const id = `test:${randomUUID()}`;
          await postWebhook(
            settings.webhook.url,
            { id, event: 'test', test: true, text, by, at: at.toISOString() },
            id,
          );
        } else if (kind === 'telegram' && settings.telegram && to)
          await sendTelegram(settings.telegram, to, text, null);
        else if (kind === 'email' && settings.email && to) await sendEmail(settings.email, to, text);
      } catch (err) {
        failure = remoteWords(err, [
          settings.telegram?.botToken,
          settings.webhook?.url,
          settings.email?.url,
          ...(settings.email ? [decodeURIComponent(new URL(settings.email.url).password)] : []),
        ]);
      }
      await appendAudit(ctx, {
        action: 'notification_channel.test',
        ...httpActor(req, p),
        target: kind,
        details: { to: shownTo, ok: failure === null, ...(failure ? { error: failure } : {}) },
      });
      if (failure !== null)
        throw new HttpError(502, 'channel_failed', `The ${LABEL[kind]} test failed: ${failure}`, {
          details: { kind, to: shownTo, remote: failure } satisfies ChannelTestFailure,
        });
      return { data: { ok: true as const, to: shownTo, at: at.toISOString() } };
    }),
  ];
}
