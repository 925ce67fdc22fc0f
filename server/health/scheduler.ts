import { createHash } from 'node:crypto';
import type { Check, Evidence } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { evidenceOf, recordEvidence } from './evidence.js';
import { runCheck } from './probe.js';
import { checkGuardFor } from './catalogEdits.js';
import { judgePush, pushTokenOf } from './push.js';
import { ConnectivityCanary, isNetworkFailure, type CanaryOptions } from './canary.js';
import { planAlert } from '../alerts/engine.js';
import { SETS } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';

/**
 * Opens (or clears) the single "monitoring degraded" alert for the command center: one signal in
 * place of dozens of false DOWNs.
 */
async function raiseMonitorAlert(ctx: Ctx, degraded: boolean, detail: string): Promise<void> {
  const agencyId = ctx.catalog.agencyById.has('command-center')
    ? 'command-center'
    : ctx.catalog.agencyById.has('diskominfo')
      ? 'diskominfo'
      : null;
  await commitWithRetry(async () => {
    const plan = await planAlert(
      ctx,
      {
        dedupeKey: `monitor:connectivity:${ctx.config.instanceId}`,
        title: `Pemantauan terganggu (${ctx.config.instanceId}): ${detail}`,
        severity: 'severe',
        agencyId,
        sourceKind: 'monitor',
        kelurahanCode: null,
        condition: degraded ? 'active' : 'cleared',
        flapping: false,
        category: 'monitor',
      },
      ctx.now().toISOString(),
    );
    return {
      result: await ctx.store.commit({ puts: plan.puts, events: plan.events, zadds: plan.zadds }),
      value: undefined,
    };
  });
  ctx.log.warn(
    { degraded, detail },
    degraded ? 'health: monitoring degraded' : 'health: monitoring recovered',
  );
}

/** The store's sorted set of checks: member = service id, score = next due time (ms). */
export const DUE_SET = SETS.checksDue;
/** Lease key that makes one instance the runner of a check for (most of) one interval. */
export const leaseKey = (serviceId: string): string => `check:${serviceId}`;

/** Tunables; defaults suit production. */
export interface SchedulerOptions {
  tickMs?: number;
  concurrency?: number;
  canary?: CanaryOptions;
}

/** Stable offset of a check inside its interval, so first runs spread out instead of stampeding. */
export function offsetMs(serviceId: string, intervalMs: number): number {
  return createHash('sha1').update(serviceId).digest().readUInt32BE(0) % intervalMs;
}

/** The first due time at or after `now` on the check's grid (same answer on every instance). */
export function firstDue(serviceId: string, intervalMs: number, now: number): number {
  const off = offsetMs(serviceId, intervalMs);
  return Math.ceil((now - off) / intervalMs) * intervalMs + off;
}

/**
 * Runs due checks from the shared schedule. Each instance polls `due(now)`, takes the check's lease
 * (so only one instance runs it), moves its due time one interval on at once, runs it with bounded
 * concurrency and commits evidence + state atomically. No in-memory truth: a dead instance's
 * checks are picked up by another once their lease expires.
 */
export class CheckScheduler {
  private readonly tickMs: number;
  private readonly concurrency: number;
  private readonly running = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private started = false;
  private untrack: (() => void) | null = null;
  private readonly canary: ConnectivityCanary;
  private monitorDegraded = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly checks: ReadonlyMap<string, Check>,
    opts: SchedulerOptions = {},
  ) {
    this.tickMs = opts.tickMs ?? 500;
    this.concurrency = opts.concurrency ?? 16;
    this.canary = new ConnectivityCanary(opts.canary);
  }

  /** Seeds missing schedule entries and starts polling. */
  async start(): Promise<void> {
    if (this.started || this.stopped) return;
    const seeded = await this.seed();
    // Checked again after the await: a second start that overlapped this one must not add a second loop.
    if (this.started || this.stopped) return;
    this.started = true;
    this.untrack = this.ctx.resources?.track('check_scheduler') ?? null;
    this.ctx.log.info({ checks: this.checks.size, seeded }, 'health: check scheduler started');
    this.schedule();
  }

  /** Puts every known check without a due time on the schedule (at start, and after catalogue edits). */
  async seed(): Promise<number> {
    if (this.checks.size === 0) return 0;
    const scheduled = new Set(
      (await this.ctx.store.due(DUE_SET, Number.POSITIVE_INFINITY, 100_000)).map((d) => d.member),
    );
    const now = this.ctx.now().getTime();
    const zadds = [...this.checks]
      .filter(([id]) => !scheduled.has(id))
      .map(([id, c]) => ({ set: DUE_SET, member: id, score: firstDue(id, c.intervalSeconds * 1000, now) }));
    if (zadds.length) await this.ctx.store.commit({ zadds });
    return zadds.length;
  }

  /** Stops polling and waits for checks in flight. Leases are left to expire. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.untrack?.();
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    // Checks in flight may finish and be recorded; do not hold shutdown hostage to a slow target.
    const until = Date.now() + 5_000;
    while (this.running.size && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err: unknown) =>
          this.ctx.log.warn({ err: (err as Error).message }, 'health: scheduler tick failed'),
        )
        .finally(() => this.schedule());
    }, this.tickMs);
  }

  /**
   * One poll: claims and starts as many due checks as the concurrency allows. The claims (lease,
   * then the move to the next due time) run side by side, so a poll costs a few round trips to the
   * store however many checks are due: on a slow network a check still starts in its own interval.
   */
  async tick(): Promise<void> {
    const free = this.concurrency - this.running.size;
    if (free <= 0 || !this.ctx.store.isReady()) return;
    const now = this.ctx.now().getTime();
    const due = await this.ctx.store.due(DUE_SET, now, free + this.running.size + 16);
    const mine = due.filter(({ member }) => !this.running.has(member)).slice(0, free);
    await Promise.all(mine.map(({ member, score }) => this.claim(member, score, now)));
  }

  /** Claims one due check for this instance and starts it; another instance's claim wins quietly. */
  private async claim(id: string, score: number, now: number): Promise<void> {
    if (this.stopped) return;
    const check = this.checks.get(id);
    if (!check) {
      // Known to another instance's configuration only: park it so it does not crowd the head of the set.
      await this.ctx.store.commit({ zadds: [{ set: DUE_SET, member: id, score: now + 60_000 }] });
      return;
    }
    const intervalMs = check.intervalSeconds * 1000;
    // The lease closes the gap between another instance's due() read and our reschedule below.
    if (
      !(await this.ctx.store.acquireLease(
        leaseKey(id),
        this.ctx.config.instanceId,
        Math.max(500, Math.floor(intervalMs * 0.9)),
      ))
    )
      return;
    const next = score + intervalMs > now ? score + intervalMs : now + intervalMs;
    await this.ctx.store.commit({ zadds: [{ set: DUE_SET, member: id, score: next }] });
    if (this.stopped || this.running.has(id)) return;
    this.running.add(id);
    void this.runOne(id, check).finally(() => this.running.delete(id));
  }

  private async runOne(serviceId: string, check: Check): Promise<void> {
    try {
      const evidence = await this.evaluate(serviceId, check);
      if (!evidence) return;
      evidence.serviceId = serviceId;
      evidence.instance = this.ctx.config.instanceId;
      const now = this.ctx.now().getTime();
      const verdict =
        check.type === 'push' ? 'ok' : this.canary.observe(serviceId, evidence, now, this.checks.size);
      const degraded = verdict === 'degraded';
      if (verdict !== 'ok' && isNetworkFailure(evidence)) {
        evidence.reason = 'monitor_degraded';
        evidence.message = degraded
          ? `monitoring degraded: ${this.canary.describe(now)}`
          : 'network failure while the monitor cannot yet tell its own connectivity';
      }
      await recordEvidence(this.ctx, [{ serviceId, evidence }]);
      if (degraded !== this.monitorDegraded) {
        this.monitorDegraded = degraded;
        await raiseMonitorAlert(this.ctx, degraded, this.canary.describe(now));
      }
    } catch (err) {
      this.ctx.log.warn({ serviceId, err: (err as Error).message }, 'health: check could not be recorded');
    }
  }

  private async evaluate(serviceId: string, check: Check): Promise<Evidence | null> {
    const now = this.ctx.now();
    if (check.type !== 'push')
      return runCheck(check, now, { guard: checkGuardFor(this.ctx, serviceId, check) });
    const [rec, token] = await Promise.all([
      evidenceOf(this.ctx.store, serviceId),
      pushTokenOf(this.ctx, serviceId),
    ]);
    return judgePush(check, rec?.lastPushAt ?? null, token?.createdAt ?? null, now);
  }
}
