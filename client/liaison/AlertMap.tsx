/**
 * The liaison's small map: the agency's open alerts as numbered pins (the numbers of the cards
 * below) on the wall's offline basemap (map/style.ts: no tiles, no other origin). Not interactive,
 * so a thumb scrolling the page is never caught by the map; "buka peta" on a card opens a full map.
 * Loaded on demand (React.lazy), so the alert cards never wait for MapLibre.
 */
import type { FeatureCollection, Point } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LngLat, Severity } from '../../shared/schemas/index.js';
import { BASE, SEVERITY_COLORS, SEVERITY_ORDER } from '../map/palette.js';
import { buildWallStyle, CITY_BOUNDS, FONT_BOLD, SOURCE } from '../map/style.js';

maplibregl.setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The liaison's map, for end-to-end tests (`queryRenderedFeatures({ layers: ['liaison-alerts'] })`). */
    __pantauLiaisonMap?: maplibregl.Map;
  }
}

/** One pin: an open alert with a point, numbered as its card. */
export interface AlertPin {
  id: string;
  n: number;
  severity: Severity;
  /** Acknowledged or snoozed: drawn fainter than new ones. */
  handled: boolean;
  location: LngLat;
}

const PINS = 'liaison-alerts';
export const PIN_LAYER = 'liaison-alerts';
const PIN_LABEL_LAYER = 'liaison-alerts-number';
/** The basemap sources the small map keeps (the wall's live layers are left out). */
const BASEMAP: ReadonlySet<string> = new Set([
  SOURCE.land,
  SOURCE.kecamatan,
  SOURCE.kelurahan,
  SOURCE.labels,
  SOURCE.mask,
]);

function pinCollection(pins: readonly AlertPin[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: pins.map((p) => ({
      type: 'Feature',
      id: p.n,
      geometry: { type: 'Point', coordinates: [p.location[0], p.location[1]] },
      properties: { id: p.id, n: String(p.n), severity: p.severity, handled: p.handled },
    })),
  };
}

/** The offline wall style without its live layers, plus the numbered alert pins. */
function liaisonStyle(origin: string, pins: readonly AlertPin[]): maplibregl.StyleSpecification {
  const wall = buildWallStyle(origin, 'detail');
  const sources = Object.fromEntries(Object.entries(wall.sources).filter(([id]) => BASEMAP.has(id)));
  const layers = wall.layers
    .filter(
      (l) =>
        l.id !== 'kelurahan-participation' &&
        (l.type === 'background' || ('source' in l && typeof l.source === 'string' && BASEMAP.has(l.source))),
    )
    // Place names sized for a phone held in the hand, not for a wall read from 5 m.
    .map((l) =>
      l.type === 'symbol'
        ? { ...l, layout: { ...l.layout, 'text-size': l.id.includes('kecamatan') ? 13 : 12 } }
        : l,
    );
  const color = [
    'match',
    ['get', 'severity'],
    ...SEVERITY_ORDER.flatMap((s) => [s, SEVERITY_COLORS[s]]),
    SEVERITY_COLORS.unknown,
  ] as unknown as maplibregl.ExpressionSpecification;
  return {
    ...wall,
    name: 'pantau-liaison',
    sources: { ...sources, [PINS]: { type: 'geojson', data: pinCollection(pins) } },
    layers: [
      ...layers,
      {
        id: PIN_LAYER,
        type: 'circle',
        source: PINS,
        paint: {
          'circle-radius': 11,
          'circle-color': color,
          'circle-opacity': ['case', ['get', 'handled'], 0.55, 1],
          'circle-stroke-color': BASE.page,
          'circle-stroke-width': 2,
        },
      },
      {
        id: PIN_LABEL_LAYER,
        type: 'symbol',
        source: PINS,
        layout: {
          'text-field': ['get', 'n'],
          'text-font': FONT_BOLD,
          'text-size': 13,
          // Always drawn, and the basemap's names give way to it (the padding covers the circle).
          'text-allow-overlap': true,
          'text-padding': 8,
        },
        paint: { 'text-color': BASE.page },
      },
    ],
  };
}

/** Where to look: every pin, or the city when there is none. */
function boundsOf(pins: readonly AlertPin[]): maplibregl.LngLatBoundsLike {
  if (pins.length === 0) return CITY_BOUNDS;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const {
    location: [lng, lat],
  } of pins) {
    w = Math.min(w, lng);
    e = Math.max(e, lng);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [
    [w, s],
    [e, n],
  ];
}

const FIT = { padding: 28, maxZoom: 14, animate: false } as const;

export default function AlertMap({ pins, label }: { pins: readonly AlertPin[]; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const latest = useRef(pins);
  // Kept current after each render, for the map's creation and its view (never during a render).
  useLayoutEffect(() => {
    latest.current = pins;
  });
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let map: maplibregl.Map;
    try {
      map = new maplibregl.Map({
        container: el,
        style: liaisonStyle(window.location.origin, latest.current),
        bounds: boundsOf(latest.current),
        fitBoundsOptions: FIT,
        interactive: false,
        attributionControl: { compact: true },
        fadeDuration: 0,
        renderWorldCopies: false,
      });
    } catch {
      // No WebGL on this phone: no map then; the cards and their "buka peta" links still say where.
      el.hidden = true;
      return;
    }
    mapRef.current = map;
    window.__pantauLiaisonMap = map;
    map.once('load', () =>
      map.once('idle', () => {
        // The credits start unfolded over a third of this small map; folded, the ⓘ button shows them.
        el.querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
        setReady(true);
      }),
    );
    return () => {
      if (window.__pantauLiaisonMap === map) delete window.__pantauLiaisonMap;
      mapRef.current = null;
      map.remove();
    };
  }, []);

  // New pins: new data, and a new view only when the set of places changed (not on a status change).
  const places = pins.map((p) => `${p.location[0]},${p.location[1]}`).join(';');
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = (): void => {
      void map
        .getSource<maplibregl.GeoJSONSource>(PINS)
        ?.setData(pinCollection(pins))
        .catch(() => undefined);
    };
    if (map.isStyleLoaded()) apply();
    else map.once('load', apply);
  }, [pins]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    map.fitBounds(boundsOf(latest.current), FIT);
  }, [places]);

  useEffect(() => {
    mapRef.current?.getCanvas().setAttribute('aria-label', label);
  }, [label, ready]);

  return (
    <div
      ref={container}
      className="liaison-map"
      data-testid="liaison-map"
      data-ready={ready ? '1' : '0'}
      data-points={pins.length}
    />
  );
}
