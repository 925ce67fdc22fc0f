/**
 * The street layers as MapLibre's own style-spec sees them: valid in the wall style, one per schema
 * (Protomaps `roads`/`kind`, OpenMapTiles `transportation`/`class`), paths and rail left out, major
 * roads wider than minor ones, and slotted below the coast so boundaries, labels and pins stay on top.
 */
import {
  createPropertyExpression,
  featureFilter,
  latest,
  validateStyleMin,
} from '@maplibre/maplibre-gl-style-spec';
import type { StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import {
  buildWallStyle,
  SOURCE,
  STREETS_BEFORE_LAYER,
  streetLayers,
  streetsSource,
} from '../../../client/map/style.js';

const ORIGIN = 'http://wall.example:8080';

/** The wall style as it is once the streets are added (the layers go right before the coast). */
function styleWithStreets(variant: 'overview' | 'detail') {
  const style = buildWallStyle(ORIGIN, variant);
  const at = style.layers.findIndex((l) => l.id === STREETS_BEFORE_LAYER);
  return {
    ...style,
    sources: { ...style.sources, [SOURCE.streets]: streetsSource(ORIGIN, '/tiles/streets.pmtiles') },
    layers: [...style.layers.slice(0, at), ...streetLayers(variant), ...style.layers.slice(at)],
  };
}

function widthAt(
  variant: 'overview' | 'detail',
  layerIndex: number,
  zoom: number,
  properties: Record<string, string>,
): number {
  const layer = streetLayers(variant)[layerIndex];
  const spec = (latest as unknown as { paint_line: Record<string, StylePropertySpecification> }).paint_line[
    'line-width'
  ] as StylePropertySpecification;
  const parsed = createPropertyExpression(layer?.paint?.['line-width'], 'line-width', spec);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom }, { type: 'LineString', properties } as never) as number;
}

function passes(layerIndex: number, properties: Record<string, string>): boolean {
  const filter = featureFilter(streetLayers()[layerIndex]?.filter, 'filter');
  return filter.filter({ zoom: 14 }, { type: 2, properties } as never);
}

describe('street layers', () => {
  it('are a valid part of both wall styles, read from our own origin through pmtiles://', () => {
    for (const variant of ['overview', 'detail'] as const) {
      expect(validateStyleMin(styleWithStreets(variant) as never), variant).toEqual([]);
    }
    expect(streetsSource(ORIGIN, '/tiles/streets.pmtiles').url).toBe(
      `pmtiles://${ORIGIN}/tiles/streets.pmtiles`,
    );
  });

  it('sit above the land and city fills and below the coast, boundaries, labels and pins', () => {
    const ids = styleWithStreets('overview').layers.map((l) => l.id);
    for (const street of ['streets-protomaps', 'streets-openmaptiles']) {
      for (const below of ['land', 'city', 'kelurahan-participation'])
        expect(ids.indexOf(street)).toBeGreaterThan(ids.indexOf(below));
      for (const above of [
        'coast',
        'kelurahan-line',
        'kecamatan-line',
        'label-kecamatan',
        'services',
        'incidents',
      ])
        expect(ids.indexOf(street)).toBeLessThan(ids.indexOf(above));
    }
  });

  it('read the Protomaps and OpenMapTiles schemas, leaving out paths and rail', () => {
    const [protomaps, omt] = streetLayers();
    expect([protomaps?.['source-layer'], omt?.['source-layer']]).toEqual(['roads', 'transportation']);
    expect(passes(0, { kind: 'major_road' })).toBe(true);
    expect(passes(0, { kind: 'minor_road' })).toBe(true);
    expect(passes(0, { kind: 'path' })).toBe(false);
    expect(passes(0, { kind: 'rail' })).toBe(false);
    expect(passes(1, { class: 'motorway' })).toBe(true);
    expect(passes(1, { class: 'tertiary' })).toBe(true);
    expect(passes(1, { class: 'path' })).toBe(false);
    expect(passes(1, { class: 'rail' })).toBe(false);
  });

  it('draw major roads wider than minor ones, and wider as the map zooms in', () => {
    for (const variant of ['overview', 'detail'] as const) {
      const pm = (kind: string, z: number) => widthAt(variant, 0, z, { kind });
      const omt = (cls: string, z: number) => widthAt(variant, 1, z, { class: cls });
      expect(pm('highway', 14)).toBeGreaterThan(pm('major_road', 14));
      expect(pm('major_road', 14)).toBeGreaterThan(pm('medium_road', 14));
      expect(pm('medium_road', 14)).toBeGreaterThan(pm('minor_road', 14));
      expect(omt('motorway', 14)).toBeGreaterThan(omt('primary', 14));
      expect(omt('primary', 14)).toBeGreaterThan(omt('secondary', 14));
      expect(omt('secondary', 14)).toBeGreaterThan(omt('minor', 14));
      expect(pm('minor_road', 16)).toBeGreaterThan(pm('minor_road', 12));
      expect(omt('motorway', 12)).toBe(pm('highway', 12));
    }
  });
});
