/**
 * Citizen participation per kelurahan for the wall's choropleth, refreshed every minute: app users
 * (`usage`) or citizen reports over the last 30 days (`reports`), as the display's config says,
 * else the URL's `?shading=` (default: usage).
 */
import { useEffect, useState } from 'react';
import { getJson } from '../live/governance.js';
import { ParticipationResponseSchema } from '../../shared/api/usage.js';
import { PARTICIPATION_REPORT_DAYS, WALL_SHADINGS, type WallShading } from '../../shared/schemas/index.js';
import { useDisplayConfig } from './displayConfig.js';

export const PARTICIPATION_REFRESH_MS = 60_000;

/** Each kelurahan's users relative to the busiest kelurahan (0..1); empty until data arrives. */
export function relativeParticipation(
  items: readonly { kelurahanCode: string; value: number }[],
): Map<string, number> {
  const max = Math.max(0, ...items.map((i) => i.value));
  return new Map(max > 0 ? items.map((i) => [i.kelurahanCode, i.value / max] as const) : []);
}

/** The URL's `?shading=` (a known name), else app usage. */
export function shadingFromUrl(search: string = window.location.search): WallShading {
  const v = new URLSearchParams(search).get('shading');
  return (WALL_SHADINGS as readonly string[]).includes(v ?? '') ? (v as WallShading) : 'usage';
}

/** What the shading shows now: the display's stored config rules (absent there: usage), else the URL. */
export function useShading(): WallShading {
  const remote = useDisplayConfig();
  const [fromUrl] = useState(() => shadingFromUrl());
  return remote ? (remote.shading ?? 'usage') : fromUrl;
}

/** The API query of a shading. */
export function participationPath(shading: WallShading): string {
  return shading === 'reports'
    ? `/api/v1/usage/participation?source=reports&days=${PARTICIPATION_REPORT_DAYS}`
    : '/api/v1/usage/participation';
}

export type Participation = {
  shading: WallShading;
  /** Kelurahan code → 0..1 of the busiest kelurahan. */
  values: ReadonlyMap<string, number>;
  /** The busiest kelurahan's value (users or reports); 0 until loaded. */
  max: number;
  /** An answer for this shading has arrived. */
  loaded: boolean;
};

/** Fetches the shading's participation with the wall's token; keeps the last good answer of that shading. */
export function useParticipation(token: string | null, shading: WallShading): Participation {
  const [state, setState] = useState<Participation>();
  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      getJson(participationPath(shading), token)
        .then((raw) => {
          const parsed = ParticipationResponseSchema.safeParse(raw);
          if (cancelled || !parsed.success) return;
          const items = parsed.data.data.items;
          setState({
            shading,
            values: relativeParticipation(items),
            max: Math.max(0, ...items.map((i) => i.value)),
            loaded: true,
          });
        })
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, PARTICIPATION_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [token, shading]);
  // Never show one measure's shades under the other's legend while the new one loads.
  return state?.shading === shading ? state : NONE[shading];
}

const NONE: Record<WallShading, Participation> = {
  usage: { shading: 'usage', values: new Map(), max: 0, loaded: false },
  reports: { shading: 'reports', values: new Map(), max: 0, loaded: false },
};
