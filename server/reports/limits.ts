import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Ctx } from '../context.js';
import { HttpError, StoreUnavailableError } from '../errors.js';
import { keys } from '../store/keys.js';

/** Messages a chat may send the bot a minute, beyond which they are dropped (a flood, not a resident). */
const CHAT_MESSAGES_PER_MINUTE = 30;

const limiters = new WeakMap<Ctx, Map<string, RateLimiterAbstract>>();

/** One limiter per server and name: on Redis shared by every instance, else in this process. */
function limiter(ctx: Ctx, name: string, points: number, duration: number): RateLimiterAbstract {
  let mine = limiters.get(ctx);
  if (!mine) limiters.set(ctx, (mine = new Map<string, RateLimiterAbstract>()));
  const have = mine.get(name);
  if (have) return have;
  const opts = { keyPrefix: `${keys.prefix}reports:${name}`, points, duration };
  const store = ctx.store as { kind: string; limiterClient?: () => Redis };
  const made =
    store.kind === 'redis' && store.limiterClient
      ? new RateLimiterRedis({ ...opts, storeClient: store.limiterClient(), rejectIfRedisNotReady: true })
      : new RateLimiterMemory(opts);
  mine.set(name, made);
  return made;
}

const limiterOf = (ctx: Ctx) => limiter(ctx, 'rate', ctx.config.reportsPerHour, 3600);

/**
 * Takes one report from each of a sender's identities (`key:<id>`, `ip:<address>`): 429
 * `too_many_reports` with Retry-After once one of them has sent PANTAU_REPORTS_PER_HOUR in the hour.
 */
export async function takeReportSlot(ctx: Ctx, identities: string[]): Promise<void> {
  const rate = limiterOf(ctx);
  for (const id of identities) {
    try {
      await rate.consume(id, 1);
    } catch (err) {
      if (err instanceof RateLimiterRes)
        throw new HttpError(429, 'too_many_reports', 'Too many reports from this sender; try again later.', {
          headers: { 'Retry-After': String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) },
        });
      throw new StoreUnavailableError(`report limiter: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Takes one message of a Telegram chat's allowance; false when the chat has sent too many this minute. */
export async function takeChatMessage(ctx: Ctx, chatId: string): Promise<boolean> {
  try {
    await limiter(ctx, 'chat', CHAT_MESSAGES_PER_MINUTE, 60).consume(chatId, 1);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw new StoreUnavailableError(`chat limiter: ${err instanceof Error ? err.message : String(err)}`);
  }
}
