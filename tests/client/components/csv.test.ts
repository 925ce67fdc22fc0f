import { describe, expect, it } from 'vitest';
import { csvField, toCsv, witaStamp } from '../../../client/components/csv.js';

describe('CSV export', () => {
  it('quotes only fields that need it and doubles inner quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Banjir, "rob"')).toBe('"Banjir, ""rob"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('joins rows with CRLF, header first, ending in CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', 'x,y'],
          ['2', null],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
  });

  it('dates file names in WITA, not UTC', () => {
    // 23:30 UTC on 29 Nov is 07:30 WITA on 30 Nov.
    expect(witaStamp(new Date('2026-11-29T23:30:00Z'))).toBe('2026-11-30_0730');
  });
});
