import type { SignatureKind } from '../../../shared/schemas/index.js';
import type { PageReport, ViewResult } from './crawl.js';
import type { PageDoc } from './extract.js';
import type { View } from './fetch.js';
import { scorePage, type KindScore } from './match.js';
import { normaliseHref, type Signatures } from './signatures.js';
import { foreignTo } from './site.js';

/** What a finding is about; each kind is one incident per service. */
export type FindingKind = 'defacement' | 'spam' | 'drift';

/** How sure and how bad: defacement and visible spam severe, hidden or cloaked moderate, drift minor. */
export type FindingSeverity = 'severe' | 'moderate' | 'minor';

/** One piece of proof. */
export interface Finding {
  kind: FindingKind;
  severity: FindingSeverity;
  url: string;
  /** The view it was seen in. */
  view: View;
  visibility: 'visible' | 'hidden' | 'cloaked';
  /** Why hidden (`display:none`, …), in which views only (cloaking), or what drifted. */
  how: string | null;
  /** The matched phrase in its context, or what changed. */
  snippet: string;
  terms: string[];
}

const KIND_OF: Record<SignatureKind, FindingKind> = { defacement: 'defacement', gambling: 'spam' };

type Judged = { view: View; score: KindScore };

function fromScore(
  kind: SignatureKind,
  url: string,
  { view, score }: Judged,
  visibility: Finding['visibility'],
  how: string | null,
): Finding {
  const visible = visibility === 'visible';
  const shown = score.hits.filter((h) => h.hidden === null);
  const unseen = score.hits.filter((h) => h.hidden !== null);
  // The proof that decided: what a reader sees, what is hidden, or (cloaking) the strongest either way.
  const top = visible ? shown : visibility === 'hidden' ? [...unseen, ...shown] : score.hits;
  return {
    kind: KIND_OF[kind],
    severity: visible ? 'severe' : 'moderate',
    url,
    view,
    visibility,
    how: how ?? (visible ? null : (top.find((h) => h.hidden)?.hidden ?? null)),
    snippet: top[0]?.snippet ?? '',
    terms: [...new Set(top.map((h) => h.term.term))].slice(0, 10),
  };
}

const okViews = (p: PageReport) =>
  (Object.entries(p.views) as [View, ViewResult][]).flatMap(([view, r]) => (r.ok ? [{ view, r }] : []));

/**
 * What one crawled page proves, per kind: a phrase score at the threshold in every view that
 * answered is visible (severe) or hidden (moderate) spam or defacement; in some views only it is
 * cloaking (moderate); a redirect to another site in some views only is cloaking too, and one for
 * everybody to a gambling address is visible spam. Pure.
 */
export function pageFindings(page: PageReport, sig: Signatures): Finding[] {
  const foreign = foreignTo(new URL(page.url).hostname);
  const out: Finding[] = [];
  const answered = okViews(page);
  // Views that got the same page share its document: it is scored once.
  const scored = new Map<PageDoc, ReturnType<typeof scorePage>>();
  const judged = answered.flatMap(({ view, r }) => {
    if (!r.ok || !r.doc) return [];
    const scores = scored.get(r.doc) ?? scorePage(r.doc, sig, foreign);
    scored.set(r.doc, scores);
    return [{ view, scores }];
  });
  for (const kind of ['defacement', 'gambling'] as const) {
    const threshold = sig.threshold[kind];
    const flagged = judged.filter((j) => j.scores[kind].score >= threshold);
    const first = flagged[0];
    if (!first) continue;
    if (flagged.length < judged.length) {
      const only = flagged.map((f) => f.view).join(', ');
      out.push(
        fromScore(
          kind,
          page.url,
          { view: first.view, score: first.scores[kind] },
          'cloaked',
          `only as ${only}`,
        ),
      );
      continue;
    }
    const shown = flagged.find((f) => f.view === 'browser') ?? first;
    const visible = shown.scores[kind].visibleScore >= threshold;
    out.push(
      fromScore(
        kind,
        page.url,
        { view: shown.view, score: shown.scores[kind] },
        visible ? 'visible' : 'hidden',
        null,
      ),
    );
  }
  const redirects = answered.map(({ view, r }) => ({ view, to: r.ok ? r.foreignRedirect : null }));
  const away = redirects.filter((x) => x.to !== null);
  const target = away[0];
  if (target?.to) {
    const sameForAll = away.length === redirects.length && away.every((x) => x.to === target.to);
    const gambling = [...normaliseHref(target.to).matchAll(sig.pattern)]
      .map((m) => sig.terms.get(m[0]))
      .filter((t) => t?.kind === 'gambling')
      .map((t) => t?.term ?? '');
    if (!sameForAll)
      out.push({
        kind: 'spam',
        severity: 'moderate',
        url: page.url,
        view: target.view,
        visibility: 'cloaked',
        how: `redirects to another site only as ${away.map((x) => x.view).join(', ')}`,
        snippet: `→ ${target.to}`,
        terms: gambling,
      });
    else if (gambling.length)
      out.push({
        kind: 'spam',
        severity: 'severe',
        url: page.url,
        view: target.view,
        visibility: 'visible',
        how: 'redirects every visitor to a gambling site',
        snippet: `→ ${target.to}`,
        terms: gambling,
      });
  }
  return out;
}
