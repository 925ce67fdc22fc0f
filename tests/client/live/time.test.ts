import { describe, expect, it } from 'vitest';
import { firstInOrder, isoMs } from '../../../client/live/time.js';

describe('isoMs', () => {
  it('parses ISO timestamps and gives 0 for missing or bad ones', () => {
    expect(isoMs('2026-11-29T23:00:00.000Z')).toBe(Date.UTC(2026, 10, 29, 23));
    expect(isoMs('2026-11-29T23:00:00.000Z')).toBe(Date.UTC(2026, 10, 29, 23));
    expect(isoMs(null)).toBe(0);
    expect(isoMs('not a time')).toBe(0);
  });
});

describe('firstInOrder', () => {
  it('equals sort-then-slice, stable for ties, for any limit', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const items = Array.from({ length: 500 }, (_, i) => ({ i, k: Math.floor(rand() * 40) }));
    const cmp = (a: { k: number }, b: { k: number }) => a.k - b.k;
    for (const limit of [0, 1, 5, 37, 499, 500, 800]) {
      expect(firstInOrder(items, limit, cmp)).toEqual([...items].sort(cmp).slice(0, limit));
    }
  });
});
