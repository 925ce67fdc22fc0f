/**
 * App usage (`GET /usage/adoption`) and the governance scorecard (`GET /scorecard`), fetched every
 * 60 s. Walls send their display token as `Authorization: Bearer`; the console rides the session cookie.
 * TODO(shared): move the schemas to shared/schemas when the server publishes them.
 */
import { useEffect, useState } from 'react';
import { z } from './zod.js';
import { ApiError, request } from './api.js';

const SourcedBaselineSchema = z
  .object({
    metric: z.string(),
    value: z.number().nullable(),
    year: z.number(),
    source: z.string(),
    note: z.string().optional(),
    rate: z.number().nullable().optional(),
  })
  .loose();

const TrendSchema = z
  .object({ from: z.string().nullable().optional(), change: z.number().nullable() })
  .loose();

export const AdoptionAppSchema = z
  .object({
    appId: z.string(),
    name: z.string(),
    agencyId: z.string().nullable().optional(),
    population: z
      .object({ group: z.string(), count: z.number(), source: z.string(), year: z.number() })
      .loose()
      .nullable(),
    baseline: SourcedBaselineSchema.nullable(),
    activeUsers: z
      .object({ metric: z.string(), period: z.string().optional(), value: z.number(), at: z.string() })
      .loose()
      .nullable(),
    rate: z.number().nullable(),
    trends: z.object({ week: TrendSchema, month: TrendSchema, year: TrendSchema }).loose(),
  })
  .loose();
export type AdoptionApp = z.infer<typeof AdoptionAppSchema>;

export const AdoptionSchema = z
  .object({
    at: z.string(),
    formula: z.string().optional(),
    apps: z.array(AdoptionAppSchema),
    groups: z
      .array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            appIds: z.array(z.string()),
            baseline: SourcedBaselineSchema.nullable(),
            activeUsers: z.number().nullable(),
            changeSinceBaseline: z.number().nullable().optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();
export type Adoption = z.infer<typeof AdoptionSchema>;

export const IndicatorSchema = z
  .object({
    id: z.string(),
    dimension: z.string(),
    name: z.string(),
    unit: z.string(),
    measure: z.string(),
    baseline: z
      .object({
        year: z.number(),
        rating: z.string().nullable(),
        value: z.number().nullable(),
        finding: z.string().optional(),
        source: z.string(),
      })
      .loose()
      .nullable(),
    target: z.object({ comparator: z.string(), value: z.number(), source: z.string() }).loose().nullable(),
    current: z
      .object({
        value: z.number().nullable(),
        at: z.string().optional(),
        year: z.number().optional(),
        source: z.string().optional(),
      })
      .loose()
      .nullable(),
    meetsTarget: z.boolean().nullable(),
  })
  .loose();
export type Indicator = z.infer<typeof IndicatorSchema>;

export const ScorecardSchema = z.object({ at: z.string(), indicators: z.array(IndicatorSchema) }).loose();
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
  const env = z.object({ data: z.unknown() });
  return {
    adoption: AdoptionSchema.parse(env.parse(a).data),
    scorecard: ScorecardSchema.parse(env.parse(s).data),
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
