import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { MAX_JSON_BODY_BYTES, MAX_XML_BODY_BYTES } from '../shared/limits.js';
import { MAX_CSV_BODY_BYTES } from '../shared/schemas/index.js';
import { policyBindings } from './alerts/policies.js';
import { alertBindings } from './alerts/router.js';
import { oncallBindings } from './oncall/router.js';
import { channelBindings } from './notify/channelRouter.js';
import { telegramBindings } from './notify/botUpdates.js';
import { authenticate } from './auth/middleware.js';
import { authBindings } from './auth/router.js';
import { catalogBindings } from './catalog/router.js';
import type { Ctx } from './context.js';
import { healthBindings } from './health/router.js';
import { catalogEditBindings } from './health/catalogEdits.js';
import type { ServicePlan } from './health/services.js';
import { slaBindings } from './health/slaRouter.js';
import { HttpError } from './errors.js';
import { errorMiddleware } from './http/errors.js';
import { incidentBindings } from './incidents/router.js';
import { laporBindings } from './reports/lapor.js';
import { mountOpen311 } from './reports/open311.js';
import { reportBindings } from './reports/router.js';
import type { Metrics } from './ops/metrics.js';
import { opsBindings } from './ops/routes.js';
import { ROUTES, type RouteKey } from '../shared/api/index.js';
import { contractCheck } from './http/contract.js';
import { assertAllBound, mountRoutes } from './http/routes.js';
import { publicBindings } from './public/routes.js';
import { eventsBindings } from './realtime/eventsRouter.js';
import type { LiveHub } from './realtime/hub.js';
import { usageBindings } from './usage/router.js';
import { scorecardBindings } from './usage/scorecardRouter.js';

/** Builds the Express app (without listening). */
export function buildApp(
  ctx: Ctx,
  metrics: Metrics,
  hub: () => LiveHub | null,
  booted: () => boolean = () => true,
  plan: ServicePlan = { catalog: ctx.catalog, checks: new Map() },
): Express {
  const app = express();
  app.disable('x-powered-by');
  if (ctx.config.contractCheck) app.use(contractCheck(ROUTES, ctx.log));
  app.set('trust proxy', ctx.config.trustProxy); // a hop count, never `true`: a client's own X-Forwarded-For entries are not believed
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          childSrc: ["'self'", 'blob:'],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () =>
      end({
        route: (req.route as { path?: string } | undefined)?.path ?? 'other',
        status: String(res.statusCode),
      }),
    );
    next();
  });

  const ops = opsBindings(ctx, { metrics, hub, booted });
  const bound: RouteKey[] = [];
  bound.push(...mountRoutes(ctx, app, ops.probes));

  const api = express.Router();
  api.use(express.json({ limit: MAX_JSON_BODY_BYTES, type: ['application/json', 'application/*+json'] }));
  api.use(
    express.text({ limit: MAX_XML_BODY_BYTES, type: ['application/xml', 'text/xml', 'application/cap+xml'] }),
  );
  // CSV stays raw bytes so the importer can tell a wrong encoding from text (it decodes strict UTF-8 itself).
  api.use(express.raw({ limit: MAX_CSV_BODY_BYTES, type: ['text/csv'] }));
  bound.push(...mountRoutes(ctx, api, ops.api, '/api/v1'));
  const pub = publicBindings(ctx);
  bound.push(...mountRoutes(ctx, api, pub.api, '/api/v1'));
  api.use(authenticate(ctx));
  bound.push(...mountRoutes(ctx, api, authBindings(ctx, hub), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, catalogBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, policyBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, incidentBindings(ctx, metrics), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, catalogEditBindings(ctx, plan), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, healthBindings(ctx, metrics), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, slaBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, usageBindings(ctx, metrics), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, scorecardBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, alertBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, oncallBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, channelBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, telegramBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, eventsBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, reportBindings(ctx), '/api/v1'));
  bound.push(...mountRoutes(ctx, api, pub.notices, '/api/v1'));
  api.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'No such endpoint.')));
  app.use('/api/v1', api);

  bound.push(...mountOpen311(ctx, app));
  bound.push(...mountRoutes(ctx, app, laporBindings(ctx)));
  bound.push(...mountRoutes(ctx, app, ops.screens));
  bound.push(...mountRoutes(ctx, app, pub.pages));
  // Every declared route has its handler, once: the table, the API description and the app agree.
  assertAllBound(bound);
  app.use(express.static(path.resolve(ctx.config.clientDir), { index: false, maxAge: '1h' }));
  app.use(errorMiddleware(ctx.log));
  return app;
}
