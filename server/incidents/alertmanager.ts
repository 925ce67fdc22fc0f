import type { z } from 'zod';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from '../../shared/limits.js';
import {
  AlertmanagerAlertSchema,
  AlertmanagerWebhookSchema,
  IdSchema,
  IncidentCategorySchema,
  type AlertmanagerWebhook,
  type IncidentCategory,
  type IncidentInput,
  type Severity,
} from '../../shared/schemas/index.js';
import { HttpError, ValidationError, zodIssues } from '../errors.js';
import {
  CITY_CENTRE,
  checkMapped,
  clip,
  lngLatFrom,
  setAttr,
  toUtcInstant,
  type Attributes,
} from './feeds.js';

/** Alertmanager's "no end yet" timestamp: the alert is still firing. */
export const AM_ZERO_TIME = '0001-01-01T00:00:00Z';

type AmAlert = z.infer<typeof AlertmanagerAlertSchema>;

/**
 * `labels.severity` → Pantau severity. Alertmanager has no fixed vocabulary; these are the common
 * ones: critical/page/emergency → extreme, error/high/major → severe, warning/medium → moderate,
 * info/low/none → minor; CAP words pass through; anything else is unknown (no alert opens).
 */
export function amSeverity(label: string | undefined): Severity {
  const v = (label ?? '').trim().toLowerCase();
  if (['critical', 'page', 'emergency', 'fatal', 'disaster', 'extreme'].includes(v)) return 'extreme';
  if (['error', 'high', 'major', 'severe'].includes(v)) return 'severe';
  if (['warning', 'warn', 'medium', 'average', 'moderate'].includes(v)) return 'moderate';
  if (['info', 'informational', 'information', 'low', 'none', 'minor', 'notice'].includes(v)) return 'minor';
  return 'unknown';
}

const OUTAGE =
  /probe|blackbox|down|unreachable|unavailable|outage|uptime|http_?check|ssl|certificate|latency|5xx|healthcheck/i;

/**
 * `cyber` or `service_outage`: a `category` label naming a cyber or outage category wins; else an
 * alertname or job that speaks of probes, downtime or reachability (e.g. ProbeFailure) is an outage.
 */
export function amCategory(labels: Record<string, string>): IncidentCategory {
  const explicit = IncidentCategorySchema.safeParse(labels.category);
  if (explicit.success && (explicit.data === 'service_outage' || explicit.data.startsWith('cyber')))
    return explicit.data;
  return OUTAGE.test(labels.alertname ?? '') || OUTAGE.test(labels.job ?? '') ? 'service_outage' : 'cyber';
}

function mapAlert(a: AmAlert, n: AlertmanagerWebhook): IncidentInput {
  const startsAt = toUtcInstant(a.startsAt) ?? a.startsAt;
  const labels = a.labels;
  const location = lngLatFrom(labels.lat ?? labels.latitude, labels.lon ?? labels.lng ?? labels.longitude);
  const attributes: Attributes = {};
  setAttr(attributes, 'alertname', labels.alertname);
  setAttr(attributes, 'instance', labels.instance);
  setAttr(attributes, 'job', labels.job);
  setAttr(attributes, 'severityLabel', labels.severity);
  setAttr(attributes, 'fingerprint', a.fingerprint);
  setAttr(attributes, 'groupKey', n.groupKey);
  setAttr(attributes, 'receiver', n.receiver);
  setAttr(attributes, 'generatorURL', a.generatorURL);
  if (a.endsAt && a.endsAt !== AM_ZERO_TIME) setAttr(attributes, 'endsAt', toUtcInstant(a.endsAt));
  if (!location) setAttr(attributes, 'locationApproximate', true);
  const agency = IdSchema.safeParse(labels.agency);
  const description = a.annotations.description ?? a.annotations.message;
  return {
    id: `am:${a.fingerprint}:${startsAt}`,
    title:
      [a.annotations.summary, labels.alertname].map((t) => clip(t ?? '', MAX_TITLE_LENGTH)).find(Boolean) ??
      `Alertmanager alert ${a.fingerprint}`,
    ...(description ? { description: clip(description, MAX_DESCRIPTION_LENGTH, false) } : {}),
    category: amCategory(labels),
    severity: amSeverity(labels.severity),
    location: location ?? CITY_CENTRE,
    occurredAt: startsAt,
    ...(agency.success ? { agencyId: agency.data } : {}),
    status: (a.status ?? n.status) === 'resolved' ? 'closed' : 'open',
    attributes,
  };
}

/**
 * Validates an Alertmanager v4 webhook body and maps each alert to an incident
 * (`am:<fingerprint>:<startsAt>`; resolved → closed). Another version is a 422, a bad body a 400.
 */
export function parseAlertmanager(body: unknown): IncidentInput[] {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const version: unknown = (body as Record<string, unknown>).version;
    if (version !== '4') {
      throw new HttpError(
        422,
        'unsupported_version',
        'Only Alertmanager webhook version "4" is understood; nothing was written.',
        {
          issues: [
            {
              path: ['version'],
              message: `expected "4", got ${clip(JSON.stringify(version) ?? 'nothing', 40)}`,
            },
          ],
        },
      );
    }
  }
  const r = AlertmanagerWebhookSchema.safeParse(body);
  if (!r.success) throw new ValidationError(zodIssues(r.error));
  const notification = r.data;
  return notification.alerts.map((a, i) =>
    checkMapped(mapAlert(a, notification), 'unmappable_alert', ['alerts', i]),
  );
}
