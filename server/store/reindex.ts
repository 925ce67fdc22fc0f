import { INDEXED_COLLECTIONS, indexEntries } from './indexes.js';
import type { Store } from './store.js';

/** Bumped whenever store/indexes.ts changes what a document's entries are. */
export const INDEX_VERSION = '7';
const MARK = 'indexes:version';
const LEASE = 'indexes:rebuild';

/**
 * Gives every stored document of the indexed collections its index entries (data written before
 * the indexes existed, or before their definition changed). Runs once per index version across
 * all instances (leased, marked when done); each document is rewritten under the version it was
 * read at, so a concurrent writer's newer write (indexed by itself) is never rolled back.
 */
export async function ensureIndexes(
  store: Store,
  owner: string,
  log: { info: (o: object, m: string) => void },
): Promise<'done' | 'busy'> {
  if ((await store.getValue(MARK)) === INDEX_VERSION) return 'done';
  if (!(await store.acquireLease(LEASE, owner, 60_000))) return 'busy';
  try {
    let total = 0;
    for (const coll of INDEXED_COLLECTIONS) {
      let cursor = '0';
      do {
        await store.acquireLease(LEASE, owner, 60_000);
        const page = await store.scan(coll, cursor, 500);
        cursor = page.cursor;
        const puts = [];
        for (const [id, json] of page.entries) {
          let doc: unknown;
          try {
            doc = JSON.parse(json);
          } catch {
            continue;
          }
          const index = indexEntries(coll, id, doc);
          const version = (doc as { version?: unknown }).version;
          if (!index || typeof version !== 'number') continue;
          puts.push({ coll, id, json, version, expect: version, index });
        }
        // The page in one commit; on a conflict (a newer write meanwhile) one by one, skipping only that one.
        if (puts.length && !(await store.commit({ puts })).ok)
          for (const put of puts) await store.commit({ puts: [put] });
        total += puts.length;
      } while (cursor !== '0');
    }
    await store.setValue(MARK, INDEX_VERSION);
    log.info({ documents: total }, 'store: indexes built');
    return 'done';
  } finally {
    await store.releaseLease(LEASE, owner);
  }
}
