import { describe, expect, it } from 'vitest';
import { driftFindings, fingerprint, similarity } from '../../../../server/health/integrity/drift.js';
import { extractPage } from '../../../../server/health/integrity/extract.js';
import type { Finding } from '../../../../server/health/integrity/findings.js';
import { advance, emptyRecord, verdictOf } from '../../../../server/health/integrity/ledger.js';
import { NEWS, govPage } from './sites.js';

const URL_ = 'https://dinkes.balikpapan.go.id/';
const fp = (html: string) => fingerprint(extractPage(html, URL_), URL_);
const base = fp(govPage({}));

describe('drift from the learned baseline', () => {
  it('a news update stays below the threshold; a replaced page does not', () => {
    const updated = fp(
      govPage({
        news: [
          'Lomba balita sehat digelar di halaman kantor dinas pada hari Sabtu pagi.',
          ...NEWS.slice(0, -1),
        ],
      }),
    );
    expect(similarity(base, updated)).toBeGreaterThan(0.5);
    expect(driftFindings(base, updated, 0.5)).toEqual([]);
    const replaced = fp('<h1>Under construction</h1><p>Halaman ini sedang diperbaiki oleh tim kami.</p>');
    expect(driftFindings(base, replaced, 0.5)).toMatchObject([
      { kind: 'drift', how: 'content changed', severity: 'minor' },
    ]);
  });

  it('a new script source or outbound site is a minor finding, a cache-busting query is not', () => {
    const same = fp(govPage({ scripts: ['/assets/app.js?v=2'] }));
    expect(driftFindings(base, same, 0.5)).toEqual([]);
    const injected = fp(
      govPage({
        scripts: ['/assets/app.js', 'https://cdn-stats.example/x.js'],
        footer: '<a href="https://promo.example/">promo</a>',
      }),
    );
    expect(driftFindings(base, injected, 0.5)).toEqual([
      expect.objectContaining({ how: 'new script source', snippet: 'https://cdn-stats.example/x.js' }),
      expect.objectContaining({ how: 'new outbound site', snippet: 'promo.example' }),
    ]);
  });
});

const spam = (severity: Finding['severity'], url = URL_): Finding => ({
  kind: 'spam',
  severity,
  url,
  view: 'browser',
  visibility: severity === 'severe' ? 'visible' : 'hidden',
  how: null,
  snippet: '…slot gacor…',
  terms: ['slot gacor'],
});

describe('the ledger of a service', () => {
  const at = (n: number) => `2026-12-07T0${n}:00:00.000Z`;

  it('opens, repeats, escalates but never lowers severity while open, and closes after N clean complete runs', () => {
    let r = emptyRecord('web-x');
    const step = (findings: Finding[], n: number, complete = true) => {
      const out = advance(r, { complete, findings, observed: base }, at(n), 3);
      r = out.next;
      return out.changes.map((c) => `${c.kind}:${c.action}:${c.state.severity}`);
    };
    expect(step([spam('moderate')], 1)).toEqual(['spam:open:moderate']);
    expect(verdictOf(r)).toEqual({ verdict: 'spam', since: at(1) });
    expect(step([spam('severe')], 2)).toEqual(['spam:repeat:severe']);
    expect(step([spam('moderate')], 3)).toEqual(['spam:repeat:severe']);
    expect(step([], 4)).toEqual([]);
    expect(step([], 5, false)).toEqual([]); // an incomplete run counts nothing
    expect(step([], 6)).toEqual([]);
    expect(r.open.spam?.cleanRuns).toBe(2);
    expect(step([], 7)).toEqual(['spam:close:severe']);
    expect(verdictOf(r)).toBeNull();
  });

  it('learns the baseline from a run without findings only', () => {
    const dirty = advance(
      emptyRecord('web-x'),
      { complete: true, findings: [spam('moderate')], observed: base },
      at(1),
      3,
    );
    expect(dirty.next.baseline).toBeNull();
    expect(dirty.next.observed).toEqual(base);
    const clean = advance(emptyRecord('web-x'), { complete: true, findings: [], observed: base }, at(1), 3);
    expect(clean.next.baseline).toEqual(base);
  });

  it('a hijacked verdict beats drift', () => {
    const drift: Finding = { ...spam('minor'), kind: 'drift' };
    const { next } = advance(
      emptyRecord('web-x'),
      { complete: true, findings: [drift, spam('moderate')], observed: base },
      at(1),
      3,
    );
    expect(verdictOf(next)?.verdict).toBe('spam');
  });
});
