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
  for (;;) {
    const batch = Math.min(Math.max(w.limit * 2, 50), 500, lookAhead - seen);
    if (batch <= 0) return { items, nextCursor: after === null ? null : encodeCursor(after) };
    const members = await store.lexRange(w.index, after, batch);
    const within = w.stopAt ? members.filter((m) => !w.stopAt?.(m)) : members;
    const docs = await store.getMany(w.coll, within.map(idOfMember));
    for (let i = 0; i < within.length; i++) {
      const json = docs[i];
      const member = within[i] ?? '';
      seen++;
      after = member;
      if (json === null || json === undefined) continue;
      const doc = JSON.parse(json) as T;
      if (!w.keep(doc)) continue;
      items.push(doc);
      if (items.length === w.limit) {
        // A full page: there is more if this was not the index's last member.
        const more = i < within.length - 1 || (within.length === members.length && (await store.lexRange(w.index, after, 1)).some((m) => !w.stopAt?.(m)));
        return { items, nextCursor: more ? encodeCursor(member) : null };
      }
    }
    if (within.length < members.length || members.length < batch) return { items, nextCursor: null };
  }
}

/** Every document an index lists (up to `stopAt`): for bounded sets such as the live set or one period. */
export async function readIndex<T>(store: Store, coll: string, index: string, stopAt?: (member: string) => boolean): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await walkIndex<T>(store, { coll, index, after, limit: 500, ...(stopAt ? { stopAt } : {}), keep: () => true });
    out.push(...page.items);
    after = decodeCursor(page.nextCursor ?? undefined);
  } while (after !== null);
  return out;
}
