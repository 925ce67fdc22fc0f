import { Parser } from 'htmlparser2';
import { backgroundOf, hiddenBy, parseStyle } from './hidden.js';

/** Where on a page a piece of text sits. */
export type Place = 'text' | 'title' | 'meta' | 'anchor' | 'href';

/** A run of text in one place, hidden (and why) or not. */
export interface Piece {
  text: string;
  place: Place;
  /** Why it cannot be seen (`display:none`, `off-screen`, …); null when visible. */
  hidden: string | null;
}

/** A link on the page. */
export interface Link {
  /** Absolute, without the fragment. */
  url: string;
  text: string;
  hidden: string | null;
}

/** What the integrity checks read from one HTML page. */
export interface PageDoc {
  pieces: Piece[];
  links: Link[];
  /** Absolute script sources. */
  scripts: string[];
  /** Visible body text, for the drift baseline. */
  visibleText: string;
  /** Where `<meta http-equiv="refresh">` sends the reader, absolute; null when nowhere. */
  refreshTo: string | null;
}

/** Content that is never shown as text. */
const SILENT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object']);

interface Frame {
  name: string;
  hidden: string | null;
  background: string | null;
  silent: boolean;
}

/** Resolves `href` against `base`; null for other schemes and for unusable values. */
export function absolute(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** Reads a page with htmlparser2 (streaming, no DOM): text by visibility, title, meta, links, scripts. Pure. */
export function extractPage(html: string, baseUrl: string): PageDoc {
  const pieces: Piece[] = [];
  const links: Link[] = [];
  const scripts: string[] = [];
  const visible: string[] = [];
  let refreshTo: string | null = null;
  const stack: Frame[] = [{ name: '#root', hidden: null, background: null, silent: false }];
  let anchor: { url: string | null; text: string[]; hidden: string | null } | null = null;
  let inTitle = false;
  const top = () => stack[stack.length - 1] as Frame;
  // Consecutive text in the same place and visibility is one piece, so a phrase split by tags still matches.
  const add = (text: string, place: Place, hidden: string | null) => {
    const last = pieces[pieces.length - 1];
    if (last && last.place === place && last.hidden === hidden && place !== 'anchor' && place !== 'href')
      last.text += ` ${text}`;
    else pieces.push({ text, place, hidden });
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const parent = top();
        const style = parseStyle(attribs.style);
        const own = hiddenBy(attribs, style, parent.background);
        const frame: Frame = {
          name,
          hidden: parent.hidden ?? own,
          background: backgroundOf(style) ?? parent.background,
          silent: parent.silent || SILENT.has(name),
        };
        stack.push(frame);
        if (name === 'title') inTitle = true;
        if (name === 'a') anchor = { url: absolute(attribs.href, baseUrl), text: [], hidden: frame.hidden };
        if (name === 'script') {
          const src = absolute(attribs.src, baseUrl);
          if (src) scripts.push(src);
        }
        if (name === 'meta') {
          const content = attribs.content ?? '';
          if ((attribs['http-equiv'] ?? '').toLowerCase() === 'refresh') {
            const m = /url\s*=\s*['"]?([^'"]+)/i.exec(content);
            refreshTo = absolute(m?.[1], baseUrl);
          } else if (content && (attribs.name || attribs.property)) add(content, 'meta', 'meta tag');
        }
      },
      ontext(data) {
        const text = data.replace(/\s+/g, ' ').trim();
        if (!text) return;
        if (inTitle) return add(text, 'title', null);
        const f = top();
        if (f.silent) return;
        add(text, 'text', f.hidden);
        if (!f.hidden) visible.push(text);
        anchor?.text.push(text);
      },
      onclosetag(name) {
        stack.pop();
        if (name === 'title') inTitle = false;
        if (name === 'a' && anchor) {
          const a = anchor;
          anchor = null;
          const text = a.text.join(' ');
          if (text) pieces.push({ text, place: 'anchor', hidden: a.hidden });
          if (a.url) {
            pieces.push({ text: a.url, place: 'href', hidden: a.hidden });
            links.push({ url: a.url, text, hidden: a.hidden });
          }
        }
        // htmlparser2 closes every open element, implied ones included; the root frame stays.
        if (stack.length === 0) stack.push({ name: '#root', hidden: null, background: null, silent: false });
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { pieces, links, scripts, visibleText: visible.join(' '), refreshTo };
}
