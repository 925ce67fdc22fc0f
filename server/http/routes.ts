/**
 * Wires Express from the route table (shared/api): each declared route gets its auth rule, its
 * query and body parsed by the declared schemas (one validation step, a 400 listing every issue),
 * and the handler bound to it here. A handler returns the answer's JSON (sent with the route's
 * declared success status) or writes the response itself (CSV, redirects, a status it chooses).
 * Start-up fails when a declared route has no handler or a handler names no declared route, so
 * the table, the API description and what is mounted cannot drift apart.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { ROUTES, type Route, type RouteKey } from '../../shared/api/index.js';
import type { RouteAuth, RouteSpec } from '../../shared/api/route.js';
import { principalOf, requireAction, requireAnyPrincipal, requireScope } from '../auth/middleware.js';
import type { Action, Principal, Scope } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { parseOr400 } from './validate.js';

type SpecOf<K extends RouteKey> = Extract<
  Route,
  { method: K extends `${infer M} ${string}` ? M : never; path: K extends `${string} ${infer P}` ? P : never }
>;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Field<S, F extends string> = S extends { [k in F]: infer V } ? V : undefined;

/** What a handler gets: the parsed query and body of its declared schemas, the path params and the caller. */
export interface RouteInput<S> {
  query: Parsed<Field<S, 'query'>>;
  body: Parsed<Field<S, 'body'>>;
  params: Record<string, string>;
  principal: Principal | null;
  req: Request;
  res: Response;
}

export interface BindOptions {
  /**
   * The handler reads the raw body itself (CSV or XML bodies, ingest batches that report issues
   * per item); the declared body schema still describes it.
   */
  rawBody?: boolean;
  /** Middleware run after the auth rule and before validation (store checks, content types). */
  before?: RequestHandler[];
}

export interface Binding {
  key: RouteKey;
  handler: (input: RouteInput<unknown>) => unknown;
  options: BindOptions;
}

/** Binds a handler to a declared route (`"get /api/v1/alerts"`); its input is typed from the table. */
export function handle<K extends RouteKey>(
  key: K,
  handler: (input: RouteInput<SpecOf<K>>) => unknown,
  options: BindOptions = {},
): Binding {
  return { key, handler, options };
}

const TABLE: readonly RouteSpec[] = ROUTES;
const keyOf = (r: Pick<RouteSpec, 'method' | 'path'>) => `${r.method} ${r.path}`;
const SPECS = new Map(TABLE.map((r) => [keyOf(r), r]));

const needCaller: RequestHandler = (_req, res, next) => {
  next(principalOf(res) ? undefined : new HttpError(401, 'unauthenticated', 'Log in or send a valid token.'));
};

/** The middleware that enforces a route's declared auth rule. */
function authFor(ctx: Ctx, a: RouteAuth): RequestHandler[] {
  switch (a.kind) {
    case 'public':
    case 'token': // checked by the handler (a push token, the metrics token)
      return [];
    case 'caller':
      return [needCaller];
    case 'session':
      return [requireAnyPrincipal];
    case 'action':
      return [requireAction(a.action as Action)];
    case 'scope': {
      const byKey = requireScope(ctx, a.scope as Scope);
      if (!a.orAction) return [byKey];
      const byUser = requireAction(a.orAction as Action);
      return [(req, res, next) => (principalOf(res)?.kind === 'key' ? byKey : byUser)(req, res, next)];
    }
  }
}

/** The success status a route declares first (200 when it declares none). */
function successStatus(spec: RouteSpec): number {
  return (
    Object.keys(spec.responses)
      .map(Number)
      .find((s) => s >= 200 && s < 300) ?? 200
  );
}

/**
 * Mounts `bindings` on `router` (in their order; paths relative to `prefix`), each behind its
 * declared auth rule and validation. Returns the keys mounted, for `assertAllBound`.
 */
export function mountRoutes(ctx: Ctx, router: Router, bindings: Binding[], prefix = ''): RouteKey[] {
  for (const b of bindings) {
    const spec = SPECS.get(b.key);
    if (!spec) throw new Error(`route ${b.key} is not declared in shared/api`);
    if (!spec.path.startsWith(prefix)) throw new Error(`route ${b.key} is not under ${prefix}`);
    const status = successStatus(spec);
    const run: RequestHandler = async (req, res) => {
      const input: RouteInput<unknown> = {
        query: (spec.query ? parseOr400(spec.query, req.query) : undefined) as never,
        body: (spec.body && !b.options.rawBody ? parseOr400(spec.body, req.body ?? {}) : undefined) as never,
        params: req.params as Record<string, string>,
        principal: principalOf(res),
        req,
        res,
      };
      const answer = await b.handler(input);
      if (res.headersSent) return;
      if (answer === undefined) res.status(status).end();
      else res.status(status).json(answer);
    };
    router[spec.method](
      spec.path.slice(prefix.length),
      ...authFor(ctx, spec.auth),
      ...(b.options.before ?? []),
      run,
    );
  }
  return bindings.map((b) => b.key);
}

/** Fails start-up when a declared route has no handler, or one has two. */
export function assertAllBound(mounted: RouteKey[]): void {
  const seen = new Map<string, number>();
  for (const k of mounted) seen.set(k, (seen.get(k) ?? 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  const unbound = TABLE.map(keyOf).filter((k) => !seen.has(k));
  if (twice.length || unbound.length)
    throw new Error(
      `route table and handlers disagree: ${[
        ...unbound.map((k) => `no handler for ${k}`),
        ...twice.map((k) => `two handlers for ${k}`),
      ].join('; ')}`,
    );
}
