/**
 * Open311 GeoReport v2 (JSON format) over the report categories and citizen reports: services,
 * submitting a request with an ingest key's `api_key` (scope reports:write), and reading requests
 * with public fields only. Errors answer in the spec's format, `[{ code, description }]`.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { REPORT_CATEGORIES, reportCategory } from '../../shared/reference/reportCategories.js';
import type { Open311RequestSchema, Report } from '../../shared/schemas/index.js';
import type { z } from 'zod';
import { principalFromKey } from '../auth/credentials.js';
import { hasScope } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { HttpError, toEnvelope } from '../errors.js';
import { handle, mountRoutes, type Binding } from '../http/routes.js';
import type { Logger } from '../logger.js';
import type { RouteKey } from '../../shared/api/index.js';
import { effectiveStatus, getReport, notAfter, open311Status, submitReport, walkReports } from './reports.js';
import { IX } from '../store/indexes.js';

const PREFIX = '/open311/v2';
/** Most requests one search returns, as the spec suggests. */
const MAX_RESULTS = 1000;
/** Without dates, a search covers this many days back (the spec's default). */
const DEFAULT_DAYS = 90;

const NOTICE =
  'Laporan diterima dan akan diperiksa petugas Balikpapan Command Center. / Report received; the command center will review it.';

function service(c: (typeof REPORT_CATEGORIES)[number]) {
  return {
    service_code: c.code,
    service_name: `${c.nameId} / ${c.nameEn}`,
    description: `${c.descriptionId}. ${c.descriptionEn}.`,
    metadata: false,
    type: 'realtime' as const,
    keywords: c.keywords.join(','),
    group: c.group,
  };
}

/** A report as Open311 shows it: public fields only (never the reporter's contact or address). */
export async function presentOpen311(ctx: Ctx, r: Report) {
  const cat = reportCategory(r.serviceCode);
  const status = await effectiveStatus(ctx, r);
  return {
    service_request_id: r.id,
    status: open311Status(status),
    status_notes: r.statusNote,
    service_name: cat ? `${cat.nameId} / ${cat.nameEn}` : r.serviceCode,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: cat ? (ctx.catalog.agencyById.get(cat.agencyId)?.name ?? null) : null,
    service_notice: null,
    requested_datetime: r.submittedAt,
    updated_datetime: r.updatedAt,
    expected_datetime: null,
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.point ? r.point[1] : null,
    long: r.point ? r.point[0] : null,
    media_url: null,
  };
}

const opt = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

/** Checks the form's api_key before anything else: 403 in the spec's format. */
function apiKey(ctx: Ctx): RequestHandler {
  return (req, res, next) => {
    const key = (req.body as Record<string, unknown> | undefined)?.api_key;
    void (async () => {
      const p = typeof key === 'string' ? await principalFromKey(ctx, key) : null;
      if (!p || !hasScope(p, 'reports:write'))
        throw new HttpError(
          403,
          'forbidden',
          'api_key is missing, unknown, revoked or lacks the reports:write scope.',
        );
      res.locals.open311Key = p.kind === 'key' ? p.keyId : null;
    })().then(() => next(), next);
  };
}

function dateOr400(v: string | undefined, name: string): number | null {
  if (v === undefined || v === '') return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new HttpError(400, 'invalid_request', `${name} must be a w3 datetime.`);
  return t;
}

function bindings(ctx: Ctx): Binding[] {
  return [
    handle('get /open311/v2/services.json', () => REPORT_CATEGORIES.map(service)),
    handle('get /open311/v2/services/:code.json', ({ params }) => {
      const c = reportCategory(params.code ?? '');
      if (!c) throw new HttpError(404, 'not_found', `No service "${params.code}".`);
      return { service_code: c.code, attributes: [] };
    }),
    handle(
      'post /open311/v2/requests.json',
      async ({ body, req, res }) => {
        const hasPoint = body.lat !== undefined && body.long !== undefined;
        if (!hasPoint)
          throw new HttpError(
            400,
            'no_location',
            'lat and long are required (address_string alone cannot be located).',
          );
        const name = [opt(body.first_name), opt(body.last_name)].filter(Boolean).join(' ');
        const r = await submitReport(ctx, {
          serviceCode: body.service_code,
          description: body.description ?? '',
          point: [body.long as number, body.lat as number],
          kelurahanCode: null,
          address: opt(body.address_string),
          mediaUrl: opt(body.media_url),
          channel: 'open311',
          keyId: (res.locals.open311Key as string | null) ?? null,
          contact: { email: opt(body.email), phone: opt(body.phone), name: name || null, ip: req.ip ?? null },
        });
        return [{ service_request_id: r.id, service_notice: NOTICE, account_id: null }];
      },
      { before: [apiKey(ctx)] },
    ),
    handle('get /open311/v2/requests.json', async ({ query }) => {
      const ids = query.service_request_id
        ? new Set(query.service_request_id.split(',').map((s) => s.trim()))
        : null;
      const codes = query.service_code ? new Set(query.service_code.split(',').map((s) => s.trim())) : null;
      const status = query.status?.trim() ? query.status.split(',').map((s) => s.trim()) : null;
      if (status?.some((s) => s !== 'open' && s !== 'closed'))
        throw new HttpError(400, 'invalid_request', 'status must be open or closed.');
      let from = dateOr400(query.start_date, 'start_date');
      const to = dateOr400(query.end_date, 'end_date');
      if (!ids && from === null) from = (to ?? ctx.now().getTime()) - DEFAULT_DAYS * 86_400_000;
      const out: z.infer<typeof Open311RequestSchema>[] = [];
      const keep = async (r: Report): Promise<boolean | 'stop'> => {
        const t = Date.parse(r.submittedAt);
        // Newest first: past the window's start, nothing older can match.
        if (from !== null && t < from) return ids ? false : 'stop';
        if (codes && !codes.has(r.serviceCode)) return false;
        if (to !== null && t > to) return false;
        const p = await presentOpen311(ctx, r);
        if (status && !status.includes(p.status)) return false;
        out.push(p);
        return true;
      };
      if (ids) {
        const found = await Promise.all([...ids].slice(0, MAX_RESULTS).map((id) => getReport(ctx, id)));
        const sorted = found
          .filter((r): r is Report => r !== null)
          .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
        for (const r of sorted) await keep(r);
      } else
        await walkReports(
          ctx,
          IX.reports.all,
          keep,
          MAX_RESULTS,
          undefined,
          to === null ? null : notAfter(new Date(to).toISOString()),
        );
      // The index orders reports of one millisecond lowest number first: highest first, as everywhere.
      return out.sort(
        (a, b) =>
          b.requested_datetime.localeCompare(a.requested_datetime) ||
          b.service_request_id.localeCompare(a.service_request_id),
      );
    }),
    handle('get /open311/v2/requests/:id.json', async ({ params }) => {
      const r = await getReport(ctx, params.id ?? '');
      if (!r) throw new HttpError(404, 'not_found', `No service request ${params.id}.`);
      return [await presentOpen311(ctx, r)];
    }),
  ];
}

/** Any error in the spec's format. */
function open311Errors(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const env = toEnvelope(err);
    if (env.unexpected) log.error({ err, path: req.path }, 'open311 request failed');
    const issues = env.error.issues?.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) ?? [];
    res
      .status(env.status)
      .set(env.headers)
      .json([{ code: env.status, description: [env.error.message, ...issues].join(' ') }]);
  };
}

/** Mounts Open311 under /open311/v2 on `app`; returns the keys bound. */
export function mountOpen311(ctx: Ctx, app: Router): RouteKey[] {
  const r = express.Router();
  r.use(express.urlencoded({ extended: false, limit: '64kb' }));
  const bound = mountRoutes(ctx, r, bindings(ctx), PREFIX);
  r.use((req, _res, next) =>
    next(
      req.path.endsWith('.xml')
        ? new HttpError(400, 'unsupported_format', 'Only the JSON format is served: use .json.')
        : new HttpError(404, 'not_found', 'No such Open311 endpoint.'),
    ),
  );
  r.use(open311Errors(ctx.log));
  app.use(PREFIX, r);
  return bound;
}
