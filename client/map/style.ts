/**
 * The offline wall style, built in code: no tiles, sprites or glyph URLs. Text is drawn by
 * MapLibre itself from the browser's local fonts (a style without `glyphs` makes its
 * GlyphManager rasterise every character with TinySDF), so the page never leaves its origin.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  LineLayerSpecification,
  StyleSpecification,
  SymbolLayerSpecification,
  VectorSourceSpecification,
} from 'maplibre-gl';
import {
  BASE,
  PIN_TEXT,
  SERVICE_COLORS,
  SERVICE_STATUS_ORDER,
  SEVERITY_COLORS,
  SEVERITY_ORDER,
  SEVERITY_RADIUS,
} from './palette.js';

export type Bounds = [[number, number], [number, number]];

/** Balikpapan's six kecamatan, west-south to east-north (from kecamatan.json, rounded outwards). */
export const CITY_BOUNDS: Bounds = [
  [116.725, -1.286],
  [117.027, -1.009],
];

/**
 * The box land.json was clipped to (see client/public/geo/PROVENANCE.md): outside it the file
 * says nothing, so the wall masks it instead of showing it as sea.
 */
export const LAND_CLIP_BOX: [number, number, number, number] = [116.64, -1.37, 117.11, -0.93];

/** Where the city's agency offices are when no data says otherwise (Balikpapan Kota/Tengah). */
export const DEFAULT_FOCUS_BOUNDS: Bounds = [
  [116.818, -1.281],
  [116.859, -1.242],
];

export type MapVariant = 'overview' | 'detail';

/** Local font stacks; the first name carries the weight MapLibre sniffs. */
export const FONT_REGULAR = ['Noto Sans Regular', 'DejaVu Sans', 'Liberation Sans', 'Arial', 'sans-serif'];
export const FONT_BOLD = ['Noto Sans Bold', 'DejaVu Sans', 'Liberation Sans', 'Arial', 'sans-serif'];

export const SOURCE = {
  land: 'land',
  kecamatan: 'kecamatan',
  kelurahan: 'kelurahan',
  labels: 'labels',
  services: 'services',
  incidents: 'incidents',
  /** Only the incidents received in the last minute: the pulse draws these few, not all of them. */
  freshIncidents: 'incidents-fresh',
  /** Incidents a flood's snapshot carried only as counts per kelurahan and category. */
  clusters: 'incident-clusters',
  focus: 'focus',
  mask: 'mask',
  /** Operator-supplied street tiles (PMTiles), added at run time when the server has them. */
  streets: 'streets',
} as const;

export const LAYER = {
  services: 'services',
  incidents: 'incidents',
  incidentsPulse: 'incidents-pulse',
  incidentsLabel: 'incidents-label',
  incidentsGlyph: 'incidents-glyph',
  clusters: 'incident-clusters',
  clustersCount: 'incident-clusters-count',
  /** The overview's groups of pins too close to tell apart (the source clusters them). */
  incidentGroups: 'incident-groups',
  incidentGroupsCount: 'incident-groups-count',
} as const;

/**
 * Pins closer than this (px) on the overview merge into one group with its count, coloured as its
 * most severe member: a city-wide view of a couple of hundred incidents is otherwise a smear of
 * overlapping circles. The detail map, zoomed in on the centre, keeps every pin.
 */
export const INCIDENT_GROUP_RADIUS_PX = 22;

/** Smallest text on the wall's maps: the wall is read from 5 m (20 px at 1920×1080). */
export const WALL_MIN_TEXT_PX = 20;

/** Matches a clustered feature (a group of pins), not a single incident. */
export const IS_GROUP: ExpressionSpecification = ['has', 'point_count'];

/** A group's colour: that of its most severe member (`rank`, summed up by the source as a max). */
export function groupColor(): ExpressionSpecification {
  const pairs = SEVERITY_ORDER.flatMap((k, i) => [SEVERITY_ORDER.length - i, SEVERITY_COLORS[k]]);
  return ['match', ['get', 'rank'], ...pairs, SEVERITY_COLORS.unknown] as unknown as ExpressionSpecification;
}

/** The geo files the basemap needs (under the app's own origin). */
export const GEO_FILES = {
  land: '/geo/land.json',
  kecamatan: '/geo/kecamatan.json',
  kelurahan: '/geo/kelurahan.json',
  labels: '/geo/labels.json',
} as const;

/** Which tiles the server has: `{ streets: STREETS_URL | null }` (always 200). */
export const TILES_INDEX_URL = '/tiles/index.json';
/** The operator's street tiles on our own origin (404 when none are configured). */
export const STREETS_URL = '/tiles/streets.pmtiles';
/** Roads sit above the land, city and participation fills and below the coast, boundaries, labels and pins. */
export const STREETS_BEFORE_LAYER = 'coast';

/**
 * Road classes by rank (3 = motorway-like … 0 = minor) in the two common vector tile schemas:
 * Protomaps basemaps (layer `roads`, property `kind`) and OpenMapTiles (`transportation`, `class`).
 * Paths, tracks, rail and ferries are left out: the wall shows where things are, not how to walk.
 */
export const STREET_SCHEMAS = [
  {
    id: 'streets-protomaps',
    sourceLayer: 'roads',
    property: 'kind',
    ranks: { highway: 3, major_road: 2, medium_road: 1, minor_road: 0, other: 0 },
  },
  {
    id: 'streets-openmaptiles',
    sourceLayer: 'transportation',
    property: 'class',
    ranks: { motorway: 3, trunk: 3, primary: 2, secondary: 1, tertiary: 1, minor: 0, service: 0 },
  },
] as const;

/** Subdued on the dark wall: a little lighter than the land, well below boundaries and pins. */
const STREET_COLORS = ['#22324a', '#2a3c57', '#324764', '#3a5170'] as const;

/** The street tiles as a vector source, read through the `pmtiles` protocol from our `origin`. */
export function streetsSource(origin: string, file: string = STREETS_URL): VectorSourceSpecification {
  return { type: 'vector', url: `pmtiles://${new URL(file, origin).href}` };
}

/** One line layer per schema; a schema the archive lacks simply draws nothing. */
export function streetLayers(variant: MapVariant = 'overview'): LineLayerSpecification[] {
  const detail = variant === 'detail';
  return STREET_SCHEMAS.map((schema) => {
    const rank = [
      'match',
      ['get', schema.property],
      ...Object.entries(schema.ranks).flat(),
      0,
    ] as unknown as ExpressionSpecification;
    const byRank = (widths: readonly [number, number, number, number]): ExpressionSpecification =>
      ['step', rank, widths[0], 1, widths[1], 2, widths[2], 3, widths[3]] as ExpressionSpecification;
    return {
      id: schema.id,
      type: 'line',
      source: SOURCE.streets,
      'source-layer': schema.sourceLayer,
      filter: ['in', ['get', schema.property], ['literal', Object.keys(schema.ranks)]],
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': rank },
      paint: {
        'line-color': [
          'step',
          rank,
          STREET_COLORS[0],
          1,
          STREET_COLORS[1],
          2,
          STREET_COLORS[2],
          3,
          STREET_COLORS[3],
        ],
        'line-width': [
          'interpolate',
          ['exponential', 1.5],
          ['zoom'],
          10,
          byRank([0.3, 0.5, 0.9, 1.2]),
          13,
          byRank([0.6, 1, 1.8, 2.4]),
          16,
          byRank([2, 3, 5, 6.5]),
          19,
          byRank([6, 9, 14, 18]),
        ],
        'line-opacity': detail ? 0.9 : 0.75,
      },
    };
  });
}

function matchColor<K extends string>(
  prop: string,
  order: readonly K[],
  colors: Record<K, string>,
): ExpressionSpecification {
  const pairs = order.flatMap((k) => [k, colors[k]]);
  return [
    'match',
    ['get', prop],
    ...pairs,
    colors[order[order.length - 1] as K],
  ] as unknown as ExpressionSpecification;
}

/**
 * Incident pin radius by severity. `density` (0 = few incidents, 2 = hundreds) shrinks the lesser
 * severities most, so a crowded city still shows its extreme and severe incidents clearly.
 */
export function incidentRadius(density: number = 0, grow = 0): ExpressionSpecification {
  const shrink: Record<string, number> = { extreme: 0, severe: 1, moderate: 2, minor: 2, unknown: 2 };
  const r = (k: (typeof SEVERITY_ORDER)[number]): number =>
    Math.max(5, SEVERITY_RADIUS[k] - density * (shrink[k] ?? 2) * 1.6) + grow;
  const pairs = SEVERITY_ORDER.flatMap((k) => [k, r(k)]);
  return ['match', ['get', 'severity'], ...pairs, r('unknown')] as unknown as ExpressionSpecification;
}

/** Incident glyph size; the marks of the lesser severities go when pins get too small for them. */
export function incidentGlyphSize(density: number = 0): ExpressionSpecification {
  const small = density >= 2 ? 0 : density === 1 ? 11 : 14;
  return [
    'match',
    ['get', 'severity'],
    'extreme',
    15,
    'severe',
    density >= 2 ? 12 : 15,
    small,
  ] as ExpressionSpecification;
}

/**
 * Which incidents carry a glyph: all while few, only extreme and severe ones when the city is
 * crowded (their pins are too small for a mark then). Filtering, not a zero text size, keeps the
 * many out of symbol layout and collision placement altogether: circles for the many, symbols
 * for the few.
 */
export function incidentGlyphFilter(density: number = 0): FilterSpecification {
  if (density < 2) return ['!', IS_GROUP];
  return ['in', ['get', 'severity'], ['literal', ['extreme', 'severe']]];
}

/** Density level for a number of open incidents on the map. */
export function densityFor(openIncidents: number): number {
  return openIncidents > 150 ? 2 : openIncidents > 50 ? 1 : 0;
}

/** A labels.json feature is a kecamatan label by `kind`/`level`, or by a `64.71.0X`-shaped code. */
const IS_KECAMATAN: ExpressionSpecification = [
  'any',
  ['==', ['get', 'kind'], 'kecamatan'],
  ['==', ['get', 'level'], 'kecamatan'],
  ['==', ['get', 'type'], 'kecamatan'],
  ['==', ['length', ['to-string', ['coalesce', ['get', 'code'], '']]], 8],
];

const LABEL_NAME: ExpressionSpecification = [
  'to-string',
  ['coalesce', ['get', 'name'], ['get', 'label'], ''],
];

const emptyCollection = { type: 'FeatureCollection' as const, features: [] };

/** A frame around the clip box (a polygon with the box as its hole). */
function outsideClipBox(): Feature<Polygon> {
  const [w, s, e, n] = LAND_CLIP_BOX;
  return {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [w - 20, s - 20],
          [e + 20, s - 20],
          [e + 20, n + 20],
          [w - 20, n + 20],
          [w - 20, s - 20],
        ],
        [
          [w, s],
          [w, n],
          [e, n],
          [e, s],
          [w, s],
        ],
      ],
    },
  };
}

/** The focus (detail map) area as a rectangle for the overview. */
export function focusFrame(bounds: Bounds): FeatureCollection {
  const [[w, s], [e, n]] = bounds;
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'LineString',
          coordinates: [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        },
      },
    ],
  };
}

/**
 * The wall's complete style. `origin` makes the geo URLs absolute (workers resolve relative URLs
 * oddly). The overview shows the whole city with small service pins and the focus frame; the
 * detail map shows the agencies' district with large, labelled pins.
 */
export function buildWallStyle(origin: string, variant: MapVariant = 'overview'): StyleSpecification {
  const url = (p: string): string => new URL(p, origin).href;
  const detail = variant === 'detail';
  const kecamatanLabel: SymbolLayerSpecification = {
    id: 'label-kecamatan',
    type: 'symbol',
    source: SOURCE.labels,
    filter: IS_KECAMATAN,
    layout: {
      'text-field': ['upcase', LABEL_NAME],
      'text-font': FONT_BOLD,
      'text-size': detail ? 22 : WALL_MIN_TEXT_PX,
      'text-letter-spacing': 0.08,
      'text-max-width': 9,
      // Always shown on the overview; placed before the incidents' titles there (the layer
      // sits above theirs), so a title moves or gives way instead of crossing a name.
      'text-allow-overlap': !detail,
      'symbol-sort-key': 1,
    },
    paint: {
      'text-color': BASE.labelKecamatan,
      'text-opacity': detail ? 0.55 : 0.82,
      'text-halo-color': BASE.labelHalo,
      'text-halo-width': 2,
    },
  };
  return {
    version: 8,
    name: 'pantau-wall',
    sources: {
      [SOURCE.land]: {
        type: 'geojson',
        data: url(GEO_FILES.land),
        attribution: '© OpenStreetMap contributors (land)',
      },
      [SOURCE.kecamatan]: {
        type: 'geojson',
        data: url(GEO_FILES.kecamatan),
        attribution: 'Batas wilayah: idn-area-boundary / batas-administrasi-indonesia',
      },
      [SOURCE.kelurahan]: { type: 'geojson', data: url(GEO_FILES.kelurahan), promoteId: 'code' },
      [SOURCE.labels]: { type: 'geojson', data: url(GEO_FILES.labels) },
      [SOURCE.services]: { type: 'geojson', data: emptyCollection, promoteId: 'id' },
      [SOURCE.incidents]: {
        type: 'geojson',
        data: emptyCollection,
        promoteId: 'id',
        // City zoom: pins that would overlap merge into a group (see INCIDENT_GROUP_RADIUS_PX).
        ...(detail
          ? {}
          : {
              cluster: true,
              clusterRadius: INCIDENT_GROUP_RADIUS_PX,
              clusterMaxZoom: 14,
              clusterProperties: { rank: ['max', ['get', 'rank']] },
            }),
      },
      [SOURCE.freshIncidents]: { type: 'geojson', data: emptyCollection },
      [SOURCE.clusters]: { type: 'geojson', data: emptyCollection },
      [SOURCE.focus]: { type: 'geojson', data: emptyCollection },
      [SOURCE.mask]: { type: 'geojson', data: outsideClipBox() },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': BASE.sea } },
      {
        id: 'land',
        type: 'fill',
        source: SOURCE.land,
        paint: { 'fill-color': BASE.landOutside, 'fill-antialias': true },
      },
      { id: 'city', type: 'fill', source: SOURCE.kecamatan, paint: { 'fill-color': BASE.land } },
      // Citizen participation per kelurahan (app usage): feature-state `p` in 0..1, none = no fill.
      {
        id: 'kelurahan-participation',
        type: 'fill',
        source: SOURCE.kelurahan,
        paint: {
          'fill-color': [
            'interpolate',
            ['linear'],
            ['coalesce', ['feature-state', 'p'], 0],
            0,
            '#123c4f',
            1,
            '#2fb8a6',
          ],
          'fill-opacity': ['case', ['==', ['coalesce', ['feature-state', 'p'], -1], -1], 0, 0.55],
        },
      },
      {
        id: 'coast',
        type: 'line',
        source: SOURCE.land,
        paint: { 'line-color': '#2b4466', 'line-width': 1.2 },
      },
      {
        id: 'kelurahan-line',
        type: 'line',
        source: SOURCE.kelurahan,
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': BASE.kelurahanLine,
          'line-width': detail ? 1.6 : 1,
          'line-dasharray': [3, 2],
        },
      },
      {
        id: 'kecamatan-line',
        type: 'line',
        source: SOURCE.kecamatan,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': BASE.kecamatanLine, 'line-width': detail ? 3 : 2.4, 'line-opacity': 0.9 },
      },
      { id: 'mask', type: 'fill', source: SOURCE.mask, paint: { 'fill-color': BASE.page } },
      {
        id: 'label-kelurahan',
        type: 'symbol',
        source: SOURCE.labels,
        filter: ['!', IS_KECAMATAN],
        layout: {
          'text-field': LABEL_NAME,
          'text-font': FONT_REGULAR,
          'text-size': WALL_MIN_TEXT_PX,
          'text-max-width': 7,
          'text-padding': 4,
          'symbol-sort-key': 2,
        },
        paint: {
          'text-color': BASE.labelKelurahan,
          'text-halo-color': BASE.labelHalo,
          'text-halo-width': 1.4,
        },
      },
      ...(detail ? [kecamatanLabel] : []),
      {
        id: 'focus-frame',
        type: 'line',
        source: SOURCE.focus,
        paint: {
          'line-color': BASE.accent,
          'line-width': 2,
          'line-dasharray': [2, 1.5],
          'line-opacity': 0.85,
        },
      },
      // Labels sit below the pins in the stack but are placed after the pins' glyphs (MapLibre
      // places the top layer first), so they keep clear of every pin instead of covering it.
      ...(detail ? [healthyServiceLabels()] : []),
      {
        id: LAYER.incidentsLabel,
        type: 'symbol',
        source: SOURCE.incidents,
        // Replaced by MapController once the map loads (severe ones are labelled while recent).
        filter: ['==', ['get', 'severity'], 'extreme'],
        layout: {
          'text-field': ['get', 'title'],
          'text-font': FONT_BOLD,
          'text-size': WALL_MIN_TEXT_PX,
          'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
          'text-radial-offset': 1.5,
          'text-max-width': 13,
          'text-optional': true,
          'symbol-sort-key': ['-', 10, ['get', 'rank']],
        },
        paint: { 'text-color': BASE.text, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 2.2 },
      },
      ...(detail ? [] : [kecamatanLabel]),
      {
        id: LAYER.services,
        type: 'circle',
        source: SOURCE.services,
        layout: { 'circle-sort-key': ['get', 'rank'] },
        paint: {
          'circle-radius': detail
            ? ['match', ['get', 'status'], 'down', 15, 'degraded', 14, 13]
            : ['match', ['get', 'status'], 'down', 9, 'degraded', 8, 7],
          'circle-color': matchColor('status', SERVICE_STATUS_ORDER, SERVICE_COLORS),
          'circle-stroke-color': BASE.page,
          'circle-stroke-width': detail ? 2.5 : 1.5,
        },
      },
      {
        id: 'services-glyph',
        type: 'symbol',
        source: SOURCE.services,
        layout: {
          'text-field': ['get', 'glyph'],
          'text-font': FONT_BOLD,
          'text-size': detail ? 17 : 10,
          'text-allow-overlap': true,
          'text-ignore-placement': false,
          'text-padding': detail ? 7 : 4,
          'symbol-sort-key': ['get', 'rank'],
        },
        paint: { 'text-color': PIN_TEXT },
      },
      {
        id: LAYER.incidentsPulse,
        type: 'circle',
        source: SOURCE.freshIncidents,
        paint: {
          'circle-radius': incidentRadius(),
          'circle-color': 'rgba(0,0,0,0)',
          'circle-stroke-color': matchColor('severity', SEVERITY_ORDER, SEVERITY_COLORS),
          'circle-stroke-width': 3,
          'circle-stroke-opacity': 0.9,
        },
      },
      {
        id: LAYER.clusters,
        type: 'circle',
        source: SOURCE.clusters,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 1, 14, 100, 24, 1000, 34],
          'circle-color': matchColor('severity', SEVERITY_ORDER, SEVERITY_COLORS),
          'circle-opacity': 0.55,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
      {
        id: LAYER.clustersCount,
        type: 'symbol',
        source: SOURCE.clusters,
        layout: {
          'text-field': ['to-string', ['get', 'count']],
          'text-font': FONT_BOLD,
          'text-size': WALL_MIN_TEXT_PX,
          'text-allow-overlap': true,
        },
        paint: { 'text-color': '#ffffff', 'text-halo-color': '#000000', 'text-halo-width': 1.4 },
      },
      ...incidentGroupLayers(),
      {
        id: LAYER.incidents,
        type: 'circle',
        source: SOURCE.incidents,
        filter: ['!', IS_GROUP],
        layout: { 'circle-sort-key': ['get', 'rank'] },
        paint: {
          'circle-radius': incidentRadius(),
          'circle-color': matchColor('severity', SEVERITY_ORDER, SEVERITY_COLORS),
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2.5,
        },
      },
      {
        id: LAYER.incidentsGlyph,
        type: 'symbol',
        source: SOURCE.incidents,
        filter: incidentGlyphFilter(),
        layout: {
          'text-field': ['get', 'glyph'],
          'text-font': FONT_BOLD,
          'text-size': incidentGlyphSize(),
          'text-letter-spacing': -0.05,
          'text-allow-overlap': true,
          'text-ignore-placement': false,
          'text-padding': 9,
          'symbol-sort-key': ['get', 'rank'],
        },
        paint: { 'text-color': PIN_TEXT },
      },
      // Down and degraded agencies are named on top of everything and placed first: a problem's
      // name must never lose a collision to a healthy neighbour.
      ...(detail ? [problemServiceLabels()] : []),
    ],
  };
}

/**
 * The overview's groups of overlapping pins: a circle in the most severe member's colour, sized
 * by the count, with the count on it (never hidden by a collision: it is the group's meaning).
 * Nothing on a source that does not cluster (the detail map).
 */
function incidentGroupLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.incidentGroups,
      type: 'circle',
      source: SOURCE.incidents,
      filter: IS_GROUP,
      layout: { 'circle-sort-key': ['get', 'rank'] },
      paint: {
        'circle-radius': [
          'interpolate',
          ['linear'],
          ['get', 'point_count'],
          2,
          15,
          10,
          18,
          100,
          25,
          1000,
          32,
        ],
        'circle-color': groupColor(),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 3,
      },
    },
    {
      id: LAYER.incidentGroupsCount,
      type: 'symbol',
      source: SOURCE.incidents,
      filter: IS_GROUP,
      layout: {
        'text-field': ['to-string', ['get', 'point_count']],
        'text-font': FONT_BOLD,
        'text-size': WALL_MIN_TEXT_PX,
        'text-allow-overlap': true,
        'symbol-sort-key': ['get', 'rank'],
      },
      paint: { 'text-color': PIN_TEXT },
    },
  ];
}

const SERVICE_LABEL_ANCHORS: ('left' | 'right' | 'top' | 'bottom')[] = ['left', 'right', 'top', 'bottom'];

function healthyServiceLabels(): SymbolLayerSpecification {
  return {
    id: 'services-label',
    type: 'symbol',
    source: SOURCE.services,
    filter: ['!=', ['get', 'showLabel'], true],
    layout: {
      'text-field': ['get', 'label'],
      'text-font': FONT_BOLD,
      'text-size': WALL_MIN_TEXT_PX,
      'text-variable-anchor': SERVICE_LABEL_ANCHORS,
      'text-radial-offset': 1.25,
      'text-max-width': 10,
      'text-padding': 2,
      'text-optional': true,
    },
    paint: { 'text-color': BASE.textMuted, 'text-halo-color': BASE.labelHalo, 'text-halo-width': 2 },
  };
}

function problemServiceLabels(): SymbolLayerSpecification {
  return {
    id: 'services-label-problem',
    type: 'symbol',
    source: SOURCE.services,
    filter: ['==', ['get', 'showLabel'], true],
    layout: {
      'text-field': ['get', 'label'],
      'text-font': FONT_BOLD,
      'text-size': 22,
      'text-variable-anchor': SERVICE_LABEL_ANCHORS,
      'text-radial-offset': 1.3,
      'text-max-width': 10,
      'text-padding': 1,
      'symbol-sort-key': ['-', 10, ['get', 'rank']],
    },
    paint: {
      'text-color': matchColor('status', SERVICE_STATUS_ORDER, SERVICE_COLORS),
      'text-halo-color': BASE.labelHalo,
      'text-halo-width': 2.5,
    },
  };
}
