/** The wall's kiosk playlist from URL parameters: `?rotate=map,services,governance&interval=30` (default: map only). */
import { useEffect, useState } from 'react';

export const WALL_VIEWS = ['map', 'services', 'governance'] as const;
export type WallView = (typeof WALL_VIEWS)[number];

export const DEFAULT_INTERVAL_S = 30;
const MIN_INTERVAL_S = 5;

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
  const intervalS = Number.isFinite(n) && n > 0 ? Math.max(MIN_INTERVAL_S, n) : DEFAULT_INTERVAL_S;
  return { views: views.length ? views : ['map'], intervalS };
}

/** The view showing now; advances every interval when there is more than one. */
export function usePlaylist(): WallView {
  const [{ views, intervalS }] = useState(() => playlistFromUrl());
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (views.length < 2) return;
    const id = setInterval(() => setIndex((i) => (i + 1) % views.length), intervalS * 1000);
    return () => clearInterval(id);
  }, [views, intervalS]);
  return views[index] ?? 'map';
}
