import type { Express, NextFunction, Request, Response } from 'express';
import type { RouteSpec } from '../../shared/api/route.js';
import type { Logger } from '../logger.js';

/** A route as Express has it mounted. */
export interface MountedRoute {
  method: string;
  path: string;
}

interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: string | string[];
}

/** Every route mounted on the app (methods lower-case, Express-style paths with their mount prefix). */
export function mountedRoutes(app: Express): MountedRoute[] {
  const out: MountedRoute[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths)
          for (const [m, on] of Object.entries(layer.route.methods))
            if (on && m !== '_all') out.push({ method: m, path: prefix + p });
      } else if (layer.handle?.stack) {
        const raw = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + raw);
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return out;
}

const key = (method: string, path: string) => `${method.toLowerCase()} ${path}`;

/** Mounted routes the table does not declare (each must be, so the API description is whole). */
export function undeclared(app: Express, routes: readonly RouteSpec[]): MountedRoute[] {
  const declared = new Set(routes.map((r) => key(r.method, r.path)));
  return mountedRoutes(app).filter((m) => !declared.has(key(m.method, m.path)));
}

/**
 * Checks every JSON answer against the schema its route declares for that status (on when
 * PANTAU_CONTRACT_CHECK is set, as in the tests): a mismatch is logged as `contract violation` with
 * the route and the first issues, and counted; the answer itself goes out unchanged.
 */
export function contractCheck(routes: readonly RouteSpec[], log: Logger, onViolation: () => void = () => {}) {
  const byKey = new Map(routes.map((r) => [key(r.method, r.path), r]));
  return (req: Request, res: Response, next: NextFunction): void => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      const spec =
        typeof routePath === 'string' ? byKey.get(key(req.method, req.baseUrl + routePath)) : undefined;
      const schema = spec?.responses[res.statusCode]?.schema;
      if (spec && schema && res.statusCode < 400) {
        const r = schema.safeParse(body);
        if (!r.success) {
          onViolation();
          log.error(
            {
              route: key(spec.method, spec.path),
              status: res.statusCode,
              issues: r.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
            },
            'contract violation: the answer does not match its declared schema',
          );
        }
      }
      return json(body);
    };
    next();
  };
}
