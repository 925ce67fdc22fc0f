/**
 * How the bot's updates (button presses, commands) reach bot.ts. By default one instance at a time
 * long-polls getUpdates under a store lease, keeping the offset in the store so that a restart or
 * another instance carries on after the last handled update. With PANTAU_TELEGRAM_WEBHOOK_SECRET,
 * Telegram posts them to `POST /api/v1/telegram/webhook` instead (registered with setWebhook when
 * PANTAU_PUBLIC_URL is known) and nobody polls. Handling is idempotent (a press carries its
 * callback id as the command id), so an update delivered twice changes nothing twice.
 */
import { timingSafeEqual } from 'node:crypto';
import { GrammyError, type Bot } from 'grammy';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { POLL_TIMEOUT_SECONDS, createBot } from './bot.js';
import { channelSettings } from './channels.js';

const LEASE = 'telegram:poll';
/** Longer than one long poll; renewed while held, so a dead holder's lease frees within a minute. */
const LEASE_MS = (POLL_TIMEOUT_SECONDS + 20) * 1000;
const RENEW_MS = 10_000;
/** How often an instance not polling (not set up, webhook mode, another holds the lease) looks again. */
const IDLE_MS = 5_000;
const MAX_BACKOFF_MS = 60_000;
/** An update whose handling fails this often is skipped (logged), so one bad update cannot stop the bot. */
const MAX_TRIES = 3;
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
export const WEBHOOK_PATH = '/api/v1/telegram/webhook';

const bots = new Map<string, Bot>();

/** One bot per token and API root (the settings may change at run time). */
function botFor(ctx: Ctx, tg: { botToken: string; apiUrl: string }): Bot {
  const key = `${tg.apiUrl}\n${tg.botToken}`;
  let bot = bots.get(key);
  if (!bot) {
    bot = createBot(ctx, tg);
    bots.set(key, bot);
  }
  return bot;
}

/** The stored offset of a bot (the id of the next update to fetch), per bot id. */
const offsetKey = (token: string) => `telegram:offset:${token.split(':')[0] ?? ''}`;

/** grammy types its signals with its AbortController shim; a native signal works the same at run time. */
type GrammySignal = Parameters<Bot['api']['getUpdates']>[1];
const gs = (signal: AbortSignal | undefined) => signal as unknown as GrammySignal;

async function ready(bot: Bot, signal?: AbortSignal): Promise<void> {
  if (!bot.isInited()) await bot.init(gs(signal));
}

/**
 * Polls for updates until stopped: only the lease holder polls, the offset is stored after each
 * handled update, failures back off (1 s doubling to a minute, with jitter) and never end the loop.
 */
export function startTelegramUpdates(ctx: Ctx): () => void {
  const stopping = new AbortController();
  const owner = ctx.config.instanceId;
  const failures = new Map<number, number>();
  let lost = new AbortController();
  let renew: NodeJS.Timeout | null = null;
  let webhookSetFor: string | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(t);
        stopping.signal.removeEventListener('abort', wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      stopping.signal.addEventListener('abort', wake, { once: true });
    });
  const hold = () => {
    if (renew) return;
    lost = new AbortController();
    renew = setInterval(() => {
      ctx.store
        .acquireLease(LEASE, owner, LEASE_MS)
        .then((ok) => (ok ? undefined : lost.abort()))
        .catch(() => lost.abort());
    }, RENEW_MS);
  };
  const release = async () => {
    if (!renew) return;
    clearInterval(renew);
    renew = null;
    await ctx.store.releaseLease(LEASE, owner).catch(() => undefined);
  };

  const pollOnce = async (bot: Bot, token: string, signal: AbortSignal): Promise<void> => {
    const key = offsetKey(token);
    const offset = Number((await ctx.store.getValue(key)) ?? 0) || undefined;
    const updates = await bot.api.getUpdates(
      { ...(offset ? { offset } : {}), timeout: POLL_TIMEOUT_SECONDS, allowed_updates: [...ALLOWED_UPDATES] },
      gs(signal),
    );
    for (const u of updates) {
      // Lease lost or stopping: the next holder goes on from the stored offset.
      if (signal.aborted) return;
      try {
        await bot.handleUpdate(u);
        failures.delete(u.update_id);
      } catch (err) {
        const tries = (failures.get(u.update_id) ?? 0) + 1;
        failures.set(u.update_id, tries);
        if (tries < MAX_TRIES) throw err;
        failures.delete(u.update_id);
        ctx.log.error(
          { update: u.update_id, err: String(err) },
          'telegram: update failed repeatedly; skipped',
        );
      }
      await ctx.store.setValue(key, String(u.update_id + 1));
    }
  };

  const registerWebhook = async (bot: Bot, key: string, secret: string): Promise<void> => {
    if (webhookSetFor === key) return;
    const base = ctx.config.publicUrl;
    if (!base) {
      ctx.log.warn(
        `telegram: webhook mode without PANTAU_PUBLIC_URL; register <public URL>${WEBHOOK_PATH} with setWebhook yourself`,
      );
    } else {
      await bot.api.setWebhook(`${base.replace(/\/$/, '')}${WEBHOOK_PATH}`, {
        secret_token: secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      ctx.log.info('telegram: webhook registered');
    }
    webhookSetFor = key;
  };

  const loop = async (): Promise<void> => {
    let backoff = 0;
    while (!stopping.signal.aborted) {
      const tg = channelSettings(ctx).telegram;
      const bot = tg ? botFor(ctx, tg) : null;
      try {
        if (!tg || !bot || !ctx.store.isReady()) {
          await release();
          await sleep(IDLE_MS);
          continue;
        }
        const secret = ctx.config.telegramWebhookSecret;
        if (secret) {
          await release();
          await registerWebhook(bot, `${tg.apiUrl}\n${tg.botToken}`, secret);
          await sleep(IDLE_MS);
          continue;
        }
        if (!(await ctx.store.acquireLease(LEASE, owner, LEASE_MS))) {
          await release();
          await sleep(IDLE_MS);
          continue;
        }
        hold();
        const signal = AbortSignal.any([stopping.signal, lost.signal]);
        await ready(bot, signal);
        await pollOnce(bot, tg.botToken, signal);
        backoff = 0;
      } catch (err) {
        if (stopping.signal.aborted) break;
        if (lost.signal.aborted) {
          ctx.log.info('telegram: polling lease lost; another instance polls');
          await release();
          continue;
        }
        // A webhook left from webhook mode blocks getUpdates: polling mode removes it.
        if (err instanceof GrammyError && err.error_code === 409 && /webhook/i.test(err.description))
          await bot?.api.deleteWebhook().catch(() => undefined);
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : 1_000);
        const wait = Math.round(backoff * (0.75 + Math.random() / 2));
        ctx.log.warn(
          { err: String(err).slice(0, 300), retryInMs: wait },
          'telegram: updates failed; retrying',
        );
        await sleep(wait);
      }
    }
    await release();
  };

  const untrack = ctx.resources?.track('telegram_updates') ?? (() => undefined);
  const done = loop().catch((err: unknown) =>
    ctx.log.error({ err: String(err) }, 'telegram: update loop ended'),
  );
  return () => {
    stopping.abort();
    untrack();
    void done;
  };
}

/** Constant-time comparison of the header with the configured secret. */
function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `POST /api/v1/telegram/webhook`: Telegram's delivery of one update in webhook mode. */
export function telegramBindings(ctx: Ctx): Binding[] {
  return [
    handle('post /api/v1/telegram/webhook', async ({ req, body }) => {
      const secret = ctx.config.telegramWebhookSecret;
      const tg = channelSettings(ctx).telegram;
      if (!secret || !tg) throw new HttpError(404, 'not_found', 'The Telegram webhook is not set up.');
      if (!sameSecret(req.get('x-telegram-bot-api-secret-token') ?? '', secret))
        throw new HttpError(401, 'unauthenticated', 'Missing or wrong X-Telegram-Bot-Api-Secret-Token.');
      const bot = botFor(ctx, tg);
      await ready(bot);
      // A failure answers 5xx and Telegram delivers the update again (handling is idempotent).
      await bot.handleUpdate(body);
      return { data: { handled: true as const } };
    }),
  ];
}
