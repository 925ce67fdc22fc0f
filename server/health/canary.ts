import type { Evidence } from '../../shared/schemas/index.js';

/** Network-level failure reasons: the kind a broken monitor uplink produces for every target at once. */
const NETWORK_REASONS = new Set(['dns', 'connect', 'timeout']);

/** Whether a result is a network-level failure. */
export function isNetworkFailure(e: Pick<Evidence, 'status' | 'reason'>): boolean {
  return e.status === 'down' && e.reason !== null && NETWORK_REASONS.has(e.reason);
}

/** Tunables: the window, how many distinct services it needs, and the failing share that trips it. */
export interface CanaryOptions {
  windowMs?: number;
  minServices?: number;
  ratio?: number;
}

/**
 * The monitor watching itself: when a large share of the services this instance checked in the
 * same window failed at the network level, the likelier story is that the monitor lost its
 * connectivity, not that every agency went down together. Then failures are recorded as UNKNOWN
 * (reason `monitor_degraded`) and one "monitoring degraded" alert is raised instead of many DOWNs.
 */
export class ConnectivityCanary {
  private readonly windowMs: number;
  private readonly minServices: number;
  private readonly ratio: number;
  private readonly latest = new Map<string, { failed: boolean; at: number }>();

  constructor(opts: CanaryOptions = {}) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.minServices = opts.minServices ?? 5;
    this.ratio = opts.ratio ?? 0.5;
  }

  /**
   * Records one result and says how to take a network-level failure: `degraded` (the monitor is
   * the likely culprit), `warming` (too few services seen yet in this window to tell; only when
   * the instance runs at least `minServices` checks), or `ok` (believe the failure).
   */
  observe(serviceId: string, e: Evidence, now: number, checksRun: number): 'ok' | 'warming' | 'degraded' {
    this.latest.set(serviceId, { failed: isNetworkFailure(e), at: now });
    if (this.degraded(now)) return 'degraded';
    return checksRun >= this.minServices && this.seen(now) < this.minServices ? 'warming' : 'ok';
  }

  private seen(now: number): number {
    let n = 0;
    for (const r of this.latest.values()) if (now - r.at <= this.windowMs) n++;
    return n;
  }

  /** Whether the failing share in the window reaches the threshold. */
  degraded(now: number): boolean {
    let seen = 0;
    let failed = 0;
    for (const [id, r] of this.latest) {
      if (now - r.at > this.windowMs) {
        this.latest.delete(id);
        continue;
      }
      seen++;
      if (r.failed) failed++;
    }
    return seen >= this.minServices && failed / seen >= this.ratio;
  }

  /** A short account for messages: "7 of 9 services failed at the network level". */
  describe(now: number): string {
    const live = [...this.latest.values()].filter((r) => now - r.at <= this.windowMs);
    return `${live.filter((r) => r.failed).length} of ${live.length} services failed at the network level within ${Math.round(this.windowMs / 1000)} s`;
  }
}
