import type { Evidence, HealthSample } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, allDocs, getDocs } from '../store/docs.js';
import type { DocPut, Store } from '../store/store.js';
import { recordHeartbeats } from './health.js';

/** Collections: the latest evidence per service, and a ring of the last HISTORY_SIZE per service. */
export const EVIDENCE_COLL = COLL.serviceEvidence;
export const HISTORY_COLL = COLL.checkHistory;
export const HISTORY_SIZE = 500;

/** The latest evidence of a service plus the counters that index its history ring. */
export interface EvidenceRecord {
  serviceId: string;
  /** Sequence number of `evidence`; history slot `seq % HISTORY_SIZE` holds it. */
  seq: number;
  version: number;
  evidence: Evidence;
  /** When the service last pushed a heartbeat (push checks). */
  lastPushAt: string | null;
}

/** One history entry as stored and served. */
export interface HistoryEntry extends Evidence {
  seq: number;
}

/** Converts evidence into the sample the state machine understands. */
export function evidenceToSample(serviceId: string, e: Evidence): HealthSample {
  return {
    serviceId,
    status: e.status,
    latencyMs: Math.min(600_000, Math.round(e.timings.total)),
    checkedAt: e.checkedAt,
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.message ? { message: e.message.slice(0, 500) } : {}),
  };
}

/**
 * Builds the writes that store `items` as latest evidence and append them to each service's history
 * ring. Version-guarded on the latest record, so concurrent writers cannot reuse a sequence number.
 */
export function evidenceWrites(
  store: Store,
  items: { serviceId: string; evidence: Evidence }[],
): () => Promise<DocPut[]> {
  return async () => {
    const ids = [...new Set(items.map((i) => i.serviceId))];
    const prevs = await getDocs<EvidenceRecord>(store, EVIDENCE_COLL, ids);
    const puts: DocPut[] = [];
    ids.forEach((id, n) => {
      const prev = prevs[n] ?? null;
      let seq = prev?.seq ?? 0;
      let lastPushAt = prev?.lastPushAt ?? null;
      let latest = prev?.evidence ?? null;
      const mine = items
        .filter((i) => i.serviceId === id)
        .sort((a, b) => a.evidence.checkedAt.localeCompare(b.evidence.checkedAt));
      for (const { evidence } of mine) {
        seq += 1;
        const entry: HistoryEntry = { ...evidence, serviceId: id, seq };
        puts.push({
          coll: HISTORY_COLL,
          id: `${id}:${seq % HISTORY_SIZE}`,
          json: JSON.stringify(entry),
          version: seq,
        });
        if (evidence.type === 'push' && evidence.reason !== 'heartbeat_missed')
          lastPushAt = evidence.checkedAt;
        latest = { ...evidence, serviceId: id };
      }
      if (!latest) return;
      const rec: EvidenceRecord = {
        serviceId: id,
        seq,
        version: (prev?.version ?? 0) + 1,
        evidence: latest,
        lastPushAt,
      };
      puts.push({
        coll: EVIDENCE_COLL,
        id,
        json: JSON.stringify(rec),
        version: rec.version,
        expect: prev ? prev.version : 'absent',
      });
    });
    return puts;
  };
}

/** Records check results: evidence, history and the confirmed state move in one atomic commit. */
export async function recordEvidence(
  ctx: Ctx,
  items: { serviceId: string; evidence: Evidence }[],
): Promise<void> {
  if (!items.length) return;
  await recordHeartbeats(
    ctx,
    items.map((i) => evidenceToSample(i.serviceId, i.evidence)),
    evidenceWrites(ctx.store, items),
  );
}

/** The latest evidence record of every service that has one. */
export async function latestEvidence(store: Store): Promise<Map<string, EvidenceRecord>> {
  return new Map((await allDocs<EvidenceRecord>(store, EVIDENCE_COLL)).map((r) => [r.serviceId, r]));
}

/** The latest evidence record of one service. */
export async function evidenceOf(store: Store, serviceId: string): Promise<EvidenceRecord | null> {
  return (await getDocs<EvidenceRecord>(store, EVIDENCE_COLL, [serviceId]))[0] ?? null;
}

/**
 * One page of a service's history, newest first: entries with `seq < before` (default: all).
 * `nextBefore` is the cursor for the next page, null at the oldest kept entry.
 */
export async function readHistory(
  store: Store,
  serviceId: string,
  limit: number,
  before?: number,
): Promise<{ items: HistoryEntry[]; nextBefore: number | null }> {
  const rec = await evidenceOf(store, serviceId);
  if (!rec) return { items: [], nextBefore: null };
  const oldest = Math.max(1, rec.seq - HISTORY_SIZE + 1);
  const top = Math.min(rec.seq, (before ?? rec.seq + 1) - 1);
  const seqs: number[] = [];
  for (let s = top; s >= oldest && seqs.length < limit; s--) seqs.push(s);
  const docs = await getDocs<HistoryEntry>(
    store,
    HISTORY_COLL,
    seqs.map((s) => `${serviceId}:${s % HISTORY_SIZE}`),
  );
  // A slot overwritten by a newer run since `rec` was read no longer holds the wanted entry.
  const items = docs.filter((d, i): d is HistoryEntry => d !== null && d.seq === seqs[i]);
  const last = seqs[seqs.length - 1];
  return { items, nextBefore: last !== undefined && last > oldest ? last : null };
}
