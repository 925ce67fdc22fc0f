/**
 * A small RFC 4180 CSV reader (no dependency): UTF-8 only, comma-separated, fields optionally
 * quoted with `"` (a quote inside a quoted field is doubled), records end with CRLF, LF or CR.
 * Problems are located by the 1-based line of the file on which the record starts.
 */
import { HttpError, type Issue } from '../errors.js';

/** One record with the line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** 400 `invalid_csv` with located problems; nothing was imported. */
export class CsvError extends HttpError {
  constructor(issues: Issue[], message: string) {
    super(400, 'invalid_csv', message, { issues });
  }
}

const lineAt = (bytes: Uint8Array, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
};

/** Length of a valid UTF-8 sequence starting at `i`, or 0 when the bytes there are not valid UTF-8. */
function utf8SeqLength(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  if (c < 0x80) return 1;
  const cont = (k: number) => ((b[i + k] ?? 0) & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** Decodes a CSV body as UTF-8 (a UTF-8 byte-order mark is dropped) or throws a CsvError saying the encoding is wrong. */
export function decodeUtf8(bytes: Uint8Array): string {
  const wrong = (line: number, message: string) =>
    new CsvError(
      [{ path: [line], message }],
      'The file is not UTF-8 text; save it as "CSV UTF-8" and retry. Nothing was imported.',
    );
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const which = bytes[0] === 0xff ? 'UTF-16 LE' : 'UTF-16 BE';
    throw wrong(
      1,
      `wrong encoding: the file is ${which} (it starts with the byte-order mark ${hex(bytes[0])} ${hex(bytes[1] ?? 0)}); save it as UTF-8`,
    );
  }
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] === 0)
      throw wrong(
        lineAt(bytes, i),
        `wrong encoding: NUL byte at offset ${i} (UTF-16 or binary data); save the file as UTF-8`,
      );
    const n = utf8SeqLength(bytes, i);
    if (n === 0)
      throw wrong(
        lineAt(bytes, i),
        `wrong encoding: byte 0x${hex(bytes[i] ?? 0)} at offset ${i} is not valid UTF-8; save the file as UTF-8`,
      );
    i += n;
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return new TextDecoder('utf-8').decode(bom ? bytes.subarray(3) : bytes);
}

/** Parses CSV text into records; blank lines are skipped; malformed quoting is reported and the record dropped. */
export function parseCsv(text: string): { records: CsvRecord[]; issues: Issue[] } {
  const records: CsvRecord[] = [];
  const issues: Issue[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  const isEol = (c: string | undefined) => c === '\n' || c === '\r';
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let bad = false;
    const report = (message: string) => {
      if (!bad) issues.push({ path: [start], message });
      bad = true;
    };
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) {
            issues.push({
              path: [start],
              message: 'unterminated quoted field: a " opened on this line is never closed',
            });
            return { records, issues };
          }
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        if (i < n && text[i] !== ',' && !isEol(text[i])) {
          report(
            'unexpected text after a closing quote; a quoted field must end at the next comma or line end',
          );
          while (i < n && text[i] !== ',' && !isEol(text[i])) i++;
        }
      } else {
        while (i < n && text[i] !== ',' && !isEol(text[i])) {
          if (text[i] === '"')
            report('a " inside an unquoted field; quote the whole field and double the " inside it');
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        continue;
      }
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      break;
    }
    const blank = fields.length === 1 && (fields[0] ?? '').trim() === '';
    if (!bad && !blank) records.push({ line: start, fields });
  }
  return { records, issues };
}
