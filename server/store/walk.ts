import type { Archive } from './archive.js';
import { idOfMember } from './indexes.js';
import type { Store } from './store.js';

/** One page of a list read: the items, and the cursor of the next page (null at the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor is the last index member a page looked at, opaque to clients. */
export function encodeCursor(member: string): string {
  return Buffer.from(member, 'utf8').toString('base64url');
}
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const member = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[\x20-\x7e]{1,400}$/.test(member) ? member : null;
}

/** How one list read walks its index. */
export interface Walk<T> {
  coll: string;
  index: string;
  /** Exclusive start (a decoded cursor, or a seek position such as a time bound). */
  after: string | null;
  limit: number;
  /** Further filters the index does not answer; applied to each document read. */
  keep: (doc: T) => boolean;
  /** Stop before a member past this (e.g. older than `from`); the page then ends the list. */
  stopAt?: (member: string) => boolean;
  /** Most members looked at for one page (bounded look-ahead): a page may be short, with a cursor to go on. */
  lookAhead?: number;
  /**
   * The archive of what retention moved out of the store: when given, the walk goes on into it for
   * the part of the index older than what the store still holds (slower: files are read).
   */
  archive?: Archive | null;
}

interface Entry {
  member: string;
  /** The document, when it came from the archive. */
  json?: string;
}

/**
 * Up to `n` index members after `after` from the store and, where it can hold any, the archive,
 * merged in index order. `reached`: the archive stopped reading there, so members past it are left
 * for the next call.
 */
async function mergedRange(
  store: Store,
  w: Walk<unknown>,
  after: string | null,
  n: number,
): Promise<{ entries: Entry[]; reached: string | null }> {
  const members = await store.lexRange(w.index, after, n);
  const fromStore: Entry[] = members.map((member) => ({ member }));
  if (!w.archive) return { entries: fromStore, reached: null };
  const start = await w.archive.start(w.coll);
  // The store's members all come before anything archived: the archive cannot add to this batch.
  if (start === null || (members.length === n && (members.at(-1) ?? '') < start))
    return { entries: fromStore, reached: null };
  const archived = await w.archive.range(w.coll, w.index, after, n);
  const seen = new Set(members);
  const merged = [...fromStore, ...archived.entries.filter((e) => !seen.has(e.member))]
    .filter((e) => archived.reached === null || e.member <= archived.reached)
    .sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0))
    .slice(0, n);
  return { entries: merged, reached: archived.reached };
}

/**
 * Walks one index in order, reading documents in batches and keeping those that pass, until the
 * page is full, the index ends, or the look-ahead is spent. Costs the page (and the look-ahead),
 * never the collection.
 */
export async function walkIndex<T>(store: Store, w: Walk<T>): Promise<Page<T>> {
  const lookAhead = w.lookAhead ?? Math.max(500, w.limit * 10);
  const items: T[] = [];
  let after = w.after;
  let seen = 0;
  const cursor = () => (after === null ? null : encodeCursor(after));
  for (;;) {
    const batch = Math.min(Math.max(w.limit * 2, 50), 500, lookAhead - seen);
    if (batch <= 0) return { items, nextCursor: cursor() };
    const { entries, reached } = await mergedRange(store, w as Walk<unknown>, after, batch);
    const within = w.stopAt ? entries.filter((e) => !w.stopAt?.(e.member)) : entries;
    const stored = within.filter((e) => e.json === undefined);
    const docs = new Map<string, string | null>();
    const got = await store.getMany(
      w.coll,
      stored.map((e) => idOfMember(e.member)),
    );
    stored.forEach((e, i) => docs.set(e.member, got[i] ?? null));
    for (let i = 0; i < within.length; i++) {
      const entry = within[i] as Entry;
      const json = entry.json ?? docs.get(entry.member);
      seen++;
      after = entry.member;
      if (json === null || json === undefined) continue;
      const doc = JSON.parse(json) as T;
      if (!w.keep(doc)) continue;
      items.push(doc);
      if (items.length === w.limit) {
        // A full page: there is more if this was not the index's last member.
        let more = i < within.length - 1;
        if (!more && within.length === entries.length) {
          const next = await mergedRange(store, w as Walk<unknown>, after, 1);
          more =
            next.entries.some((e) => !w.stopAt?.(e.member)) ||
            (next.reached !== null && !w.stopAt?.(next.reached));
        }
        return { items, nextCursor: more ? encodeCursor(entry.member) : null };
      }
    }
    if (within.length < entries.length) return { items, nextCursor: null };
    if (entries.length < batch) {
      // The archive stopped at a bound: go on from there (a day-file read counts as a batch looked at).
      if (reached === null || (w.stopAt?.(reached) ?? false)) return { items, nextCursor: null };
      after = reached;
      seen += batch;
    }
  }
}

/** Every document an index lists (up to `stopAt`): for bounded sets such as the live set or one period. */
export async function readIndex<T>(
  store: Store,
  coll: string,
  index: string,
  stopAt?: (member: string) => boolean,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await walkIndex<T>(store, {
      coll,
      index,
      after,
      limit: 500,
      ...(stopAt ? { stopAt } : {}),
      keep: () => true,
    });
    out.push(...page.items);
    after = decodeCursor(page.nextCursor ?? undefined);
  } while (after !== null);
  return out;
}
