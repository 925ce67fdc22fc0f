/**
 * Writes small, real PMTiles v3 archives of Mapbox Vector Tiles for tests: no internet, no tools.
 * Spec: https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md (127-byte header, root
 * directory of varint columns, JSON metadata, tile data clustered in tile-id order). Nothing is
 * compressed (compression 1 = none), which every reader must accept.
 */
import { zxyToTileId } from 'pmtiles';

export interface Road {
  name: string;
  /** Protomaps `kind` (highway, major_road, medium_road, minor_road, …) or OpenMapTiles `class`. */
  kind: string;
  coordinates: [number, number][];
}

export type StreetsSchema = 'protomaps' | 'openmaptiles';

/** A few Balikpapan streets (roughly traced, in the city centre; test data, not a survey). */
export const BALIKPAPAN_ROADS: Road[] = [
  {
    name: 'Jalan Jenderal Sudirman',
    kind: 'major_road',
    coordinates: [
      [116.826, -1.2765],
      [116.845, -1.2745],
      [116.862, -1.2705],
      [116.88, -1.2675],
      [116.897, -1.2625],
    ],
  },
  {
    name: 'Jalan Jenderal Ahmad Yani',
    kind: 'highway',
    coordinates: [
      [116.8455, -1.2745],
      [116.8485, -1.262],
      [116.852, -1.249],
      [116.86, -1.233],
    ],
  },
  {
    name: 'Jalan Gunung Sari',
    kind: 'minor_road',
    coordinates: [
      [116.833, -1.2705],
      [116.841, -1.261],
      [116.8485, -1.262],
    ],
  },
];

/** The same roads' classes in the OpenMapTiles schema. */
const OMT_CLASS: Record<string, string> = {
  highway: 'motorway',
  major_road: 'primary',
  medium_road: 'tertiary',
  minor_road: 'minor',
};

export const EXTENT = 4096;

// ---- protobuf -------------------------------------------------------------------------------

class Pbf {
  private bytes: number[] = [];
  varint(n: number): this {
    let v = n;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
    return this;
  }
  key(field: number, wire: 0 | 2): this {
    return this.varint((field << 3) | wire);
  }
  uintField(field: number, n: number): this {
    return this.key(field, 0).varint(n);
  }
  bytesField(field: number, b: Uint8Array): this {
    this.key(field, 2).varint(b.length);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  stringField(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }
  packedField(field: number, values: number[]): this {
    const inner = new Pbf();
    for (const v of values) inner.varint(v);
    return this.bytesField(field, inner.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Tile buffer (in tile units) kept around each tile, as tile generators do. */
const BUFFER = 64;

/** Clips a polyline to the square [lo, hi]² (Liang–Barsky per segment); returns the inside parts. */
function clipLine(points: [number, number][], lo: number, hi: number): [number, number][][] {
  const parts: [number, number][][] = [];
  let current: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [x0, y0] = points[i] as [number, number];
    const [x1, y1] = points[i + 1] as [number, number];
    const dx = x1 - x0;
    const dy = y1 - y0;
    let t0 = 0;
    let t1 = 1;
    let inside = true;
    for (const [p, q] of [
      [-dx, x0 - lo],
      [dx, hi - x0],
      [-dy, y0 - lo],
      [dy, hi - y0],
    ] as const) {
      if (p === 0) {
        if (q < 0) inside = false;
      } else {
        const r = q / p;
        if (p < 0) t0 = Math.max(t0, r);
        else t1 = Math.min(t1, r);
      }
    }
    if (!inside || t0 > t1) {
      if (current.length > 1) parts.push(current);
      current = [];
      continue;
    }
    const a: [number, number] = [x0 + t0 * dx, y0 + t0 * dy];
    const b: [number, number] = [x0 + t1 * dx, y0 + t1 * dy];
    if (current.length === 0 || t0 > 0) {
      if (current.length > 1) parts.push(current);
      current = [a];
    }
    current.push(b);
    if (t1 < 1) {
      if (current.length > 1) parts.push(current);
      current = [];
    }
  }
  if (current.length > 1) parts.push(current);
  return parts;
}

const zigzag = (n: number): number => (n << 1) ^ (n >> 31);

function project(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = ((lng + 180) / 360) * n;
  const s = Math.sin((lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
  return [x, y];
}

/** One MVT tile with one layer of LineStrings (geometry may run past the tile edge; renderers clip). */
export function encodeLineTile(
  layerName: string,
  propName: string,
  roads: Road[],
  z: number,
  x: number,
  y: number,
  schema: StreetsSchema,
): Uint8Array {
  const keys = [propName, 'name'];
  const values: string[] = [];
  const valueIndex = (v: string): number => {
    const i = values.indexOf(v);
    if (i >= 0) return i;
    values.push(v);
    return values.length - 1;
  };
  const layer = new Pbf().uintField(15, 2).stringField(1, layerName);
  roads.forEach((road, i) => {
    const pixels = road.coordinates.map(([lng, lat]): [number, number] => {
      const [px, py] = project(lng, lat, z);
      return [(px - x) * EXTENT, (py - y) * EXTENT];
    });
    const parts = clipLine(pixels, -BUFFER, EXTENT + BUFFER);
    if (parts.length === 0) return;
    const kind = schema === 'openmaptiles' ? (OMT_CLASS[road.kind] ?? road.kind) : road.kind;
    const tags = [0, valueIndex(kind), 1, valueIndex(road.name)];
    const geometry: number[] = [];
    let cx = 0;
    let cy = 0;
    for (const part of parts) {
      part.forEach(([px, py], j) => {
        const tx = Math.round(px);
        const ty = Math.round(py);
        if (j === 0) geometry.push(1 | (1 << 3)); // MoveTo, 1 point
        if (j === 1) geometry.push(2 | ((part.length - 1) << 3)); // LineTo, the rest
        geometry.push(zigzag(tx - cx), zigzag(ty - cy));
        cx = tx;
        cy = ty;
      });
    }
    const feature = new Pbf()
      .uintField(1, i + 1)
      .packedField(2, tags)
      .uintField(3, 2)
      .packedField(4, geometry);
    layer.bytesField(2, feature.finish());
  });
  for (const k of keys) layer.stringField(3, k);
  for (const v of values) layer.bytesField(4, new Pbf().stringField(1, v).finish());
  layer.uintField(5, EXTENT);
  return new Pbf().bytesField(3, layer.finish()).finish();
}

// ---- PMTiles v3 -----------------------------------------------------------------------------

function tileRange(
  bbox: [number, number, number, number],
  z: number,
): { x0: number; x1: number; y0: number; y1: number } {
  const [w, s, e, n] = bbox;
  const [x0, y0] = project(w, n, z).map(Math.floor) as [number, number];
  const [x1, y1] = project(e, s, z).map(Math.floor) as [number, number];
  return { x0, x1, y0, y1 };
}

function setU64(v: DataView, at: number, n: number): void {
  v.setBigUint64(at, BigInt(n), true);
}

export interface StreetsArchiveOptions {
  schema?: StreetsSchema;
  roads?: Road[];
  minZoom?: number;
  maxZoom?: number;
}

/** A PMTiles v3 archive of vector tiles over the roads' bounding box, every tile at minZoom..maxZoom. */
export function buildStreetsArchive(opts: StreetsArchiveOptions = {}): Buffer {
  const schema = opts.schema ?? 'protomaps';
  const roads = opts.roads ?? BALIKPAPAN_ROADS;
  const minZoom = opts.minZoom ?? 0;
  const maxZoom = opts.maxZoom ?? 14;
  const layerName = schema === 'openmaptiles' ? 'transportation' : 'roads';
  const propName = schema === 'openmaptiles' ? 'class' : 'kind';
  const all = roads.flatMap((r) => r.coordinates);
  const bbox: [number, number, number, number] = [
    Math.min(...all.map((c) => c[0])),
    Math.min(...all.map((c) => c[1])),
    Math.max(...all.map((c) => c[0])),
    Math.max(...all.map((c) => c[1])),
  ];

  const tiles: { id: number; data: Uint8Array }[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const r = tileRange(bbox, z);
    for (let x = r.x0; x <= r.x1; x++) {
      for (let y = r.y0; y <= r.y1; y++)
        tiles.push({
          id: zxyToTileId(z, x, y),
          data: encodeLineTile(layerName, propName, roads, z, x, y, schema),
        });
    }
  }
  tiles.sort((a, b) => a.id - b.id);

  // Root directory: count, then delta tile ids, run lengths, lengths, offsets (+1; 0 = contiguous).
  const dir = new Pbf().varint(tiles.length);
  let last = 0;
  for (const t of tiles) {
    dir.varint(t.id - last);
    last = t.id;
  }
  for (let i = 0; i < tiles.length; i++) dir.varint(1);
  for (const t of tiles) dir.varint(t.data.length);
  tiles.forEach((_, i) => dir.varint(i === 0 ? 1 : 0));
  const root = dir.finish();

  const metadata = new TextEncoder().encode(
    JSON.stringify({
      name: 'pantau-test-streets',
      attribution: 'test data',
      vector_layers: [{ id: layerName, fields: { [propName]: 'String', name: 'String' } }],
    }),
  );
  const tileData = Buffer.concat(tiles.map((t) => t.data));

  const header = new DataView(new ArrayBuffer(127));
  new TextEncoder().encode('PMTiles').forEach((b, i) => header.setUint8(i, b));
  header.setUint8(7, 3);
  const rootOffset = 127;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + metadata.length;
  setU64(header, 8, rootOffset);
  setU64(header, 16, root.length);
  setU64(header, 24, metaOffset);
  setU64(header, 32, metadata.length);
  setU64(header, 40, dataOffset); // no leaf directories
  setU64(header, 48, 0);
  setU64(header, 56, dataOffset);
  setU64(header, 64, tileData.length);
  setU64(header, 72, tiles.length);
  setU64(header, 80, tiles.length);
  setU64(header, 88, tiles.length);
  header.setUint8(96, 1); // clustered
  header.setUint8(97, 1); // internal compression: none
  header.setUint8(98, 1); // tile compression: none
  header.setUint8(99, 1); // tile type: mvt
  header.setUint8(100, minZoom);
  header.setUint8(101, maxZoom);
  const e7 = (deg: number): number => Math.round(deg * 1e7);
  header.setInt32(102, e7(bbox[0]), true);
  header.setInt32(106, e7(bbox[1]), true);
  header.setInt32(110, e7(bbox[2]), true);
  header.setInt32(114, e7(bbox[3]), true);
  header.setUint8(118, Math.min(maxZoom, 13));
  header.setInt32(119, e7((bbox[0] + bbox[2]) / 2), true);
  header.setInt32(123, e7((bbox[1] + bbox[3]) / 2), true);

  return Buffer.concat([Buffer.from(header.buffer), root, metadata, tileData]);
}

type Field = { field: number; value: number | Uint8Array };

/** The top-level fields of one protobuf message (varints and length-delimited only: all MVT uses). */
function readFields(b: Uint8Array): Field[] {
  let pos = 0;
  const varint = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const byte = b[pos++] as number;
      n += (byte & 0x7f) * mul;
      if (byte < 0x80) return n;
      mul *= 0x80;
    }
  };
  const out: Field[] = [];
  while (pos < b.length) {
    const key = varint();
    if ((key & 7) === 0) out.push({ field: key >> 3, value: varint() });
    else {
      const len = varint();
      out.push({ field: key >> 3, value: b.subarray(pos, pos + len) });
      pos += len;
    }
  }
  return out;
}

function readPacked(b: Uint8Array): number[] {
  const out: number[] = [];
  let n = 0;
  let mul = 1;
  for (const byte of b) {
    n += (byte & 0x7f) * mul;
    if (byte < 0x80) {
      out.push(n);
      n = 0;
      mul = 1;
    } else mul *= 0x80;
  }
  return out;
}

/** Decodes an MVT tile's layer names and each feature's string properties (enough to check a tile). */
export function decodeTileProperties(
  buf: Uint8Array,
): { layer: string; features: Record<string, string>[] }[] {
  const text = (v: number | Uint8Array | undefined): string => new TextDecoder().decode(v as Uint8Array);
  return readFields(buf)
    .filter((f) => f.field === 3)
    .map((l) => {
      const lf = readFields(l.value as Uint8Array);
      const keys = lf.filter((f) => f.field === 3).map((f) => text(f.value));
      const values = lf
        .filter((f) => f.field === 4)
        .map((f) => text(readFields(f.value as Uint8Array)[0]?.value));
      const features = lf
        .filter((f) => f.field === 2)
        .map((f) => {
          const tags = readPacked(
            readFields(f.value as Uint8Array).find((x) => x.field === 2)?.value as Uint8Array,
          );
          const props: Record<string, string> = {};
          for (let i = 0; i + 1 < tags.length; i += 2)
            props[keys[tags[i] as number] as string] = values[tags[i + 1] as number] as string;
          return props;
        });
      return { layer: text(lf.find((f) => f.field === 1)?.value), features };
    });
}
