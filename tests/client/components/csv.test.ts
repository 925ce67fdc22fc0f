import { describe, expect, it } from 'vitest';
import { neutralise, toCsv } from '../../../shared/csv.js';
import { witaStamp } from '../../../client/components/csv.js';

describe('CSV export', () => {
  it('quotes only fields that need it and doubles inner quotes (RFC 4180), rows joined and ended with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', 'Banjir, "rob"'],
          ['two\nlines', null],
          [42, 'plain'],
        ],
      ),
    ).toBe('a,b\r\n1,"Banjir, ""rob"""\r\n"two\nlines",\r\n42,plain\r\n');
  });

  it('neutralises every text cell a spreadsheet would run as a formula, and leaves numbers alone', () => {
    for (const evil of ['=HYPERLINK("http://x","klik")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutralise(evil).startsWith("'")).toBe(true);
    }
    expect(neutralise(-5)).toBe('-5');
    expect(neutralise('Kebakaran lahan')).toBe('Kebakaran lahan');
    const doc = toCsv(['judul'], [['=cmd|"/c calc"!A1']]);
    expect(doc).toBe('judul\r\n"\'=cmd|""/c calc""!A1"\r\n');
    expect(
      doc
        .split('\r\n')
        .slice(1)
        .every((l) => !/^"?[=+\-@]/.test(l)),
    ).toBe(true);
  });

  it('has a semicolon dialect for Excel in Indonesian locales: ; between fields, decimal comma', () => {
    expect(toCsv(['nama', 'uptime'], [['web-dinkes; utama', 99.5]], 'semicolon')).toBe(
      'nama;uptime\r\n"web-dinkes; utama";99,5\r\n',
    );
  });

  it('dates file names in WITA, not UTC', () => {
    // 23:30 UTC on 29 Nov is 07:30 WITA on 30 Nov.
    expect(witaStamp(new Date('2026-11-29T23:30:00Z'))).toBe('2026-11-30_0730');
  });
});
