import type { Evidence, PushCheck } from '../../shared/schemas/index.js';
import { actorOf, auditEntry } from '../auth/audit.js';
import type { Principal } from '../auth/policy.js';
import { sameHash, secret, tokenHash } from '../auth/tokens.js';
import type { Ctx } from '../context.js';
import { COLL, getDoc, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import { baseEvidence, timings } from './probeNet.js';

/** Per-service push tokens, stored hashed. */
export const PUSH_TOKEN_COLL = COLL.pushTokens;

/** A stored push token (the hash only). */
export interface PushTokenRecord {
  serviceId: string;
  hash: string;
  createdAt: string;
  createdBy: string | null;
  version: number;
}

/** Creates (or replaces) the push token of a service; the token is returned once and stored hashed. */
export async function createPushToken(
  ctx: Ctx,
  serviceId: string,
  p: Principal | null,
  ip: string | null,
): Promise<{ token: string; createdAt: string }> {
  const token = `pp_${secret(24)}`;
  return commitWithRetry(async () => {
    const prev = await getDoc<PushTokenRecord>(ctx.store, PUSH_TOKEN_COLL, serviceId);
    const createdAt = ctx.now().toISOString();
    const rec: PushTokenRecord = {
      serviceId,
      hash: tokenHash(token),
      createdAt,
      createdBy: p?.kind === 'user' ? p.username : null,
      version: (prev?.version ?? 0) + 1,
    };
    const audit = auditEntry(ctx, {
      action: prev ? 'push_token.rotate' : 'push_token.create',
      actor: actorOf(p),
      ip,
      channel: 'http',
      target: `service:${serviceId}`,
    });
    const result = await ctx.store.commit({
      puts: [
        {
          coll: PUSH_TOKEN_COLL,
          id: serviceId,
          json: JSON.stringify(rec),
          version: rec.version,
          expect: prev ? prev.version : 'absent',
        },
        putDoc(COLL.audit, audit.id, audit, 'absent'),
      ],
    });
    return { result, value: { token, createdAt } };
  });
}

/** The stored token record of a service, if any. */
export function pushTokenOf(ctx: Ctx, serviceId: string): Promise<PushTokenRecord | null> {
  return getDoc<PushTokenRecord>(ctx.store, PUSH_TOKEN_COLL, serviceId);
}

/** True when `token` is the service's current push token (constant-time comparison). */
export async function verifyPushToken(ctx: Ctx, serviceId: string, token: string): Promise<boolean> {
  const rec = await pushTokenOf(ctx, serviceId);
  return rec !== null && sameHash(rec.hash, tokenHash(token));
}

/** Evidence for a received heartbeat. */
export function pushEvidence(now: Date, status: Evidence['status'], message: string | undefined): Evidence {
  const ev = baseEvidence('push', 'heartbeat', now);
  ev.status = status;
  ev.reason = status === 'up' ? null : 'reported';
  ev.message = message ?? (status === 'up' ? 'heartbeat received' : `heartbeat reports ${status}`);
  ev.conditions = [{ name: 'heartbeat', ok: status === 'up', actual: status, expected: 'up' }];
  return ev;
}

/**
 * Judges a push check at `now`: DOWN (`heartbeat_missed`) when nothing arrived for period + grace
 * since the last push (or, before the first push, since the token was issued); null when in time
 * or when no token exists yet (nothing to expect).
 */
export function judgePush(
  check: PushCheck,
  lastPushAt: string | null,
  tokenCreatedAt: string | null,
  now: Date,
): Evidence | null {
  const since = lastPushAt ?? tokenCreatedAt;
  if (!since) return null;
  const allowedMs = (check.periodSeconds + check.graceSeconds) * 1000;
  const silentMs = now.getTime() - Date.parse(since);
  if (silentMs <= allowedMs) return null;
  const ev = baseEvidence('push', 'heartbeat', now);
  const silentS = Math.round(silentMs / 1000);
  ev.timings = timings({}, 0);
  ev.conditions = [
    {
      name: 'seconds since last heartbeat',
      ok: false,
      actual: silentS,
      expected: `<= ${check.periodSeconds + check.graceSeconds}`,
    },
  ];
  return Object.assign(ev, {
    status: 'down',
    reason: 'heartbeat_missed',
    message: lastPushAt
      ? `no heartbeat for ${silentS} s (last ${lastPushAt})`
      : `no heartbeat since the token was issued ${silentS} s ago`,
  });
}
