import { readFileSync } from 'node:fs';
import { polygonCentroid, type LngLat } from '../../shared/geo.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';

interface KelFeature {
  properties: { code: string; name: string };
  geometry:
    { type: 'Polygon'; coordinates: LngLat[][] } | { type: 'MultiPolygon'; coordinates: LngLat[][][] };
}

let centres: Map<string, LngLat> | null = null;

/** A representative point of a kelurahan (its outer ring's centroid), for reports placed by kelurahan only. */
export function kelurahanCentre(code: string): LngLat | null {
  if (!centres) {
    const file = new URL('../../shared/reference/boundaries/balikpapan-kelurahan.geojson', import.meta.url);
    const g = JSON.parse(readFileSync(file, 'utf8')) as { features: KelFeature[] };
    centres = new Map();
    for (const f of g.features) {
      const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0]?.[0];
      if (ring) centres.set(f.properties.code, polygonCentroid(ring));
    }
  }
  return centres.get(code) ?? null;
}

/** Where a report is: from a point (located in the kelurahan that holds it) or a kelurahan code alone. */
export interface Place {
  point: LngLat | null;
  kelurahanCode: string;
  kecamatanCode: string;
}

/** Locates a report; refuses (400 `outside_city`) a point outside Balikpapan or an unknown kelurahan. */
export function placeReport(ctx: Ctx, point: LngLat | null, kelurahanCode: string | null): Place {
  if (point) {
    const hit = ctx.catalog.locate(point);
    if (!hit)
      throw new HttpError(
        400,
        'outside_city',
        'The location is outside Balikpapan; Pantau takes reports for Kota Balikpapan only.',
      );
    return { point, ...hit };
  }
  if (kelurahanCode) {
    const kel = ctx.catalog.areas.kelurahan.find((k) => k.code === kelurahanCode);
    if (!kel) throw new HttpError(400, 'unknown_kelurahan', 'No such kelurahan in Balikpapan.');
    return { point: null, kelurahanCode: kel.code, kecamatanCode: kel.kecamatanCode };
  }
  throw new HttpError(400, 'no_location', 'Give a location: a point (lat/long) or a kelurahan.');
}

/** The kelurahan's name, or null. */
export function kelurahanName(ctx: Ctx, code: string | null): string | null {
  return ctx.catalog.areas.kelurahan.find((k) => k.code === code)?.name ?? null;
}
