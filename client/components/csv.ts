/** CSV export done in the browser (shared/csv.ts: quoting, formula-safe cells, two dialects), with a UTF-8 BOM so Excel reads it as UTF-8. */
import { CSV_BOM, toCsv, type CsvCell, type CsvDialect } from '../../shared/csv.js';
import { WITA_TZ } from '../i18n/tz.js';

/** `YYYY-MM-DD_HHmm` of the current WITA time, for file names. */
export function witaStamp(at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: WITA_TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}_${get('hour')}${get('minute')}`;
}

/** Saves a CSV file named `pantau-<name>-<WITA date>_WITA.csv` (`…_excel.csv` for the semicolon dialect). */
export function downloadCsv(
  name: string,
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  dialect: CsvDialect = 'comma',
): void {
  const blob = new Blob([CSV_BOM, toCsv(header, rows, dialect)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `pantau-${name}-${witaStamp()}_WITA${dialect === 'semicolon' ? '_excel' : ''}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
