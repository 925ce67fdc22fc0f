/**
 * Availability of one agency over a window, per hour (24 h) or WITA day (7 d / 30 d), and per
 * service. `GET /agencies/:id/sla` answers totals only, so the series is one `?from&to` query per
 * bucket (a few at a time; the server sums its hour rollups, which line up with these buckets)
 * plus one query for the window's per-service totals.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../components/LoginForm.js';
import { fetchSla, type Sla } from '../../live/queries.js';
import { windowBuckets, type Bucket, type ChartWindow } from './math.js';

const PARALLEL = 4;

type Period = NonNullable<Sla['windows'][string]>;

export interface AvailabilityData {
  buckets: Bucket[];
  /** The agency's figures per bucket (null: the bucket has not started). */
  perBucket: (Period | null)[];
  /** The window's per-service totals. */
  total: Period | null;
  asOf: number;
}

export type AvailabilityState =
  { kind: 'loading' } | { kind: 'error'; error: string } | { kind: 'ready'; data: AvailabilityData };

/** Runs `jobs` with at most `n` in flight, keeping their order. */
async function limited<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      if (job) out[i] = await job();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return out;
}

/** Loads the availability of `agencyId` over `window`; `reload` bumps force a new load. */
export function useAvailability(
  agencyId: string | null,
  window: ChartWindow,
  reload: number,
): AvailabilityState {
  // The last answer with the request it answers: a newer request shows `loading` until its own arrives.
  const key = `${agencyId ?? ''}|${window}|${reload}`;
  const [result, setResult] = useState<{ key: string; state: AvailabilityState } | null>(null);
  useEffect(() => {
    if (!agencyId) return;
    let cancelled = false;
    const setState = (state: AvailabilityState) => setResult({ key, state });
    const asOf = Date.now();
    const buckets = windowBuckets(window, asOf);
    const jobs = buckets.map((b) => async (): Promise<Period | null> => {
      if (b.to <= b.from) return null;
      const sla = await fetchSla(agencyId, {
        from: new Date(b.from).toISOString(),
        to: new Date(b.to).toISOString(),
      });
      return sla.windows.period ?? null;
    });
    Promise.all([limited(jobs, PARALLEL), fetchSla(agencyId)])
      .then(([perBucket, totals]) => {
        if (!cancelled)
          setState({
            kind: 'ready',
            data: { buckets, perBucket, total: totals.windows[window] ?? null, asOf },
          });
      })
      .catch((e: unknown) => {
        if (!cancelled) setState({ kind: 'error', error: errorMessage(e) });
      });
    return () => {
      cancelled = true;
    };
  }, [agencyId, window, reload, key]);
  return result?.key === key ? result.state : { kind: 'loading' };
}
