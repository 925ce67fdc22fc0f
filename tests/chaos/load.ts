import type { LiveClient } from '../helpers/live.js';

/** One accepted (202) incident and when the answer came. */
export interface Acked {
  id: string;
  at: number;
}

/** A running ingest load: batches of uniquely-id'd incidents posted back to back by a few workers. */
export interface IngestLoad {
  acked: Acked[];
  /** Answer status → count (0 = no answer: refused, reset or timed out). */
  codes: Map<number, number>;
  /** When each 202 came (ms), in order. */
  okAt: number[];
  /** When the request of each 202 was sent (ms), in the same order as `okAt`. */
  okSentAt: number[];
  stop(): Promise<void>;
}

/** Posts batches of `batch` minor incidents with `workers` concurrent clients until stopped. */
export function startIngestLoad(
  baseUrl: string,
  key: string,
  opts: { workers?: number; batch?: number; prefix: string },
): IngestLoad {
  const { workers = 2, batch = 10, prefix } = opts;
  const load: IngestLoad = {
    acked: [],
    codes: new Map(),
    okAt: [],
    okSentAt: [],
    stop: () => Promise.resolve(),
  };
  let running = true;
  let n = 0;
  const worker = async (w: number) => {
    while (running) {
      const ids = Array.from({ length: batch }, (_, i) => `${prefix}-${w}-${n}-${i}`);
      n++;
      const body = ids.map((id) => ({
        id,
        title: 'Uji ketahanan',
        category: 'other',
        severity: 'minor',
        location: [116.85, -1.25],
        occurredAt: new Date().toISOString(),
      }));
      let status = 0;
      const sentAt = Date.now();
      try {
        const r = await fetch(`${baseUrl}/api/v1/incidents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        status = r.status;
        await r.arrayBuffer();
      } catch {
        status = 0;
      }
      load.codes.set(status, (load.codes.get(status) ?? 0) + 1);
      if (status === 202) {
        const at = Date.now();
        load.okAt.push(at);
        load.okSentAt.push(sentAt);
        for (const id of ids) load.acked.push({ id, at });
      } else {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const all = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  load.stop = async () => {
    running = false;
    await all;
  };
  return load;
}

/** Records when a live client first held each incident (from a delta or a snapshot). */
export function trackDeliveries(c: LiveClient): Map<string, number> {
  const seen = new Map<string, number>();
  const note = (ids: { id: string }[]) => {
    const now = Date.now();
    for (const { id } of ids) if (!seen.has(id)) seen.set(id, now);
  };
  for (const m of c.messages) if (m.kind !== 'heartbeat') note(m.data.incidents);
  c.socket.on('delta', (d) => note(d.incidents));
  c.socket.on('snapshot', (s) => note(s.incidents));
  return seen;
}

/** Acknowledged ids whose delivery came later than `deadline(ack)` or never. */
export function lateDeliveries(
  acked: Acked[],
  seen: Map<string, number>,
  deadline: (a: Acked) => number,
): string[] {
  return acked.filter((a) => (seen.get(a.id) ?? Number.POSITIVE_INFINITY) > deadline(a)).map((a) => a.id);
}
