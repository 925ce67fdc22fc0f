import {
  IncidentInputSchema,
  InstantSchema,
  LngLatSchema,
  type IncidentCategory,
  type IncidentInput,
  type LngLat,
} from '../../shared/schemas/index.js';
import { HttpError, zodIssues } from '../errors.js';

/**
 * Helpers shared by the feed adapters (CAP, Alertmanager, BMKG): the city-centre fallback
 * location, UTC normalisation, bounded text and keyword category hints.
 */

/** Balikpapan's city centre, used when a feed item carries no usable geometry. */
export const CITY_CENTRE: LngLat = [116.8468, -1.2379];

/** Longest attribute value the incident schema keeps. */
export const MAX_ATTRIBUTE_LENGTH = 500;

/** An attribute bag as the incident schema accepts it. */
export type Attributes = NonNullable<IncidentInput['attributes']>;

/** Normalises an ISO-8601 instant with any offset (`Z`, `+07:00`, `-00:00`) to UTC ISO; null when invalid. */
export function toUtcInstant(value: string): string | null {
  const s = value.trim();
  if (!InstantSchema.safeParse(s).success) return null;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  return InstantSchema.safeParse(iso).success ? iso : null;
}

/** Collapses runs of whitespace and cuts to `max` characters (with an ellipsis when cut). */
export function clip(text: string, max: number, collapse = true): string {
  const s = (collapse ? text.replace(/\s+/g, ' ') : text).trim();
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Sets `key` to a clipped value when the value is a non-empty string (attribute keys are ≤ 64 characters). */
export function setAttr(
  attrs: Attributes,
  key: string,
  value: string | number | boolean | undefined | null,
): void {
  if (value === undefined || value === null) return;
  const k = key.slice(0, 64);
  if (typeof value === 'string') {
    const v = clip(value, MAX_ATTRIBUTE_LENGTH, false);
    if (v) attrs[k] = v;
  } else if (typeof value === 'boolean' || Number.isFinite(value)) attrs[k] = value;
}

// Keyword hints (Indonesian and English) that name a category more precisely than a feed's own
// coarse category; checked in order, whole words only.
const HINTS: [IncidentCategory, RegExp][] = [
  ['flood', /\b(banjir|genangan|rob|floods?|flooding|inundation|flash flood)\b/i],
  ['landslide', /\b(longsor|tanah longsor|tanah bergerak|landslides?|mudslides?|debris flow)\b/i],
  ['earthquake', /\b(gempa|gempabumi|tsunami|earthquakes?|seismic)\b/i],
  ['fire', /\b(kebakaran|karhutla|fires?|wildfires?|bushfire)\b/i],
  [
    'weather',
    /\b(cuaca|badai|puting beliung|angin kencang|hujan lebat|storms?|thunderstorms?|tornado|cyclone|hurricane|typhoon|wind|heat wave)\b/i,
  ],
  ['traffic', /\b(lalu lintas|kecelakaan|kemacetan|macet|traffic|road closure|collision|crash)\b/i],
  ['health', /\b(wabah|penyakit|kesehatan|dbd|demam berdarah|outbreak|epidemic|pandemic|disease)\b/i],
];

/** The category a free text names by keyword (e.g. "banjir", "flood" → flood), or null. */
export function categoryHint(text: string | undefined): IncidentCategory | null {
  if (!text) return null;
  for (const [category, re] of HINTS) if (re.test(text)) return category;
  return null;
}

/** Validates a mapped incident against the shared schema; a failure is the feed's fault (422). */
export function checkMapped(
  input: IncidentInput,
  code: string,
  prefix: (string | number)[] = [],
): IncidentInput {
  const r = IncidentInputSchema.safeParse(input);
  if (!r.success) {
    throw new HttpError(422, code, 'The document maps to an invalid incident; nothing was written.', {
      issues: zodIssues(r.error, prefix),
    });
  }
  return r.data;
}

/** A position from separate latitude and longitude texts, range-checked; null when unusable. */
export function lngLatFrom(lat: string | undefined, lon: string | undefined): LngLat | null {
  if (lat === undefined || lon === undefined || !lat.trim() || !lon.trim()) return null;
  const r = LngLatSchema.safeParse([Number(lon), Number(lat)]);
  return r.success ? r.data : null;
}
