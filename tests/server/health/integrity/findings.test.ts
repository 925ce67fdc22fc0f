import { describe, expect, it } from 'vitest';
import type { PageReport, ViewResult } from '../../../../server/health/integrity/crawl.js';
import { extractPage } from '../../../../server/health/integrity/extract.js';
import { pageFindings } from '../../../../server/health/integrity/findings.js';
import { findHits, scorePage } from '../../../../server/health/integrity/match.js';
import { loadSignatures } from '../../../../server/health/integrity/signatures.js';
import { foreignTo } from '../../../../server/health/integrity/site.js';
import { govPage } from './sites.js';

const sig = loadSignatures();
const URL_ = 'https://dinkes.balikpapan.go.id/';
const ok = (html: string): ViewResult => ({
  ok: true,
  finalUrl: URL_,
  status: 200,
  doc: extractPage(html, URL_),
  foreignRedirect: null,
});
const away = (to: string): ViewResult => ({
  ok: true,
  finalUrl: URL_,
  status: 302,
  doc: null,
  foreignRedirect: to,
});
const page = (browser: ViewResult, crawler = browser, referer = browser): PageReport => ({
  url: URL_,
  views: { browser, crawler, referer },
});

const SPAM_LINKS =
  '<a href="https://slot-gacor.example/daftar">slot gacor maxwin</a> <a href="https://togel.example/">togel online</a>';

describe('matching the signatures', () => {
  it('matches whole words, ignoring case and hyphens, and phrases written together in link targets', () => {
    const doc = extractPage(
      `<title>SLOT-GACOR hari ini</title><p>Hacked by Anon. Tarif gacoran; kode aktogel.</p><a href="https://x.example/slot88/rtp_slot">x</a>`,
      URL_,
    );
    const found = findHits(doc, sig).map((h) => `${h.place}:${h.term.term}`);
    expect(found).toEqual(
      expect.arrayContaining(['title:slot gacor', 'text:hacked by', 'href:rtp slot', 'href:slot88']),
    );
    // Inside other words (gacoran, aktogel) nothing matches.
    expect(found.filter((f) => f.startsWith('text:'))).toEqual(['text:hacked by']);
  });

  it('keeps the matched phrase with its context as the snippet', () => {
    const doc = extractPage(
      `<p>${'Berita kota. '.repeat(20)}Website ini hacked by Cyber Team dari luar.</p>`,
      URL_,
    );
    const [hit] = findHits(doc, sig);
    expect(hit?.snippet).toMatch(/^….*hacked by cyber team dari luar\.$/);
  });

  it('counts a phrase that links out to another site once more (link spam)', () => {
    const linked = extractPage('<footer><a href="https://bonanza.example/">slot gacor</a></footer>', URL_);
    const plain = extractPage('<footer><a href="/berita">slot gacor</a></footer>', URL_);
    const isForeign = foreignTo('dinkes.balikpapan.go.id');
    expect(scorePage(linked, sig, isForeign).gambling.score).toBe(sig.threshold.gambling);
    expect(scorePage(plain, sig, isForeign).gambling.score).toBeLessThan(sig.threshold.gambling);
  });

  it('needs more than a news item about gambling raids or a single phrase to score a finding', () => {
    const scores = scorePage(extractPage(govPage({}), URL_), sig, foreignTo('dinkes.balikpapan.go.id'));
    expect(scores.gambling.score).toBeLessThan(sig.threshold.gambling);
    expect(scores.defacement.score).toBeLessThan(sig.threshold.defacement);
    const one = scorePage(extractPage('<p>Polisi menutup situs slot ilegal.</p>', URL_), sig, () => false);
    expect(one.gambling.score).toBeLessThan(sig.threshold.gambling);
  });
});

describe('what a page proves', () => {
  it('a defaced home page: visible defacement, severe', () => {
    const [f, ...rest] = pageFindings(
      page(ok('<h1>Hacked by Cyber Team</h1><p>Greetz: all member. Your security is low.</p>')),
      sig,
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      kind: 'defacement',
      severity: 'severe',
      visibility: 'visible',
      view: 'browser',
    });
    expect(f?.snippet).toContain('hacked by cyber team');
  });

  it('gambling links hidden in the footer: hidden spam, moderate, with why it is hidden', () => {
    const html = govPage({ footer: `<div style="position:absolute;left:-9999px">${SPAM_LINKS}</div>` });
    const [f, ...rest] = pageFindings(page(ok(html)), sig);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'spam', severity: 'moderate', visibility: 'hidden', how: 'off-screen' });
    expect(f?.terms).toEqual(expect.arrayContaining(['slot gacor', 'maxwin']));
  });

  it('the same links in plain view: visible spam, severe', () => {
    const [f] = pageFindings(page(ok(govPage({ footer: SPAM_LINKS }))), sig);
    expect(f).toMatchObject({ kind: 'spam', severity: 'severe', visibility: 'visible' });
  });

  it('spam only in the crawler view: cloaking, moderate, named by the view that saw it', () => {
    const clean = ok(govPage({}));
    const [f, ...rest] = pageFindings(page(clean, ok(govPage({ body: `<p>${SPAM_LINKS}</p>` })), clean), sig);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'spam', severity: 'moderate', visibility: 'cloaked', view: 'crawler' });
    expect(f?.how).toBe('only as crawler');
  });

  it('a redirect to another site only for visitors from a search engine: cloaking', () => {
    const clean = ok(govPage({}));
    const [f, ...rest] = pageFindings(page(clean, clean, away('https://slot88.example/?ref=dinkes')), sig);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'spam', visibility: 'cloaked', view: 'referer', severity: 'moderate' });
    expect(f?.snippet).toBe('→ https://slot88.example/?ref=dinkes');
    expect(f?.terms).toEqual(['slot88']);
  });

  it('a redirect for everybody is the uptime check’s business unless it goes to a gambling address', () => {
    expect(pageFindings(page(away('https://balikpapan.example/opd')), sig)).toEqual([]);
    expect(pageFindings(page(away('https://situs-slot.example/')), sig)).toMatchObject([
      { kind: 'spam', severity: 'severe', visibility: 'visible' },
    ]);
  });

  it('a view that failed is not taken for a clean one (no false cloaking)', () => {
    const spam = ok(govPage({ footer: SPAM_LINKS }));
    const [f] = pageFindings(page(spam, { ok: false, error: 'timed out' }, spam), sig);
    expect(f).toMatchObject({ visibility: 'visible' });
  });
});
