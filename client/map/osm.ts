/** Links to a point on OpenStreetMap, for a phone's browser or map app (a page outside ours and its CSP). */
import type { LngLat } from '../../shared/geo.js';

/** A coordinate for a URL: a dot as decimal mark whatever the language, at most 6 decimals (≈ 0.1 m). */
function coord(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

/**
 * The point on OpenStreetMap, for the phone's browser or map app: a page outside ours (and its CSP),
 * opened in a new tab.
 */
export function osmLink([lng, lat]: LngLat): string {
  const y = coord(lat);
  const x = coord(lng);
  return `https://www.openstreetmap.org/?mlat=${y}&mlon=${x}#map=17/${y}/${x}`;
}
