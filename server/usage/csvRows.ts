/**
 * The usage CSV format (monthly exports of app stores and vendors):
 *
 *   app_id,metric,period,period_start,value[,kelurahan_code][,source]
 *
 * - A header row is required; column names are case-insensitive, in any order; `date` is
 *   accepted for `period_start`. Extra or missing columns reject the file.
 * - `app_id`: an app of the catalogue (shared/reference/apps.json).
 * - `metric`: downloads | new_downloads | daily_active_users | monthly_active_users |
 *   active_users | transactions | sessions.
 * - `period`: day | month | hour | instant.
 * - `period_start`: YYYY-MM-DD (WITA midnight), YYYY-MM (month periods only) or
 *   YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM] (WITA when no offset); hour periods start on the hour.
 * - `value`: a non-negative number with `.` as decimal point and no thousands separator.
 * - `kelurahan_code` (optional, may be empty): a Balikpapan Kemendagri code such as 64.71.01.1001.
 * - `source` (optional, may be empty): who produced the figure; default `csv`.
 * - UTF-8 (a UTF-8 byte-order mark is allowed), RFC 4180 quoting, CRLF or LF line ends.
 * Two rows with the same source + app + metric + period + period_start (+ kelurahan) are duplicates.
 */
import { UsageMetricSchema, UsageSampleSchema, type UsageSample } from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Issue } from '../errors.js';
import type { CsvRecord } from './csv.js';
import { usageKey } from './usage.js';
import { parsePeriodStart } from './wita.js';

/** The header the importer expects, as shown in error messages. */
export const CSV_HEADER = 'app_id,metric,period,period_start,value[,kelurahan_code][,source]';
/** The source recorded for rows without one. */
export const CSV_DEFAULT_SOURCE = 'csv';

const REQUIRED = ['app_id', 'metric', 'period', 'period_start', 'value'] as const;
const OPTIONAL = ['kelurahan_code', 'source'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];
const PERIODS = ['day', 'month', 'hour', 'instant'] as const;
const NUMBER_RE = /^\d+(\.\d+)?$/;

/** A row turned into a sample, with its line. */
export interface CsvSample {
  line: number;
  sample: UsageSample;
}

function readHeader(rec: CsvRecord): { columns: Column[] } | { issue: Issue } {
  const names = rec.fields.map((f) => f.trim().toLowerCase()).map((f) => (f === 'date' ? 'period_start' : f));
  const known = new Set<string>([...REQUIRED, ...OPTIONAL]);
  const missing = REQUIRED.filter((c) => !names.includes(c));
  const unknown = names.filter((c) => !known.has(c));
  const repeated = names.filter((c, i) => names.indexOf(c) !== i);
  if (missing.length || unknown.length || repeated.length) {
    const what = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unknown.length ? `unknown ${unknown.map((u) => `"${u}"`).join(', ')}` : '',
      repeated.length ? `repeated ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    return {
      issue: {
        path: [rec.line],
        message: `wrong columns (${what.join('; ')}): expected the header ${CSV_HEADER} (period_start may be called date)`,
      },
    };
  }
  return { columns: names as Column[] };
}

function rowToSample(
  catalog: Catalog,
  kelurahan: Set<string>,
  rec: CsvRecord,
  columns: Column[],
): { sample?: UsageSample; issues: Issue[] } {
  if (rec.fields.length !== columns.length) {
    return {
      issues: [
        {
          path: [rec.line],
          message: `expected ${columns.length} fields as in the header, found ${rec.fields.length}`,
        },
      ],
    };
  }
  const get = (c: Column) => (rec.fields[columns.indexOf(c)] ?? '').trim();
  const issues: Issue[] = [];
  const bad = (c: Column, message: string) => issues.push({ path: [rec.line, c], message });
  const appId = get('app_id');
  if (!appId) bad('app_id', 'app_id is required');
  else if (!catalog.appById.has(appId))
    bad('app_id', `unknown app "${appId}" (known: ${[...catalog.appById.keys()].join(', ')})`);
  const metric = UsageMetricSchema.safeParse(get('metric'));
  if (!metric.success)
    bad('metric', `unknown metric "${get('metric')}" (one of: ${UsageMetricSchema.options.join(', ')})`);
  const period = get('period');
  const periodOk = (PERIODS as readonly string[]).includes(period);
  if (!periodOk) bad('period', `unknown period "${period}" (one of: ${PERIODS.join(', ')})`);
  const start = parsePeriodStart(
    columns.includes('period_start') ? get('period_start') : '',
    periodOk ? period : 'instant',
  );
  if ('error' in start) bad('period_start', start.error);
  const rawValue = get('value');
  const value = Number(rawValue);
  if (!rawValue) bad('value', 'value is required');
  else if (rawValue.startsWith('-') && NUMBER_RE.test(rawValue.slice(1)))
    bad('value', `value ${rawValue} is negative; counts are 0 or more`);
  else if (!NUMBER_RE.test(rawValue))
    bad(
      'value',
      `"${rawValue}" is not a number (digits with an optional . decimal point, no thousands separators)`,
    );
  else if (value > 1e12) bad('value', `value ${rawValue} is larger than 1e12`);
  const kel = columns.includes('kelurahan_code') ? get('kelurahan_code') : '';
  if (kel && !kelurahan.has(kel))
    bad('kelurahan_code', `unknown kelurahan code "${kel}" (a Balikpapan code such as 64.71.01.1001)`);
  const source = (columns.includes('source') ? get('source') : '') || CSV_DEFAULT_SOURCE;
  if (issues.length || !metric.success || 'error' in start) return { issues };
  const parsed = UsageSampleSchema.safeParse({
    appId,
    metric: metric.data,
    value,
    at: start.iso,
    period,
    source,
    ...(kel ? { kelurahanCode: kel } : {}),
  });
  if (!parsed.success) {
    const toColumn: Record<string, Column> = {
      appId: 'app_id',
      at: 'period_start',
      kelurahanCode: 'kelurahan_code',
      source: 'source',
      value: 'value',
      metric: 'metric',
      period: 'period',
    };
    return {
      issues: parsed.error.issues.map((i) => ({
        path: [rec.line, toColumn[String(i.path[0])] ?? String(i.path[0])],
        message: i.message,
      })),
    };
  }
  return { sample: parsed.data, issues: [] };
}

/**
 * Turns parsed CSV records into usage samples, or lists every problem: wrong header, wrong field
 * counts, bad values, unknown apps/metrics/kelurahan, bad dates, and duplicate rows (naming both lines).
 */
export function csvToSamples(
  catalog: Catalog,
  records: CsvRecord[],
): { samples: CsvSample[]; issues: Issue[] } {
  const [head, ...rows] = records;
  if (!head)
    return {
      samples: [],
      issues: [{ path: [1], message: `the file is empty: expected the header ${CSV_HEADER}` }],
    };
  const header = readHeader(head);
  if ('issue' in header) return { samples: [], issues: [header.issue] };
  if (!rows.length)
    return { samples: [], issues: [{ path: [head.line + 1], message: 'no data rows after the header' }] };
  const kelurahan = new Set(catalog.areas.kelurahan.map((k) => k.code));
  const samples: CsvSample[] = [];
  const issues: Issue[] = [];
  const firstLine = new Map<string, number>();
  for (const rec of rows) {
    const r = rowToSample(catalog, kelurahan, rec, header.columns);
    issues.push(...r.issues);
    if (!r.sample) continue;
    const key = usageKey(r.sample);
    const first = firstLine.get(key);
    if (first !== undefined) {
      issues.push({
        path: [rec.line],
        message: `duplicate of line ${first}: same source, app_id, metric, period, period_start and kelurahan_code`,
      });
      continue;
    }
    firstLine.set(key, rec.line);
    samples.push({ line: rec.line, sample: r.sample });
  }
  return { samples, issues };
}
