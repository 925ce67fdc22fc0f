import type { ServiceIntegrity } from '../../../shared/schemas/index.js';
import type { Fingerprint } from './drift.js';
import type { Finding, FindingKind, FindingSeverity } from './findings.js';

/** Proof kept per open kind (the strongest first). */
const MAX_PROOF = 5;
export const KINDS: readonly FindingKind[] = ['defacement', 'spam', 'drift'];

/** An open kind of finding on a service: since when, how bad at worst, and the latest proof. */
export interface OpenKind {
  firstSeenAt: string;
  lastSeenAt: string;
  severity: FindingSeverity;
  /** Clean runs in a row since it was last seen. */
  cleanRuns: number;
  findings: Finding[];
}

/** What Pantau remembers of a service's integrity (collection COLL.integrityStates). */
export interface IntegrityRecord {
  serviceId: string;
  version: number;
  /** The accepted page the home page is compared with; learned from clean runs. */
  baseline: Fingerprint | null;
  baselineAt: string | null;
  /** The home page as last seen (what a supervisor accepts as the new baseline). */
  observed: Fingerprint | null;
  observedAt: string | null;
  runs: number;
  lastRunAt: string | null;
  open: Partial<Record<FindingKind, OpenKind>>;
}

/** What one run saw. `complete`: the home page answered and every page with open findings was looked at again. */
export interface RunOutcome {
  complete: boolean;
  findings: Finding[];
  observed: Fingerprint | null;
}

/** What a run changes about one kind's incident. */
export interface KindChange {
  kind: FindingKind;
  action: 'open' | 'repeat' | 'close';
  state: OpenKind;
}

export function emptyRecord(serviceId: string): IntegrityRecord {
  return {
    serviceId,
    version: 0,
    baseline: null,
    baselineAt: null,
    observed: null,
    observedAt: null,
    runs: 0,
    lastRunAt: null,
    open: {},
  };
}

const RANK: Record<FindingSeverity, number> = { severe: 0, moderate: 1, minor: 2 };
const worst = (a: FindingSeverity, b: FindingSeverity) => (RANK[a] <= RANK[b] ? a : b);

/** The pages a kind was last seen on. */
export const urlsOf = (k: OpenKind | undefined) => [...new Set(k?.findings.map((f) => f.url) ?? [])];

/**
 * Applies a run (pure): a kind seen opens or repeats (its severity only ever rises while open); a
 * kind not seen in a complete run counts a clean run and closes after `cleanRunsToClose`; an
 * incomplete run changes no counter. The baseline is learned from runs without any finding.
 */
export function advance(
  prev: IntegrityRecord,
  run: RunOutcome,
  now: string,
  cleanRunsToClose: number,
): { next: IntegrityRecord; changes: KindChange[] } {
  const next: IntegrityRecord = {
    ...prev,
    open: { ...prev.open },
    runs: prev.runs + 1,
    lastRunAt: now,
    version: prev.version + 1,
    ...(run.observed ? { observed: run.observed, observedAt: now } : {}),
  };
  const changes: KindChange[] = [];
  for (const kind of KINDS) {
    const found = run.findings
      .filter((f) => f.kind === kind)
      .sort((a, b) => RANK[a.severity] - RANK[b.severity])
      .slice(0, MAX_PROOF);
    const was = prev.open[kind];
    if (found.length) {
      const state: OpenKind = {
        firstSeenAt: was?.firstSeenAt ?? now,
        lastSeenAt: now,
        severity: found.map((f) => f.severity).reduce(worst, was?.severity ?? 'minor'),
        cleanRuns: 0,
        findings: found,
      };
      next.open[kind] = state;
      changes.push({ kind, action: was ? 'repeat' : 'open', state });
    } else if (was && run.complete) {
      const state = { ...was, cleanRuns: was.cleanRuns + 1 };
      if (state.cleanRuns >= cleanRunsToClose) {
        delete next.open[kind];
        changes.push({ kind, action: 'close', state });
      } else next.open[kind] = state;
    }
  }
  // Nothing open after this run means nothing was found either (every finding opens its kind).
  if (run.observed && run.complete && Object.keys(next.open).length === 0) {
    next.baseline = run.observed;
    next.baselineAt = now;
  }
  return { next, changes };
}

/** What the screens show for a record: the worst open kind and since when; null when nothing is open. */
export function verdictOf(r: IntegrityRecord): ServiceIntegrity | null {
  const { defacement, spam, drift } = r.open;
  if (defacement) return { verdict: 'defaced', since: defacement.firstSeenAt };
  if (spam) return { verdict: 'spam', since: spam.firstSeenAt };
  if (drift) return { verdict: 'drift', since: drift.firstSeenAt };
  return null;
}
