import { createHash } from 'node:crypto';
import type { PageDoc } from './extract.js';
import type { Finding } from './findings.js';
import { normaliseText } from './signatures.js';
import { foreignTo, siteOf } from './site.js';

/** Words per shingle, and shingle hashes kept in a page's sketch (bottom-k MinHash). */
const SHINGLE_WORDS = 4;
const SKETCH_SIZE = 128;
/** New sources or domains named in one finding at most. */
const MAX_LISTED = 5;

/** What a page's baseline keeps: a hash of its text, a sketch of its shingles, its outbound sites and script sources. */
export interface Fingerprint {
  url: string;
  textHash: string;
  /** The SKETCH_SIZE smallest 32-bit shingle hashes, ascending. */
  sketch: number[];
  /** Other sites the page links to (registrable domains), sorted. */
  domains: string[];
  /** Script sources (origin and path, no query), sorted. */
  scripts: string[];
}

const hash32 = (s: string) => createHash('sha1').update(s).digest().readUInt32BE(0);

/** The fingerprint of a page's visible text, links and scripts. Pure. */
export function fingerprint(doc: PageDoc, url: string): Fingerprint {
  const words = normaliseText(doc.visibleText)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const hashes = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= Math.max(words.length, SHINGLE_WORDS); i++)
    hashes.add(hash32(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  const foreign = foreignTo(new URL(url).hostname);
  const domains = new Set<string>();
  for (const l of doc.links) {
    const host = new URL(l.url).hostname;
    if (foreign(host)) domains.add(siteOf(host));
  }
  const scripts = new Set(doc.scripts.map((s) => new URL(s).origin + new URL(s).pathname));
  return {
    url,
    textHash: createHash('sha1').update(words.join(' ')).digest('hex'),
    sketch: [...hashes].sort((a, b) => a - b).slice(0, SKETCH_SIZE),
    domains: [...domains].sort(),
    scripts: [...scripts].sort(),
  };
}

/** Estimated share of shingles two pages have in common (Jaccard, from their sketches). Pure. */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  if (a.textHash === b.textHash) return 1;
  const inA = new Set(a.sketch);
  const inB = new Set(b.sketch);
  const union = [...new Set([...a.sketch, ...b.sketch])].sort((x, y) => x - y).slice(0, SKETCH_SIZE);
  if (union.length === 0) return 1;
  return union.filter((h) => inA.has(h) && inB.has(h)).length / union.length;
}

const listed = (xs: string[]) =>
  xs.slice(0, MAX_LISTED).join(', ') + (xs.length > MAX_LISTED ? ` (+${xs.length - MAX_LISTED})` : '');

/**
 * How the page drifted from its baseline: new script sources, new outbound sites, or more than
 * `threshold` of its text changed; each a minor finding. Pure.
 */
export function driftFindings(base: Fingerprint, cur: Fingerprint, threshold: number): Finding[] {
  const out: Finding[] = [];
  const finding = (how: string, snippet: string): Finding => ({
    kind: 'drift',
    severity: 'minor',
    url: cur.url,
    view: 'browser',
    visibility: 'visible',
    how,
    snippet,
    terms: [],
  });
  const scripts = cur.scripts.filter((s) => !base.scripts.includes(s));
  if (scripts.length) out.push(finding('new script source', listed(scripts)));
  const domains = cur.domains.filter((d) => !base.domains.includes(d));
  if (domains.length) out.push(finding('new outbound site', listed(domains)));
  const changed = 1 - similarity(base, cur);
  if (changed >= threshold)
    out.push(
      finding('content changed', `${Math.round(changed * 100)} % of the text differs from the baseline`),
    );
  return out;
}
