/**
 * CSV for spreadsheets, the same in the browser and on the server: RFC 4180 quoting by
 * `csv-stringify`, CRLF rows, and every text cell a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) neutralised with a leading
 * apostrophe (OWASP "CSV injection"). Two dialects: `comma` (RFC 4180) and `semicolon` for Excel
 * in Indonesian and other comma-decimal locales (`;` between fields, `,` as the decimal mark).
 */
// The self-contained ES build (no Node Buffer), so the same module runs in the browser and on the server.
import { stringify } from 'csv-stringify/browser/esm/sync';

/** A cell as callers give it. */
export type CsvCell = string | number | null | undefined;

/** `comma`: RFC 4180; `semicolon`: Excel in locales whose decimal mark is a comma (id-ID). */
export type CsvDialect = 'comma' | 'semicolon';

const FORMULA_LEAD = /^[=+\-@\t\r]/;

/** A text cell that cannot run as a formula; numbers stay numbers. */
export function neutralise(value: CsvCell, dialect: CsvDialect = 'comma'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return dialect === 'semicolon' ? String(value).replace('.', ',') : String(value);
  return FORMULA_LEAD.test(value) ? `'${value}` : value;
}

/** A whole CSV document: header first (none when empty: more rows of a streamed one), CRLF between and after rows, no byte-order mark. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  dialect: CsvDialect = 'comma',
): string {
  const records = (header.length ? [header, ...rows] : rows).map((r) => r.map((c) => neutralise(c, dialect)));
  // Any field with a line break is quoted, LF alone included (RFC 4180; a record ends with CRLF).
  return stringify(records, {
    delimiter: dialect === 'semicolon' ? ';' : ',',
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
  });
}

/** The UTF-8 byte-order mark that makes Excel read a CSV file as UTF-8. */
export const CSV_BOM = '\uFEFF';
