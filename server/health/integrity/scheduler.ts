import type { Check } from '../../../shared/schemas/index.js';
import type { Ctx } from '../../context.js';
import { SETS } from '../../store/docs.js';
import { createNetGuard, type NetGuard } from '../netGuard.js';
import { firstDue } from '../scheduler.js';
import { hasIntegrity, runIntegrity } from './run.js';
import type { Signatures } from './signatures.js';

/** Services whose next integrity run is due (score: when, ms). */
const DUE_SET = SETS.integrityDue;
const leaseKey = (serviceId: string) => `integrity:${serviceId}`;

/** How integrity runs are paced. */
export interface IntegritySchedulerOptions {
  /** Between two runs of one service (PANTAU_INTEGRITY_INTERVAL_SECONDS; an hour by default). */
  intervalMs: number;
  /** Clean runs in a row that close a finding (PANTAU_INTEGRITY_CLEAN_RUNS). */
  cleanRuns: number;
  signatures: Signatures;
  /** Services crawled at the same time by this instance. */
  concurrency?: number;
}

/**
 * Runs the integrity checks on their own schedule, apart from the uptime checks: a due set in the
 * store spread over the interval, a lease per run so one instance runs each service once, a few
 * services at a time, and every fetch through the address guard (the crawl follows links the page
 * itself names, so even the operator's own sites are crawled under it).
 */
export class IntegrityScheduler {
  private readonly running = new Map<string, AbortController>();
  private readonly guard: NetGuard;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly checks: ReadonlyMap<string, Check>,
    private readonly opts: IntegritySchedulerOptions,
  ) {
    this.guard = createNetGuard(ctx.config.checkAllowedNetworks);
    this.tickMs = Math.max(100, Math.min(5_000, Math.floor(opts.intervalMs / 2)));
  }

  /** Puts every integrity check without a due time on the schedule (at start and after catalogue edits). */
  async seed(): Promise<void> {
    const ids = [...this.checks].filter(([, c]) => hasIntegrity(c)).map(([id]) => id);
    if (!ids.length) return;
    const scheduled = new Set(
      (await this.ctx.store.due(DUE_SET, Number.POSITIVE_INFINITY, 100_000)).map((d) => d.member),
    );
    const now = this.ctx.now().getTime();
    const zadds = ids
      .filter((id) => !scheduled.has(id))
      .map((id) => ({ set: DUE_SET, member: id, score: firstDue(id, this.opts.intervalMs, now) }));
    if (zadds.length) await this.ctx.store.commit({ zadds });
  }

  /** Seeds and starts polling; returns the stopper main.ts keeps. */
  async start(): Promise<() => void> {
    await this.seed();
    const untrack = this.ctx.resources?.track('integrity_scheduler');
    this.ctx.log.info(
      { intervalMs: this.opts.intervalMs, signatures: this.opts.signatures.version },
      'integrity: scheduler started',
    );
    this.schedule();
    return () => {
      untrack?.();
      void this.stop();
    };
  }

  /** Stops polling and aborts the runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.running.values()) c.abort();
    const until = Date.now() + 5_000;
    while (this.running.size && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick()
        .catch((err: unknown) => this.ctx.log.warn({ err: (err as Error).message }, 'integrity: tick failed'))
        .finally(() => this.schedule());
    }, this.tickMs);
  }

  /** Claims and starts the due runs this instance has room for. */
  async tick(): Promise<void> {
    const free = (this.opts.concurrency ?? 2) - this.running.size;
    if (free <= 0 || !this.ctx.store.isReady()) return;
    const now = this.ctx.now().getTime();
    const due = await this.ctx.store.due(DUE_SET, now, free + this.running.size + 8);
    const mine = due.filter(({ member }) => !this.running.has(member)).slice(0, free);
    for (const { member } of mine) await this.claim(member, now);
  }

  private async claim(id: string, now: number): Promise<void> {
    const check = this.checks.get(id);
    const interval = this.opts.intervalMs;
    const later = { zadds: [{ set: DUE_SET, member: id, score: now + interval }] };
    if (!hasIntegrity(check)) {
      // Removed, or known only to another instance's configuration: look again an interval later.
      await this.ctx.store.commit(later);
      return;
    }
    if (
      !(await this.ctx.store.acquireLease(
        leaseKey(id),
        this.ctx.config.instanceId,
        Math.max(1_000, interval * 0.9),
      ))
    )
      return;
    await this.ctx.store.commit(later);
    if (this.stopped || this.running.has(id)) return;
    const abort = new AbortController();
    this.running.set(id, abort);
    const deps = {
      signatures: this.opts.signatures,
      guard: this.guard,
      cleanRuns: this.opts.cleanRuns,
      signal: abort.signal,
    };
    void runIntegrity(this.ctx, id, check, deps)
      .then((r) => this.ctx.log.info({ serviceId: id, ...r }, 'integrity: run done'))
      .catch((err: unknown) => {
        if (!abort.signal.aborted)
          this.ctx.log.warn({ serviceId: id, err: (err as Error).message }, 'integrity: run failed');
      })
      .finally(() => this.running.delete(id));
  }
}
