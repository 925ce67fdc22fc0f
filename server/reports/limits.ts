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

const limiters = new WeakMap<Ctx, RateLimiterAbstract>();

function limiterOf(ctx: Ctx): RateLimiterAbstract {
  const have = limiters.get(ctx);
  if (have) return have;
  const opts = { keyPrefix: `${keys.prefix}reports:rate`, points: ctx.config.reportsPerHour, duration: 3600 };
  const store = ctx.store as { kind: string; limiterClient?: () => Redis };
  const made =
    store.kind === 'redis' && store.limiterClient
      ? new RateLimiterRedis({ ...opts, storeClient: store.limiterClient(), rejectIfRedisNotReady: true })
      : new RateLimiterMemory(opts);
  limiters.set(ctx, made);
  return made;
}

/**
 * Takes one report from each of a sender's identities (`key:<id>`, `ip:<address>`): 429
 * `too_many_reports` with Retry-After once one of them has sent PANTAU_REPORTS_PER_HOUR in the hour.
 */
export async function takeReportSlot(ctx: Ctx, identities: string[]): Promise<void> {
  const limiter = limiterOf(ctx);
  for (const id of identities) {
    try {
      await limiter.consume(id, 1);
    } catch (err) {
      if (err instanceof RateLimiterRes)
        throw new HttpError(429, 'too_many_reports', 'Too many reports from this sender; try again later.', {
          headers: { 'Retry-After': String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) },
        });
      throw new StoreUnavailableError(`report limiter: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
