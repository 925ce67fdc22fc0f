import { indexEntries } from './indexes.js';
import type { DocPut, LogEvent, Store } from './store.js';

export { CHANNELS, COLL, SETS, type CollName } from './names.js';

/** Reads and parses one document. */
export async function getDoc<T>(store: Store, coll: string, id: string): Promise<T | null> {
  const json = await store.get(coll, id);
  return json === null ? null : (JSON.parse(json) as T);
}

/** Reads and parses several documents, keeping order (null where missing). */
export async function getDocs<T>(store: Store, coll: string, ids: string[]): Promise<(T | null)[]> {
  const rows = await store.getMany(coll, ids);
  return rows.map((j) => (j === null ? null : (JSON.parse(j) as T)));
}

/** Reads every document of a collection. */
export async function allDocs<T>(store: Store, coll: string): Promise<T[]> {
  return (await store.all(coll)).map((j) => JSON.parse(j) as T);
}

/**
 * A versioned document write: `expect` is the version it replaces (or `absent` for a new one). A
 * document of an indexed collection carries its index entries (store/indexes.ts), kept in the same commit.
 */
export function putDoc<T extends { version: number }>(
  coll: string,
  id: string,
  doc: T,
  expect?: 'absent' | number,
): DocPut {
  const index = indexEntries(coll, id, doc);
  return {
    coll,
    id,
    json: JSON.stringify(doc),
    version: doc.version,
    ...(expect !== undefined ? { expect } : {}),
    ...(index ? { index } : {}),
  };
}

/** An event for the log. `type` names what changed; `data` is the changed document. */
export function event(type: string, data: unknown): LogEvent {
  return { type, json: JSON.stringify(data) };
}
