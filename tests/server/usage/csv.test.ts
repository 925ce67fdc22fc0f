import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../server/catalog/catalog.js';
import { CsvError, decodeUtf8, parseCsv } from '../../../server/usage/csv.js';
import { CSV_HEADER, csvToSamples } from '../../../server/usage/csvRows.js';

const catalog = loadCatalog();
const rowsOf = (text: string) => csvToSamples(catalog, parseCsv(text).records);
const HEAD = 'app_id,metric,period,period_start,value,kelurahan_code,source';

function encodingError(bytes: Uint8Array): { message: string; issues: unknown } {
  try {
    decodeUtf8(bytes);
  } catch (e) {
    if (e instanceof CsvError) return { message: e.message, issues: e.extra.issues };
    throw e;
  }
  throw new Error('expected a CsvError');
}

describe('RFC 4180 reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    const { records, issues } = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n');
    expect(issues).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  it('reports stray and unterminated quotes with their line', () => {
    expect(parseCsv('a,b\nx"y,1\n"ok",2\n').issues).toEqual([
      {
        path: [2],
        message: 'a " inside an unquoted field; quote the whole field and double the " inside it',
      },
    ]);
    expect(parseCsv('a,b\n"x"y,1\n').issues).toEqual([
      {
        path: [2],
        message:
          'unexpected text after a closing quote; a quoted field must end at the next comma or line end',
      },
    ]);
    expect(parseCsv('a,b\n1,2\n"open,3\n4,5\n').issues).toEqual([
      { path: [3], message: 'unterminated quoted field: a " opened on this line is never closed' },
    ]);
  });

  it('accepts UTF-8 with or without a BOM and keeps non-ASCII text', () => {
    const bytes = new TextEncoder().encode('\uFEFFnama\nKelurahan Damai Bahagia é\n');
    expect(decodeUtf8(bytes)).toBe('nama\nKelurahan Damai Bahagia é\n');
  });

  it('rejects UTF-16 (with a BOM or without) and invalid UTF-8 saying the encoding is wrong', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEAD}\n`, 'utf16le')]);
    expect(encodingError(utf16)).toEqual({
      message: 'The file is not UTF-8 text; save it as "CSV UTF-8" and retry. Nothing was imported.',
      issues: [
        {
          path: [1],
          message:
            'wrong encoding: the file is UTF-16 LE (it starts with the byte-order mark FF FE); save it as UTF-8',
        },
      ],
    });
    expect(encodingError(Buffer.from('ab\n', 'utf16le')).issues).toEqual([
      {
        path: [1],
        message: 'wrong encoding: NUL byte at offset 1 (UTF-16 or binary data); save the file as UTF-8',
      },
    ]);
    const latin1 = Buffer.concat([
      Buffer.from(`${HEAD}\nsiak,sessions,day,2025-03-01,5,,Dinas `),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    expect(encodingError(latin1).issues).toEqual([
      {
        path: [2],
        message: `wrong encoding: byte 0xE9 at offset ${HEAD.length + 1 + 38} is not valid UTF-8; save the file as UTF-8`,
      },
    ]);
  });
});

describe('usage rows', () => {
  it('turns rows into samples: dates are WITA unless offset, month periods may omit the day, defaults fill in', () => {
    const { samples, issues } = rowsOf(
      'App_ID,metric,period,date,value\nsiak,monthly_active_users,month,2025-03,1200\nhore,transactions,hour,2025-03-03T09:00,7\nsimpus,sessions,instant,2025-03-03T01:30:00Z,2.5\n',
    );
    expect(issues).toEqual([]);
    expect(samples).toEqual([
      {
        line: 2,
        sample: {
          appId: 'siak',
          metric: 'monthly_active_users',
          period: 'month',
          at: '2025-02-28T16:00:00.000Z',
          value: 1200,
          source: 'csv',
        },
      },
      {
        line: 3,
        sample: {
          appId: 'hore',
          metric: 'transactions',
          period: 'hour',
          at: '2025-03-03T01:00:00.000Z',
          value: 7,
          source: 'csv',
        },
      },
      {
        line: 4,
        sample: {
          appId: 'simpus',
          metric: 'sessions',
          period: 'instant',
          at: '2025-03-03T01:30:00.000Z',
          value: 2.5,
          source: 'csv',
        },
      },
    ]);
  });

  it('rejects a wrong header with one issue naming the expected header', () => {
    expect(rowsOf('app,metric,period,value\nsiak,sessions,day,1\n').issues).toEqual([
      {
        path: [1],
        message: `wrong columns (missing app_id, period_start; unknown "app"): expected the header ${CSV_HEADER} (period_start may be called date)`,
      },
    ]);
    expect(rowsOf('').issues).toEqual([
      { path: [1], message: `the file is empty: expected the header ${CSV_HEADER}` },
    ]);
    expect(rowsOf(`${HEAD}\n`).issues).toEqual([{ path: [2], message: 'no data rows after the header' }]);
  });

  it('lists every bad field with its line and column', () => {
    const text = [
      HEAD,
      'siak,monthly_active_users,month,2025-03,1200,,',
      'siak,sessions,day,2025-03-02,1.234,5,,',
      'siak,sessions,day,2025-03-02,"1,234",,',
      'nope,visits,week,2025-02-30,-3,64.71.99.9999,',
      'hore,transactions,hour,2025-03-03T09:30,abc,,',
      'hore,transactions,hour,2025-03-03,4,,',
      'simpus,sessions,day,,,,',
    ].join('\n');
    expect(rowsOf(text).issues).toEqual([
      { path: [3], message: 'expected 7 fields as in the header, found 8' },
      {
        path: [4, 'value'],
        message: '"1,234" is not a number (digits with an optional . decimal point, no thousands separators)',
      },
      {
        path: [5, 'app_id'],
        message: 'unknown app "nope" (known: hore, digital-gov, perizinan, siak, simpus, e-tax, simpeg)',
      },
      {
        path: [5, 'metric'],
        message:
          'unknown metric "visits" (one of: downloads, new_downloads, daily_active_users, monthly_active_users, active_users, transactions, sessions)',
      },
      { path: [5, 'period'], message: 'unknown period "week" (one of: day, month, hour, instant)' },
      { path: [5, 'period_start'], message: 'bad date "2025-02-30": not a real date or time' },
      { path: [5, 'value'], message: 'value -3 is negative; counts are 0 or more' },
      {
        path: [5, 'kelurahan_code'],
        message: 'unknown kelurahan code "64.71.99.9999" (a Balikpapan code such as 64.71.01.1001)',
      },
      {
        path: [6, 'period_start'],
        message: 'bad date "2025-03-03T09:30": an hour period must start on the hour',
      },
      {
        path: [6, 'value'],
        message: '"abc" is not a number (digits with an optional . decimal point, no thousands separators)',
      },
      {
        path: [7, 'period_start'],
        message: 'bad date "2025-03-03": an hour period needs a time, e.g. 2025-03-03T13:00',
      },
      {
        path: [8, 'period_start'],
        message:
          'period_start is required (YYYY-MM-DD, YYYY-MM (month periods) or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM] (no offset = WITA))',
      },
      { path: [8, 'value'], message: 'value is required' },
    ]);
  });

  it('names both lines of a duplicate row (same instant written differently counts as the same)', () => {
    const text = `${HEAD}\nsiak,sessions,day,2025-03-02,10,,\nsiak,sessions,day,2025-03-03,11,,\nsiak,sessions,day,2025-03-01T16:00:00Z,12,,\nsiak,sessions,day,2025-03-02,10,,other\n`;
    expect(rowsOf(text).issues).toEqual([
      {
        path: [4],
        message: 'duplicate of line 2: same source, app_id, metric, period, period_start and kelurahan_code',
      },
    ]);
  });
});
