import type { SignatureKind } from '../../../shared/schemas/index.js';
import type { PageDoc, Place } from './extract.js';
import { normaliseHref, normaliseText, type Signatures, type Term } from './signatures.js';

/** One phrase found on a page. */
export interface Hit {
  term: Term;
  place: Place;
  hidden: string | null;
  /** The phrase in its context (normalised text, ±SNIPPET_CONTEXT characters). */
  snippet: string;
}

/** Characters of context kept on each side of a match. */
export const SNIPPET_CONTEXT = 60;

function snippetOf(text: string, at: number, length: number): string {
  const from = Math.max(0, at - SNIPPET_CONTEXT);
  const to = Math.min(text.length, at + length + SNIPPET_CONTEXT);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}

/** Every phrase of `sig` in the page's text, title, meta tags, link texts and link targets. Pure. */
export function findHits(doc: PageDoc, sig: Signatures): Hit[] {
  const hits: Hit[] = [];
  for (const p of doc.pieces) {
    const text = p.place === 'href' ? normaliseHref(p.text) : normaliseText(p.text);
    for (const m of text.matchAll(sig.pattern)) {
      const term = sig.terms.get(m[0]);
      if (term)
        hits.push({ term, place: p.place, hidden: p.hidden, snippet: snippetOf(text, m.index, m[0].length) });
    }
  }
  return hits;
}

/** How a page scores for one kind in one view. */
export interface KindScore {
  /** Distinct phrases' weights, plus one per foreign site linked with such a phrase. */
  score: number;
  /** The same counting only what a reader sees. */
  visibleScore: number;
  /** The strongest hits, visible ones first when the visible score decides. */
  hits: Hit[];
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

function score(hits: Hit[], doc: PageDoc, sig: Signatures, isForeign: (host: string) => boolean): number {
  const terms = new Map<string, number>();
  for (const h of hits) terms.set(h.term.term, h.term.weight);
  let s = [...terms.values()].reduce((a, b) => a + b, 0);
  // A phrase that links out to another site is spam's purpose (link farming): it counts once more per site.
  const linked = new Set(
    doc.links
      .filter((l) => isForeign(hostOf(l.url)))
      .filter((l) => {
        const words = `${normaliseText(l.text)} ${normaliseHref(l.url)}`;
        return [...words.matchAll(sig.pattern)].some((m) => hits.some((h) => sig.terms.get(m[0]) === h.term));
      })
      .map((l) => hostOf(l.url)),
  );
  s += linked.size;
  return s;
}

/** Scores a page (one view) per kind. `isForeign` says whether a host belongs to another site. Pure. */
export function scorePage(
  doc: PageDoc,
  sig: Signatures,
  isForeign: (host: string) => boolean,
): Record<SignatureKind, KindScore> {
  const hits = findHits(doc, sig);
  const visibleDoc = { ...doc, links: doc.links.filter((l) => !l.hidden) };
  const of = (kind: SignatureKind): KindScore => {
    const mine = hits.filter((h) => h.term.kind === kind);
    // Meta tags are not on the page a reader sees; the title is (the tab, the search result).
    const seen = mine.filter((h) => !h.hidden);
    return {
      score: score(mine, doc, sig, isForeign),
      visibleScore: score(seen, visibleDoc, sig, isForeign),
      hits: [...seen, ...mine.filter((h) => h.hidden)].sort((a, b) => b.term.weight - a.term.weight),
    };
  };
  return { defacement: of('defacement'), gambling: of('gambling') };
}
