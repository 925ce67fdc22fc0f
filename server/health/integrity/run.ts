import type { HttpCheck, IntegrityOptions } from '../../../shared/schemas/index.js';
import type { Ctx } from '../../context.js';
import { COLL, getDoc, putDoc } from '../../store/docs.js';
import { markIntegrity } from '../health.js';
import type { NetGuard } from '../netGuard.js';
import { crawlSite, type PageReport } from './crawl.js';
import { driftFindings, fingerprint, type Fingerprint } from './drift.js';
import { absolute } from './extract.js';
import { pageFindings, type Finding } from './findings.js';
import { recordChanges } from './incidents.js';
import { advance, emptyRecord, urlsOf, verdictOf, type IntegrityRecord } from './ledger.js';
import type { Signatures } from './signatures.js';

const RECORDS = COLL.integrityStates;
/** The window `maxPages` counts in. */
const PAGE_BUDGET_WINDOW_MS = 3_600_000;

/** An http check with integrity on. */
export type IntegrityCheck = HttpCheck & { integrity: IntegrityOptions };

/** Whether a check asks for integrity runs. */
export const hasIntegrity = (c: unknown): c is IntegrityCheck =>
  typeof c === 'object' && c !== null && (c as HttpCheck).type === 'http' && !!(c as HttpCheck).integrity;

/** A service's integrity record (a fresh one when it has none). */
export async function integrityRecordOf(ctx: Ctx, serviceId: string): Promise<IntegrityRecord> {
  return (await getDoc<IntegrityRecord>(ctx.store, RECORDS, serviceId)) ?? emptyRecord(serviceId);
}

/** Writes `next` over `prev` (version-guarded); false when someone else wrote meanwhile. */
export async function saveIntegrityRecord(
  ctx: Ctx,
  prev: IntegrityRecord,
  next: IntegrityRecord,
): Promise<boolean> {
  const r = await ctx.store.commit({
    puts: [putDoc(RECORDS, next.serviceId, next, prev.version === 0 ? 'absent' : prev.version)],
  });
  return r.ok;
}

/** What a run needs besides the check. */
export interface RunDeps {
  signatures: Signatures;
  guard: NetGuard;
  /** Clean runs in a row that close an open finding. */
  cleanRuns: number;
  signal?: AbortSignal;
}

/** What one look at a site found. */
export interface SiteInspection {
  pages: PageReport[];
  findings: Finding[];
  /** The home page's fingerprint, when it answered with a page. */
  observed: Fingerprint | null;
  /** The home page answered and every page in `recheck` was looked at again. */
  complete: boolean;
}

/**
 * Looks at a site once: a bounded crawl in three views (`recheck` first), the findings per page,
 * and the home page's drift from `baseline`. No store involved.
 */
export async function inspectSite(
  check: IntegrityCheck,
  deps: Pick<RunDeps, 'signatures' | 'guard' | 'signal'>,
  opts: { recheck: string[]; seed: string; baseline: Fingerprint | null; takePage: () => Promise<boolean> },
): Promise<SiteInspection> {
  const home = absolute(check.url, check.url) ?? check.url;
  const pages = await crawlSite(home, {
    guard: deps.guard,
    timeoutMs: check.timeoutMs,
    check,
    ...(deps.signal ? { signal: deps.signal } : {}),
    maxPages: check.integrity.maxPages,
    delayMs: check.integrity.delayMs,
    takePage: opts.takePage,
    first: [...new Set(opts.recheck)],
    seed: opts.seed,
  });
  deps.signal?.throwIfAborted();
  const findings = pages.flatMap((p) => pageFindings(p, deps.signatures));
  const homeView = pages.find((p) => p.url === home)?.views.browser;
  const observed = homeView?.ok && homeView.doc ? fingerprint(homeView.doc, home) : null;
  if (observed && opts.baseline)
    findings.push(...driftFindings(opts.baseline, observed, check.integrity.driftThreshold));
  const complete = observed !== null && opts.recheck.every((u) => pages.some((p) => p.url === u));
  return { pages, findings, observed, complete };
}

/**
 * One integrity run of a service: a look at the site (inspectSite) under the hourly page budget,
 * then the incidents (open, repeat, close), the service's verdict and the record.
 */
export async function runIntegrity(
  ctx: Ctx,
  serviceId: string,
  check: IntegrityCheck,
  deps: RunDeps,
): Promise<{ pages: number; findings: number }> {
  const service = ctx.catalog.serviceById.get(serviceId);
  if (!service) return { pages: 0, findings: 0 };
  const prev = await integrityRecordOf(ctx, serviceId);
  const max = check.integrity.maxPages;
  const seen = await inspectSite(check, deps, {
    recheck: Object.values(prev.open).flatMap((k) => urlsOf(k)),
    seed: String(prev.runs),
    baseline: prev.baseline,
    takePage: async () =>
      (await ctx.store.hit(`integrity:pages:${serviceId}`, PAGE_BUDGET_WINDOW_MS)).count <= max,
  });
  const now = ctx.now().toISOString();
  const { next, changes } = advance(prev, seen, now, deps.cleanRuns);
  await recordChanges(ctx, service, changes);
  await markIntegrity(ctx, serviceId, verdictOf(next));
  if (!(await saveIntegrityRecord(ctx, prev, next)))
    ctx.log.warn({ serviceId }, 'integrity: record changed meanwhile; this run is not remembered');
  return { pages: seen.pages.length, findings: seen.findings.length };
}
