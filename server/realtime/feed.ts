import type { Logger } from '../logger.js';
import type { Store, StoredEvent } from '../store/store.js';

/** What the feed calls: load the read model (returning the log position it is current to), and apply newer events. */
export interface FeedHandlers {
  /** Reads the state afresh; returns the id of the last event that state includes (read *before* the state). */
  reload: () => Promise<string>;
  apply: (events: StoredEvent[]) => void;
  /** A reload after a failure replaced the read model: views must catch up on what they missed. */
  recovered: () => void;
}

/** Tunables; the defaults suit production, tests shorten them. */
export interface FeedOptions {
  /** How long one read of the log blocks waiting for new events. */
  blockMs?: number;
  /** A read or reload that has not finished after this long is abandoned and the feed restarted. */
  stallMs?: number;
  /** The feed counts as live while its last successful read is at most this old. */
  liveWithinMs?: number;
  /** Backoff after the n-th failure in a row. */
  backoffMs?: (failures: number) => number;
}

/** The feed's health, for `/readyz`, heartbeats and metrics. */
export interface FeedStatus {
  /** True when the log was read successfully within `liveWithinMs` and the read model is loaded. */
  live: boolean;
  /** When this instance last read the event log successfully (ms), null before the first read. */
  feedAt: number | null;
  /** Why the feed is not live (the last failure), null when it is. */
  problem: string | null;
  /** Tail loops running now: 1 while started, never more. */
  tails: number;
  /** Reloads of the read model after a failure or stall. */
  recoveries: number;
  /** Failed reads or reloads since start. */
  failures: number;
}

const defaultBackoff = (n: number): number =>
  Math.min(100 * 2 ** Math.min(n, 4), 1_000) + Math.floor(Math.random() * 200);

/**
 * The supervised tail of the store's event log: exactly one loop per instance reads the log and
 * feeds the live hub. Any failure (the log unreadable, a reload that fails or times out) is retried
 * with backoff until it succeeds, and is followed by a full reload, so nothing accepted meanwhile
 * is missed. A watchdog abandons a loop that makes no progress for `stallMs` (a promise that never
 * settles) and starts a new generation; only the current generation may deliver, so there is
 * never zero and never two.
 */
export class EventFeed {
  private readonly blockMs: number;
  private readonly stallMs: number;
  private readonly liveWithinMs: number;
  private readonly backoffMs: (failures: number) => number;
  private generation = 0;
  private running = false;
  private loaded = false;
  /** Whether the read model was ever loaded: a later reload is a recovery the views must hear of. */
  private everLoaded = false;
  private lastId = '0';
  private progressAt = 0;
  private feedAtMs: number | null = null;
  private lastProblem: string | null = 'not started';
  private recoveryCount = 0;
  private failureCount = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private stopWaking: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly handlers: FeedHandlers,
    opts: FeedOptions = {},
  ) {
    this.blockMs = opts.blockMs ?? 2_000;
    this.stallMs = opts.stallMs ?? 15_000;
    this.liveWithinMs = opts.liveWithinMs ?? 10_000;
    this.backoffMs = opts.backoffMs ?? defaultBackoff;
  }

  /** Starts the loop and its watchdog; a second call does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    // The store is back: retry now rather than at the end of the backoff.
    this.stopWaking = this.store.onStatus((ready) => {
      if (ready) this.wake?.();
    });
    this.launch(true);
    this.watchdog = setInterval(() => this.checkStall(), Math.min(1_000, this.stallMs));
    this.watchdog.unref();
  }

  /** Stops for good: the current loop delivers nothing more. */
  stop(): void {
    this.running = false;
    this.stopWaking?.();
    this.stopWaking = null;
    this.generation++;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.wake?.();
  }

  /** Forces a reload now (e.g. the store reconnected and may have lost or gained data). */
  invalidate(reason: string): void {
    if (!this.running) return;
    this.log.info({ reason }, 'live feed: reload requested');
    this.launch(true, reason);
  }

  status(now = Date.now()): FeedStatus {
    const fresh = this.feedAtMs !== null && now - this.feedAtMs <= this.liveWithinMs;
    const live = this.running && this.loaded && fresh;
    const problem = live
      ? null
      : (this.lastProblem ??
        (this.feedAtMs === null
          ? 'no read yet'
          : `last read ${Math.round((now - this.feedAtMs) / 1000)} s ago`));
    return {
      live,
      feedAt: this.feedAtMs,
      problem,
      tails: this.running ? 1 : 0,
      recoveries: this.recoveryCount,
      failures: this.failureCount,
    };
  }

  /** Starts a new generation (abandoning the current one, if any). */
  private launch(reload: boolean, reason?: string): void {
    const gen = ++this.generation;
    if (reason) this.lastProblem = reason;
    this.progressAt = Date.now();
    this.wake?.();
    void this.loop(gen, reload);
  }

  private checkStall(): void {
    if (!this.running) return;
    if (Date.now() - this.progressAt <= this.stallMs) return;
    this.failureCount++;
    this.loaded = false;
    this.log.warn({ stalledMs: Date.now() - this.progressAt }, 'live feed: no progress; restarting the tail');
    this.launch(true, 'tail stalled');
  }

  private current(gen: number): boolean {
    return this.running && gen === this.generation;
  }

  private async loop(gen: number, reloadFirst: boolean): Promise<void> {
    let needReload = reloadFirst;
    let failures = 0;
    while (this.current(gen)) {
      try {
        if (needReload) {
          const wasLoaded = this.everLoaded;
          this.loaded = false;
          const from = await this.handlers.reload();
          if (!this.current(gen)) return;
          this.lastId = from;
          this.loaded = true;
          this.everLoaded = true;
          needReload = false;
          this.progressAt = Date.now();
          if (wasLoaded) {
            this.recoveryCount++;
            this.log.info({ from }, 'live feed: read model reloaded; tail resumed');
            this.handlers.recovered();
          }
        }
        const events = await this.store.waitEvents(this.lastId, 1_000, this.blockMs);
        if (!this.current(gen)) return;
        const now = Date.now();
        this.feedAtMs = now;
        this.progressAt = now;
        this.lastProblem = null;
        failures = 0;
        if (events.length) {
          this.lastId = events.at(-1)?.id ?? this.lastId;
          this.handlers.apply(events);
        }
      } catch (err) {
        if (!this.current(gen)) return;
        failures++;
        this.failureCount++;
        this.loaded = false;
        needReload = true;
        this.lastProblem = err instanceof Error ? err.message : String(err);
        if (!this.everLoaded) this.log.debug({ err: this.lastProblem }, 'live feed waiting for the store');
        else if (failures === 1) this.log.warn({ err: this.lastProblem }, 'live feed interrupted; retrying');
        else this.log.debug({ err: this.lastProblem, failures }, 'live feed still interrupted');
        this.progressAt = Date.now();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.backoffMs(failures));
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }
}
