import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { httpActor } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { PublicView, type Rendered } from './cache.js';
import { createNotice, deleteNotice, listNotices, patchNotice } from './notices.js';
import { PAGE_CSP } from './page.js';

/** How long browsers and proxies may keep a public answer. */
const MAX_AGE_SECONDS = 30;

/**
 * A per-address limit on public reads, in this instance's memory (public reads must not cost a
 * store command each); 429 with Retry-After beyond it.
 */
function rateLimit(perMinute: number): RequestHandler {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return (req, _res, next) => {
    limiter.consume(req.ip ?? 'unknown').then(
      () => next(),
      (err: unknown) => {
        if (!(err instanceof RateLimiterRes)) return next(err);
        const secs = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        next(
          new HttpError(429, 'rate_limited', 'Too many requests from this address; try again later.', {
            headers: { 'Retry-After': String(secs) },
          }),
        );
      },
    );
  };
}

/**
 * Sends a prepared answer (gzip'd when the client takes it: compressed once per generation, not per
 * request) with its ETag and caching headers, or 304 when the client has that variant.
 */
function send(req: Request, res: Response, r: Rendered, type: string): void {
  const v = req.acceptsEncodings('gzip', 'identity') === 'gzip' ? r.gzip() : r;
  res.setHeader('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', v.etag);
  const match = req.get('if-none-match');
  if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === v.etag)) {
    res.status(304).end();
    return;
  }
  if (v !== r) res.setHeader('Content-Encoding', 'gzip');
  res.status(200).type(type).send(v.body);
}

const langOf = (q: { lang?: string } | undefined) => (q?.lang === 'en' ? 'en' : 'id');

/**
 * The public status page, its JSON, Atom feed and badges (no login; on the app, and the JSON before
 * the API's authentication), and the notices supervisors write (in the API, after it).
 */
export function publicBindings(ctx: Ctx): { pages: Binding[]; api: Binding[]; notices: Binding[] } {
  const view = new PublicView(ctx, ctx.config.publicRefreshMs);
  const limited = { before: [rateLimit(ctx.config.publicRatePerMinute)] };
  const pages = [
    handle(
      'get /status',
      async ({ query, req, res }) => {
        const gen = await view.get();
        res.setHeader('Content-Security-Policy', PAGE_CSP);
        send(req, res, gen.page(langOf(query)), 'text/html; charset=utf-8');
      },
      limited,
    ),
    handle(
      'get /status/feed.atom',
      async ({ query, req, res }) => {
        const gen = await view.get();
        send(req, res, gen.atom(langOf(query)), 'application/atom+xml; charset=utf-8');
      },
      limited,
    ),
    handle(
      'get /status/badge/:serviceId.svg',
      async ({ params, req, res }) => {
        const badge = (await view.get()).badge(params.serviceId ?? '');
        if (!badge) throw new HttpError(404, 'not_found', 'No such public service.');
        send(req, res, badge, 'image/svg+xml');
      },
      limited,
    ),
  ];
  const api = [
    handle(
      'get /api/v1/public/status',
      async ({ req, res }) => {
        send(req, res, (await view.get()).json, 'application/json; charset=utf-8');
      },
      limited,
    ),
  ];
  const notices = [
    handle('get /api/v1/notices', async () => ({ data: { items: await listNotices(ctx) } })),
    handle('post /api/v1/notices', async ({ body, principal, req }) => {
      const n = await createNotice(ctx, body, httpActor(req, principal));
      await view.edited();
      return { data: n };
    }),
    handle('patch /api/v1/notices/:id', async ({ params, body, principal, req }) => {
      const n = await patchNotice(ctx, params.id ?? '', body, httpActor(req, principal));
      await view.edited();
      return { data: n };
    }),
    handle('delete /api/v1/notices/:id', async ({ params, principal, req }) => {
      await deleteNotice(ctx, params.id ?? '', httpActor(req, principal));
      await view.edited();
    }),
  ];
  return { pages, api, notices };
}
