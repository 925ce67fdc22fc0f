/** Citizen participation per kelurahan for the wall's choropleth, refreshed every minute. */
import { useEffect, useState } from 'react';
import { getJson } from '../live/governance.js';
import { ParticipationResponseSchema } from '../../shared/api/usage.js';

export const PARTICIPATION_REFRESH_MS = 60_000;

/** Each kelurahan's users relative to the busiest kelurahan (0..1); empty until data arrives. */
export function relativeParticipation(
  items: readonly { kelurahanCode: string; value: number }[],
): Map<string, number> {
  const max = Math.max(0, ...items.map((i) => i.value));
  return new Map(max > 0 ? items.map((i) => [i.kelurahanCode, i.value / max] as const) : []);
}

/** Fetches `/api/v1/usage/participation` with the wall's token; keeps the last good answer. */
export function useParticipation(token: string | null): ReadonlyMap<string, number> | undefined {
  const [values, setValues] = useState<ReadonlyMap<string, number>>();
  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      getJson('/api/v1/usage/participation', token)
        .then((raw) => {
          const parsed = ParticipationResponseSchema.safeParse(raw);
          if (!cancelled && parsed.success) setValues(relativeParticipation(parsed.data.data.items));
        })
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, PARTICIPATION_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [token]);
  return values;
}
