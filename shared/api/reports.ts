import { z } from 'zod';
import {
  NewReportBlockSchema,
  Open311CreatedSchema,
  Open311ErrorSchema,
  Open311RequestInputSchema,
  Open311RequestSchema,
  Open311RequestsQuerySchema,
  Open311ServiceDefinitionSchema,
  Open311ServiceSchema,
  ReportBlockSchema,
  ReportListQuerySchema,
  ReportMergeSchema,
  ReportRejectSchema,
  ReportSchema,
  ReportVerifySchema,
  SimilarReportSchema,
} from '../schemas/index.js';
import { auth, dataOf, itemsOf, noContent, ok, routes, type RouteResponse } from './route.js';

const FORM = 'application/x-www-form-urlencoded';
const open311Error = (description: string): RouteResponse => ({ description, schema: Open311ErrorSchema });
const html = (description: string): Record<number, RouteResponse> => ({
  200: { description, contentType: 'text/html' },
});
/**
 * Citizen reports: Open311 GeoReport v2 (JSON format; errors as `[{code, description}]`), the
 * /lapor web form and the console's triage queue.
 */
export const reportsRoutes = routes([
  {
    method: 'get',
    path: '/open311/v2/services.json',
    summary: 'Open311: the report categories as services',
    auth: auth.public,
    responses: ok('The services', z.array(Open311ServiceSchema)),
    tags: ['open311'],
  },
  {
    method: 'get',
    path: '/open311/v2/services/:code.json',
    summary: "Open311: a service's definition (no extra attributes)",
    auth: auth.public,
    responses: {
      ...ok('The definition', Open311ServiceDefinitionSchema),
      404: open311Error('No such service'),
    },
    tags: ['open311'],
  },
  {
    method: 'post',
    path: '/open311/v2/requests.json',
    summary: 'Open311: submit a report (form-encoded; `api_key` an ingest key with scope reports:write)',
    auth: auth.token('api_key form field'),
    body: Open311RequestInputSchema,
    bodyTypes: { [FORM]: 'The GeoReport v2 request fields' },
    responses: {
      201: { description: 'Accepted: the report number', schema: Open311CreatedSchema },
      400: open311Error('A missing or invalid field, or a location outside Balikpapan'),
      403: open311Error('Unknown or revoked api_key, one without reports:write, or a blocked reporter'),
      429: open311Error('Too many reports from this key or address'),
    },
    tags: ['open311'],
  },
  {
    method: 'get',
    path: '/open311/v2/requests.json',
    summary:
      'Open311: reports, public fields only (filters: service_request_id, service_code, status, dates)',
    auth: auth.public,
    query: Open311RequestsQuerySchema,
    responses: { ...ok('The reports', z.array(Open311RequestSchema)), 400: open311Error('A bad filter') },
    tags: ['open311'],
  },
  {
    method: 'get',
    path: '/open311/v2/requests/:id.json',
    summary: 'Open311: one report, public fields only',
    auth: auth.public,
    responses: {
      ...ok('The report (an array of one)', z.array(Open311RequestSchema)),
      404: open311Error('None'),
    },
    tags: ['open311'],
  },
  {
    method: 'get',
    path: '/lapor',
    summary:
      'The citizen-report form (phone-first, works without JavaScript); `?nomor=` redirects to a report',
    auth: auth.public,
    responses: { ...html('The form'), 303: { description: 'To /lapor/:id (a report number was asked for)' } },
    tags: ['reports'],
  },
  {
    method: 'post',
    path: '/lapor',
    summary: 'Submit the citizen-report form (multipart, optional photo); redirects to the report',
    auth: auth.public,
    bodyTypes: { 'multipart/form-data': 'category, description, lat/long or kelurahan, contact, photo' },
    responses: {
      303: { description: 'Accepted: to /lapor/:id' },
      400: { description: 'The form again, with what is wrong', contentType: 'text/html' },
      403: { description: 'Blocked', contentType: 'text/html' },
      413: { description: 'The photo is too large', contentType: 'text/html' },
      429: { description: 'Too many reports', contentType: 'text/html' },
    },
    tags: ['reports'],
  },
  {
    method: 'get',
    path: '/lapor/:id',
    summary: "A report's status by its number (public fields only)",
    auth: auth.public,
    responses: html('The status page'),
    tags: ['reports'],
  },
  {
    method: 'get',
    path: '/lapor/assets/:file',
    summary: "The form's script and style",
    auth: auth.public,
    responses: { 200: { description: 'The asset', contentType: 'text/javascript' } },
    tags: ['reports'],
  },
  {
    method: 'get',
    path: '/api/v1/reports',
    summary: 'The triage queue: reports by status (default new), newest first, with the reporter contact',
    auth: auth.action('reports:triage'),
    query: ReportListQuerySchema,
    responses: ok('The reports', itemsOf(ReportSchema)),
    tags: ['reports'],
  },
  {
    method: 'get',
    path: '/api/v1/reports/:id/similar',
    summary:
      'Reports that may be the same problem: same category, within 1 km (or the same kelurahan when either has no point) and 3 days, not rejected or merged; nearest first',
    auth: auth.action('reports:triage'),
    responses: ok(
      'Up to 5 candidates, each with its distance in metres (null when placed by kelurahan)',
      itemsOf(SimilarReportSchema),
    ),
    tags: ['reports'],
  },
  {
    method: 'get',
    path: '/api/v1/reports/:id/photo',
    summary: "A report's photo (re-encoded JPEG without metadata)",
    auth: auth.action('reports:triage'),
    responses: { 200: { description: 'The photo', contentType: 'image/jpeg' } },
    tags: ['reports'],
  },
  {
    method: 'post',
    path: '/api/v1/reports/:id/verify',
    summary: 'Verify a new report: it becomes an incident routed to the responsible agency (audited)',
    auth: auth.action('reports:triage'),
    body: ReportVerifySchema,
    responses: ok('The report, linked to its incident', dataOf(ReportSchema)),
    tags: ['reports'],
  },
  {
    method: 'post',
    path: '/api/v1/reports/:id/merge',
    summary: 'Merge a new report into another (a duplicate; audited)',
    auth: auth.action('reports:triage'),
    body: ReportMergeSchema,
    responses: ok('The merged report', dataOf(ReportSchema)),
    tags: ['reports'],
  },
  {
    method: 'post',
    path: '/api/v1/reports/:id/reject',
    summary: 'Reject a new report with a reason the reporter sees (audited)',
    auth: auth.action('reports:triage'),
    body: ReportRejectSchema,
    responses: ok('The rejected report', dataOf(ReportSchema)),
    tags: ['reports'],
  },
  {
    method: 'get',
    path: '/api/v1/report-blocks',
    summary: 'The citizen-report block list',
    auth: auth.action('reports:block'),
    responses: ok('The entries', itemsOf(ReportBlockSchema)),
    tags: ['reports'],
  },
  {
    method: 'post',
    path: '/api/v1/report-blocks',
    summary: 'Block an address, e-mail or phone from reporting (audited)',
    auth: auth.action('reports:block'),
    body: NewReportBlockSchema,
    responses: { 201: { description: 'Blocked', schema: dataOf(ReportBlockSchema) } },
    tags: ['reports'],
  },
  {
    method: 'delete',
    path: '/api/v1/report-blocks/:id',
    summary: 'Lift a block (audited)',
    auth: auth.action('reports:block'),
    responses: noContent('Lifted'),
    tags: ['reports'],
  },
]);
