import type { Ctx } from '../context.js';
import { ValidationError, type Issue } from '../errors.js';

/** An observed instant and where it sits in the request. */
export interface Observed {
  path: (string | number)[];
  at: string;
}

/**
 * Issues for every observed instant later than now + `aheadMs` (default: the allowed clock skew,
 * `PANTAU_MAX_CLOCK_SKEW_SECONDS`): a source whose clock runs fast must never date a sample into the
 * future, where it would stay "latest" and wedge states, alerts and lists.
 */
export function futureIssues(
  ctx: Pick<Ctx, 'now' | 'config'>,
  observed: Observed[],
  aheadMs = ctx.config.maxClockSkewMs,
): Issue[] {
  const limit = ctx.now().getTime() + aheadMs;
  return observed
    .filter((o) => Date.parse(o.at) > limit)
    .map((o) => ({
      path: o.path,
      message: `${o.at} is more than ${Math.round(aheadMs / 1000)} s in the future (the source's clock?)`,
    }));
}

/** Throws a 400 naming every observed instant too far in the future; nothing is written. */
export function refuseFuture(ctx: Pick<Ctx, 'now' | 'config'>, observed: Observed[], aheadMs?: number): void {
  const issues = futureIssues(ctx, observed, aheadMs);
  if (issues.length)
    throw new ValidationError(issues, 'A timestamp lies in the future; nothing was written.');
}

/** The earlier of two ISO instants (UTC, as stored): a stored "latest" never runs ahead of `now`. */
export function notAfter(at: string, now: string): string {
  return at > now ? now : at;
}
