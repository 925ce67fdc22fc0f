/**
 * SLA (`GET /agencies/:id/sla`) and MTTA/MTTR (`GET /agencies/:id/response-times`) of every agency
 * with services, loaded with the page (a few agencies at a time, the given first), refreshed every
 * 5 minutes and on demand. A refresh keeps the last figures on screen until the new ones arrive.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../components/LoginForm.js';
import { fetchResponseTimes, fetchSla, type AgencyResponseTimes, type Sla } from '../live/queries.js';

const PARALLEL = 4;
const REFRESH_MS = 5 * 60_000;

/** Figures of one agency; absent from the map (or `loading`) until its first answer. */
export type AgencyFigures =
  | { kind: 'loading' }
  | { kind: 'error'; error: string }
  | {
      kind: 'ready';
      sla: Sla;
      /** Null when the response times could not be read (the SLA still shows). */
      rt: AgencyResponseTimes | null;
      rtError: string | null;
      at: number;
    };

export interface AgencyMetricsState {
  figures: ReadonlyMap<string, AgencyFigures>;
  /** When the newest complete load finished (client clock), null before the first. */
  asOf: number | null;
  busy: boolean;
  reload: () => void;
}

export function useAgencyMetrics(agencyIds: readonly string[], first: string | null): AgencyMetricsState {
  const [figures, setFigures] = useState<ReadonlyMap<string, AgencyFigures>>(new Map());
  const [asOf, setAsOf] = useState<number | null>(null);
  const [round, setRound] = useState(0);
  const key = agencyIds.join(',');
  // The load that finished last: busy until the current one has.
  const [done, setDone] = useState<string | null>(null);
  const busy = key !== '' && done !== `${key}|${round}`;
  // The agency to load first (the open service's) is read when a load starts, not a reason to reload.
  const firstRef = useRef(first);
  useEffect(() => {
    firstRef.current = first;
  }, [first]);

  useEffect(() => {
    if (!key) return;
    let cancelled = false;
    const ids = key.split(',');
    const lead = firstRef.current;
    const queue = lead && ids.includes(lead) ? [lead, ...ids.filter((id) => id !== lead)] : ids;
    const set = (id: string, f: AgencyFigures): void => {
      if (!cancelled) setFigures((m) => new Map(m).set(id, f));
    };
    const loadOne = async (id: string): Promise<void> => {
      const [sla, rt] = await Promise.allSettled([fetchSla(id), fetchResponseTimes(id)]);
      if (sla.status === 'rejected') {
        set(id, { kind: 'error', error: errorMessage(sla.reason) });
        return;
      }
      set(id, {
        kind: 'ready',
        sla: sla.value,
        rt: rt.status === 'fulfilled' ? rt.value : null,
        rtError: rt.status === 'rejected' ? errorMessage(rt.reason) : null,
        at: Date.now(),
      });
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!cancelled && next < queue.length) {
        const id = queue[next++];
        if (id) await loadOne(id);
      }
    };
    void Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker)).then(() => {
      if (cancelled) return;
      setDone(`${ids.join(',')}|${round}`);
      setAsOf(Date.now());
    });
    const timer = setTimeout(() => setRound((r) => r + 1), REFRESH_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { figures, asOf, busy, reload };
}
