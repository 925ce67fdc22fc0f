import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'express';
import { ROUTES } from '../../shared/api/index.js';
import { sameSecret } from '../auth/tokens.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import type { LiveHub } from '../realtime/hub.js';
import type { Metrics } from './metrics.js';
import { openApiDocument } from './openapi.js';

const PAGES = {
  '/': 'index.html',
  '/wall': 'wall.html',
  '/console': 'console.html',
  '/liaison': 'liaison.html',
} as const;

export interface OpsDeps {
  metrics: Metrics;
  hub: () => LiveHub | null;
  /** Whether start-up has finished. */
  booted: () => boolean;
}

type SendFileOptions = Parameters<Response['sendFile']>[1];

/**
 * `res.sendFile` as a promise that settles once the file is sent, so the handler's return does not
 * race the transfer. `onError` turns a failure before anything was sent into the error to answer
 * with (by default the error itself, as Express does); aborted transfers and write errors are ignored.
 */
function sendFile(
  res: Response,
  file: string,
  options: SendFileOptions = {},
  onError: (err: Error & { code?: string; syscall?: string }) => Error | null = (err) =>
    err.code === 'ECONNABORTED' || err.syscall === 'write' ? null : err,
): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(file, options, (err?: Error) => {
      const e = err ? onError(err) : null;
      if (e) reject(e);
      else resolve();
    });
  });
}

/**
 * The routes outside the API's auth: the probes and metrics (mounted on the app before the API),
 * the API description (inside the API router, before `authenticate`) and the screens, their
 * service worker and the wall's street tiles (on the app after the API).
 */
export function opsBindings(
  ctx: Ctx,
  { metrics, hub, booted }: OpsDeps,
): { probes: Binding[]; api: Binding[]; screens: Binding[] } {
  const probes = [
    handle('get /healthz', () => ({ status: 'ok' })),
    // Ready = the store answers, start-up finished, and the live feed is current: an instance whose
    // tail has stopped must leave the load balancer rather than serve screens that look live.
    handle('get /readyz', ({ res }) => {
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
    }),
    handle('get /metrics', async ({ req, res }) => {
      const token = ctx.config.metricsToken;
      if (token && !sameSecret(req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '', token))
        throw new HttpError(
          401,
          'unauthenticated',
          'Send the metrics token as "Authorization: Bearer <PANTAU_METRICS_TOKEN>".',
        );
      metrics.storeReady.set(ctx.store.isReady() ? 1 : 0);
      const text = await metrics.registry.metrics();
      res.type(metrics.registry.contentType).send(text);
    }),
  ];

  const openapi = openApiDocument(ROUTES);
  const api = [handle('get /api/v1/openapi.json', () => openapi)];

  const dist = path.resolve(ctx.config.clientDir);
  // Operator-supplied street tiles (PMTiles): public map data like /geo, read by the wall's maps
  // with Range requests (send answers 206 with Accept-Ranges; GET and HEAD).
  const streets = ctx.config.streetsPmtiles ? path.resolve(ctx.config.streetsPmtiles) : null;
  const screens = [
    ...Object.entries(PAGES).map(([route, file]) =>
      handle(`get ${route as keyof typeof PAGES}`, async ({ res }) => {
        const f = path.join(dist, file);
        if (!existsSync(f))
          throw new HttpError(
            503,
            'client_not_built',
            'The web client is not built; run `npm run build:client`.',
          );
        res.setHeader('Cache-Control', 'no-cache');
        await sendFile(res, f);
      }),
    ),
    // The service worker: always revalidated, so a new build's worker is picked up at once.
    handle('get /sw.js', async ({ res }) => {
      const f = path.join(dist, 'sw.js');
      if (!existsSync(f)) throw new HttpError(404, 'not_found', 'No service worker in this build.');
      res.setHeader('Cache-Control', 'no-cache');
      res.type('text/javascript');
      await sendFile(res, f);
    }),
    // What tiles exist, always 200: a wall without streets learns it without a 404 in its console.
    handle('get /tiles/index.json', ({ res }) => {
      res.setHeader('Cache-Control', 'no-cache');
      return { streets: streets ? '/tiles/streets.pmtiles' : null };
    }),
    handle('get /tiles/streets.pmtiles', async ({ res }) => {
      if (!streets)
        throw new HttpError(404, 'not_found', 'No street tiles are configured (PANTAU_STREETS_PMTILES).');
      await sendFile(
        res,
        streets,
        {
          maxAge: '1h',
          acceptRanges: true,
          dotfiles: 'allow',
          headers: { 'Content-Type': 'application/vnd.pmtiles' },
        },
        (err) => {
          if (res.headersSent) return null;
          const e = err as Error & { status?: number; headers?: Record<string, string> };
          return e.status === 416
            ? new HttpError(416, 'range_not_satisfiable', 'The requested range is outside the file.', {
                headers: e.headers ?? {},
              })
            : new HttpError(404, 'not_found', 'The street tiles file cannot be read.');
        },
      );
    }),
  ];

  return { probes, api, screens };
}
