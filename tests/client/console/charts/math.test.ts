import { describe, expect, it } from 'vitest';
import {
  bucketIndex,
  checkState,
  chronological,
  degradedThreshold,
  layoutPoints,
  linearScale,
  nearestIndex,
  niceMax,
  percentile,
  summarize,
  ticks,
  uptimeFloor,
  windowBuckets,
  type CheckLike,
} from '../../../../client/console/charts/math.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function check(
  seq: number,
  total: number | null,
  status: CheckLike['status'] = 'up',
  reason: string | null = null,
): CheckLike {
  return {
    seq,
    checkedAt: new Date(Date.UTC(2026, 10, 29, 0, 0, seq)).toISOString(),
    status,
    reason,
    timings: { total },
    conditions: [],
  };
}

describe('scales', () => {
  it('maps a domain onto a range, also inverted (SVG y grows downwards)', () => {
    const y = linearScale([0, 500], [220, 20]);
    expect(y(0)).toBe(220);
    expect(y(500)).toBe(20);
    expect(y(250)).toBe(120);
    expect(linearScale([5, 5], [1, 9])(5)).toBe(1);
  });

  it('rounds the axis top up to 1, 2, 2.5 or 5 × 10^k', () => {
    expect(niceMax(480)).toBe(500);
    expect(niceMax(231)).toBe(250);
    expect(niceMax(1001)).toBe(2000);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(Number.NaN)).toBe(1);
    expect(ticks(500, 4)).toEqual([0, 125, 250, 375, 500]);
  });

  it('puts each check at the centre of its own slot and the nearest point under the pointer', () => {
    const pts = layoutPoints(
      [check(1, 100), check(2, null), check(3, 400)],
      { left: 0, right: 300, top: 0, bottom: 100 },
      400,
    );
    expect(pts.map((p) => p.x)).toEqual([50, 150, 250]);
    expect(pts.map((p) => p.y)).toEqual([75, null, 0]);
    expect(nearestIndex(pts, 140)).toBe(1);
    expect(nearestIndex(pts, 299)).toBe(2);
    expect(nearestIndex([], 10)).toBe(-1);
  });
});

describe('percentiles and the summary', () => {
  it('takes the nearest-rank percentile', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNull();
    expect(percentile([3, 1, 2], 0)).toBe(1);
  });

  it('counts down checks as failed and leaves checks without a time out of the mean', () => {
    const s = summarize([
      check(1, 100),
      check(2, 300, 'degraded', 'slow'),
      check(3, null, 'down', 'connect'),
      check(4, null, 'down', 'monitor_degraded'),
    ]);
    expect(s).toEqual({ count: 4, meanMs: 200, p95Ms: 300, failed: 1 });
  });

  it('orders checks oldest first without duplicates', () => {
    const a = check(1, 1);
    const b = check(2, 2);
    expect(chronological([b, a, b]).map((c) => c.seq)).toEqual([1, 2]);
  });
});

describe('check state and threshold', () => {
  it('shows a network failure while the monitor doubts itself as unknown', () => {
    expect(checkState({ status: 'down', reason: 'monitor_degraded' })).toBe('unknown');
    expect(checkState({ status: 'down', reason: 'timeout' })).toBe('down');
    expect(checkState({ status: 'degraded', reason: 'slow' })).toBe('degraded');
  });

  it('reads the degraded threshold from the response time condition', () => {
    expect(
      degradedThreshold({
        conditions: [
          { name: 'status code', expected: '200-299' },
          { name: 'response time ms', expected: '<= 250' },
        ],
      }),
    ).toBe(250);
    expect(degradedThreshold({ conditions: [{ name: 'status code', expected: '200-299' }] })).toBeNull();
  });
});

describe('window buckets', () => {
  // 2026-11-29 10:30 WITA = 02:30 UTC.
  const now = Date.UTC(2026, 10, 29, 2, 30);

  it('24 h: 24 whole hours, the last one running until now', () => {
    const b = windowBuckets('24h', now);
    expect(b).toHaveLength(24);
    expect(b[23]).toEqual({ from: Date.UTC(2026, 10, 29, 2), to: now });
    expect(b[0]?.from).toBe(Date.UTC(2026, 10, 28, 3));
    for (let i = 1; i < b.length; i++) expect(b[i]?.from).toBe(b[i - 1]?.to);
  });

  it('7 d and 30 d: WITA calendar days (midnight WITA = 16:00 UTC), today running', () => {
    const b = windowBuckets('7d', now);
    expect(b).toHaveLength(7);
    expect(b[6]).toEqual({ from: Date.UTC(2026, 10, 28, 16), to: now });
    expect(b[0]?.from).toBe(Date.UTC(2026, 10, 22, 16));
    expect(b[0] && b[0].to - b[0].from).toBe(DAY);
    expect(windowBuckets('30d', now)).toHaveLength(30);
  });

  it('maps an instant to its bucket, -1 outside', () => {
    const b = windowBuckets('7d', now);
    expect(bucketIndex(b, Date.UTC(2026, 10, 28, 15, 59))).toBe(5); // 23:59 WITA on the 28th
    expect(bucketIndex(b, Date.UTC(2026, 10, 28, 16, 0))).toBe(6); // 00:00 WITA on the 29th
    expect(bucketIndex(b, now)).toBe(-1);
    expect(bucketIndex(b, Date.UTC(2026, 10, 1))).toBe(-1);
  });

  it('keeps the uptime axis low enough for the lowest bar and the target', () => {
    expect(uptimeFloor([1, 0.999, null], 0.99)).toBe(0.95);
    expect(uptimeFloor([0.5], 0.99)).toBe(0.45);
    expect(uptimeFloor([0], 0.99)).toBe(0);
    expect(uptimeFloor([], 0.99)).toBe(0.95);
  });
});
