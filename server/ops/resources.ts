/**
 * The long-lived things an instance starts — loops, timers, workers, subscriptions — counted by
 * kind. A start-up that is retried must end with one of each; `/metrics` shows the counts
 * (`pantau_instance_resources`) so a test, or an operator, can see that it did.
 */
export class Resources {
  private readonly counts = new Map<string, number>();

  /** Counts one `kind` as running; the returned function uncounts it (once). */
  track(kind: string): () => void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.counts.set(kind, (this.counts.get(kind) ?? 1) - 1);
    };
  }

  /** Every kind with its current count. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
