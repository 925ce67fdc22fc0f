import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../../server/health/integrity/extract.js';
import { normaliseColour } from '../../../../server/health/integrity/hidden.js';

const BASE = 'https://dinkes.balikpapan.go.id/berita/';
const hiddenOf = (html: string, text: string) =>
  extractPage(html, BASE).pieces.find((p) => p.place === 'text' && p.text.includes(text))?.hidden;

describe('reading a page (htmlparser2, no regular expressions over HTML)', () => {
  it('tells visible text from text hidden by inline style or the hidden attribute', () => {
    const cases: [string, string | null][] = [
      ['<p>Layanan vaksinasi</p>', null],
      ['<div style="display: none">x1</div>', 'display:none'],
      ['<div style="DISPLAY:NONE !important">x1</div>', 'display:none'],
      ['<span style="visibility:hidden">x1</span>', 'visibility:hidden'],
      ['<div style="position:absolute;left:-9999px">x1</div>', 'off-screen'],
      ['<p style="text-indent:-5000px">x1</p>', 'off-screen'],
      ['<small style="font-size:1px">x1</small>', 'tiny text'],
      ['<small style="font-size:0">x1</small>', 'tiny text'],
      ['<small style="font-size:12px">x1</small>', null],
      ['<div style="opacity:0">x1</div>', 'opacity:0'],
      ['<div style="height:0;overflow:hidden">x1</div>', 'zero size'],
      ['<div hidden>x1</div>', 'hidden attribute'],
      ['<div style="color:#fff;background:#ffffff">x1</div>', 'same colour as background'],
      [
        '<div style="background-color:white"><a style="color:rgb(255, 255, 255)">x1</a></div>',
        'same colour as background',
      ],
      ['<div style="background-color:white"><a style="color:#000">x1</a></div>', null],
      // Hiding is inherited by everything inside.
      ['<div style="display:none"><ul><li><b>x1</b></li></ul></div>', 'display:none'],
    ];
    for (const [html, why] of cases) expect(hiddenOf(`<body>${html}</body>`, 'x1') ?? null, html).toBe(why);
  });

  it('reads the title, meta tags, link texts and targets (absolute), script sources and a meta refresh', () => {
    const doc = extractPage(
      `<html><head><title>Dinkes &amp; Warga</title>
       <meta name="keywords" content="kesehatan, puskesmas">
       <meta http-equiv="refresh" content="0; url=https://elsewhere.example/x">
       <script src="/js/app.js?v=3"></script><script>var slot = "not text";</script>
       <style>.a{}</style></head>
       <body><p>Halo</p><a href="../profil#top">Profil <b>kami</b></a>
       <a href="mailto:x@y">mail</a><a href="https://partner.example/">Mitra</a></body></html>`,
      BASE,
    );
    expect(doc.pieces.find((p) => p.place === 'title')?.text).toBe('Dinkes & Warga');
    expect(doc.pieces.find((p) => p.place === 'meta')).toMatchObject({ text: 'kesehatan, puskesmas' });
    expect(doc.links).toEqual([
      { url: 'https://dinkes.balikpapan.go.id/profil', text: 'Profil kami', hidden: null },
      { url: 'https://partner.example/', text: 'Mitra', hidden: null },
    ]);
    expect(doc.scripts).toEqual(['https://dinkes.balikpapan.go.id/js/app.js?v=3']);
    expect(doc.refreshTo).toBe('https://elsewhere.example/x');
    // Script and style bodies are never page text.
    expect(doc.visibleText).not.toContain('not text');
    expect(doc.visibleText).toContain('Profil kami');
  });

  it('keeps a phrase split by inline tags together', () => {
    const doc = extractPage('<p>Situs <b>slot</b> <i>gacor</i> hari ini</p>', BASE);
    expect(doc.pieces.filter((p) => p.place === 'text').map((p) => p.text)).toEqual([
      'Situs slot gacor hari ini',
    ]);
  });

  it('normalises the colour notations inline styles use', () => {
    expect(normaliseColour('#FFF')).toBe('#ffffff');
    expect(normaliseColour('rgb(255,255,255)')).toBe('#ffffff');
    expect(normaliseColour('rgba(0, 0, 0, 0.5)')).toBeNull();
    expect(normaliseColour('White')).toBe('#ffffff');
    expect(normaliseColour('var(--x)')).toBeNull();
  });
});
