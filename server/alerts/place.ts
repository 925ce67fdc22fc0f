import type { AlertPlace, LngLat } from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';

/** What a source knows of where its condition is. */
export interface PlaceHint {
  kelurahanCode: string | null;
  /** The source's own point (an incident's representative point). */
  location?: LngLat | null;
  agencyId: string | null;
}

/**
 * Where an alert is, with names a fire crew can read: the source's kelurahan (its kecamatan from
 * the code) and point; a source without a point (a service, an app, the monitor) is placed at the
 * responsible agency's office, its kelurahan found from that point. Null when nothing is known.
 */
export function placeOf(catalog: Catalog, hint: PlaceHint): AlertPlace | null {
  const agency = hint.agencyId ? catalog.agencyById.get(hint.agencyId) : undefined;
  const location = hint.location ?? agency?.location ?? null;
  const kelCode = hint.kelurahanCode ?? (location ? (catalog.locate(location)?.kelurahanCode ?? null) : null);
  const kel = kelCode ? catalog.areas.kelurahan.find((k) => k.code === kelCode) : undefined;
  const kecCode = kel?.kecamatanCode ?? (hint.location ? null : (agency?.kecamatanCode ?? null));
  const kec = kecCode ? catalog.areas.kecamatan.find((k) => k.code === kecCode) : undefined;
  if (!location && !kel && !kec) return null;
  return {
    kelurahan: kel ? { code: kel.code, name: kel.name } : null,
    kecamatan: kec ? { code: kec.code, name: kec.name } : null,
    location,
  };
}

/** "Kel. Klandasan Ilir, Kec. Balikpapan Kota" — the place in one line for notifications and rows. */
export function placeLine(place: AlertPlace | null | undefined): string | null {
  if (!place) return null;
  const parts = [
    place.kelurahan ? `Kel. ${place.kelurahan.name}` : null,
    place.kecamatan ? `Kec. ${place.kecamatan.name}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(', ') : null;
}
