/**
 * Whether an element hides its content, judged from what the element itself says (its `hidden`
 * attribute and inline `style`); stylesheets are not evaluated. Pure.
 */

/** An inline style's declarations, lower case, `!important` dropped; the last one of a property wins. */
export function parseStyle(style: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!style) return out;
  for (const decl of style.split(';')) {
    const at = decl.indexOf(':');
    if (at < 0) continue;
    const prop = decl.slice(0, at).trim().toLowerCase();
    const value = decl
      .slice(at + 1)
      .replace(/!\s*important/i, '')
      .trim()
      .toLowerCase();
    if (prop && value) out.set(prop, value);
  }
  return out;
}

const NAMED: Record<string, string> = {
  white: '#ffffff',
  black: '#000000',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  yellow: '#ffff00',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
  transparent: 'transparent',
};

/** A colour as `#rrggbb` (named, `#rgb`, `#rrggbb`, `rgb()`/`rgba()` with alpha 1); null when unknown. */
export function normaliseColour(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (NAMED[v]) return NAMED[v];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(v);
  if (rgb && (rgb[4] === undefined || Number(rgb[4]) === 1))
    return `#${[rgb[1], rgb[2], rgb[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('')}`;
  return null;
}

/** The background colour an element sets for its content (`background-color`, or a plain `background`). */
export function backgroundOf(style: Map<string, string>): string | null {
  const bg = style.get('background-color') ?? style.get('background');
  const c = normaliseColour(bg);
  return c === 'transparent' ? null : c;
}

/** A length in px for the units inline styles use; NaN for others (`em` counts as 16 px). */
function px(value: string | undefined): number {
  const m = /^(-?[\d.]+)(px|pt|em|rem|%)?$/.exec(value ?? '');
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = m[2] ?? 'px';
  return unit === 'px' ? n : unit === 'pt' ? n * (4 / 3) : unit === '%' ? (n / 100) * 16 : n * 16;
}

/** Positions further left or up than this (px) are off any screen. */
const OFF_SCREEN_PX = -500;
/** Text this small or smaller (px) cannot be read. */
const TINY_TEXT_PX = 2;

/**
 * Why an element hides its content, e.g. `display:none`, `off-screen`, `same colour as background`;
 * null when it does not. `inheritedBackground` is the nearest ancestor's inline background colour.
 */
export function hiddenBy(
  attribs: Record<string, string>,
  style: Map<string, string>,
  inheritedBackground: string | null,
): string | null {
  if ('hidden' in attribs) return 'hidden attribute';
  if (style.get('display') === 'none') return 'display:none';
  const visibility = style.get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') return 'visibility:hidden';
  if (Number(style.get('opacity') ?? 1) <= 0.01) return 'opacity:0';
  if (px(style.get('font-size')) <= TINY_TEXT_PX) return 'tiny text';
  const far = ['left', 'top', 'text-indent', 'margin-left', 'margin-top', 'right'].some(
    (p) => px(style.get(p)) <= OFF_SCREEN_PX,
  );
  if (far) return 'off-screen';
  const zero = ['height', 'width', 'max-height', 'max-width'].some((p) => px(style.get(p)) === 0);
  if (zero && style.get('overflow') === 'hidden') return 'zero size';
  const colour = normaliseColour(style.get('color'));
  const background = backgroundOf(style) ?? inheritedBackground;
  if (colour && background && colour === background) return 'same colour as background';
  return null;
}
