import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { MAX_JSON_BODY_BYTES, MAX_XML_BODY_BYTES } from '../shared/limits.js';
import { MAX_CSV_BODY_BYTES } from '../shared/schemas/index.js';
import { alertBindings } from './alerts/router.js';
import { authenticate } from './auth/middleware.js';
import { authRouter } from './auth/router.js';
import { catalogRouter } from './catalog/router.js';
import type { Ctx } from './context.js';
import { healthRouter } from './health/router.js';
import { catalogEditRouter } from './health/catalogEdits.js';
import type { ServicePlan } from './health/services.js';
import { slaRouter } from './health/slaRouter.js';
import { sameSecret } from './auth/tokens.js';
import { HttpError } from './errors.js';
import { errorMiddleware } from './http/errors.js';
import { incidentsRouter } from './incidents/router.js';
import type { Metrics } from './ops/metrics.js';
import { openApiDocument } from './ops/openapi.js';
import { ROUTES } from '../shared/api/index.js';
import { contractCheck } from './http/contract.js';
import { mountRoutes } from './http/routes.js';
import { eventsRouter } from './realtime/eventsRouter.js';
import type { LiveHub } from './realtime/hub.js';
import { usageRouter } from './usage/router.js';
import { scorecardRouter } from './usage/scorecardRouter.js';

const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/wall': 'wall.html',
  '/console': 'console.html',
  '/liaison': 'liaison.html',
};

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

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready = the store answers, start-up finished, and the live feed is current: an instance whose
  // tail has stopped must leave the load balancer rather than serve screens that look live.
  app.get('/readyz', (_req, res) => {
    const storeReady = ctx.store.isReady();
    const isBooted = booted();
    const feed = hub()?.feedStatus() ?? null;
    const replication = ctx.store.stats().replication;
    const reasons: { code: string; message: string }[] = [];
    if (!storeReady)
      reasons.push({ code: 'store_unreachable', message: `the ${ctx.store.kind} store does not answer` });
    if (!isBooted)
      reasons.push({
        code: 'starting',
        message: 'start-up has not finished (it retries until the store answers)',
      });
    if (feed && !feed.live)
      reasons.push({
        code: 'live_feed_stalled',
        message: `the event-log tail is not live: ${feed.problem ?? 'unknown'}`,
      });
    const ready = reasons.length === 0;
    metrics.storeReady.set(storeReady ? 1 : 0);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not_ready',
      store: ctx.store.kind,
      storeReady,
      booted: isBooted,
      feed: feed && {
        live: feed.live,
        feedAt: feed.feedAt === null ? null : new Date(feed.feedAt).toISOString(),
        lagSeconds: feed.feedAt === null ? null : Math.round((Date.now() - feed.feedAt) / 100) / 10,
        recoveries: feed.recoveries,
      },
      replication: { ...replication, durability: replication.degraded ? 'degraded' : 'ok' },
      reasons,
    });
  });
  app.get('/metrics', (req, res, next) => {
    const token = ctx.config.metricsToken;
    if (token && !sameSecret(req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '', token)) {
      next(
        new HttpError(
          401,
          'unauthenticated',
          'Send the metrics token as "Authorization: Bearer <PANTAU_METRICS_TOKEN>".',
        ),
      );
      return;
    }
    metrics.storeReady.set(ctx.store.isReady() ? 1 : 0);
    metrics.registry
      .metrics()
      .then((text) => res.type(metrics.registry.contentType).send(text))
      .catch(next);
  });

  const api = express.Router();
  api.use(express.json({ limit: MAX_JSON_BODY_BYTES, type: ['application/json', 'application/*+json'] }));
  api.use(
    express.text({ limit: MAX_XML_BODY_BYTES, type: ['application/xml', 'text/xml', 'application/cap+xml'] }),
  );
  // CSV stays raw bytes so the importer can tell a wrong encoding from text (it decodes strict UTF-8 itself).
  api.use(express.raw({ limit: MAX_CSV_BODY_BYTES, type: ['text/csv'] }));
  const openapi = openApiDocument(ROUTES);
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.use(authenticate(ctx));
  api.use(authRouter(ctx, hub));
  api.use(catalogRouter(ctx));
  api.use(incidentsRouter(ctx, metrics));
  api.use(catalogEditRouter(ctx, plan));
  api.use(healthRouter(ctx, metrics));
  api.use(slaRouter(ctx));
  api.use(usageRouter(ctx, metrics));
  api.use(scorecardRouter(ctx));
  mountRoutes(ctx, api, alertBindings(ctx), '/api/v1');
  api.use(eventsRouter(ctx));
  api.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'No such endpoint.')));
  app.use('/api/v1', api);

  const dist = path.resolve(ctx.config.clientDir);
  for (const [route, file] of Object.entries(PAGES)) {
    app.get(route, (_req, res, next) => {
      const f = path.join(dist, file);
      if (!existsSync(f))
        return next(
          new HttpError(503, 'client_not_built', 'The web client is not built; run `npm run build:client`.'),
        );
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(f);
    });
  }
  // The service worker: always revalidated, so a new build's worker is picked up at once.
  app.get('/sw.js', (_req, res, next) => {
    const f = path.join(dist, 'sw.js');
    if (!existsSync(f)) return next(new HttpError(404, 'not_found', 'No service worker in this build.'));
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript');
    res.sendFile(f);
  });
  // Operator-supplied street tiles (PMTiles): public map data like /geo, read by the wall's maps
  // with Range requests (send answers 206 with Accept-Ranges; GET and HEAD).
  const streets = ctx.config.streetsPmtiles ? path.resolve(ctx.config.streetsPmtiles) : null;
  // What tiles exist, always 200: a wall without streets learns it without a 404 in its console.
  app.get('/tiles/index.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ streets: streets ? '/tiles/streets.pmtiles' : null });
  });
  app.get('/tiles/streets.pmtiles', (_req, res, next) => {
    if (!streets)
      return next(
        new HttpError(404, 'not_found', 'No street tiles are configured (PANTAU_STREETS_PMTILES).'),
      );
    res.sendFile(
      streets,
      {
        maxAge: '1h',
        acceptRanges: true,
        dotfiles: 'allow',
        headers: { 'Content-Type': 'application/vnd.pmtiles' },
      },
      (err) => {
        if (!err || res.headersSent) return;
        const e = err as Error & { status?: number; headers?: Record<string, string> };
        if (e.status === 416)
          next(
            new HttpError(416, 'range_not_satisfiable', 'The requested range is outside the file.', {
              headers: e.headers ?? {},
            }),
          );
        else next(new HttpError(404, 'not_found', 'The street tiles file cannot be read.'));
      },
    );
  });
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.use(errorMiddleware(ctx.log));
  return app;
}
