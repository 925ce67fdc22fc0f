import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bbox,
  circleToPolygon,
  createAreaLocator,
  haversineMeters,
  pointInPolygon,
  polygonCentroid,
  type FeatureCollection,
  type LngLat,
  type Polygon,
} from '../../shared/geo.js';

const readJson = <T>(relative: string): T =>
  JSON.parse(readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8')) as T;

interface Areas {
  kecamatan: { code: string; name: string }[];
  kelurahan: { code: string; name: string; kecamatanCode: string }[];
}
interface Labels {
  features: {
    properties: { code: string; name: string; level: 'kecamatan' | 'kelurahan' };
    geometry: { coordinates: LngLat };
  }[];
}

const kecamatan = readJson<FeatureCollection>('shared/reference/boundaries/balikpapan-kecamatan.geojson');
const kelurahan = readJson<FeatureCollection>('shared/reference/boundaries/balikpapan-kelurahan.geojson');
const areas = readJson<Areas>('shared/reference/areas.json');
const labels = readJson<Labels>('client/public/geo/labels.json');
const locator = createAreaLocator(kecamatan, kelurahan);

describe('createAreaLocator on the real Balikpapan boundaries', () => {
  it('locates every kelurahan label point in its own kelurahan and kecamatan', () => {
    const kelurahanLabels = labels.features.filter((f) => f.properties.level === 'kelurahan');
    expect(kelurahanLabels).toHaveLength(34);
    for (const label of kelurahanLabels) {
      const { code } = label.properties;
      expect(locator.locate(label.geometry.coordinates), code).toEqual({
        kelurahanCode: code,
        kecamatanCode: code.slice(0, 8),
      });
    }
  });

  it('locates every kecamatan label point in that kecamatan', () => {
    const kecamatanLabels = labels.features.filter((f) => f.properties.level === 'kecamatan');
    expect(kecamatanLabels).toHaveLength(6);
    for (const label of kecamatanLabels) {
      expect(locator.locate(label.geometry.coordinates)?.kecamatanCode, label.properties.name).toBe(
        label.properties.code,
      );
    }
  });

  it('finds nothing in the Makassar Strait south of the city', () => {
    expect(locator.locate([116.95, -1.35])).toBeNull();
  });

  it('finds nothing far away from Balikpapan', () => {
    expect(locator.locate([106.8456, -6.2088])).toBeNull(); // Jakarta
  });

  it('puts Gunung Samarinda in a Balikpapan Utara kelurahan', () => {
    const utara = areas.kecamatan.find((k) => k.name === 'Balikpapan Utara');
    expect(utara?.code).toBe('64.71.03');
    const found = locator.locate([116.88, -1.16]);
    expect(found?.kecamatanCode).toBe(utara?.code);
    expect(found?.kelurahanCode.startsWith(`${utara?.code}.`)).toBe(true);
  });

  it('puts Sepinggan airport in Balikpapan Selatan', () => {
    const selatan = areas.kecamatan.find((k) => k.name === 'Balikpapan Selatan');
    expect(locator.locate([116.8936, -1.2626])?.kecamatanCode).toBe(selatan?.code);
  });
});

describe('pointInPolygon', () => {
  // A 4×4 square with a 2×2 hole in the middle, and a MultiPolygon with a second square far away.
  const square: LngLat[] = [
    [0, 0],
    [4, 0],
    [4, 4],
    [0, 4],
    [0, 0],
  ];
  const hole: LngLat[] = [
    [1, 1],
    [1, 3],
    [3, 3],
    [3, 1],
    [1, 1],
  ];
  const withHole: Polygon = { type: 'Polygon', coordinates: [square, hole] };

  it('respects holes', () => {
    expect(pointInPolygon([0.5, 0.5], withHole)).toBe(true);
    expect(pointInPolygon([2, 2], withHole)).toBe(false);
    expect(pointInPolygon([3.5, 2], withHole)).toBe(true);
    expect(pointInPolygon([5, 2], withHole)).toBe(false);
  });

  it('checks every polygon of a MultiPolygon', () => {
    const far: LngLat[] = [
      [10, 10],
      [11, 10],
      [11, 11],
      [10, 10],
    ];
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square, hole], [far]] };
    expect(pointInPolygon([10.8, 10.2], multi)).toBe(true);
    expect(pointInPolygon([2, 2], multi)).toBe(false);
    expect(pointInPolygon([1.5, 0.5], multi)).toBe(true);
  });

  it('works on a concave ring', () => {
    const u: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    expect(pointInPolygon([1.5, 2], u)).toBe(false);
    expect(pointInPolygon([0.5, 2], u)).toBe(true);
    expect(pointInPolygon([2.5, 2], u)).toBe(true);
  });
});

describe('bbox', () => {
  it('spans every ring of a geometry', () => {
    expect(
      bbox({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [1, -2],
              [3, -2],
              [3, 0],
              [1, -2],
            ],
          ],
          [
            [
              [-1, 5],
              [0, 5],
              [0, 6],
              [-1, 5],
            ],
          ],
        ],
      }),
    ).toEqual([-1, -2, 3, 6]);
  });
});

describe('haversineMeters', () => {
  it('is zero for the same point and symmetric', () => {
    const a: LngLat = [116.83, -1.27];
    const b: LngLat = [116.89, -1.26];
    expect(haversineMeters(a, a)).toBe(0);
    expect(haversineMeters(a, b)).toBeCloseTo(haversineMeters(b, a), 9);
  });

  it('measures one degree of latitude as about 111.2 km', () => {
    expect(haversineMeters([116.8, -1], [116.8, -2]) / 1000).toBeCloseTo(111.19, 1);
  });

  it('measures Balikpapan city hall to Sepinggan airport as about 7 km', () => {
    const d = haversineMeters([116.8318, -1.2738], [116.8936, -1.2626]);
    expect(d).toBeGreaterThan(6_500);
    expect(d).toBeLessThan(7_500);
  });
});

describe('circleToPolygon', () => {
  const center: LngLat = [116.85, -1.25];

  it('returns a closed ring of steps + 1 positions, all at the radius', () => {
    const ring = circleToPolygon(center, 500, 16);
    expect(ring).toHaveLength(17);
    expect(ring[0]).toEqual(ring[16]);
    for (const p of ring) expect(haversineMeters(center, p)).toBeCloseTo(500, 3);
  });

  it('defaults to 32 steps and winds counter-clockwise', () => {
    const ring = circleToPolygon(center, 1000);
    expect(ring).toHaveLength(33);
    let twiceArea = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i] ?? [0, 0];
      const [bx, by] = ring[i + 1] ?? [0, 0];
      twiceArea += ax * by - bx * ay;
    }
    expect(twiceArea).toBeGreaterThan(0);
    expect(pointInPolygon(center, { type: 'Polygon', coordinates: [ring] })).toBe(true);
    expect(pointInPolygon([116.85, -1.2589], { type: 'Polygon', coordinates: [ring] })).toBe(true);
    expect(pointInPolygon([116.85, -1.2591], { type: 'Polygon', coordinates: [ring] })).toBe(false);
  });

  it('rejects nonsense', () => {
    expect(() => circleToPolygon(center, -1)).toThrow(RangeError);
    expect(() => circleToPolygon(center, 10, 2)).toThrow(RangeError);
  });
});

describe('polygonCentroid', () => {
  it('finds the centre of a square, open or closed', () => {
    const open: LngLat[] = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ];
    expect(polygonCentroid(open)).toEqual([1, 1]);
    expect(polygonCentroid([...open, [0, 0]])).toEqual([1, 1]);
  });

  it('weights by area, not by vertex count', () => {
    // An L-shape: a 2×1 bar plus a 1×1 block on top of its left end; many vertices on the right.
    const ring: LngLat[] = [
      [0, 0],
      [1, 0],
      [1.5, 0],
      [1.9, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ];
    const [x, y] = polygonCentroid(ring);
    expect(x).toBeCloseTo(5 / 6, 9);
    expect(y).toBeCloseTo(5 / 6, 9);
  });

  it('falls back to the vertex mean for a degenerate ring', () => {
    expect(
      polygonCentroid([
        [0, 0],
        [2, 2],
        [0, 0],
      ]),
    ).toEqual([1, 1]);
  });
});
