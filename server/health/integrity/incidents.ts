import { createHash } from 'node:crypto';
import { MAX_DESCRIPTION_LENGTH, MAX_ID_LENGTH, MAX_TITLE_LENGTH } from '../../../shared/limits.js';
import {
  IncidentInputSchema,
  type IncidentCategory,
  type IncidentInput,
  type Service,
} from '../../../shared/schemas/index.js';
import { messageJobs } from '../../alerts/notify.js';
import { route } from '../../alerts/routing.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { Ctx } from '../../context.js';
import { CITY_CENTRE, clip, setAttr, type Attributes } from '../../incidents/feeds.js';
import { recordIncidents } from '../../incidents/incidents.js';
import { recipientFor } from '../../oncall/recipients.js';
import type { FindingKind } from './findings.js';
import type { KindChange, OpenKind } from './ledger.js';

/** The feed integrity incidents are written as (it alone may change them). */
export const INTEGRITY_WRITER = { source: 'integrity', owner: 'system:integrity', isArray: true } as const;

const CATEGORY: Record<FindingKind, IncidentCategory> = {
  defacement: 'cyber_defacement',
  spam: 'cyber_seo_spam',
  drift: 'cyber_defacement',
};
const TITLE: Record<FindingKind, string> = {
  defacement: 'situs diretas (deface)',
  spam: 'sisipan judi online / spam',
  drift: 'halaman berubah dari patokan',
};
const VIEW_WORDS = { browser: 'peramban', crawler: 'crawler (Googlebot)', referer: 'dari mesin pencari' };
const VISIBILITY_WORDS = { visible: 'terlihat', hidden: 'tersembunyi', cloaked: 'cloaking' };

/** The stable incident id of one kind of finding on one service (a hash stands in for a very long service id). */
export function incidentIdOf(serviceId: string, kind: FindingKind): string {
  const id = `integrity:${serviceId}:${kind}`;
  return id.length <= MAX_ID_LENGTH
    ? id
    : `integrity:${createHash('sha1').update(serviceId).digest('hex')}:${kind}`;
}

/**
 * The agency told besides the owner: whoever the routing rules name for the category when no owner
 * is asked for (Diskominfo by default, the city's CSIRT); null when that is the owner itself.
 */
export function csirtFor(catalog: Catalog, kind: FindingKind, owner: string): string | null {
  const a = route(catalog, { category: CATEGORY[kind], sourceKind: 'incident' });
  return a && a !== owner ? a : null;
}

/**
 * The incident of one kind on one service (pure): routed to the owning agency, placed at its office
 * (approximate: a website has no place), with the proof — each page, view, visibility and the
 * matched text in context — and when it was first seen (the incident's `lastSeenAt` is the last).
 * The text depends only on the proof, so a run that sees the same again is a repeat, not an update.
 */
export function incidentOf(
  catalog: Catalog,
  service: Service,
  kind: FindingKind,
  state: OpenKind,
  closed: boolean,
): IncidentInput {
  const agency = catalog.agencyById.get(service.agencyId);
  const lines = state.findings.map(
    (f) =>
      `- ${f.url} · ${VIEW_WORDS[f.view]} · ${VISIBILITY_WORDS[f.visibility]}${f.how ? ` (${f.how})` : ''}: «${f.snippet}»`,
  );
  const top = state.findings[0];
  const attributes: Attributes = { locationApproximate: true };
  setAttr(attributes, 'serviceId', service.id);
  setAttr(attributes, 'url', top?.url);
  setAttr(attributes, 'view', top?.view);
  setAttr(attributes, 'visibility', top?.visibility);
  setAttr(attributes, 'hiddenBy', top?.visibility === 'hidden' ? top.how : null);
  setAttr(attributes, 'snippet', top?.snippet);
  setAttr(attributes, 'terms', top?.terms.join(', '));
  setAttr(attributes, 'firstSeenAt', state.firstSeenAt);
  setAttr(attributes, 'informed', csirtFor(catalog, kind, service.agencyId));
  return {
    id: incidentIdOf(service.id, kind),
    title: clip(`${service.name}: ${TITLE[kind]}`, MAX_TITLE_LENGTH),
    description: clip(
      [`Bukti (halaman · tampilan · visibilitas):`, ...lines, `Pertama terlihat: ${state.firstSeenAt}`].join(
        '\n',
      ),
      MAX_DESCRIPTION_LENGTH,
      false,
    ),
    category: CATEGORY[kind],
    severity: state.severity,
    certainty: 'observed',
    location: agency?.location ?? CITY_CENTRE,
    occurredAt: state.firstSeenAt,
    agencyId: service.agencyId,
    attributes,
    ...(closed ? { status: 'closed' as const } : {}),
  };
}

/**
 * Writes a run's changes through the incident path (one batch: incidents, their alerts for the
 * owner, events), then tells the CSIRT agency's person on call about each newly opened kind — a
 * message with the proof, not a second alert to acknowledge.
 */
export async function recordChanges(ctx: Ctx, service: Service, changes: KindChange[]): Promise<void> {
  if (!changes.length) return;
  // Checked like any feed's incidents: a mapping bug fails this run loudly instead of storing a bad document.
  const inputs = changes.map((c) =>
    IncidentInputSchema.parse(incidentOf(ctx.catalog, service, c.kind, c.state, c.action === 'close')),
  );
  await recordIncidents(ctx, inputs, INTEGRITY_WRITER);
  for (const [i, c] of changes.entries()) {
    const csirt = csirtFor(ctx.catalog, c.kind, service.agencyId);
    const input = inputs[i];
    if (c.action !== 'open' || !csirt || !input) continue;
    const { recipient } = await recipientFor(ctx, { kind: 'oncall' }, csirt, ctx.now());
    if (!recipient) {
      ctx.log.warn({ serviceId: service.id, agencyId: csirt }, 'integrity: nobody on call to inform');
      continue;
    }
    const owner = ctx.catalog.agencyById.get(service.agencyId)?.shortName ?? service.agencyId;
    const jobs = messageJobs(
      ctx,
      `${input.id}:${c.state.firstSeenAt}:informed`,
      `[Pantau] Tembusan: ${input.title} — ${input.severity.toUpperCase()} — ditangani ${owner}\n${input.description ?? ''}`,
      { event: 'integrity.opened', incident: input },
      { alertId: '', agencyId: csirt },
      { recipient, broadcast: [] },
    );
    await ctx.store.commit({ puts: jobs.puts, zadds: jobs.zadds });
  }
}
