import { describe, expect, it } from 'vitest';
import { coverage, intervalEstimate, SLA_WINDOW_MS } from '../../../client/console/slaCoverage.js';
import { NBSP, numberText, percentText } from '../../../client/i18n/numbers.js';

const pct = (v: number, locale = 'id-ID') => percentText(v, locale).replace(NBSP, ' ');

describe('percentages in the UI language', () => {
  it('use the decimal comma in Indonesian and the point in English', () => {
    expect(pct(99.95)).toBe('99,95 %');
    expect(pct(99.95, 'en-GB')).toBe('99.95 %');
    expect(pct(99.5)).toBe('99,5 %');
    expect(pct(66.666666)).toBe('66,67 %');
    expect(numberText(1234, 'id-ID')).toBe('1.234');
    expect(numberText(1234.5, 'en-GB')).toBe('1,234.5');
  });

  it('say 100 % only when the figure is exactly 100', () => {
    expect(pct(100)).toBe('100 %');
    expect(pct(99.995)).toBe('99,99 %');
    expect(pct(99.9999)).toBe('99,99 %');
    // 0.9995 × 100 is 99.94999… in binary: still 99,95 %.
    expect(pct(0.9995 * 100)).toBe('99,95 %');
    expect(pct(0)).toBe('0 %');
  });

  it('keep small shares readable with three significant digits', () => {
    expect(pct(0.0174)).toBe('0,0174 %');
    expect(pct(0.00203)).toBe('0,00203 %');
    expect(pct(0.5)).toBe('0,5 %');
  });

  it('put a no-break space before the sign and a dash for non-numbers', () => {
    expect(percentText(12, 'id-ID')).toBe(`12${NBSP}%`);
    expect(percentText(Number.NaN, 'id-ID')).toBe('—');
  });
});

describe('the period an SLA figure covers', () => {
  it('is "at most" the smallest window holding every sample', () => {
    const samples = { '24h': 50, '7d': 50, '30d': 50, '365d': 50 };
    expect(coverage(samples, '30d')).toEqual({ kind: 'atMost', window: '24h' });
    expect(coverage(samples, '24h')).toEqual({ kind: 'atMost', window: '24h' });
    expect(coverage({ '24h': 50, '7d': 300, '30d': 300, '365d': 300 }, '365d')).toEqual({
      kind: 'atMost',
      window: '7d',
    });
  });

  it('is "more than" the next smaller window when older samples exist', () => {
    expect(coverage({ '24h': 1440, '7d': 10080, '30d': 40000, '365d': 40000 }, '30d')).toEqual({
      kind: 'moreThan',
      window: '7d',
    });
  });

  it('is an estimate from samples × interval, kept inside those bounds', () => {
    const samples = { '24h': 1440, '7d': 10080, '30d': 41760, '365d': 41760 };
    const est = intervalEstimate([{ samples: 41760, check: { type: 'http', intervalSeconds: 60 } }]);
    expect(est).toBe(41760 * 60_000);
    expect(coverage(samples, '30d', est)).toEqual({ kind: 'about', ms: 29 * SLA_WINDOW_MS['24h'] });
    // An estimate longer than the window is cut to it.
    expect(coverage(samples, '30d', 90 * SLA_WINDOW_MS['24h'])).toEqual({
      kind: 'about',
      ms: SLA_WINDOW_MS['30d'],
    });
  });

  it('has no estimate when a service with samples is not checked at a fixed interval', () => {
    expect(intervalEstimate([{ samples: 10, check: null }])).toBeNull();
    expect(intervalEstimate([{ samples: 10, check: { type: 'push', intervalSeconds: 60 } }])).toBeNull();
    expect(
      intervalEstimate([
        { samples: 0, check: null },
        { samples: 10, check: { type: 'tcp', intervalSeconds: 30 } },
      ]),
    ).toBe(300_000);
  });

  it('is "none" without samples', () => {
    expect(coverage({ '24h': 0 }, '24h')).toEqual({ kind: 'none' });
    expect(coverage({}, '7d')).toEqual({ kind: 'none' });
  });
});
