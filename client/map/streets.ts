/**
 * Optional operator-supplied streets: when the server has a PMTiles archive (TILES_INDEX_URL says
 * where), the wall registers the `pmtiles` protocol (the package is loaded on demand, so walls
 * without streets never download it) and draws its roads between the city fills and the
 * boundaries. No archive, or any failure, means no streets and no message: the offline basemap
 * stands on its own.
 */
import * as maplibregl from 'maplibre-gl';
// zod configured for the browser (client/live/zod.ts) before the shared schema below is built.
import '../live/zod.js';
import { TilesIndexResponseSchema } from '../../shared/api/ops.js';
import {
  type MapVariant,
  SOURCE,
  STREETS_BEFORE_LAYER,
  TILES_INDEX_URL,
  streetLayers,
  streetsSource,
} from './style.js';

let streetsFile: Promise<string | null> | null = null;

/** Only an archive under our own `/tiles/` is used. */
const onOrigin = (path: string | null): string | null => (path?.startsWith('/tiles/') ? path : null);

/** The street archive's path on our origin, or null: asked once per page, shared by both maps. */
export function streetsAvailable(): Promise<string | null> {
  streetsFile ??= fetch(TILES_INDEX_URL, { credentials: 'same-origin', cache: 'no-cache' })
    .then(async (res) => (res.ok ? onOrigin(TilesIndexResponseSchema.parse(await res.json()).streets) : null))
    .catch(() => null);
  return streetsFile;
}

let registered: Promise<void> | null = null;

function registerPmtilesProtocol(): Promise<void> {
  registered ??= import('pmtiles').then(({ Protocol }) => {
    // `metadata` reads the archive's own attribution (OpenStreetMap data must say so on the map).
    maplibregl.addProtocol('pmtiles', new Protocol({ metadata: true }).tile);
  });
  return registered;
}

/**
 * Adds the streets to `map` if the server has them. Call it right after creating the map (it
 * listens for the style to load). Returns a canceller for when the map goes away first.
 */
export function addStreets(map: maplibregl.Map, variant: MapVariant): () => void {
  let cancelled = false;
  const styleLoaded = new Promise<void>((resolve) => {
    map.once('style.load', () => resolve());
  });
  void (async () => {
    const file = await streetsAvailable();
    if (!file) return;
    await Promise.all([registerPmtilesProtocol(), styleLoaded]);
    if (cancelled || map.getSource(SOURCE.streets)) return;
    map.addSource(SOURCE.streets, streetsSource(window.location.origin, file));
    const before = map.getLayer(STREETS_BEFORE_LAYER) ? STREETS_BEFORE_LAYER : undefined;
    for (const layer of streetLayers(variant)) map.addLayer(layer, before);
  })().catch(() => {
    // The streets are an extra; without them the wall is still whole.
  });
  return () => {
    cancelled = true;
  };
}
