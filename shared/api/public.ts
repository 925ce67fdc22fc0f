import { z } from 'zod';
import { NoticeInputSchema, NoticePatchSchema, NoticeSchema, PublicStatusSchema } from '../schemas/index.js';
import { auth, created, dataOf, itemsOf, noContent, ok, refusal, routes } from './route.js';

/** `GET /status` and `/status/feed.atom`: `?lang=en` for English (Bahasa Indonesia otherwise, whatever else it says). */
export const PublicLangQuerySchema = z.looseObject({ lang: z.string().max(16).optional() });

const cached = {
  304: { description: 'Not modified (If-None-Match matched the ETag)' },
  429: refusal('Too many requests from this address (Retry-After says when to come back)'),
};

/** The public status page, its data, feed and badges (no login), and the notices supervisors write. */
export const publicRoutes = routes([
  {
    method: 'get',
    path: '/status',
    summary:
      'The public status page: every public service by agency, 90-day uptime bars, notices (server-rendered HTML, works without JavaScript)',
    auth: auth.public,
    query: PublicLangQuerySchema,
    responses: { 200: { description: 'The page', contentType: 'text/html' }, ...cached },
    tags: ['public'],
  },
  {
    method: 'get',
    path: '/status/feed.atom',
    summary: 'Notices (announcements and planned maintenance) as an Atom feed',
    auth: auth.public,
    query: PublicLangQuerySchema,
    responses: { 200: { description: 'Atom 1.0', contentType: 'application/atom+xml' }, ...cached },
    tags: ['public'],
  },
  {
    method: 'get',
    path: '/status/badge/:serviceId.svg',
    summary: "A public service's current state as an SVG badge (404 for a service not shown publicly)",
    auth: auth.public,
    responses: {
      200: { description: 'SVG', contentType: 'image/svg+xml' },
      ...cached,
      404: refusal('No such public service'),
    },
    tags: ['public'],
  },
  {
    method: 'get',
    path: '/api/v1/public/status',
    summary: 'The public status page as JSON: service states, uptime per WITA day, the city figure, notices',
    auth: auth.public,
    responses: { ...ok('The public view', PublicStatusSchema), ...cached },
    tags: ['public'],
  },
  {
    method: 'get',
    path: '/api/v1/notices',
    summary: 'Every notice (announcements and planned maintenance), newest first',
    auth: auth.action('services:read'),
    responses: ok('The notices', itemsOf(NoticeSchema)),
    tags: ['public'],
  },
  {
    method: 'post',
    path: '/api/v1/notices',
    summary: 'Publish a notice on the public status page (audited)',
    auth: auth.action('config:write'),
    body: NoticeInputSchema,
    responses: created('The notice', dataOf(NoticeSchema)),
    tags: ['public'],
  },
  {
    method: 'patch',
    path: '/api/v1/notices/:id',
    summary: 'Change a notice, append an update (`update`) or close it (`status: closed`) (audited)',
    auth: auth.action('config:write'),
    body: NoticePatchSchema,
    responses: ok('The notice', dataOf(NoticeSchema)),
    tags: ['public'],
  },
  {
    method: 'delete',
    path: '/api/v1/notices/:id',
    summary: 'Remove a notice altogether (audited); closing keeps it among past notices',
    auth: auth.action('config:write'),
    responses: noContent('Removed'),
    tags: ['public'],
  },
]);
