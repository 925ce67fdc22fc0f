import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import { absolute, extractPage, type PageDoc } from './extract.js';
import { VIEWS, fetchOnce, type FetchOptions, type View } from './fetch.js';
import { foreignTo } from './site.js';

/** Redirects followed within the site per view. */
const MAX_REDIRECTS = 5;
/** Links remembered per run (the crawl picks from these). */
const MAX_FRONTIER = 1_000;
/** Addresses that are not pages. */
const NOT_PAGES =
  /\.(pdf|jpe?g|png|gif|webp|svg|ico|zip|rar|7z|gz|docx?|xlsx?|pptx?|mp[34]|avi|mov|css|js|json|xml|woff2?|ttf)$/i;

/** What one view of a page gave. */
export type ViewResult =
  | { ok: true; finalUrl: string; status: number; doc: PageDoc | null; foreignRedirect: string | null }
  | { ok: false; error: string };

/** One crawled page in every view. */
export interface PageReport {
  url: string;
  views: Record<View, ViewResult>;
}

/**
 * Fetches `url` as `view`, following redirects inside the site; a redirect to another site stops
 * there and is reported. `docs` keeps the pages already read by body, so views that got the same
 * answer (the usual case) are parsed once.
 */
export async function fetchView(
  url: string,
  view: View,
  opts: FetchOptions,
  docs: Map<string, PageDoc> = new Map(),
): Promise<ViewResult> {
  const foreign = foreignTo(new URL(url).hostname);
  let at = url;
  try {
    for (let hop = 0; ; hop++) {
      const a = await fetchOnce(at, view, opts);
      const next = a.status >= 300 && a.status < 400 ? absolute(a.location ?? undefined, at) : null;
      if (next && foreign(new URL(next).hostname))
        return { ok: true, finalUrl: at, status: a.status, doc: null, foreignRedirect: next };
      if (next && hop < MAX_REDIRECTS) {
        at = next;
        continue;
      }
      const html = /html|xml|^$/i.test(a.contentType) && a.status < 400;
      const key = `${at}\n${a.body}`;
      const doc = html ? (docs.get(key) ?? extractPage(a.body, at)) : null;
      if (doc) docs.set(key, doc);
      const refresh = doc?.refreshTo && foreign(new URL(doc.refreshTo).hostname) ? doc.refreshTo : null;
      return { ok: true, finalUrl: at, status: a.status, doc, foreignRedirect: refresh };
    }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The `<loc>` addresses of a sitemap (htmlparser2 in XML mode: no entities expanded beyond XML's five). */
export function sitemapLocs(xml: string): string[] {
  const locs: string[] = [];
  let inLoc = false;
  let text = '';
  const p = new Parser(
    {
      onopentag: (name) => {
        inLoc = name.toLowerCase() === 'loc';
        text = '';
      },
      ontext: (t) => {
        if (inLoc) text += t;
      },
      onclosetag: (name) => {
        if (name.toLowerCase() === 'loc' && text.trim()) locs.push(text.trim());
        inLoc = false;
      },
    },
    { xmlMode: true },
  );
  p.write(xml);
  p.end();
  return locs;
}

/** Limits and pacing of one crawl. */
export interface CrawlOptions extends FetchOptions {
  /** Pages this run may fetch at most. */
  maxPages: number;
  delayMs: number;
  /** Asked before each page: false when the site's hourly page budget is spent. */
  takePage: () => Promise<boolean>;
  /** Pages to look at first (where something was found before). */
  first: string[];
  /** Varies which pages beyond the first are picked, run by run. */
  seed: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * A bounded crawl of the site at `home`: the pages in `first`, the home page, then internal links
 * and `sitemap.xml` entries (links hidden on a page first, then an order that changes every run, so
 * successive runs cover more of a large site). Each page is fetched in every view, one request at a
 * time with `delayMs` between requests.
 */
export async function crawlSite(home: string, opts: CrawlOptions): Promise<PageReport[]> {
  const homeUrl = absolute(home, home) ?? home;
  const foreign = foreignTo(new URL(homeUrl).hostname);
  const reports: PageReport[] = [];
  const seen = new Set<string>();
  const queue = [...opts.first, homeUrl];
  const rank = (u: string) => createHash('sha1').update(`${opts.seed}|${u}`).digest().readUInt32BE(0);
  const frontier = new Map<string, { hidden: boolean; rank: number }>();
  let requests = 0;
  const paced = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (requests++ > 0) await sleep(opts.delayMs, opts.signal);
    return fn();
  };
  const learn = (url: string, hidden: boolean) => {
    const u = absolute(url, homeUrl);
    if (!u || foreign(new URL(u).hostname) || NOT_PAGES.test(new URL(u).pathname) || seen.has(u)) return;
    const known = frontier.get(u);
    if (known) known.hidden ||= hidden;
    else if (frontier.size < MAX_FRONTIER) frontier.set(u, { hidden, rank: rank(u) });
  };
  const next = (): string | undefined => {
    const q = queue.shift();
    if (q !== undefined) return q;
    const [best] = [...frontier].sort(
      ([, a], [, b]) => Number(b.hidden) - Number(a.hidden) || a.rank - b.rank,
    );
    if (best) frontier.delete(best[0]);
    return best?.[0];
  };
  let sitemapRead = false;
  while (reports.length < opts.maxPages && !opts.signal?.aborted) {
    const url = next();
    if (url === undefined) break;
    if (seen.has(url) || foreign(new URL(url).hostname)) continue;
    seen.add(url);
    if (!(await opts.takePage())) break;
    const views = {} as Record<View, ViewResult>;
    const docs = new Map<string, PageDoc>();
    for (const v of VIEWS) views[v] = await paced(() => fetchView(url, v, opts, docs));
    reports.push({ url, views });
    for (const v of VIEWS) {
      const r = views[v];
      if (r.ok) for (const l of r.doc?.links ?? []) learn(l.url, l.hidden !== null);
    }
    if (!sitemapRead && url === homeUrl) {
      sitemapRead = true;
      const sitemap = new URL('/sitemap.xml', homeUrl).href;
      const a = await paced(() => fetchOnce(sitemap, 'browser', opts)).catch(() => null);
      if (a?.status === 200) for (const loc of sitemapLocs(a.body)) learn(loc, false);
    }
  }
  return reports;
}
