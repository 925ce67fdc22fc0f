import { z } from 'zod';
import {
  AlertmanagerWebhookSchema,
  EventsExportQuerySchema,
  IncidentInputSchema,
  IncidentSchema,
  WazuhAlertSchema,
} from '../schemas/index.js';
import { ListQuerySchema } from './list.js';
import { auth, ok, pageOf, dataOf, routes, batchOf } from './route.js';

/** What an incident ingest stored; `ignored` says why a valid CAP document (or some Wazuh alerts) wrote nothing. */
const IngestResultSchema = z.looseObject({
  ids: z.array(z.string()),
  created: z.number().int(),
  updated: z.number().int(),
  repeated: z.number().int(),
  ignored: z.string().optional(),
});

const CAP_BODY = 'A CAP 1.2 alert document (Alert, Update or Cancel; only `Actual` messages are recorded)';

/** Incident ingest (native JSON, CAP 1.2, Alertmanager, Wazuh), the incident list and the event export. */
export const incidentsRoutes = routes([
  {
    method: 'post',
    path: '/api/v1/incidents',
    summary:
      'Ingest incidents: JSON (one or a batch, atomic) or a CAP 1.2 document; a feed changes only what it created',
    auth: auth.scope('incidents:write'),
    body: batchOf(IncidentInputSchema),
    bodyTypes: { 'application/cap+xml': CAP_BODY, 'application/xml': CAP_BODY, 'text/xml': CAP_BODY },
    responses: {
      202: { description: 'Recorded', schema: dataOf(IngestResultSchema) },
      409: { description: '`not_owner`: incidents created by another feed; nothing written' },
      422: { description: 'A CAP document that cannot be applied; nothing written' },
    },
    tags: ['incidents'],
  },
  {
    method: 'post',
    path: '/api/v1/ingest/alertmanager',
    summary: 'Ingest an Alertmanager webhook (version 4): each alert an incident, resolved ones closed',
    auth: auth.scope('incidents:write'),
    body: AlertmanagerWebhookSchema,
    responses: {
      202: { description: 'Recorded', schema: dataOf(IngestResultSchema) },
      409: { description: '`not_owner`: incidents created by another feed; nothing written' },
      422: { description: '`unsupported_version` or an alert that cannot be mapped; nothing written' },
    },
    tags: ['incidents'],
  },
  {
    method: 'post',
    path: '/api/v1/ingest/wazuh',
    summary:
      'Ingest Wazuh alerts as its integrator writes them (one or an array): rule level → severity, rule groups → category, agent → agency and service (PANTAU_WAZUH_AGENTS_FILE); repeats of one rule on one agent within PANTAU_WAZUH_FOLD_MINUTES fold into one incident with a count',
    auth: auth.scope('incidents:write'),
    body: batchOf(WazuhAlertSchema),
    responses: {
      202: {
        description:
          'Recorded; `ignored` counts alerts below level 4, which are not recorded; a redelivered alert (same id) is counted once',
        schema: dataOf(IngestResultSchema),
      },
      409: { description: '`not_owner`: incidents created by another feed; nothing written' },
      422: {
        description: '`not_wazuh_alert`: the body is not a Wazuh alert or an array of them; nothing written',
      },
    },
    tags: ['incidents'],
  },
  {
    method: 'get',
    path: '/api/v1/incidents',
    summary: 'List incidents, newest first; filters and cursor paging',
    auth: auth.action('incidents:read'),
    query: ListQuerySchema,
    responses: ok('A page of incidents (a liaison sees its own agency only)', pageOf(IncidentSchema)),
    tags: ['incidents'],
  },
  {
    method: 'get',
    path: '/api/v1/events/export',
    summary:
      'Every logged change of a window of at most 31 days, in order (archive included), for after-action review',
    auth: auth.action('audit:read'),
    query: EventsExportQuerySchema,
    responses: {
      200: {
        description:
          'An attachment: NDJSON, one `{ at, event, type, data }` per line (with `format=csv`: CSV at,event,type,id,status,agency,title)',
        contentType: 'application/x-ndjson',
      },
    },
    tags: ['incidents'],
  },
]);
