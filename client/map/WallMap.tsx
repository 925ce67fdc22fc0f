/** The wall's map: created once behind a ref, fed from the live store without re-rendering React. */
import type * as maplibregl from 'maplibre-gl';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useLiveStore } from '../live/hooks.js';
import type { LiveState } from '../live/store.js';
import { MapController, type MapCallbacks } from './MapController.js';
import { addStreets } from './streets.js';
import type { Bounds, MapVariant } from './style.js';

declare global {
  interface Window {
    /** The wall's map, for end-to-end tests (`queryRenderedFeatures`). */
    __pantauMap?: maplibregl.Map;
    /** Every wall map by variant, for end-to-end tests. */
    __pantauMaps?: Partial<Record<MapVariant, maplibregl.Map>>;
  }
}

export type Props = MapCallbacks & {
  className?: string;
  label: string;
  variant: MapVariant;
  /** The agencies' district: fitted by the detail map, outlined on the overview. */
  focus: Bounds | null;
  /** Publish this map as `window.__pantauMap` (the overview). */
  expose?: boolean;
  /** Kelurahan code → participation 0..1, drawn as a choropleth. */
  participation?: ReadonlyMap<string, number>;
};

export function WallMap({
  className,
  label,
  variant,
  focus,
  expose = false,
  participation,
  ...callbacks
}: Props) {
  const container = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<MapController | null>(null);
  const store = useLiveStore();
  // Callbacks may change identity between renders; the map keeps the latest without re-creating.
  const latest = useRef(callbacks);
  const latestFocus = useRef(focus);
  const latestLabel = useRef(label);
  // Kept current after each render (before the map's handlers can run again), never during one.
  useLayoutEffect(() => {
    latest.current = callbacks;
    latestFocus.current = focus;
    latestLabel.current = label;
  });

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const controller = new MapController(
      el,
      {
        onReady: () => latest.current.onReady?.(),
        onGeoError: (s) => latest.current.onGeoError?.(s),
        onContextLost: () => latest.current.onContextLost?.(),
        onContextRestored: () => latest.current.onContextRestored?.(),
      },
      { variant, label: latestLabel.current },
    );
    controllerRef.current = controller;
    const stopStreets = addStreets(controller.map, variant);
    if (latestFocus.current) controller.setFocus(latestFocus.current);
    if (expose) window.__pantauMap = controller.map;
    window.__pantauMaps = { ...window.__pantauMaps, [variant]: controller.map };

    let last: LiveState | null = null;
    const push = (): void => {
      const s = store.getState();
      if (!last || last.incidentClusters !== s.incidentClusters) controller.setClusters(s.incidentClusters);
      if (
        last &&
        last.agencies === s.agencies &&
        last.services === s.services &&
        last.serviceStates === s.serviceStates &&
        last.incidents === s.incidents
      ) {
        return;
      }
      last = s;
      controller.update({
        agencies: s.agencies,
        services: s.services,
        serviceStates: s.serviceStates,
        incidents: s.incidents,
        serverOffsetMs: s.serverOffsetMs,
      });
    };
    push();
    const unsubscribe = store.subscribe(push);
    return () => {
      unsubscribe();
      stopStreets();
      if (window.__pantauMap === controller.map) delete window.__pantauMap;
      if (window.__pantauMaps?.[variant] === controller.map) delete window.__pantauMaps[variant];
      controllerRef.current = null;
      controller.destroy();
    };
    // `label` only seeds the canvas's name (read once here); a language switch renames the canvas
    // in the effect below instead of building a new map.
  }, [store, variant, expose]);

  useEffect(() => {
    controllerRef.current?.map.getCanvas().setAttribute('aria-label', label);
  }, [label]);

  useEffect(() => {
    if (focus) controllerRef.current?.setFocus(focus);
  }, [focus]);

  useEffect(() => {
    if (participation) controllerRef.current?.setParticipation(participation);
  }, [participation]);

  return <div ref={container} className={className} data-testid={`wall-map-${variant}`} />;
}
