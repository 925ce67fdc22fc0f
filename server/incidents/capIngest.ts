import type { Incident, IncidentInput } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { refuseFuture } from '../http/instants.js';
import { COLL, getDocs } from '../store/docs.js';
import { parseCap, type CapMessage } from './cap.js';
import { recordIncidents, type IngestResult } from './incidents.js';

/** What a CAP ingest did; `ignored` says why nothing was written although the document was valid. */
export type CapIngestResult = IngestResult & { ignored?: string };

/** How far ahead a CAP message's onset (the expected start of the event) may lie. */
const CAP_ONSET_AHEAD_MS = 7 * 86_400_000;

const NOTHING: IngestResult = { ids: [], created: 0, updated: 0, repeated: 0 };

/** The incident input fields of a stored incident (to close it when a Cancel carries no `<info>`). */
function inputOf(inc: Incident): IncidentInput {
  return {
    id: inc.id,
    title: inc.title,
    ...(inc.description !== undefined ? { description: inc.description } : {}),
    category: inc.category,
    severity: inc.severity,
    ...(inc.urgency ? { urgency: inc.urgency } : {}),
    ...(inc.certainty ? { certainty: inc.certainty } : {}),
    location: inc.location,
    occurredAt: inc.occurredAt,
    ...(inc.agencyId ? { agencyId: inc.agencyId } : {}),
    ...(inc.attributes ? { attributes: inc.attributes } : {}),
  };
}

/** The incident an Update/Cancel applies to: the oldest referenced one already known, else the oldest referenced. */
async function target(ctx: Ctx, msg: CapMessage): Promise<{ id: string; existing: Incident | null }> {
  const ids = msg.msgType === 'Alert' ? [msg.id] : msg.references.map((r) => r.id);
  const docs = await getDocs<Incident>(ctx.store, COLL.incidents, ids);
  const n = docs.findIndex((d) => d !== null);
  return { id: ids[Math.max(0, n)] ?? msg.id, existing: n >= 0 ? (docs[n] ?? null) : null };
}

/**
 * Ingests one CAP 1.2 document: an Alert records its incident, an Update applies its content to
 * the referenced (earlier) incident, a Cancel closes it. Only `Actual` messages are recorded; a
 * message older than the one an incident already reflects is ignored (late or out-of-order delivery).
 */
export async function ingestCap(ctx: Ctx, xml: unknown, owner: string): Promise<CapIngestResult> {
  const msg = parseCap(xml);
  // `sent` is when the sender sent it: never later than now (give or take the allowed skew). The
  // event itself may lie ahead (a warning's onset), but within a week, never years away.
  refuseFuture(ctx, [{ path: ['sent'], at: msg.sent }]);
  if (msg.input)
    refuseFuture(ctx, [{ path: ['info', 'onset'], at: msg.input.occurredAt }], CAP_ONSET_AHEAD_MS);
  if (msg.status !== 'Actual') return { ...NOTHING, ignored: `CAP status ${msg.status} is not recorded` };
  const { id, existing } = await target(ctx, msg);
  const seen = existing?.attributes?.capSent;
  if (typeof seen === 'string' && seen > msg.sent)
    return { ...NOTHING, ignored: `incident ${id} already reflects a later message (${seen})` };
  let input: IncidentInput;
  if (msg.msgType === 'Cancel') {
    const base = existing ? inputOf(existing) : msg.input;
    if (!base) {
      throw new HttpError(
        422,
        'unknown_reference',
        'The Cancel refers to no known incident and carries no <info>; nothing was written.',
        {
          issues: [{ path: ['references'], message: 'no referenced incident is known' }],
        },
      );
    }
    const attributes = {
      ...base.attributes,
      msgType: 'Cancel',
      capIdentifier: msg.identifier,
      capSent: msg.sent,
    };
    input = { ...base, attributes, status: 'closed' };
  } else {
    if (!msg.input)
      throw new HttpError(422, 'not_cap_alert', 'The alert carries no <info>; nothing was written.');
    input = msg.input;
  }
  return recordIncidents(ctx, [{ ...input, id }], { source: `cap:${msg.sender}`.slice(0, 100), owner });
}
