/**
 * App usage (`GET /usage/adoption`) and the governance scorecard (`GET /scorecard`), fetched every
 * 60 s. Walls send their display token as `Authorization: Bearer`; the console rides the session cookie.
 */
import { useEffect, useState } from 'react';
import type { z } from './zod.js';
import { ApiError, parseData, request } from './api.js';
import {
  AdoptionResponseSchema,
  ScorecardResponseSchema,
  type AdoptionSchema,
  type AppAdoptionSchema,
  type ScorecardEntrySchema,
  type ScorecardSchema,
} from '../../shared/api/usage.js';

export type AdoptionApp = z.infer<typeof AppAdoptionSchema>;
export type Adoption = z.infer<typeof AdoptionSchema>;
export type Indicator = z.infer<typeof ScorecardEntrySchema>;
export type Scorecard = z.infer<typeof ScorecardSchema>;

/** An indicator computed by Pantau from its own feeds rather than entered by hand. */
export function isLive(ind: Indicator): boolean {
  return ind.measure !== 'entered';
}

/** GETs JSON with the wall's display token (Bearer) or, without one, the session cookie. */
export async function getJson(path: string, token: string | null): Promise<unknown> {
  if (!token) return request('GET', path);
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw new ApiError(res.status, 'http_' + res.status, res.statusText || 'HTTP ' + res.status);
  return res.json();
}

/** Both answers as parsed data, plus the raw JSON for export. */
export type GovernanceData = {
  adoption: Adoption;
  scorecard: Scorecard;
  raw: { adoption: unknown; scorecard: unknown };
};

export async function fetchGovernance(token: string | null): Promise<GovernanceData> {
  const [a, s] = await Promise.all([
    getJson('/api/v1/usage/adoption', token),
    getJson('/api/v1/scorecard', token),
  ]);
  return {
    adoption: parseData(AdoptionResponseSchema, a),
    scorecard: parseData(ScorecardResponseSchema, s),
    raw: { adoption: a, scorecard: s },
  };
}

export const GOVERNANCE_REFRESH_MS = 60_000;
/** Data older than this (missed refreshes) shows as stale. */
export const GOVERNANCE_STALE_MS = 3 * GOVERNANCE_REFRESH_MS;

export type GovernanceState = {
  data: GovernanceData | null;
  /** When the last successful answer arrived (client clock). */
  fetchedAt: number | null;
  error: string | null;
};

/** Fetches now and every 60 s while mounted; keeps the last good answer when a refresh fails. */
export function useGovernance(token: string | null, refreshMs = GOVERNANCE_REFRESH_MS): GovernanceState {
  const [state, setState] = useState<GovernanceState>({ data: null, fetchedAt: null, error: null });
  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      fetchGovernance(token).then(
        (data) => {
          if (!cancelled) setState({ data, fetchedAt: Date.now(), error: null });
        },
        (e: unknown) => {
          if (!cancelled) setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
        },
      );
    };
    load();
    const id = setInterval(load, refreshMs);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [token, refreshMs]);
  return state;
}
