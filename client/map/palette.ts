/**
 * The wall's colours and redundant cues, in one place for the map, the legend and the panels.
 * Every status colour keeps ≥ 3:1 against the map and panel backgrounds, and every status also has
 * a glyph and a text label so colour is never the only signal.
 */
import type { ServiceStatus, Severity } from '../../shared/schemas/index.js';

export const BASE = {
  page: '#060b14',
  panel: '#0c1524',
  panelRaised: '#122035',
  sea: '#081a2f',
  land: '#17243a',
  landOutside: '#121c2d',
  kelurahanLine: '#3b4f6e',
  kecamatanLine: '#7f97bd',
  labelKecamatan: '#dbe7f7',
  labelKelurahan: '#9fb3cf',
  labelHalo: '#060b14',
  text: '#eef3fa',
  textMuted: '#a9b8cc',
  accent: '#38bdf8',
} as const;

export const SERVICE_STATUS_ORDER: readonly ServiceStatus[] = [
  'down',
  'degraded',
  'unknown',
  'maintenance',
  'up',
];

/** Worst first: the state an agency's pin shows when its services disagree. */
export const SERVICE_STATUS_RANK: Record<ServiceStatus, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  maintenance: 3,
  up: 4,
};

export const SERVICE_COLORS: Record<ServiceStatus, string> = {
  up: '#34d399',
  degraded: '#fbbf24',
  down: '#f87171',
  maintenance: '#93c5fd',
  unknown: '#a8b3c4',
};

/** A hijacked site (defaced or injected with gambling spam): its own colour and glyph, never a dead one's. */
export const HIJACKED_COLOR = '#c084fc';
export const HIJACKED_GLYPH = '☠';

/** Shape cue drawn inside the service pin. */
export const SERVICE_GLYPHS: Record<ServiceStatus, string> = {
  up: '✓',
  degraded: '!',
  down: '✕',
  maintenance: '⚙',
  unknown: '?',
};

export const SEVERITY_ORDER: readonly Severity[] = ['extreme', 'severe', 'moderate', 'minor', 'unknown'];

export const SEVERITY_COLORS: Record<Severity, string> = {
  extreme: '#ff5c8a',
  severe: '#ff9640',
  moderate: '#ffd84d',
  minor: '#6fd3ff',
  unknown: '#b9c2d0',
};

/** Shape cue inside the incident pin: more marks, more severe. */
export const SEVERITY_GLYPHS: Record<Severity, string> = {
  extreme: '!!!',
  severe: '!!',
  moderate: '!',
  minor: 'i',
  unknown: '?',
};

/** Pin radius (px) by severity, so size repeats what colour says. */
export const SEVERITY_RADIUS: Record<Severity, number> = {
  extreme: 17,
  severe: 15,
  moderate: 12,
  minor: 10,
  unknown: 10,
};

/** Dark text on the bright pins. */
export const PIN_TEXT = '#08111f';

/** Exposes the palette as CSS custom properties so stylesheets use the same colours. */
export function applyPaletteCssVars(el: HTMLElement = document.documentElement): void {
  for (const [k, v] of Object.entries(BASE)) el.style.setProperty(`--c-${k}`, v);
  for (const [k, v] of Object.entries(SERVICE_COLORS)) el.style.setProperty(`--c-svc-${k}`, v);
  el.style.setProperty('--c-svc-hijacked', HIJACKED_COLOR);
  for (const [k, v] of Object.entries(SEVERITY_COLORS)) el.style.setProperty(`--c-sev-${k}`, v);
}
