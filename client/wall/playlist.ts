/**
 * The wall's kiosk playlist: the display's stored config (set in the console, pushed live), else
 * the URL's `?rotate=map,services,governance&interval=30` (default: map only).
 */
import { useEffect, useState } from 'react';
import {
  WALL_DEFAULT_ROTATE_SECONDS,
  WALL_MAX_ROTATE_SECONDS,
  WALL_MIN_ROTATE_SECONDS,
} from '../../shared/limits.js';
import { WALL_VIEWS, type WallView } from '../../shared/schemas/index.js';
import { useDisplayConfig } from './displayConfig.js';

export { WALL_VIEWS, type WallView };
export const DEFAULT_INTERVAL_S = WALL_DEFAULT_ROTATE_SECONDS;

/** Views to rotate through (known names, no repeats, at least `map`) and seconds per view. */
export function playlistFromUrl(search: string = window.location.search): {
  views: WallView[];
  intervalS: number;
} {
  const q = new URLSearchParams(search);
  const views = [
    ...new Set(
      (q.get('rotate') ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v): v is WallView => (WALL_VIEWS as readonly string[]).includes(v)),
    ),
  ];
  const n = Number(q.get('interval'));
  const intervalS =
    Number.isFinite(n) && n > 0
      ? Math.min(WALL_MAX_ROTATE_SECONDS, Math.max(WALL_MIN_ROTATE_SECONDS, n))
      : DEFAULT_INTERVAL_S;
  return { views: views.length ? views : ['map'], intervalS };
}

/**
 * The view showing now; advances every interval when there is more than one. A new playlist (the
 * console changed the display's config) starts over at its first view at once.
 */
export function usePlaylist(): WallView {
  const remote = useDisplayConfig();
  const [fromUrl] = useState(() => playlistFromUrl());
  const views = remote ? remote.views : fromUrl.views;
  const intervalS = remote ? remote.rotateSeconds : fromUrl.intervalS;
  const key = `${views.join(',')}|${intervalS}`;
  const [at, setAt] = useState({ key, index: 0 });
  const index = at.key === key ? at.index : 0;
  const count = views.length;
  useEffect(() => {
    if (count < 2) return;
    const id = setInterval(
      () => setAt((s) => ({ key, index: ((s.key === key ? s.index : 0) + 1) % count })),
      intervalS * 1000,
    );
    return () => clearInterval(id);
  }, [key, count, intervalS]);
  return views[index] ?? 'map';
}
