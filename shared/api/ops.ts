import { z } from 'zod';
import { auth, ok, routes, type RouteSpec } from './route.js';

const ReadinessSchema = z.looseObject({
  status: z.enum(['ready', 'not_ready']),
  store: z.enum(['memory', 'redis']),
  storeReady: z.boolean(),
  booted: z.boolean(),
  feed: z
    .looseObject({
      live: z.boolean(),
      feedAt: z.string().nullable(),
      lagSeconds: z.number().nullable(),
      recoveries: z.number(),
    })
    .nullable(),
  replication: z.looseObject({
    minReplicas: z.number(),
    online: z.number().nullable(),
    degraded: z.boolean(),
    durability: z.enum(['ok', 'degraded']),
  }),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
});

/** `GET /tiles/index.json`: the street tiles' path on this origin, or null. */
export const TilesIndexResponseSchema = z.object({ streets: z.string().nullable() });

const page = (path: string, summary: string): RouteSpec => ({
  method: 'get',
  path,
  summary,
  auth: auth.public,
  responses: {
    200: {
      description:
        'The page (its data comes over the API and the live socket, with the login or token it asks for)',
      contentType: 'text/html',
    },
  },
  tags: ['screens'],
});

/** Probes, metrics, the API description, the screens and the wall's map assets. */
export const opsRoutes = routes([
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    auth: auth.public,
    responses: ok('Alive', z.object({ status: z.literal('ok') })),
    tags: ['ops'],
  },
  {
    method: 'get',
    path: '/readyz',
    summary:
      'Readiness: the store answers, start-up is done and the live feed is current; otherwise 503 with the reasons',
    auth: auth.public,
    responses: {
      ...ok('Ready', ReadinessSchema),
      503: { description: 'Not ready, with reasons', schema: ReadinessSchema },
    },
    tags: ['ops'],
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (Bearer PANTAU_METRICS_TOKEN when that is set)',
    auth: auth.token('PANTAU_METRICS_TOKEN when set, else public'),
    responses: { 200: { description: 'Prometheus text exposition', contentType: 'text/plain' } },
    tags: ['ops'],
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document, generated from the route table in shared/api',
    auth: auth.public,
    responses: ok(
      'OpenAPI 3.1',
      z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
    ),
    tags: ['ops'],
  },
  page('/', 'The start page: links to the screens'),
  page('/wall', 'The wall display (display token in `?token=`; `?at=` replays a past instant)'),
  page('/console', 'The supervisors’ and operators’ console (login)'),
  page('/liaison', 'The OPD liaison view, phone-first (login)'),
  {
    method: 'get',
    path: '/sw.js',
    summary: "The screens' service worker (always revalidated)",
    auth: auth.public,
    responses: { 200: { description: 'JavaScript', contentType: 'text/javascript' } },
    tags: ['screens'],
  },
  {
    method: 'get',
    path: '/tiles/index.json',
    summary: 'Which street tiles the wall can use (none unless PANTAU_STREETS_PMTILES is set)',
    auth: auth.public,
    responses: ok('The street layer, or null', TilesIndexResponseSchema),
    tags: ['screens'],
  },
  {
    method: 'get',
    path: '/tiles/streets.pmtiles',
    summary: 'The operator-supplied street tiles (PMTiles v3, byte ranges)',
    auth: auth.public,
    responses: {
      200: { description: 'The archive', contentType: 'application/vnd.pmtiles' },
      206: { description: 'A byte range', contentType: 'application/vnd.pmtiles' },
    },
    tags: ['screens'],
  },
]);
