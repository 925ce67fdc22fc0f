import { z } from 'zod';
import {
  AgencyInputSchema,
  AgencySchema,
  AppSchema,
  AreasSchema,
  InstantSchema,
  KecamatanCodeSchema,
  SnapshotSchema,
} from '../schemas/index.js';
import { IssueSchema, auth, created, dataOf, itemsOf, noContent, ok, routes, refusal } from './route.js';

/** `GET /snapshot`: `at` replays the live set as it was then (a past instant). */
export const SnapshotQuerySchema = z.object({ at: InstantSchema.optional() });

/** A stored configuration entry left out because it does not pass its schema (fix it with PUT, or DELETE it). */
export const InvalidEntrySchema = z.looseObject({
  /** `service`, `agency`, `escalation-policy`, `maintenance`. */
  kind: z.string(),
  id: z.string(),
  message: z.string(),
  issues: z.array(IssueSchema),
  /** The stored text, cut to a readable length. */
  raw: z.string(),
});

const KelurahanSchema = AreasSchema.shape.kelurahan.element;

/** `GET /areas`: the areas, each kecamatan with its kelurahan nested, and the flat kelurahan list. */
export const AreasAnswerSchema = z.looseObject({
  regency: AreasSchema.shape.regency,
  source: z.string(),
  kecamatan: z.array(
    z.looseObject({ code: KecamatanCodeSchema, name: z.string(), kelurahan: z.array(KelurahanSchema) }),
  ),
  kelurahan: z.array(KelurahanSchema),
});

// The answers the screens read, by name (each is also its route's declared schema below).
export const AgencyListResponseSchema = dataOf(
  z.looseObject({ items: z.array(AgencySchema), invalid: z.array(InvalidEntrySchema).optional() }),
);
export const InvalidEntryListResponseSchema = itemsOf(InvalidEntrySchema);
export const AreasResponseSchema = dataOf(AreasAnswerSchema);
export const SnapshotResponseSchema = dataOf(
  SnapshotSchema.extend({ replayAt: z.string().optional() }).loose(),
);

/** Reference data (agencies, areas, apps), agency edits, invalid stored configuration, and the snapshot. */
export const catalogRoutes = routes([
  {
    method: 'get',
    path: '/api/v1/agencies',
    summary:
      'The agencies in force (shipped list plus edits); to those who configure, also the stored edits left out as invalid. Any user or API key, not a display token',
    auth: auth.session,
    responses: ok('The agencies (`invalid` only for config:write)', AgencyListResponseSchema),
    tags: ['catalog'],
  },
  {
    method: 'post',
    path: '/api/v1/agencies',
    summary: 'Add an agency (audited)',
    auth: auth.action('config:write'),
    body: AgencyInputSchema,
    responses: {
      ...created('The agency, defaults applied', dataOf(AgencySchema)),
      409: refusal('The agency exists (use PUT), or it changed meanwhile'),
    },
    tags: ['catalog'],
  },
  {
    method: 'put',
    path: '/api/v1/agencies/:id',
    summary: 'Replace an agency, or fix one stored as invalid; the body id must be the path id (audited)',
    auth: auth.action('config:write'),
    body: AgencyInputSchema,
    responses: {
      ...ok('The agency, defaults applied', dataOf(AgencySchema)),
      409: refusal('The agency changed meanwhile; reload and retry'),
    },
    tags: ['catalog'],
  },
  {
    method: 'delete',
    path: '/api/v1/agencies/:id',
    summary:
      'Remove an agency no service, user or routing rule names, with its own escalation policy (audited)',
    auth: auth.action('config:write'),
    responses: {
      ...noContent('Deleted'),
      409: refusal('`in_use`: what still names the agency, as issues'),
    },
    tags: ['catalog'],
  },
  {
    method: 'get',
    path: '/api/v1/config/invalid',
    summary: 'Every stored configuration entry left out as invalid, by kind then id',
    auth: auth.action('config:write'),
    responses: ok('The invalid entries', InvalidEntryListResponseSchema),
    tags: ['catalog'],
  },
  {
    method: 'get',
    path: '/api/v1/areas',
    summary:
      'Kecamatan (each with its kelurahan) and kelurahan of the city, with Kemendagri codes. Any user or API key, not a display token',
    auth: auth.session,
    responses: ok('The areas', AreasResponseSchema),
    tags: ['catalog'],
  },
  {
    method: 'get',
    path: '/api/v1/apps',
    summary: 'The city apps whose usage is tracked. Any user or API key, not a display token',
    auth: auth.session,
    responses: ok('The apps', itemsOf(AppSchema)),
    tags: ['catalog'],
  },
  {
    method: 'get',
    path: '/api/v1/snapshot',
    summary: 'The current state a view starts from; `?at=<instant>` replays the state as it was then',
    auth: auth.action('snapshot:read'),
    query: SnapshotQuerySchema,
    responses: ok(
      'The snapshot (a liaison sees its own agency only); `replayAt` on a replay',
      SnapshotResponseSchema,
    ),
    tags: ['catalog'],
  },
]);
