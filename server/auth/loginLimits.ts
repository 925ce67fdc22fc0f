import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Ctx } from '../context.js';
import { HttpError, StoreUnavailableError } from '../errors.js';
import { getDoc, COLL } from '../store/docs.js';
import { keys } from '../store/keys.js';
import type { Store } from '../store/store.js';
import { appendAudit, type AuditEntry } from './audit.js';
import { secret } from './tokens.js';
import type { User } from './users.js';

/**
 * Login limits. Every attempt reserves its points atomically BEFORE the password is verified, so a
 * parallel burst verifies at most the limit:
 *
 * - per (account, address), strictly: PAIR_MAX_FAILURES failures in PAIR_WINDOW_SECONDS lock the pair
 *   for PAIR_LOCK_SECONDS (429 `too_many_attempts` + Retry-After);
 * - per account (any address), by progressive delay rather than a lock, so a stranger cannot lock the
 *   owner out: after ACCOUNT_FREE_FAILURES failures in ACCOUNT_WINDOW_SECONDS, one attempt at a time
 *   may run, and only once `accountDelaySeconds(n)` have passed since the previous failure.
 *
 * Unknown usernames are limited exactly like real ones. An admin's unlock starts a new epoch for the
 * account, which abandons every counter and lock kept for it (they expire on their own).
 */

/** Failures allowed per (account, address) in one window; the next attempt is refused until the lock ends. */
export const PAIR_MAX_FAILURES = 5;
export const PAIR_WINDOW_SECONDS = 15 * 60;
/** How long a (account, address) pair stays locked after its last allowed failure. */
export const PAIR_LOCK_SECONDS = 15 * 60;
/** Failures per account (from any address) in one window before each further attempt must wait. */
export const ACCOUNT_FREE_FAILURES = 10;
export const ACCOUNT_WINDOW_SECONDS = 15 * 60;
/** The first wait after ACCOUNT_FREE_FAILURES failures; it doubles with each further failure, up to the cap. */
export const ACCOUNT_DELAY_FIRST_SECONDS = 1;
export const ACCOUNT_DELAY_MAX_SECONDS = 60;
/** How long one gated attempt holds the account while its password is verified (released when it ends). */
const GATE_HOLD_SECONDS = 30;
/** How long an attempt waits for the limiter's Redis connection before failing closed (503). */
const READY_WAIT_MS = 1_000;

/** The wait before the next attempt after the `failures`-th failure of an account (0 below the threshold). */
export function accountDelaySeconds(failures: number): number {
  if (failures < ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(
    ACCOUNT_DELAY_FIRST_SECONDS * 2 ** (failures - ACCOUNT_FREE_FAILURES),
    ACCOUNT_DELAY_MAX_SECONDS,
  );
}

function tooMany(retryAfterMs: number): HttpError {
  return new HttpError(429, 'too_many_attempts', 'Too many failed logins; wait before trying again.', {
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  });
}

/** Any limiter failure that is not a refusal means the store did not answer: fail closed. */
function unavailable(err: unknown): StoreUnavailableError {
  if (err instanceof StoreUnavailableError) return err;
  return new StoreUnavailableError(`login limiter: ${err instanceof Error ? err.message : String(err)}`);
}

type Taken = { ok: true; res: RateLimiterRes } | { ok: false; res: RateLimiterRes };

async function take(
  limiter: RateLimiterAbstract,
  key: string,
  opts?: { customDuration: number },
): Promise<Taken> {
  try {
    return { ok: true, res: await limiter.consume(key, 1, opts) };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { ok: false, res: err };
    throw unavailable(err);
  }
}

async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw unavailable(err);
  }
}

const accountName = (username: string) => encodeURIComponent(username.toLowerCase());
const epochKey = (username: string) => `loginlimit:epoch:${accountName(username)}`;

interface RedisLimiterSource {
  kind: 'redis';
  limiterClient(): Redis;
}
function isRedisSource(store: Store): store is Store & RedisLimiterSource {
  return store.kind === 'redis' && typeof (store as Partial<RedisLimiterSource>).limiterClient === 'function';
}

/** One login attempt's reservation; settle it with `succeeded` or `failed` once the password is checked. */
export interface LoginAttempt {
  /** The password was right: the pair's failures are forgotten and the account's point is given back. */
  succeeded(): Promise<void>;
  /** The password (or the user) was wrong: the points stay spent; locks and delays start here, audited once. */
  failed(userId: string | null): Promise<void>;
}

/** The login limiters of one store (one per process; see `loginLimits`). */
export class LoginLimits {
  private readonly pair: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly gate: RateLimiterAbstract;
  private readonly client: Redis | null;

  constructor(private readonly ctx: Ctx) {
    const store = ctx.store;
    const opts = (name: string, points: number, duration: number) => ({
      keyPrefix: `${keys.prefix}login:${name}`,
      points,
      duration,
    });
    if (store.kind === 'redis') {
      if (!isRedisSource(store)) throw new Error('the redis store hands out no limiter connection');
      const client = store.limiterClient();
      const make = (name: string, points: number, duration: number) =>
        new RateLimiterRedis({
          ...opts(name, points, duration),
          storeClient: client,
          rejectIfRedisNotReady: true,
        });
      this.client = client;
      this.pair = make('pair', PAIR_MAX_FAILURES, PAIR_WINDOW_SECONDS);
      this.account = make('acct', ACCOUNT_FREE_FAILURES, ACCOUNT_WINDOW_SECONDS);
      this.gate = make('gate', 1, GATE_HOLD_SECONDS);
    } else {
      this.client = null;
      this.pair = new RateLimiterMemory(opts('pair', PAIR_MAX_FAILURES, PAIR_WINDOW_SECONDS));
      this.account = new RateLimiterMemory(opts('acct', ACCOUNT_FREE_FAILURES, ACCOUNT_WINDOW_SECONDS));
      this.gate = new RateLimiterMemory(opts('gate', 1, GATE_HOLD_SECONDS));
    }
  }

  /** Fails closed unless the store (and the limiter's own connection) can answer now. */
  private async ready(): Promise<void> {
    if (!this.ctx.store.isReady()) throw new StoreUnavailableError('store not ready');
    const c = this.client;
    const up = () => c?.status === 'ready';
    if (!c || up()) return;
    // Just after start or a reconnect: give the dedicated connection a moment rather than refuse at once.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        c.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, READY_WAIT_MS);
      c.once('ready', done);
    });
    if (!up()) throw new StoreUnavailableError(`redis limiter connection ${c.status}`);
  }

  /**
   * Reserves one attempt for `username` from `ip` before its password is verified; throws 429 (with
   * Retry-After) when the pair is locked or the account's delay has not passed, 503 when the store
   * cannot answer. Nothing is verified for a refused attempt.
   */
  async reserve(username: string, ip: string | null): Promise<LoginAttempt> {
    await this.ready();
    const epoch = (await this.ctx.store.getValue(epochKey(username))) ?? '0';
    const acctKey = `${epoch}:${accountName(username)}`;
    const pairKey = `${acctKey}:${ip ?? 'unknown'}`;

    const pair = await take(this.pair, pairKey);
    if (!pair.ok) throw tooMany(pair.res.msBeforeNext);
    const acct = await take(this.account, acctKey);
    // Past the free failures: one attempt at a time, and only once the delay since the last failure is over.
    const gated = !acct.ok;
    if (gated) {
      const gate = await take(this.gate, acctKey, { customDuration: GATE_HOLD_SECONDS });
      if (!gate.ok) {
        // Refused unverified: give both points back, so waiting it out costs the owner nothing.
        await Promise.all([guard(this.account.reward(acctKey)), guard(this.pair.reward(pairKey))]);
        throw tooMany(gate.res.msBeforeNext);
      }
    }
    const pairN = pair.res.consumedPoints;
    const acctN = acct.res.consumedPoints;

    return {
      succeeded: async () => {
        await Promise.all([
          guard(this.pair.delete(pairKey)),
          guard(this.account.reward(acctKey)),
          ...(gated ? [guard(this.gate.delete(acctKey))] : []),
        ]);
      },
      failed: async (userId) => {
        const locks: Omit<AuditEntry, 'id' | 'at' | 'version'>[] = [];
        const audit = (details: Record<string, unknown>) => ({
          action: 'auth.locked',
          actor: { kind: 'anonymous', id: null, name: username.slice(0, 64), role: null, agencyId: null },
          ip,
          channel: 'http' as const,
          ...(userId ? { target: userId } : {}),
          details: { username: username.slice(0, 64), ...details },
        });
        if (pairN >= PAIR_MAX_FAILURES) {
          await guard(this.pair.block(pairKey, PAIR_LOCK_SECONDS));
          locks.push(audit({ scope: 'address', lockedSeconds: PAIR_LOCK_SECONDS }));
        }
        const delay = accountDelaySeconds(acctN);
        if (delay > 0) {
          await guard(this.gate.block(acctKey, delay));
          // Audited when the delay starts, not for each failure that lengthens it.
          if (acctN === ACCOUNT_FREE_FAILURES) locks.push(audit({ scope: 'account', delaySeconds: delay }));
        }
        for (const e of locks) await appendAudit(this.ctx, e);
      },
    };
  }

  /** Lifts every lock and delay of `username`: a new epoch, so all its counters are left behind. */
  async unlock(username: string): Promise<void> {
    await this.ctx.store.setValue(epochKey(username), `${Date.now().toString(36)}-${secret(6)}`);
  }
}

const byStore = new WeakMap<Store, LoginLimits>();

/** The login limits of this context's store, created once (on Redis: one dedicated connection). */
export function loginLimits(ctx: Ctx): LoginLimits {
  let l = byStore.get(ctx.store);
  if (!l) byStore.set(ctx.store, (l = new LoginLimits(ctx)));
  return l;
}

/**
 * Unlocks a user's account (admin): clears its per-account delay and every (account, address) lock,
 * audited as `auth.unlocked`. 404 for an unknown user.
 */
export async function unlockUser(
  ctx: Ctx,
  id: string,
  audit: Omit<AuditEntry, 'id' | 'at' | 'version' | 'action'>,
): Promise<void> {
  const user = await getDoc<User>(ctx.store, COLL.users, id);
  if (!user) throw new HttpError(404, 'not_found', 'No such user.');
  await loginLimits(ctx).unlock(user.username);
  await appendAudit(ctx, {
    ...audit,
    action: 'auth.unlocked',
    target: id,
    details: { username: user.username },
  });
}
