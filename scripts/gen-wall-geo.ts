/**
 * Writes the wall map's area layers from the full boundaries in shared/reference/boundaries:
 *
 *   client/public/geo/kecamatan.json  simplified kecamatan polygons  {code, name}
 *   client/public/geo/kelurahan.json  simplified kelurahan polygons  {code, name, kecamatanCode}
 *   client/public/geo/labels.json     one label point per area      {code, name, level}
 *
 *   npx tsx scripts/gen-wall-geo.ts [toleranceMeters]
 *
 * Simplification is topology-preserving: both layers are cut into arcs at every vertex where more
 * than two borders meet, each distinct arc is simplified once (Douglas–Peucker) and reused by every
 * ring that runs along it, so shared borders (kelurahan/kelurahan and kelurahan/kecamatan) stay
 * shared. Names are the official ones from shared/reference/areas.json, joined by code. Label points
 * are poles of inaccessibility of the full geometry and are checked to lie inside both the full and
 * the simplified polygon.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  pointInPolygon,
  type AreaGeometry,
  type FeatureCollection,
  type LngLat,
  type Ring,
} from '../shared/geo.js';

const DEFAULT_TOLERANCE_METERS = 5;
const DECIMALS = 5;
const MAX_TOTAL_BYTES = 250_000;
/** Vertices closer than this (degrees) are the same vertex; the upstream data agrees to 1e-9°. */
const SNAP_DEGREES = 1e-8;
const METERS_PER_DEGREE = 111_320;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const boundariesDir = join(root, 'shared/reference/boundaries');
const outDir = join(root, 'client/public/geo');

interface Areas {
  kecamatan: { code: string; name: string }[];
  kelurahan: { code: string; name: string; kecamatanCode: string }[];
}

function fail(message: string): never {
  console.error(`gen-wall-geo: ${message}`);
  process.exit(1);
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

const toleranceArg = process.argv[2];
const toleranceMeters = toleranceArg === undefined ? DEFAULT_TOLERANCE_METERS : Number(toleranceArg);
if (!Number.isFinite(toleranceMeters) || toleranceMeters < 0) fail(`bad tolerance ${toleranceArg}`);

const areas = readJson<Areas>(join(root, 'shared/reference/areas.json'));
const layers = {
  kecamatan: readJson<FeatureCollection>(join(boundariesDir, 'balikpapan-kecamatan.geojson')),
  kelurahan: readJson<FeatureCollection>(join(boundariesDir, 'balikpapan-kelurahan.geojson')),
};

// ---------------------------------------------------------------------------------------------
// 1. Topology: snap vertices, index rings, find junctions, cut rings into distinct arcs.

const points: LngLat[] = [];
const snapIndex = new Map<string, number[]>();

/** Index of the canonical vertex for `p`, merging vertices within SNAP_DEGREES. */
function vertexId(p: LngLat): number {
  const gx = Math.round(p[0] / SNAP_DEGREES);
  const gy = Math.round(p[1] / SNAP_DEGREES);
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (const id of snapIndex.get(`${gx + dx}:${gy + dy}`) ?? []) {
        const q = points[id];
        if (q && Math.abs(q[0] - p[0]) <= SNAP_DEGREES && Math.abs(q[1] - p[1]) <= SNAP_DEGREES) return id;
      }
    }
  }
  const id = points.push([p[0], p[1]]) - 1;
  const key = `${gx}:${gy}`;
  snapIndex.set(key, [...(snapIndex.get(key) ?? []), id]);
  return id;
}

type LayerName = keyof typeof layers;
/** A ring as a cycle of vertex ids, without the closing repeat. */
type IdRing = number[];
interface IndexedFeature {
  layer: LayerName;
  code: string;
  polygons: IdRing[][];
}

function toIdRing(ring: Ring): IdRing {
  const ids: IdRing = [];
  for (const p of ring) {
    const id = vertexId(p);
    if (ids[ids.length - 1] !== id) ids.push(id);
  }
  while (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop();
  if (ids.length < 3) fail('degenerate ring in the source boundaries');
  return ids;
}

const features: IndexedFeature[] = [];
for (const layer of ['kecamatan', 'kelurahan'] as const) {
  for (const f of layers[layer].features) {
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    features.push({ layer, code: f.properties.code, polygons: polys.map((rings) => rings.map(toIdRing)) });
  }
}

const neighbours = new Map<number, Set<number>>();
const link = (a: number, b: number): void => {
  const set = neighbours.get(a) ?? new Set<number>();
  set.add(b);
  neighbours.set(a, set);
};
const allRings = features.flatMap((f) => f.polygons.flat());
for (const ring of allRings) {
  ring.forEach((id, i) => {
    const next = ring[(i + 1) % ring.length] ?? id;
    link(id, next);
    link(next, id);
  });
}
/** Where three or more borders meet (or a border touches another at a single vertex). */
const isJunction = (id: number): boolean => (neighbours.get(id)?.size ?? 0) > 2;

interface ArcRef {
  arc: number;
  reversed: boolean;
}
const arcs: number[][] = [];
const arcByKey = new Map<string, number>();

function arcRef(seq: number[]): ArcRef {
  const forward = seq.join(',');
  const backward = [...seq].reverse().join(',');
  const reversed = backward < forward;
  const key = reversed ? backward : forward;
  let arc = arcByKey.get(key);
  if (arc === undefined) {
    arc = arcs.push(reversed ? [...seq].reverse() : seq) - 1;
    arcByKey.set(key, arc);
  }
  return { arc, reversed };
}

const distance2 = (a: LngLat, b: LngLat): number => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
const pt = (id: number): LngLat => points[id] ?? fail(`missing vertex ${id}`);

/** Cuts a ring into arcs between junctions; a junction-free ring is cut at canonical vertices. */
function ringToArcs(ring: IdRing): ArcRef[] {
  let cuts = ring.map((id, i) => (isJunction(id) ? i : -1)).filter((i) => i >= 0);
  if (cuts.length === 0) {
    // Same ring in either layer, either direction: start at the lexicographically smallest vertex
    // and cut again at the vertex farthest from it, so each half keeps at least its end points.
    let start = 0;
    ring.forEach((id, i) => {
      const p = pt(id);
      const s = pt(ring[start] ?? id);
      if (p[0] < s[0] || (p[0] === s[0] && p[1] < s[1])) start = i;
    });
    const s = pt(ring[start] ?? 0);
    let far = start;
    ring.forEach((id, i) => {
      if (distance2(pt(id), s) > distance2(pt(ring[far] ?? id), s)) far = i;
    });
    cuts = [Math.min(start, far), Math.max(start, far)];
  }
  const refs: ArcRef[] = [];
  for (let c = 0; c < cuts.length; c++) {
    const from = cuts[c] ?? 0;
    const to = cuts[(c + 1) % cuts.length] ?? 0;
    const seq: number[] = [];
    for (let i = from; ; i = (i + 1) % ring.length) {
      seq.push(ring[i] ?? fail('ring index'));
      if (seq.length > 1 && i === to) break;
    }
    refs.push(arcRef(seq));
  }
  return refs;
}

const featureArcs = features.map((f) => ({ ...f, arcs: f.polygons.map((rings) => rings.map(ringToArcs)) }));

// ---------------------------------------------------------------------------------------------
// 2. Simplify each arc once (Douglas–Peucker in a local metric plane).

const cosLat = Math.cos((-1.2 * Math.PI) / 180);
const metric = (p: LngLat): LngLat => [p[0] * METERS_PER_DEGREE * cosLat, p[1] * METERS_PER_DEGREE];

function segmentDistance(p: LngLat, a: LngLat, b: LngLat): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker; returns the kept positions of `ids` (always both ends, plus `forced` ones). */
function simplifyArc(ids: number[], tolerance: number, keepFarthest: boolean): number[] {
  const xy = ids.map((id) => metric(pt(id)));
  const keep = new Array<boolean>(ids.length).fill(false);
  keep[0] = true;
  keep[ids.length - 1] = true;
  const stack: [number, number][] = [[0, ids.length - 1]];
  let first = true;
  while (stack.length > 0) {
    const [lo, hi] = stack.pop() ?? [0, 0];
    const a = xy[lo];
    const b = xy[hi];
    if (!a || !b) continue;
    let best = -1;
    let bestDist = -1;
    for (let i = lo + 1; i < hi; i++) {
      const p = xy[i];
      if (!p) continue;
      const d = segmentDistance(p, a, b);
      if (d > bestDist) {
        bestDist = d;
        best = i;
      }
    }
    if (best > 0 && (bestDist > tolerance || (first && keepFarthest))) {
      keep[best] = true;
      stack.push([lo, best], [best, hi]);
    }
    first = false;
  }
  return ids.filter((_, i) => keep[i]);
}

const round = (v: number): number => Number(v.toFixed(DECIMALS));
const roundPoint = (p: LngLat): LngLat => [round(p[0]), round(p[1])];

function signedArea(ring: readonly LngLat[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (a && b) s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

function buildRing(refs: ArcRef[], simplified: number[][]): LngLat[] {
  const out: LngLat[] = [];
  for (const ref of refs) {
    const ids = simplified[ref.arc] ?? fail(`missing arc ${ref.arc}`);
    const seq = ref.reversed ? [...ids].reverse() : ids;
    for (const id of seq) {
      const p = roundPoint(pt(id));
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

/** A ring survives when it still encloses area after simplification and rounding. */
const ringIsValid = (ring: LngLat[]): boolean => ring.length >= 4 && Math.abs(signedArea(ring)) > 1e-10;

// Simplify; arcs of rings that collapsed are redone keeping more detail, until every ring is valid.
const protectedArcs = new Map<number, number>(); // arc → number of times its tolerance was halved
let simplified: number[][] = [];
for (let pass = 0; ; pass++) {
  simplified = arcs.map((ids, arc) => {
    const halvings = protectedArcs.get(arc) ?? 0;
    const loop = ids[0] === ids[ids.length - 1];
    return simplifyArc(ids, toleranceMeters / 2 ** halvings, loop || halvings > 0);
  });
  let collapsed = 0;
  for (const f of featureArcs) {
    for (const rings of f.arcs) {
      for (const refs of rings) {
        if (ringIsValid(buildRing(refs, simplified))) continue;
        collapsed++;
        for (const ref of refs) protectedArcs.set(ref.arc, (protectedArcs.get(ref.arc) ?? 0) + 1);
      }
    }
  }
  if (collapsed === 0) break;
  if (pass > 20) fail(`${collapsed} rings still collapse after ${pass} passes`);
}

// ---------------------------------------------------------------------------------------------
// 3. Assemble the simplified features (RFC 7946 winding: exteriors counter-clockwise, holes clockwise).

function wind(ring: LngLat[], counterClockwise: boolean): LngLat[] {
  return signedArea(ring) > 0 === counterClockwise ? ring : [...ring].reverse();
}

function buildGeometry(polygonArcs: ArcRef[][][]): AreaGeometry {
  const polygons = polygonArcs.map((rings) =>
    rings.map((refs, i) => wind(buildRing(refs, simplified), i === 0)),
  );
  const only = polygons[0];
  if (polygons.length === 1 && only) return { type: 'Polygon', coordinates: only };
  return { type: 'MultiPolygon', coordinates: polygons };
}

const kecamatanName = new Map(areas.kecamatan.map((k) => [k.code, k.name]));
const kelurahanInfo = new Map(areas.kelurahan.map((k) => [k.code, k]));

const wallFeatures = featureArcs.map((f) => {
  const geometry = buildGeometry(f.arcs);
  if (f.layer === 'kecamatan') {
    const name = kecamatanName.get(f.code) ?? fail(`kecamatan ${f.code} is not in areas.json`);
    return { layer: f.layer, feature: { type: 'Feature', properties: { code: f.code, name }, geometry } };
  }
  const info = kelurahanInfo.get(f.code) ?? fail(`kelurahan ${f.code} is not in areas.json`);
  return {
    layer: f.layer,
    feature: {
      type: 'Feature',
      properties: { code: f.code, name: info.name, kecamatanCode: info.kecamatanCode },
      geometry,
    },
  };
});

const collection = (layer: LayerName) => ({
  type: 'FeatureCollection',
  features: wallFeatures.filter((w) => w.layer === layer).map((w) => w.feature),
});
const wallKecamatan = collection('kecamatan');
const wallKelurahan = collection('kelurahan');
if (wallKecamatan.features.length !== areas.kecamatan.length) fail('kecamatan count differs from areas.json');
if (wallKelurahan.features.length !== areas.kelurahan.length) fail('kelurahan count differs from areas.json');

// ---------------------------------------------------------------------------------------------
// 4. Label points: pole of inaccessibility (polylabel) of the full geometry.

/** Signed distance from p to the polygon's outline: positive inside, negative outside (degrees). */
function signedDistance(p: LngLat, rings: readonly Ring[]): number {
  let min = Infinity;
  for (const ring of rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      if (a && b) min = Math.min(min, segmentDistance(p, a, b));
    }
  }
  return pointInPolygon(p, { type: 'Polygon', coordinates: rings }) ? min : -min;
}

interface Cell {
  x: number;
  y: number;
  h: number;
  d: number;
  max: number;
}

function cell(x: number, y: number, h: number, rings: readonly Ring[]): Cell {
  const d = signedDistance([x, y], rings);
  return { x, y, h, d, max: d + h * Math.SQRT2 };
}

/** Pole of inaccessibility of one polygon (mapbox/polylabel's algorithm), within `precision` degrees. */
function polylabel(rings: readonly Ring[], precision: number): { point: LngLat; distance: number } {
  const outer = rings[0] ?? fail('polygon without rings');
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const [minX, minY, maxX, maxY] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const size = Math.min(maxX - minX, maxY - minY);
  if (size === 0) return { point: [minX, minY], distance: 0 };
  const queue: Cell[] = [];
  const h0 = size / 2;
  for (let x = minX; x < maxX; x += size) {
    for (let y = minY; y < maxY; y += size) queue.push(cell(x + h0, y + h0, h0, rings));
  }
  // The box centre is the first candidate; cells only replace it when they are farther inside.
  let best = cell((minX + maxX) / 2, (minY + maxY) / 2, 0, rings);
  while (queue.length > 0) {
    queue.sort((a, b) => a.max - b.max);
    const c = queue.pop();
    if (!c) break;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const h = c.h / 2;
    queue.push(cell(c.x - h, c.y - h, h, rings), cell(c.x + h, c.y - h, h, rings));
    queue.push(cell(c.x - h, c.y + h, h, rings), cell(c.x + h, c.y + h, h, rings));
  }
  return { point: [best.x, best.y], distance: best.d };
}

function labelPoint(full: AreaGeometry, wall: AreaGeometry, code: string): LngLat {
  const polys = full.type === 'Polygon' ? [full.coordinates] : full.coordinates;
  let best: { point: LngLat; distance: number } | undefined;
  for (const rings of polys) {
    const candidate = polylabel(rings, 1e-6);
    if (!best || candidate.distance > best.distance) best = candidate;
  }
  if (!best || best.distance <= 0) fail(`no interior label point for ${code}`);
  const point = roundPoint(best.point);
  if (!pointInPolygon(point, full) || !pointInPolygon(point, wall))
    fail(`label of ${code} falls outside its area`);
  return point;
}

const fullByCode = new Map(
  [...layers.kecamatan.features, ...layers.kelurahan.features].map((f) => [f.properties.code, f.geometry]),
);
const labels = {
  type: 'FeatureCollection',
  features: wallFeatures.map(({ layer, feature }) => {
    const full =
      fullByCode.get(feature.properties.code) ?? fail(`no geometry for ${feature.properties.code}`);
    return {
      type: 'Feature',
      properties: { code: feature.properties.code, name: feature.properties.name, level: layer },
      geometry: { type: 'Point', coordinates: labelPoint(full, feature.geometry, feature.properties.code) },
    };
  }),
};

// ---------------------------------------------------------------------------------------------
// 5. Write.

mkdirSync(outDir, { recursive: true });
const write = (name: string, value: unknown): number => {
  const text = `${JSON.stringify(value)}\n`;
  writeFileSync(join(outDir, name), text);
  return Buffer.byteLength(text);
};
const sizes = {
  'kecamatan.json': write('kecamatan.json', wallKecamatan),
  'kelurahan.json': write('kelurahan.json', wallKelurahan),
  'labels.json': write('labels.json', labels),
};
const sourcePoints = allRings.reduce((n, r) => n + r.length, 0);
const keptPoints = simplified.reduce((n, a) => n + a.length, 0);
console.log(
  `gen-wall-geo: tolerance ${toleranceMeters} m; ${arcs.length} arcs, ${points.length} distinct vertices ` +
    `(${sourcePoints} in rings), ${keptPoints} kept; ${protectedArcs.size} arcs refined to keep rings open`,
);
for (const [name, bytes] of Object.entries(sizes)) console.log(`  ${name}: ${(bytes / 1024).toFixed(1)} KB`);
const areaBytes = sizes['kecamatan.json'] + sizes['kelurahan.json'];
if (areaBytes > MAX_TOTAL_BYTES) fail(`kecamatan + kelurahan = ${areaBytes} bytes > ${MAX_TOTAL_BYTES}`);
