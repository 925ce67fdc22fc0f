import { newestFirst } from '../store/indexes.js';
import { decodeCursor, type Page } from '../store/walk.js';
import { ValidationError } from '../errors.js';
import { parseOr400 } from './validate.js';

import { ListQuerySchema, type ListQuery } from '../../shared/api/list.js';
export type { ListQuery };

/** Parses the common list filters (`status` — `all` included — agency, category, severity, time, cursor paging). */
export function listQuery(query: unknown): ListQuery {
  const q = parseOr400(ListQuerySchema, query);
  if (q.cursor !== undefined && decodeCursor(q.cursor) === null)
    throw new ValidationError([{ path: ['cursor'], message: 'not a cursor this server gave out' }]);
  return q;
}

/**
 * The page envelope every list endpoint answers; `total` only where the index alone answers the
 * query (no further filter), so counting costs one call, never a walk.
 */
export function pageOf<T>(
  page: Page<T>,
  limit: number,
  total?: number,
): { items: T[]; nextCursor: string | null; limit: number; total?: number } {
  return { items: page.items, nextCursor: page.nextCursor, limit, ...(total !== undefined ? { total } : {}) };
}

/** Where a newest-first walk starts for `to` (inclusive), when no cursor is given. */
export function seekTo(q: Pick<ListQuery, 'cursor' | 'to'>): string | null {
  return decodeCursor(q.cursor) ?? (q.to ? newestFirst(q.to) : null);
}

/** Stops a newest-first walk at members older than `from`. */
export function stopBefore(from: string | undefined): ((member: string) => boolean) | undefined {
  if (!from) return undefined;
  const bound = `${newestFirst(from)}|\u007f`;
  return (member) => member > bound;
}
