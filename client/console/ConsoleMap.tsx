/**
 * The console's map tab: the alerts and incidents the console's filters pick (the same URL
 * filters as the tables), clustered where dense; a click on a cluster zooms in, a click on a pin
 * opens its drawer. `?focus=<alert id>` centres the map on that alert and rings it ("buka peta").
 * Loaded on first use (maplibre is the console's largest dependency).
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { CITY_BOUNDS } from '../map/style.js';
import {
  ALERT_STATUSES,
  EXTRA_ALERT_CATEGORIES,
  FilterBar,
  INCIDENT_STATUSES,
  type CommonFilters,
} from './FilterBar.js';
import { alertLocation, alertsByIncident, matchAlert, matchIncident } from './filters.js';
import {
  alertPins,
  buildConsoleStyle,
  CLICKABLE_LAYERS,
  CONSOLE_SOURCE,
  focusRing,
  incidentPins,
  type PinKind,
} from './mapLayers.js';
import { DEFAULT_QUERY, filtersOf, RESET_FILTERS, type ConsoleQuery, type MapLayers } from './query.js';

maplibregl.setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The console map, for end-to-end tests (`project`, `queryRenderedFeatures`). */
    __pantauConsoleMap?: maplibregl.Map;
  }
}

/** Zoom the map goes to (at least) when it centres on a focused alert. */
const FOCUS_ZOOM = 15;
/** How far (px) around the pointer a click still hits a pin. */
const HIT_PX = 6;

export type Props = {
  areaNames: ReadonlyMap<string, string>;
  query: ConsoleQuery;
  update: (patch: Partial<ConsoleQuery>) => void;
  onOpen: (kind: PinKind, id: string) => void;
};

const LAYER_CHOICES = [
  { value: 'all', label: 'map.layerAll' },
  { value: 'alerts', label: 'map.layerAlerts' },
  { value: 'incidents', label: 'map.layerIncidents' },
] as const;

export function ConsoleMap({ areaNames, query, update, onOpen }: Props) {
  const alerts = useLive((s) => s.alerts);
  const incidents = useLive((s) => s.incidents);
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const latestOpen = useRef(onOpen);
  useLayoutEffect(() => {
    latestOpen.current = onOpen;
  });

  const alertFilters = useMemo(() => filtersOf(query, 'alerts'), [query]);
  const incidentFilters = useMemo(() => filtersOf(query, 'incidents'), [query]);
  const shownAlerts = useMemo(
    () =>
      query.layers === 'incidents'
        ? []
        : [...alerts.values()].filter((a) => matchAlert(a, alertFilters, areaNames)),
    [alerts, alertFilters, areaNames, query.layers],
  );
  const shownIncidents = useMemo(() => {
    if (query.layers === 'alerts') return [];
    const byIncident = alertsByIncident(alerts.values());
    return [...incidents.values()].filter((i) =>
      matchIncident(i, incidentFilters, areaNames, (x) => byIncident.get(x.id)),
    );
  }, [incidents, alerts, incidentFilters, areaNames, query.layers]);
  const alertData = useMemo(() => alertPins(shownAlerts), [shownAlerts]);
  const incidentData = useMemo(() => incidentPins(shownIncidents), [shownIncidents]);
  const focused = query.focus ? alerts.get(query.focus) : undefined;
  const focusAt = focused ? alertLocation(focused) : null;

  // One map for the tab's life.
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = new maplibregl.Map({
      container: el,
      style: buildConsoleStyle(window.location.origin),
      bounds: CITY_BOUNDS,
      fitBoundsOptions: { padding: 24 },
      attributionControl: { compact: true },
      fadeDuration: 0,
      renderWorldCopies: false,
      maxZoom: 18,
      dragRotate: false,
      pitchWithRotate: false,
      refreshExpiredTiles: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.getCanvas().setAttribute('aria-label', t('map.consoleLabel'));
    mapRef.current = map;
    window.__pantauConsoleMap = map;

    const hit = (p: maplibregl.Point) =>
      map.queryRenderedFeatures(
        [
          [p.x - HIT_PX, p.y - HIT_PX],
          [p.x + HIT_PX, p.y + HIT_PX],
        ],
        { layers: [...CLICKABLE_LAYERS] },
      );
    map.on('load', () => setLoaded(true));
    map.on('click', (e) => {
      const f = hit(e.point)[0];
      if (!f) return;
      const props = f.properties as Record<string, unknown>;
      const clusterId = props.cluster_id;
      if (typeof clusterId === 'number' && f.geometry.type === 'Point') {
        const center = f.geometry.coordinates as [number, number];
        const source = map.getSource<maplibregl.GeoJSONSource>(f.source);
        void source
          ?.getClusterExpansionZoom(clusterId)
          .then((zoom) => map.easeTo({ center, zoom: Math.min(zoom + 0.5, 18) }))
          .catch(() => undefined);
        return;
      }
      const kind = props.kind;
      const id = props.id;
      if ((kind === 'alert' || kind === 'incident') && typeof id === 'string') latestOpen.current(kind, id);
    });
    map.on('mousemove', (e) => {
      map.getCanvas().style.cursor = hit(e.point).length > 0 ? 'pointer' : '';
    });
    return () => {
      if (window.__pantauConsoleMap === map) delete window.__pantauConsoleMap;
      mapRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    mapRef.current?.getCanvas().setAttribute('aria-label', t('map.consoleLabel'));
  });

  // The pins, whenever the filters or the live data change.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    void map.getSource<maplibregl.GeoJSONSource>(CONSOLE_SOURCE.alerts)?.setData(alertData.pins);
    void map.getSource<maplibregl.GeoJSONSource>(CONSOLE_SOURCE.incidents)?.setData(incidentData);
    const el = container.current;
    if (el) {
      el.dataset.alerts = String(alertData.pins.features.length);
      el.dataset.incidents = String(incidentData.features.length);
    }
  }, [loaded, alertData, incidentData]);

  // The focus ring follows the alert; the camera moves once per focused alert.
  const centredOn = useRef<string | null>(null);
  const focusKey = focusAt ? `${query.focus}@${focusAt[0]},${focusAt[1]}` : null;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !loaded) return;
    void map.getSource<maplibregl.GeoJSONSource>(CONSOLE_SOURCE.focus)?.setData(focusRing(focusAt));
    if (!focusAt || !query.focus || centredOn.current === query.focus) return;
    centredOn.current = query.focus;
    map.easeTo({ center: focusAt, zoom: Math.max(map.getZoom(), FOCUS_ZOOM), duration: 600 });
    // focusAt is read through focusKey (a new array each render otherwise).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, focusKey, query.focus]);

  const setFilters = (patch: Partial<CommonFilters>): void => update({ ...patch, page: 1, ipage: 1 });
  const focusHidden = !!focused && !shownAlerts.includes(focused);

  return (
    <section className="panel console-map-panel" aria-labelledby="map-title">
      <div className="panel__head">
        <h2 id="map-title">{t('console.tab.map')}</h2>
        <p className="muted console-map__counts" data-testid="map-counts">
          {t('map.counts', {
            alerts: formatNumber(alertData.pins.features.length),
            incidents: formatNumber(incidentData.features.length),
          })}
          {alertData.unplaced > 0 ? ` · ${t('map.noLocation', { n: formatNumber(alertData.unplaced) })}` : ''}
        </p>
      </div>
      <FilterBar
        id="map-filter"
        value={query}
        onChange={setFilters}
        statusFields={[
          {
            name: 'status',
            label: 'filter.alertStatus',
            value: query.status,
            options: ALERT_STATUSES,
            onChange: (status) => update({ status, page: 1 }),
          },
          {
            name: 'istatus',
            label: 'filter.incidentStatus',
            value: query.istatus,
            options: INCIDENT_STATUSES,
            onChange: (istatus) => update({ istatus, ipage: 1 }),
          },
          {
            name: 'layers',
            label: 'map.layers',
            value: query.layers,
            options: LAYER_CHOICES,
            onChange: (layers) => update({ layers: layers as MapLayers }),
          },
        ]}
        onReset={() =>
          update({
            ...RESET_FILTERS,
            status: DEFAULT_QUERY.status,
            istatus: DEFAULT_QUERY.istatus,
            layers: DEFAULT_QUERY.layers,
            page: 1,
            ipage: 1,
          })
        }
        areaNames={areaNames}
        extraCategories={EXTRA_ALERT_CATEGORIES}
      />
      {query.focus ? (
        <div className="console-map__focus" data-testid="map-focus">
          <span>
            {t('map.focus', { title: focused?.title ?? query.focus })}
            {focused && !focusAt ? ` · ${t('map.focusNoPlace')}` : ''}
            {focusHidden ? ` · ${t('map.focusHidden')}` : ''}
          </span>
          {focused ? (
            <button
              type="button"
              className="btn btn--small"
              onClick={() => onOpen('alert', focused.id)}
              data-testid="map-focus-open"
            >
              {t('drawer.openAlert')}
            </button>
          ) : null}
          <button type="button" className="btn btn--small" onClick={() => update({ focus: '' })}>
            {t('map.clearFocus')}
          </button>
        </div>
      ) : null}
      <div
        ref={container}
        className="console-map"
        data-testid="console-map"
        data-loaded={loaded ? '1' : '0'}
      />
      <ul className="console-map__legend" aria-label={t('legend.label')}>
        <li>
          <span className="legend-pin legend-pin--alert-new" aria-hidden="true" /> {t('map.legendAlertNew')}
        </li>
        <li>
          <span className="legend-pin legend-pin--alert" aria-hidden="true" /> {t('map.legendAlert')}
        </li>
        <li>
          <span className="legend-pin legend-pin--incident" aria-hidden="true" /> {t('map.legendIncident')}
        </li>
        <li>
          <span className="legend-pin legend-pin--cluster" aria-hidden="true">
            12
          </span>{' '}
          {t('map.legendCluster')}
        </li>
        <li className="muted">{t('map.hint')}</li>
      </ul>
    </section>
  );
}
