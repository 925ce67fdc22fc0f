import type { Ctx } from '../context.js';
import { MAX_CSV_ISSUES, MAX_CSV_ROWS } from '../../shared/schemas/index.js';
import type { Issue } from '../errors.js';
import { futureIssues } from '../http/instants.js';
import { COLL } from '../store/docs.js';
import { CsvError, decodeUtf8, parseCsv } from './csv.js';
import { csvToSamples, type CsvSample } from './csvRows.js';
import { recordUsage, usageKey, type UsageExtra } from './usage.js';

/** The outcome of an import or a dry run. */
export type ImportResult =
  | { dryRun: true; rows: number; valid: number; wouldImport: number; duplicatesOfStored: number }
  | { dryRun: false; rows: number; imported: number; duplicatesOfStored: number };

function fail(issues: Issue[]): never {
  const shown = issues.slice(0, MAX_CSV_ISSUES);
  if (issues.length > shown.length)
    shown.push({ path: [], message: `${issues.length - shown.length} more problems not listed` });
  const n = issues.length;
  throw new CsvError(shown, `The CSV file has ${n} problem${n === 1 ? '' : 's'}; nothing was imported.`);
}

/** Decodes, parses and validates a CSV body: every sample with its line, or a CsvError listing every problem. */
export function readUsageCsv(ctx: Ctx, bytes: Uint8Array): CsvSample[] {
  const { records, issues } = parseCsv(decodeUtf8(bytes));
  if (records.length - 1 > MAX_CSV_ROWS)
    fail([{ path: [], message: `at most ${MAX_CSV_ROWS} data rows per file; split the file` }]);
  const rows = csvToSamples(ctx.catalog, records);
  const future = futureIssues(
    ctx,
    rows.samples.map((r) => ({ path: [r.line, 'period_start'], at: r.sample.at })),
  );
  const all = [...issues, ...rows.issues, ...future].sort(
    (a, b) => Number(a.path[0] ?? 0) - Number(b.path[0] ?? 0),
  );
  if (all.length) fail(all);
  return rows.samples;
}

async function countStored(ctx: Ctx, keys: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await ctx.store.getMany(COLL.usage, keys.slice(i, i + 1000));
    n += rows.filter((r) => r !== null).length;
  }
  return n;
}

/**
 * Imports a usage CSV all-or-nothing: any bad row rejects the file (400 `invalid_csv`). A dry run
 * validates and counts what would be new without writing. Re-importing a file adds nothing.
 */
export async function importUsageCsv(
  ctx: Ctx,
  bytes: Uint8Array,
  dryRun: boolean,
  extra?: UsageExtra,
): Promise<ImportResult> {
  const samples = readUsageCsv(ctx, bytes).map((r) => r.sample);
  if (dryRun) {
    const stored = await countStored(ctx, samples.map(usageKey));
    return {
      dryRun: true,
      rows: samples.length,
      valid: samples.length,
      wouldImport: samples.length - stored,
      duplicatesOfStored: stored,
    };
  }
  const r = await recordUsage(ctx, samples, extra);
  return { dryRun: false, rows: samples.length, imported: r.ids.length, duplicatesOfStored: r.duplicates };
}
