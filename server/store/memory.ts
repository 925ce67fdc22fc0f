import {
  TAIL_BLOCK_MAX_MS,
  compareIds,
  type CommitResult,
  type Store,
  type StoreStats,
  type StoredEvent,
  type Tx,
} from './store.js';
import { EVENT_LOG_MAX_LEN } from '../../shared/limits.js';
import { withIndex } from './indexes.js';

interface Value {
  value: string;
  expiresAt: number | null;
}

/**
 * One turn of the event loop. Reads and commits yield like a networked store's round trip does, so
 * concurrent requests interleave between their read and their commit here as they do on Redis:
 * the same races happen, and the same version checks must settle them.
 */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Embedded single-instance store: everything in this process's memory, lost on exit. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private docs = new Map<string, Map<string, { json: string; version: number }>>();
  private events: StoredEvent[] = [];
  private seq = 0;
  private values = new Map<string, Value>();
  private zsets = new Map<string, Map<string, number>>();
  private hashes = new Map<string, { fields: Map<string, number>; expiresAt: number | null }>();
  /** Callers of `waitEvents` waiting for the next commit with events. */
  private waiters = new Set<() => void>();
  private channels = new Map<string, Set<(m: string) => void>>();
  /** Lexicographic indexes (sorted member arrays) and each document's entries in them, per collection. */
  private indexes = new Map<string, string[]>();
  private indexed = new Map<string, Map<string, [string, string][]>>();
  private closed = false;

  isReady(): boolean {
    return !this.closed;
  }
  waitReady(): Promise<void> {
    return Promise.resolve();
  }
  private coll(name: string): Map<string, { json: string; version: number }> {
    let c = this.docs.get(name);
    if (!c) this.docs.set(name, (c = new Map<string, { json: string; version: number }>()));
    return c;
  }
  async get(coll: string, id: string): Promise<string | null> {
    await turn();
    return this.coll(coll).get(id)?.json ?? null;
  }
  async getMany(coll: string, ids: string[]): Promise<(string | null)[]> {
    await turn();
    const c = this.coll(coll);
    return ids.map((id) => c.get(id)?.json ?? null);
  }
  async all(coll: string): Promise<string[]> {
    await turn();
    return [...this.coll(coll).values()].map((d) => d.json);
  }
  async entries(coll: string): Promise<[string, string][]> {
    await turn();
    return [...this.coll(coll)].map(([id, d]) => [id, d.json]);
  }
  count(coll: string): Promise<number> {
    return Promise.resolve(this.coll(coll).size);
  }
  version(coll: string, id: string): Promise<number | null> {
    return Promise.resolve(this.coll(coll).get(id)?.version ?? null);
  }

  async commit(tx: Tx): Promise<CommitResult> {
    await turn();
    for (const p of tx.puts ?? []) {
      if (p.expect === undefined) continue;
      const cur = this.coll(p.coll).get(p.id)?.version ?? null;
      if (p.expect === 'absent' ? cur !== null : cur !== p.expect) {
        return { ok: false, conflict: { coll: p.coll, id: p.id, currentVersion: cur } };
      }
    }
    for (const d of tx.dels ?? []) {
      if (d.expect === undefined) continue;
      const cur = this.coll(d.coll).get(d.id)?.version ?? null;
      if (cur !== d.expect) return { ok: false, conflict: { coll: d.coll, id: d.id, currentVersion: cur } };
    }
    for (const p of (tx.puts ?? []).map(withIndex)) {
      this.coll(p.coll).set(p.id, { json: p.json, version: p.version });
      if (p.index) this.reindex(p.coll, p.id, p.index);
    }
    for (const d of tx.dels ?? []) {
      this.coll(d.coll).delete(d.id);
      this.reindex(d.coll, d.id, []);
    }
    for (const z of tx.zadds ?? []) this.zset(z.set).set(z.member, z.score);
    for (const z of tx.zrems ?? []) this.zset(z.set).delete(z.member);
    const now = Date.now();
    for (const v of tx.values ?? [])
      this.values.set(v.key, { value: v.value, expiresAt: v.ttlMs ? now + v.ttlMs : null });
    for (const c of tx.incrs ?? []) {
      const h = this.hashes.get(c.hash) ?? { fields: new Map<string, number>(), expiresAt: null };
      h.fields.set(c.field, (h.fields.get(c.field) ?? 0) + c.by);
      if (c.ttlMs) h.expiresAt = now + c.ttlMs;
      this.hashes.set(c.hash, h);
    }
    const added: StoredEvent[] = (tx.events ?? []).map((e) => ({
      id: `${now}-${++this.seq}`,
      type: e.type,
      json: e.json,
    }));
    if (added.length) {
      this.events.push(...added);
      if (this.events.length > EVENT_LOG_MAX_LEN * 1.1)
        this.events.splice(0, this.events.length - EVENT_LOG_MAX_LEN);
      const waiters = [...this.waiters];
      this.waiters.clear();
      waiters.forEach((w) => w());
    }
    return { ok: true, eventIds: added.map((e) => e.id) };
  }

  readEvents(afterId: string, limit: number): Promise<StoredEvent[]> {
    // Ids increase along the log: binary search for the first one after `afterId`.
    let lo = 0;
    let hi = this.events.length;
    while (afterId !== '0' && lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(this.events[mid]?.id ?? '0', afterId) > 0) hi = mid;
      else lo = mid + 1;
    }
    const start = lo;
    return Promise.resolve(this.events.slice(start, start + limit));
  }
  trimEvents(minId: string): Promise<void> {
    const keep = this.events.findIndex((e) => compareIds(e.id, minId) >= 0);
    this.events.splice(0, keep === -1 ? this.events.length : keep);
    return Promise.resolve();
  }
  lastEventId(): Promise<string> {
    return Promise.resolve(this.events.at(-1)?.id ?? '0');
  }
  /** Replaces a document's index entries. */
  private reindex(coll: string, id: string, entries: [string, string][]): void {
    let byId = this.indexed.get(coll);
    if (!byId) this.indexed.set(coll, (byId = new Map<string, [string, string][]>()));
    for (const [name, member] of byId.get(id) ?? []) {
      const list = this.indexes.get(name);
      const at = list ? sortedIndex(list, member) : -1;
      if (list && list[at] === member) list.splice(at, 1);
    }
    for (const [name, member] of entries) {
      let list = this.indexes.get(name);
      if (!list) this.indexes.set(name, (list = []));
      const at = sortedIndex(list, member);
      if (list[at] !== member) list.splice(at, 0, member);
    }
    if (entries.length) byId.set(id, entries);
    else byId.delete(id);
  }

  async lexRange(index: string, after: string | null, limit: number): Promise<string[]> {
    await turn();
    const list = this.indexes.get(index) ?? [];
    let start = after === null ? 0 : sortedIndex(list, after);
    if (after !== null && list[start] === after) start++;
    return list.slice(start, start + limit);
  }
  async scan(
    coll: string,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; entries: [string, string][] }> {
    await turn();
    const all = [...this.coll(coll)];
    const from = Number(cursor) || 0;
    const entries = all.slice(from, from + count).map(([id, d]): [string, string] => [id, d.json]);
    return { cursor: from + count >= all.length ? '0' : String(from + count), entries };
  }
  async lexCount(index: string): Promise<number> {
    await turn();
    return this.indexes.get(index)?.length ?? 0;
  }

  async waitEvents(afterId: string, limit: number, blockMs: number): Promise<StoredEvent[]> {
    const ready = await this.readEvents(afterId, limit);
    if (ready.length || this.closed) return ready;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, Math.min(blockMs, TAIL_BLOCK_MAX_MS)));
      this.waiters.add(done);
    });
    return this.readEvents(afterId, limit);
  }

  private live(key: string): Value | undefined {
    const v = this.values.get(key);
    if (v && v.expiresAt !== null && v.expiresAt <= Date.now()) {
      this.values.delete(key);
      return undefined;
    }
    return v;
  }
  getValue(key: string): Promise<string | null> {
    return Promise.resolve(this.live(key)?.value ?? null);
  }
  setValue(key: string, value: string, ttlMs?: number): Promise<void> {
    this.values.set(key, { value, expiresAt: ttlMs ? Date.now() + ttlMs : null });
    return Promise.resolve();
  }
  delValue(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const now = Date.now();
    const v = this.live(key);
    const count = v ? Number(v.value) + 1 : 1;
    const expiresAt = v?.expiresAt ?? now + windowMs;
    this.values.set(key, { value: String(count), expiresAt });
    return Promise.resolve({ count, resetMs: expiresAt - now });
  }

  counters(hash: string): Promise<Record<string, number>> {
    const h = this.hashes.get(hash);
    if (!h || (h.expiresAt !== null && h.expiresAt <= Date.now())) return Promise.resolve({});
    return Promise.resolve(Object.fromEntries(h.fields));
  }

  private zset(name: string): Map<string, number> {
    let z = this.zsets.get(name);
    if (!z) this.zsets.set(name, (z = new Map<string, number>()));
    return z;
  }
  due(set: string, maxScore: number, limit: number): Promise<{ member: string; score: number }[]> {
    const out = [...this.zset(set).entries()]
      .filter(([, s]) => s <= maxScore)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([member, score]) => ({ member, score }));
    return Promise.resolve(out);
  }
  acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const v = this.live(key);
    if (v && v.value !== owner) return Promise.resolve(false);
    this.values.set(key, { value: owner, expiresAt: Date.now() + ttlMs });
    return Promise.resolve(true);
  }
  releaseLease(key: string, owner: string): Promise<void> {
    if (this.live(key)?.value === owner) this.values.delete(key);
    return Promise.resolve();
  }

  publish(channel: string, message: string): Promise<void> {
    this.channels.get(channel)?.forEach((l) => l(message));
    return Promise.resolve();
  }
  subscribe(channel: string, listener: (message: string) => void): () => void {
    let s = this.channels.get(channel);
    if (!s) this.channels.set(channel, (s = new Set()));
    s.add(listener);
    return () => s.delete(listener);
  }
  onStatus(): () => void {
    return () => undefined;
  }
  stats(): StoreStats {
    let channelListeners = 0;
    for (const set of this.channels.values()) channelListeners += set.size;
    return {
      statusListeners: 0,
      channelListeners,
      replication: { minReplicas: 0, online: null, degraded: false },
    };
  }
  close(): Promise<void> {
    this.closed = true;
    const waiters = [...this.waiters];
    this.waiters.clear();
    waiters.forEach((w) => w());
    return Promise.resolve();
  }
}

/** Where `member` is or would go in the ascending `list` (byte order, as Redis compares members). */
function sortedIndex(list: string[], member: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? '') < member) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
