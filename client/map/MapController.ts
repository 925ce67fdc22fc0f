/**
 * Owns the one MapLibre map of a wall. React hands it data; it coalesces updates into one
 * animation frame, applies them as diffs by stable feature id, and animates the newest incidents.
 */
import type { Polygon } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Agency, Incident, IncidentCluster, Service, ServiceState } from '../../shared/schemas/index.js';
import {
  buildIncidentPins,
  buildServicePins,
  diffPins,
  freshIncidentPins,
  type PinCollection,
  type PinFeature,
} from './features.js';
import {
  type Bounds,
  buildWallStyle,
  CITY_BOUNDS,
  densityFor,
  incidentGlyphFilter,
  incidentGlyphSize,
  incidentRadius,
  DEFAULT_FOCUS_BOUNDS,
  focusFrame,
  GEO_FILES,
  LAYER,
  type MapVariant,
  SOURCE,
} from './style.js';

maplibregl.setWorkerUrl(workerUrl);

/** How long a new incident keeps pulsing. */
export const FRESH_WINDOW_MS = 60_000;
/** Least time between two map updates. */
const MIN_FLUSH_GAP_MS = 500;
/** At most this many pulse at once (the most severe and newest). */
export const MAX_PULSING = 150;
/** How long a severe incident keeps its title on the map (extreme ones always do). */
export const SEVERE_LABEL_MS = 15 * 60_000;
/** Pulse frames per second: enough to draw the eye, cheap on a software-rendered wall. */
const PULSE_FPS = 12;
const PULSE_PERIOD_MS = 1800;
const PULSE_GROWTH_PX = 26;

export interface LiveData {
  agencies: ReadonlyMap<string, Agency>;
  services: ReadonlyMap<string, Service>;
  serviceStates: ReadonlyMap<string, ServiceState>;
  incidents: ReadonlyMap<string, Incident>;
  serverOffsetMs: number;
}

export interface MapOptions {
  variant?: MapVariant;
  /** Accessible name of the map canvas (each map on a page needs its own). */
  label?: string;
}

/** Padding (px) around the fitted area. */
const FIT_PADDING: Record<MapVariant, number> = { overview: 20, detail: 64 };

export interface MapCallbacks {
  /** Style and the geo sources have loaded and been drawn once. */
  onReady?: () => void;
  /** A geo file could not be loaded (the map still shows the live layers). */
  onGeoError?: (source: string) => void;
  onContextLost?: () => void;
  onContextRestored?: () => void;
}

type LiveSourceId = typeof SOURCE.services | typeof SOURCE.incidents;

export class MapController {
  readonly map: maplibregl.Map;
  private loaded = false;
  private participation: ReadonlyMap<string, number> | null = null;
  private shaded = new Set<string>();
  private pending: LiveData | null = null;
  private lastData: LiveData | null = null;
  private frame: number | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly shown: Record<LiveSourceId, Map<string, PinFeature> | null> = {
    services: null,
    incidents: null,
  };
  private serverOffsetMs = 0;
  private fresh = new Set<string>();
  private pulseFrame: number | null = null;
  private lastPulseAt = 0;
  private readonly freshTimer: ReturnType<typeof setInterval>;
  private destroyed = false;
  private readonly variant: MapVariant;
  private readonly failedGeo = new Set<string>();
  private labelCutoff = 0;
  private density = 0;
  private focus: Bounds = DEFAULT_FOCUS_BOUNDS;

  constructor(
    container: HTMLElement,
    private readonly callbacks: MapCallbacks = {},
    options: MapOptions = {},
  ) {
    this.variant = options.variant ?? 'overview';
    this.map = new maplibregl.Map({
      container,
      style: buildWallStyle(window.location.origin, this.variant),
      bounds: this.homeBounds(),
      fitBoundsOptions: { padding: FIT_PADDING[this.variant] },
      interactive: false,
      attributionControl: { compact: false },
      fadeDuration: 0,
      renderWorldCopies: false,
      maxTileCacheSize: 64,
      refreshExpiredTiles: false,
    });
    if (options.label) this.map.getCanvas().setAttribute('aria-label', options.label);
    this.map.on('load', () => {
      this.loaded = true;
      this.applyFocus();
      this.applyParticipation();
      this.scheduleFlush();
      this.watchGeoSources();
    });
    this.map.on('error', (e) => {
      const sourceId = (e as { sourceId?: unknown }).sourceId;
      if (typeof sourceId === 'string' && sourceId in GEO_FILES) {
        this.failedGeo.add(sourceId);
        this.callbacks.onGeoError?.(sourceId);
      }
    });
    this.map.on('webglcontextlost', () => this.callbacks.onContextLost?.());
    this.map.on('webglcontextrestored', () => this.callbacks.onContextRestored?.());
    this.freshTimer = setInterval(() => this.refreshFresh(), 1000);
  }

  /** Shows the counted (not fully sent) incidents of a flood as clusters. */
  setClusters(clusters: readonly IncidentCluster[]): void {
    if (this.destroyed) return;
    const features = clusters.map((c, i) => ({
      type: 'Feature' as const,
      id: i,
      geometry: { type: 'Point' as const, coordinates: c.point },
      properties: {
        count: c.count,
        severity: c.severity,
        category: c.category,
        kelurahanCode: c.kelurahanCode ?? '',
      },
    }));
    const apply = () => {
      void this.map
        .getSource<maplibregl.GeoJSONSource>(SOURCE.clusters)
        ?.setData({ type: 'FeatureCollection', features })
        .catch(() => undefined);
    };
    if (this.map.isStyleLoaded()) apply();
    else this.map.once('load', apply);
  }

  /** Queues new live data; several calls within one frame cost one map update. */
  update(data: LiveData): void {
    this.pending = data;
    this.scheduleFlush();
  }

  /**
   * Reports ready once every basemap source has loaded (or failed) and a frame was drawn after.
   * Not `idle`: a pulsing incident keeps the map rendering, so `idle` may never come.
   */
  private watchGeoSources(): void {
    const ids = Object.keys(GEO_FILES);
    const settled = (): boolean =>
      ids.every(
        (id) =>
          this.failedGeo.has(id) || (this.map.getSource(id) !== undefined && this.map.isSourceLoaded(id)),
      );
    const check = (): void => {
      if (this.destroyed || !settled()) return;
      this.map.off('sourcedata', check);
      this.map.off('error', check);
      this.map.once('render', () => this.callbacks.onReady?.());
      this.map.triggerRepaint();
    };
    this.map.on('sourcedata', check);
    this.map.on('error', check);
    check();
  }

  /**
   * Sets the agencies' district: the detail map fits it, the overview outlines it. Ignored when
   * unchanged, so the map does not jump on every update.
   */
  setFocus(bounds: Bounds): void {
    if (JSON.stringify(bounds) === JSON.stringify(this.focus)) return;
    this.focus = bounds;
    this.applyFocus();
  }

  /** Re-fits after the container changed size. */
  refit(): void {
    this.map.resize();
    this.map.fitBounds(this.homeBounds(), { padding: FIT_PADDING[this.variant], animate: false });
  }

  private homeBounds(): Bounds {
    return this.variant === 'detail' ? this.focus : CITY_BOUNDS;
  }

  private applyFocus(): void {
    if (!this.loaded || this.destroyed) return;
    if (this.variant === 'detail') {
      this.map.fitBounds(this.focus, { padding: FIT_PADDING.detail, animate: false });
    } else {
      this.map
        .getSource<maplibregl.GeoJSONSource>(SOURCE.focus)
        ?.setData(focusFrame(this.focus))
        .catch(() => undefined);
    }
    this.applyLabelFilter(true);
  }

  /**
   * Shades each kelurahan by its share of app users (0..1 of the busiest one); kelurahan absent
   * from `values` lose their shade. Applied once the geo sources have loaded.
   */
  setParticipation(values: ReadonlyMap<string, number>): void {
    this.participation = values;
    if (this.loaded) this.applyParticipation();
  }

  private applyParticipation(): void {
    const values = this.participation;
    if (!values) return;
    for (const code of this.shaded)
      if (!values.has(code)) this.map.removeFeatureState({ source: SOURCE.kelurahan, id: code }, 'p');
    for (const [code, p] of values) this.map.setFeatureState({ source: SOURCE.kelurahan, id: code }, { p });
    this.shaded = new Set(values.keys());
  }

  destroy(): void {
    this.destroyed = true;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    if (this.pulseFrame !== null) cancelAnimationFrame(this.pulseFrame);
    clearInterval(this.freshTimer);
    this.map.remove();
  }

  /**
   * One map update per animation frame at most, and at least MIN_FLUSH_GAP_MS apart: each update
   * re-tiles a 10,000-pin source and uploads it to the GPU, while the eye gains nothing from pins
   * moving faster than twice a second (the panels beside the map update at once).
   */
  private scheduleFlush(): void {
    if (this.frame !== null || this.flushTimer !== null || !this.loaded || !this.pending) return;
    const wait = this.lastFlushAt + MIN_FLUSH_GAP_MS - performance.now();
    const onFrame = (): void => {
      this.frame = requestAnimationFrame(() => {
        this.frame = null;
        this.lastFlushAt = performance.now();
        this.flush();
      });
    };
    if (wait <= 0) onFrame();
    else
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        if (!this.destroyed) onFrame();
      }, wait);
  }

  private flush(): void {
    const data = this.pending;
    this.pending = null;
    if (!data || this.destroyed) return;
    this.lastData = data;
    this.apply(SOURCE.services, buildServicePins(data.agencies, data.services, data.serviceStates));
    const incidentPins = buildIncidentPins(data.incidents);
    this.apply(SOURCE.incidents, incidentPins);
    this.setDensity(densityFor(incidentPins.features.length));
    this.serverOffsetMs = data.serverOffsetMs;
    // A fresh incident's pin may have changed (severity), so its pulse is redrawn from the new pins.
    this.refreshFresh(true);
  }

  private apply(sourceId: LiveSourceId, next: PinCollection): void {
    const source = this.map.getSource<maplibregl.GeoJSONSource>(sourceId);
    if (!source) return;
    const prev = this.shown[sourceId];
    const nextById = new Map(next.features.map((f) => [f.properties.id, f]));
    const replace = (): void => {
      source.setData(next).catch(() => this.resetSource(sourceId));
    };
    if (prev === null) {
      replace();
    } else {
      const diff = diffPins(prev, next);
      const changes = diff.add.length + diff.update.length + diff.remove.length;
      if (changes === 0) return;
      if (changes > Math.max(50, next.features.length / 2)) {
        replace();
      } else {
        source
          // A changed feature is replaced whole (remove, then add with the same id): a per-property
          // `update` that drops all properties also drops the promoted id in maplibre-gl 6.
          .updateData({
            remove: [...diff.remove, ...diff.update.map((f) => f.properties.id)],
            add: [...diff.add, ...diff.update],
          })
          .catch(() => this.resetSource(sourceId));
      }
    }
    this.shown[sourceId] = nextById;
  }

  /**
   * Which incidents carry their title: every extreme one, and severe ones for their first
   * SEVERE_LABEL_MS. On the overview, not those inside the focus frame (the detail map labels
   * them) so text does not pile up on the agencies' cluster.
   */
  private applyLabelFilter(force = false): void {
    if (!this.loaded || this.destroyed) return;
    const bucket = 30_000;
    const cutoff = Math.floor((Date.now() + this.serverOffsetMs - SEVERE_LABEL_MS) / bucket) * bucket;
    if (!force && cutoff === this.labelCutoff) return;
    this.labelCutoff = cutoff;
    const show: maplibregl.FilterSpecification = [
      'any',
      ['==', ['get', 'severity'], 'extreme'],
      ['all', ['==', ['get', 'severity'], 'severe'], ['>=', ['get', 'receivedMs'], cutoff]],
    ];
    if (this.variant === 'detail') {
      this.map.setFilter(LAYER.incidentsLabel, show);
      return;
    }
    const [[w, s], [e, n]] = this.focus;
    const box: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    };
    this.map.setFilter(LAYER.incidentsLabel, ['all', show, ['!', ['within', box]]]);
  }

  /** Shrinks the lesser incidents' pins when the city is crowded with them. */
  private setDensity(density: number): void {
    if (density === this.density) return;
    this.density = density;
    this.map.setPaintProperty(LAYER.incidents, 'circle-radius', incidentRadius(density));
    this.map.setPaintProperty(LAYER.incidentsPulse, 'circle-radius', incidentRadius(density));
    this.map.setLayoutProperty(LAYER.incidentsGlyph, 'text-size', incidentGlyphSize(density));
    this.map.setFilter(LAYER.incidentsGlyph, incidentGlyphFilter(density));
  }

  /** After a failed update, the next flush sends the whole collection again. */
  private resetSource(sourceId: LiveSourceId): void {
    if (this.destroyed) return;
    this.shown[sourceId] = null;
    this.pending ??= this.lastData;
    this.scheduleFlush();
  }

  /**
   * Pulses the incidents received in the last minute (at most MAX_PULSING): their pins go to the
   * pulse layer's own small source, so neither the 10,000 others nor feature-state are touched.
   */
  private refreshFresh(pinsChanged = false): void {
    if (!this.loaded || this.destroyed) return;
    const now = Date.now() + this.serverOffsetMs;
    const pins = freshIncidentPins(this.shown.incidents?.values() ?? [], now, FRESH_WINDOW_MS, MAX_PULSING);
    const next = new Set(pins.map((p) => p.properties.id));
    const changed = next.size !== this.fresh.size || [...next].some((id) => !this.fresh.has(id));
    this.fresh = next;
    if (changed || (pinsChanged && next.size > 0)) {
      this.map
        .getSource<maplibregl.GeoJSONSource>(SOURCE.freshIncidents)
        ?.setData({ type: 'FeatureCollection', features: pins })
        .catch(() => undefined);
    }
    this.applyLabelFilter();
    if (next.size > 0 && this.pulseFrame === null)
      this.pulseFrame = requestAnimationFrame((t) => this.pulse(t));
  }

  private pulse(t: number): void {
    this.pulseFrame = null;
    if (this.destroyed) return;
    if (this.fresh.size === 0) {
      this.map.setPaintProperty(LAYER.incidentsPulse, 'circle-stroke-opacity', 0);
      return;
    }
    if (t - this.lastPulseAt >= 1000 / PULSE_FPS) {
      this.lastPulseAt = t;
      const phase = (t % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
      const grow = phase * PULSE_GROWTH_PX;
      this.map.setPaintProperty(LAYER.incidentsPulse, 'circle-radius', incidentRadius(this.density, grow));
      this.map.setPaintProperty(LAYER.incidentsPulse, 'circle-stroke-opacity', 0.95 * (1 - phase));
    }
    this.pulseFrame = requestAnimationFrame((tt) => this.pulse(tt));
  }
}
