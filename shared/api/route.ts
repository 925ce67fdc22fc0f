/**
 * The wire contract's route table: each HTTP route Pantau serves is declared once here (method,
 * path, who may call it, request and response schemas). The server checks at start that every
 * route it mounts is declared (and, under PANTAU_CONTRACT_CHECK, that every JSON answer matches its
 * declared schema); `GET /api/v1/openapi.json` is generated from this table.
 */
import { z } from 'zod';
import { MAX_BATCH } from '../limits.js';

/**
 * Who may call a route: anyone; any credential (a session, an API key or a wall's display token);
 * a user or an API key (`session`: reference data, not for walls); a policy action
 * (server/auth/policy.ts); an API key scope; or a token the route checks itself.
 */
export type RouteAuth =
  | { kind: 'public' }
  | { kind: 'caller' }
  | { kind: 'session' }
  | { kind: 'action'; action: string }
  | { kind: 'scope'; scope: string; orAction?: string }
  | { kind: 'token'; what: string };

export interface RouteResponse {
  description: string;
  /** The JSON body; absent for bodiless answers (204) or non-JSON ones (`contentType`). */
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path (`/api/v1/alerts/:id`), as mounted. */
  path: string;
  summary: string;
  auth: RouteAuth;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request content types other than JSON (CAP XML, CSV). */
  bodyTypes?: Record<string, string>;
  /** Answers by status; the error envelope answers are added for every route. */
  responses: Record<number, RouteResponse>;
  tags?: string[];
}

/**
 * Declares a domain's routes keeping each entry's literal method, path and schemas, so the server's
 * handlers get their body and query typed from the table (server/http/routes.ts).
 */
export const routes = <const T extends readonly RouteSpec[]>(table: T): T => table;

/** `"<method> <path>"`: how a route is named when the server binds its handler. */
export type RouteKeyOf<R extends RouteSpec> = R extends RouteSpec ? `${R['method']} ${R['path']}` : never;

/** One issue of a refused request: where, and what is wrong. */
export const IssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});

/** Every error answer, over HTTP and in socket replies: `{ error: { code, message, issues? } }`. */
export const ErrorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema).optional() }).loose(),
});

/** A single object or value: `{ data }`. */
export const dataOf = <S extends z.ZodType>(s: S) => z.object({ data: s });

/** A page of a list: `{ data: { items, nextCursor } }` (a null cursor: the last page). */
export const pageOf = <S extends z.ZodType>(item: S) =>
  z.object({
    data: z.object({ items: z.array(item), nextCursor: z.string().nullable().optional() }).loose(),
  });

/** A whole (short) list: `{ data: { items } }`. */
export const itemsOf = <S extends z.ZodType>(item: S) =>
  z.object({ data: z.object({ items: z.array(item) }).loose() });

/** Shorthands for the table. */
export const auth = {
  public: { kind: 'public' } as RouteAuth,
  caller: { kind: 'caller' } as RouteAuth,
  session: { kind: 'session' } as RouteAuth,
  action: (action: string): RouteAuth => ({ kind: 'action', action }),
  scope: (scope: string, orAction?: string): RouteAuth => ({
    kind: 'scope',
    scope,
    ...(orAction ? { orAction } : {}),
  }),
  token: (what: string): RouteAuth => ({ kind: 'token', what }),
};

export const ok = (description: string, schema?: z.ZodType): Record<number, RouteResponse> => ({
  200: { description, ...(schema ? { schema } : {}) },
});
export const created = (description: string, schema?: z.ZodType): Record<number, RouteResponse> => ({
  201: { description, ...(schema ? { schema } : {}) },
});
export const noContent = (description = 'Done'): Record<number, RouteResponse> => ({ 204: { description } });

/** An ingest body: one object or a batch of up to MAX_BATCH, exactly one of the two (published as `oneOf`). */
export const batchOf = <S extends z.ZodType>(item: S) => z.xor([item, z.array(item).min(1).max(MAX_BATCH)]);

/** A refusal with the error envelope. */
export const refusal = (description: string): RouteResponse => ({ description, schema: ErrorEnvelopeSchema });
