/**
 * The console map's style and pins (pure): the wall's offline basemap (client/map/style.ts: land,
 * kecamatan and kelurahan lines and names, no live layers) with the console's own clustered
 * sources — alerts as rings, incidents as dots — and a ring on the focused alert.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { SEVERITY_RANK, type Alert, type Incident, type LngLat } from '../../shared/schemas/index.js';
import { BASE, SEVERITY_COLORS, SEVERITY_ORDER } from '../map/palette.js';
import { buildWallStyle, FONT_BOLD, SOURCE } from '../map/style.js';
import { alertLocation, groupSize } from './filters.js';

export const CONSOLE_SOURCE = {
  alerts: 'console-alerts',
  incidents: 'console-incidents',
  focus: 'console-focus',
} as const;

export const CONSOLE_LAYER = {
  alertClusters: 'console-alert-clusters',
  alertClusterCount: 'console-alert-cluster-count',
  alerts: 'console-alerts',
  alertCount: 'console-alert-count',
  incidentClusters: 'console-incident-clusters',
  incidentClusterCount: 'console-incident-cluster-count',
  incidents: 'console-incidents',
  focus: 'console-focus',
} as const;

/** Layers a click opens something on, topmost first. */
export const CLICKABLE_LAYERS = [
  CONSOLE_LAYER.alerts,
  CONSOLE_LAYER.alertClusters,
  CONSOLE_LAYER.incidents,
  CONSOLE_LAYER.incidentClusters,
] as const;

/** Pins closer than this (px) join a cluster; a click on one zooms in until they part. */
export const CLUSTER_RADIUS_PX = 42;
/** From this zoom on every pin stands alone. */
export const CLUSTER_MAX_ZOOM = 15;

/** The basemap's sources: everything the wall draws except its live data. */
const BASE_SOURCES = new Set<string>([
  SOURCE.land,
  SOURCE.kecamatan,
  SOURCE.kelurahan,
  SOURCE.labels,
  SOURCE.mask,
]);
/** Wall layers the console leaves out (the participation shading is the wall's story). */
const SKIPPED_LAYERS = new Set<string>(['kelurahan-participation']);

export type PinKind = 'alert' | 'incident';

export interface PinProps {
  kind: PinKind;
  id: string;
  title: string;
  severity: string;
  /** Severity rank (0 = extreme): clusters show their worst. */
  rank: number;
  status: string;
  /** Incidents grouped into an alert (0 when not grouped). */
  members: number;
}

type Pin = Feature<Point, PinProps>;

/** Severity colour by rank (clusters carry their worst rank, pins their own). */
function colorByRank(prop: ExpressionSpecification): ExpressionSpecification {
  return [
    'match',
    prop,
    ...SEVERITY_ORDER.flatMap((s) => [SEVERITY_RANK[s], SEVERITY_COLORS[s]]),
    SEVERITY_COLORS.unknown,
  ] as unknown as ExpressionSpecification;
}

const clusterSource = (): StyleSpecification['sources'][string] => ({
  type: 'geojson',
  data: { type: 'FeatureCollection', features: [] },
  cluster: true,
  clusterRadius: CLUSTER_RADIUS_PX,
  clusterMaxZoom: CLUSTER_MAX_ZOOM,
  clusterProperties: { worst: ['min', ['get', 'rank']] },
});

const IS_CLUSTER: ExpressionSpecification = ['has', 'point_count'];
const NOT_CLUSTER: ExpressionSpecification = ['!', ['has', 'point_count']];

/** The console map's style: the wall's basemap under the console's pins. */
export function buildConsoleStyle(origin: string): StyleSpecification {
  const wall = buildWallStyle(origin, 'overview');
  const sources = Object.fromEntries(Object.entries(wall.sources).filter(([id]) => BASE_SOURCES.has(id)));
  const base = wall.layers.filter(
    (l) =>
      !SKIPPED_LAYERS.has(l.id) && (l.type === 'background' || ('source' in l && BASE_SOURCES.has(l.source))),
  );
  const countLabel = (id: string, source: string, size: number): LayerSpecification => ({
    id,
    type: 'symbol',
    source,
    filter: IS_CLUSTER,
    layout: {
      'text-field': ['get', 'point_count_abbreviated'],
      'text-font': FONT_BOLD,
      'text-size': size,
      'text-allow-overlap': true,
    },
    paint: { 'text-color': '#ffffff', 'text-halo-color': '#000000', 'text-halo-width': 1.4 },
  });
  const layers: LayerSpecification[] = [
    ...base,
    {
      id: CONSOLE_LAYER.incidentClusters,
      type: 'circle',
      source: CONSOLE_SOURCE.incidents,
      filter: IS_CLUSTER,
      paint: {
        'circle-radius': ['step', ['get', 'point_count'], 12, 10, 15, 50, 19, 200, 24],
        'circle-color': colorByRank(['get', 'worst']),
        'circle-opacity': 0.75,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    countLabel(CONSOLE_LAYER.incidentClusterCount, CONSOLE_SOURCE.incidents, 12),
    {
      id: CONSOLE_LAYER.incidents,
      type: 'circle',
      source: CONSOLE_SOURCE.incidents,
      filter: NOT_CLUSTER,
      paint: {
        'circle-radius': 6,
        'circle-color': colorByRank(['get', 'rank']),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: CONSOLE_LAYER.alertClusters,
      type: 'circle',
      source: CONSOLE_SOURCE.alerts,
      filter: IS_CLUSTER,
      paint: {
        'circle-radius': ['step', ['get', 'point_count'], 15, 10, 18, 50, 22, 200, 27],
        'circle-color': BASE.panel,
        'circle-opacity': 0.9,
        'circle-stroke-color': colorByRank(['get', 'worst']),
        'circle-stroke-width': 4,
      },
    },
    countLabel(CONSOLE_LAYER.alertClusterCount, CONSOLE_SOURCE.alerts, 13),
    {
      id: CONSOLE_LAYER.alerts,
      type: 'circle',
      source: CONSOLE_SOURCE.alerts,
      filter: NOT_CLUSTER,
      paint: {
        'circle-radius': ['case', ['>', ['get', 'members'], 1], 13, 10],
        // New alerts are filled; taken ones (acknowledged, snoozed) are rings; finished ones grey.
        'circle-color': [
          'match',
          ['get', 'status'],
          'new',
          colorByRank(['get', 'rank']),
          'resolved',
          '#4b5563',
          'closed',
          '#4b5563',
          BASE.panel,
        ] as unknown as ExpressionSpecification,
        'circle-opacity': 0.95,
        'circle-stroke-color': colorByRank(['get', 'rank']),
        'circle-stroke-width': 4,
      },
    },
    {
      id: CONSOLE_LAYER.alertCount,
      type: 'symbol',
      source: CONSOLE_SOURCE.alerts,
      filter: ['all', NOT_CLUSTER, ['>', ['get', 'members'], 1]],
      layout: {
        'text-field': ['to-string', ['get', 'members']],
        'text-font': FONT_BOLD,
        'text-size': 12,
        'text-allow-overlap': true,
      },
      paint: { 'text-color': '#ffffff', 'text-halo-color': '#000000', 'text-halo-width': 1.4 },
    },
    {
      id: CONSOLE_LAYER.focus,
      type: 'circle',
      source: CONSOLE_SOURCE.focus,
      paint: {
        'circle-radius': 20,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': BASE.accent,
        'circle-stroke-width': 3,
      },
    },
  ];
  return {
    ...wall,
    name: 'pantau-console',
    sources: {
      ...sources,
      [CONSOLE_SOURCE.incidents]: clusterSource(),
      [CONSOLE_SOURCE.alerts]: clusterSource(),
      [CONSOLE_SOURCE.focus]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers,
  };
}

const point = (at: LngLat, properties: PinProps): Pin => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [at[0], at[1]] },
  properties,
});

/** Alert pins (those with a place on the map), and how many had none. */
export function alertPins(alerts: readonly Alert[]): {
  pins: FeatureCollection<Point, PinProps>;
  unplaced: number;
} {
  const features: Pin[] = [];
  let unplaced = 0;
  for (const a of alerts) {
    const at = alertLocation(a);
    if (!at) {
      unplaced++;
      continue;
    }
    features.push(
      point(at, {
        kind: 'alert',
        id: a.id,
        title: a.title,
        severity: a.severity,
        rank: SEVERITY_RANK[a.severity],
        status: a.status,
        members: groupSize(a),
      }),
    );
  }
  return { pins: { type: 'FeatureCollection', features }, unplaced };
}

/** Incident pins at their representative points. */
export function incidentPins(incidents: readonly Incident[]): FeatureCollection<Point, PinProps> {
  return {
    type: 'FeatureCollection',
    features: incidents.map((i) =>
      point(i.point, {
        kind: 'incident',
        id: i.id,
        title: i.title,
        severity: i.severity,
        rank: SEVERITY_RANK[i.severity],
        status: i.status,
        members: 0,
      }),
    ),
  };
}

/** The focus ring's data: one point or none. */
export function focusRing(at: LngLat | null): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: at
      ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [at[0], at[1]] }, properties: {} }]
      : [],
  };
}
