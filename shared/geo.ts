/**
 * Pure geo helpers for Balikpapan's reference areas: point-in-polygon, bounding boxes, an area
 * locator (point → kecamatan + kelurahan code), great-circle distance and small polygon helpers.
 *
 * Coordinates are always GeoJSON order `[lng, lat]` in WGS84 degrees. The GeoJSON types below are
 * the minimal subset this module needs, written locally so `shared/` carries no geojson dependency.
 */

/** A position in GeoJSON order: `[longitude, latitude]`, WGS84 degrees. */
export type LngLat = [number, number];

/** A linear ring: closed (first position equals last) in GeoJSON; tolerated open here. */
export type Ring = readonly LngLat[];

/** GeoJSON Polygon: an exterior ring followed by zero or more holes. */
export interface Polygon {
  type: 'Polygon';
  coordinates: readonly Ring[];
}

/** GeoJSON MultiPolygon: a list of Polygon coordinate arrays. */
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: readonly (readonly Ring[])[];
}

/** Either areal GeoJSON geometry. */
export type AreaGeometry = Polygon | MultiPolygon;

/** Properties every reference area feature carries: its Kemendagri code (e.g. "64.71.01.1001"). */
export interface AreaProperties {
  code: string;
  name?: string;
  [key: string]: unknown;
}

/** GeoJSON Feature with an areal geometry. */
export interface Feature<P extends AreaProperties = AreaProperties> {
  type: 'Feature';
  id?: string | number;
  properties: P;
  geometry: AreaGeometry;
}

/** GeoJSON FeatureCollection of areal features. */
export interface FeatureCollection<P extends AreaProperties = AreaProperties> {
  type: 'FeatureCollection';
  features: readonly Feature<P>[];
}

/** Bounding box `[west, south, east, north]` (min lng, min lat, max lng, max lat). */
export type BBox = [number, number, number, number];

/** Result of locating a point: the kecamatan and kelurahan (Kemendagri codes) that contain it. */
export interface AreaLocation {
  kecamatanCode: string;
  kelurahanCode: string;
}

/** Locates points in the reference areas. */
export interface AreaLocator {
  /** The kelurahan (and its kecamatan) containing `p`, or null when `p` is outside every kelurahan. */
  locate(p: LngLat): AreaLocation | null;
}

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

/** Length of a kecamatan code ("64.71.01"), which prefixes the codes of its kelurahan. */
const KECAMATAN_CODE_LENGTH = 8;

const DEG = Math.PI / 180;

/** The polygons (each a list of rings, exterior first) of an areal geometry. */
function polygonsOf(geometry: AreaGeometry): readonly (readonly Ring[])[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Even-odd ray casting against one ring; works for open and closed rings. */
function ringContains(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    const [ax, ay] = a;
    const [bx, by] = b;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

/**
 * Whether `point` lies inside a Polygon or MultiPolygon: inside some exterior ring and in none of
 * that polygon's holes. Points exactly on an edge may fall either way.
 */
export function pointInPolygon(point: LngLat, geometry: AreaGeometry): boolean {
  const [x, y] = point;
  for (const rings of polygonsOf(geometry)) {
    const [outer, ...holes] = rings;
    if (!outer || !ringContains(outer, x, y)) continue;
    if (!holes.some((hole) => ringContains(hole, x, y))) return true;
  }
  return false;
}

/** Bounding box `[west, south, east, north]` of a geometry or of a list of positions. */
export function bbox(geometry: AreaGeometry | readonly LngLat[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const extend = (ring: readonly LngLat[]): void => {
    for (const [x, y] of ring) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  };
  if (Array.isArray(geometry)) {
    extend(geometry as readonly LngLat[]);
  } else {
    for (const rings of polygonsOf(geometry as AreaGeometry)) for (const ring of rings) extend(ring);
  }
  return box;
}

/** Whether `p` lies inside (or on the edge of) the bounding box `b`. */
export function bboxContains(b: BBox, p: LngLat): boolean {
  return p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];
}

interface IndexedArea {
  code: string;
  box: BBox;
  /** Even-odd test against every ring at once, scanning only the edges of the point's latitude band. */
  contains(x: number, y: number): boolean;
}

/** Latitude bands per area: each point test scans roughly 1/BANDS of the edges. */
const BANDS = 64;

/**
 * Indexes an area's edges by latitude band. Even-odd over all rings (exteriors and holes alike)
 * equals "inside an exterior and in none of its holes" for non-overlapping polygons.
 */
function indexAreas(fc: FeatureCollection): IndexedArea[] {
  return fc.features.map((f) => {
    const box = bbox(f.geometry);
    const height = box[3] - box[1] || 1e-9;
    const bands: number[][] = Array.from({ length: BANDS }, () => []);
    const bandOf = (y: number) =>
      Math.min(BANDS - 1, Math.max(0, Math.floor(((y - box[1]) / height) * BANDS)));
    for (const rings of polygonsOf(f.geometry)) {
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const a = ring[i];
          const b = ring[j];
          if (!a || !b || a[1] === b[1]) continue;
          for (let k = bandOf(Math.min(a[1], b[1])); k <= bandOf(Math.max(a[1], b[1])); k++)
            bands[k]?.push(a[0], a[1], b[0], b[1]);
        }
      }
    }
    const edgeBands = bands.map((e) => Float64Array.from(e));
    return {
      code: f.properties.code,
      box,
      contains(x: number, y: number): boolean {
        const e = edgeBands[bandOf(y)];
        if (!e) return false;
        let inside = false;
        for (let i = 0; i < e.length; i += 4) {
          const ax = e[i] as number;
          const ay = e[i + 1] as number;
          const bx = e[i + 2] as number;
          const by = e[i + 3] as number;
          if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
        }
        return inside;
      },
    };
  });
}

function firstContaining(areas: readonly IndexedArea[], p: LngLat): IndexedArea | undefined {
  return areas.find((a) => bboxContains(a.box, p) && a.contains(p[0], p[1]));
}

/**
 * Builds a locator over the kecamatan and kelurahan boundaries (features keyed by
 * `properties.code`). The kelurahan found is authoritative; its kecamatan code is the first 8
 * characters of its code ("64.71.01.1001" → "64.71.01"). The kecamatan layer only narrows the
 * search; bounding boxes prefilter both layers.
 */
export function createAreaLocator(kecamatan: FeatureCollection, kelurahan: FeatureCollection): AreaLocator {
  const kecamatanAreas = indexAreas(kecamatan);
  const kelurahanAreas = indexAreas(kelurahan);
  const kelurahanByKecamatan = new Map<string, IndexedArea[]>();
  for (const area of kelurahanAreas) {
    const key = area.code.slice(0, KECAMATAN_CODE_LENGTH);
    const list = kelurahanByKecamatan.get(key) ?? [];
    list.push(area);
    kelurahanByKecamatan.set(key, list);
  }
  const outer = bbox(
    kelurahanAreas.flatMap((a): LngLat[] => [
      [a.box[0], a.box[1]],
      [a.box[2], a.box[3]],
    ]),
  );

  return {
    locate(p: LngLat): AreaLocation | null {
      if (!bboxContains(outer, p)) return null;
      const district = firstContaining(kecamatanAreas, p);
      // Both layers share their borders, but a point on a border sliver may disagree: fall back to
      // every kelurahan before giving up.
      const found =
        (district && firstContaining(kelurahanByKecamatan.get(district.code) ?? [], p)) ??
        firstContaining(kelurahanAreas, p);
      if (!found) return null;
      return { kecamatanCode: found.code.slice(0, KECAMATAN_CODE_LENGTH), kelurahanCode: found.code };
    },
  };
}

/** Great-circle distance in metres between two positions (haversine, mean Earth radius). */
export function haversineMeters(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * DEG;
  const dLng = (b[0] - a[0]) * DEG;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * DEG) * Math.cos(b[1] * DEG) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The position reached from `origin` after `distance` metres on initial `bearing` (degrees from north). */
function destination(origin: LngLat, distance: number, bearing: number): LngLat {
  const d = distance / EARTH_RADIUS_METERS;
  const t = bearing * DEG;
  const lat1 = origin[1] * DEG;
  const lng1 = origin[0] * DEG;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(t));
  const lng2 =
    lng1 +
    Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return [((((lng2 / DEG + 540) % 360) + 360) % 360) - 180, lat2 / DEG];
}

/**
 * A closed ring (`steps + 1` positions, last equals first, counter-clockwise as RFC 7946 asks)
 * approximating the circle of `radiusMeters` around `center`, e.g. an incident's affected area.
 */
export function circleToPolygon(center: LngLat, radiusMeters: number, steps = 32): LngLat[] {
  if (!Number.isFinite(radiusMeters) || radiusMeters < 0) throw new RangeError('radiusMeters must be ≥ 0');
  if (!Number.isInteger(steps) || steps < 3) throw new RangeError('steps must be an integer ≥ 3');
  const ring: LngLat[] = [];
  for (let i = 0; i < steps; i++) ring.push(destination(center, radiusMeters, (-360 * i) / steps));
  const first = ring[0];
  if (first) ring.push([first[0], first[1]]);
  return ring;
}

/**
 * Area-weighted centroid of a ring (planar, in degrees: fine at city scale). Accepts open or
 * closed rings; a degenerate (zero-area) ring yields the mean of its vertices. Note that the
 * centroid of a concave ring may lie outside it.
 */
export function polygonCentroid(ring: readonly LngLat[]): LngLat {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last) throw new RangeError('polygonCentroid needs at least one position');
  const closed = ring.length > 1 && first[0] === last[0] && first[1] === last[1];
  const pts = closed ? ring.slice(0, -1) : ring;
  // Shift to the first vertex to keep the cross products well conditioned.
  const [ox, oy] = first;
  let area2 = 0;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i];
    const b = pts[(i + 1) % pts.length];
    if (!a || !b) continue;
    const ax = a[0] - ox;
    const ay = a[1] - oy;
    const bx = b[0] - ox;
    const by = b[1] - oy;
    const cross = ax * by - bx * ay;
    area2 += cross;
    cx += (ax + bx) * cross;
    cy += (ay + by) * cross;
    sx += ax;
    sy += ay;
  }
  if (Math.abs(area2) < 1e-18) return [ox + sx / pts.length, oy + sy / pts.length];
  return [ox + cx / (3 * area2), oy + cy / (3 * area2)];
}
