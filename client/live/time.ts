/**
 * Cheap time handling for screens that redo their lists on every live update: ISO timestamps are
 * parsed once (the same strings come back with every update), and "the first few of many" is a
 * bounded selection, not a sort of everything.
 */

const parsed = new Map<string, number>();
/** Bounds the cache; 50,000 distinct timestamps cover a wall with 10,000 incidents many times over. */
const MAX_PARSED = 50_000;

/** Milliseconds of an ISO timestamp; 0 for a missing or unparsable one. */
export function isoMs(iso: string | null | undefined): number {
  if (!iso) return 0;
  let ms = parsed.get(iso);
  if (ms === undefined) {
    const p = Date.parse(iso);
    ms = Number.isFinite(p) ? p : 0;
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(iso, ms);
  }
  return ms;
}

/**
 * The first `limit` items in `compare` order (stable for equal items, like a sort), in
 * O(n log limit) without copying or sorting all of them.
 */
export function firstInOrder<T>(items: Iterable<T>, limit: number, compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (limit <= 0) return out;
  for (const item of items) {
    if (out.length === limit && compare(item, out[limit - 1] as T) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(item, out[mid] as T) < 0) hi = mid;
      else lo = mid + 1;
    }
    out.splice(lo, 0, item);
    if (out.length > limit) out.pop();
  }
  return out;
}
