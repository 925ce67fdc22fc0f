import type { Incident, IncidentInput, LngLat } from '../../shared/schemas/index.js';
import { polygonCentroid } from '../../shared/geo.js';
import { PlanScope, mergePuts, planAlert } from '../alerts/engine.js';
import { route } from '../alerts/routing.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, getDocs, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import type { DocPut, LogEvent, ZAdd } from '../store/store.js';

/** Severities that open an alert for the responsible agency. */
const ALERTING = new Set(['extreme', 'severe', 'moderate']);

/** The representative point of a location. */
export function representativePoint(loc: IncidentInput['location']): LngLat {
  if (Array.isArray(loc)) return loc;
  if (loc.type === 'point') return loc.coordinates;
  if (loc.type === 'circle') return loc.center;
  return polygonCentroid(loc.coordinates);
}

function locate(catalog: Catalog, input: IncidentInput, point: LngLat) {
  if (input.kelurahanCode && catalog.areas.kelurahan.some((k) => k.code === input.kelurahanCode)) {
    return {
      kelurahanCode: input.kelurahanCode,
      kecamatanCode: input.kelurahanCode.slice(0, 8),
      outsideCity: false,
    };
  }
  // A feed without a usable location gets the city centre as a placeholder: no area is derived from it.
  if (input.attributes?.locationApproximate === true)
    return { kelurahanCode: null, kecamatanCode: null, outsideCity: false };
  const hit = catalog.locate(point);
  return hit
    ? { ...hit, outsideCity: false }
    : { kelurahanCode: null, kecamatanCode: null, outsideCity: true };
}

function sameInput(a: Incident, input: IncidentInput, source: string): boolean {
  return (
    a.source === source &&
    a.title === input.title &&
    a.severity === input.severity &&
    a.category === input.category &&
    a.occurredAt === input.occurredAt &&
    (a.description ?? null) === (input.description ?? null) &&
    JSON.stringify(a.location) === JSON.stringify(input.location) &&
    (input.status === undefined || (input.status === 'closed') === (a.status === 'closed'))
  );
}

/** Builds the stored incident from input: new, a repeat (counter + last seen) or an update. */
export function buildIncident(
  catalog: Catalog,
  input: IncidentInput,
  source: string,
  now: string,
  prev: Incident | null,
): Incident {
  const { status: inputStatus, ...fields } = input;
  if (prev && sameInput(prev, input, source)) {
    return { ...prev, repeatCount: prev.repeatCount + 1, lastSeenAt: now, version: prev.version + 1 };
  }
  const point = representativePoint(input.location);
  const area = locate(catalog, input, point);
  const status = inputStatus === 'closed' ? 'closed' : 'open';
  const agencyId =
    route(catalog, {
      category: input.category,
      sourceKind: 'incident',
      kecamatanCode: area.kecamatanCode,
      kelurahanCode: area.kelurahanCode,
      requested: input.agencyId,
    }) ?? undefined;
  const entry = { at: now, status: prev ? (status === 'closed' ? 'closed' : 'updated') : 'open' } as const;
  return {
    ...fields,
    ...(agencyId ? { agencyId } : {}),
    status,
    point,
    ...area,
    source,
    receivedAt: prev?.receivedAt ?? now,
    updatedAt: now,
    repeatCount: prev?.repeatCount ?? 0,
    lastSeenAt: now,
    timeline: [...(prev?.timeline ?? []), entry].slice(-50),
    version: (prev?.version ?? 0) + 1,
  };
}

/** Result of an ingest: what was stored. */
export interface IngestResult {
  ids: string[];
  created: number;
  updated: number;
  repeated: number;
}

/** Who writes: the feed that owns what it creates (`key:<id>` for an API key, `system:<name>` for Pantau's own pollers). */
export interface Writer {
  source: string;
  owner: string;
  /** The body was an array: issues are located by index. */
  isArray?: boolean;
  /** Where input `i` sits in the request, when not `[i, 'id']` (e.g. an Alertmanager alert). */
  at?: (i: number) => (string | number)[];
  /**
   * Folds an input into the incident stored under its id (repeats a feed counts itself, e.g. one
   * Wazuh rule on one agent within a window): called inside the commit loop with what is stored,
   * so concurrent requests never lose a repeat. Returns the input to write and the repeat count
   * after it, or null when it adds nothing (a redelivery): then nothing is written for it.
   */
  fold?: (
    input: IncidentInput,
    prev: Incident | null,
  ) => { input: IncidentInput; repeatCount: number } | null;
}

/**
 * Refuses, before anything is written, an update of an incident another feed created: a key can
 * only change what it created (409 `not_owner`, the ids named). Incidents stored before owners
 * were recorded have none and are claimed by the next writer.
 */
function checkOwners(
  inputs: IncidentInput[],
  prevs: (Incident | null)[],
  unique: IncidentInput[],
  writer: Writer,
): void {
  const foreign = new Set(
    unique.filter((u, n) => prevs[n]?.owner && prevs[n]?.owner !== writer.owner).map((u) => u.id),
  );
  if (!foreign.size) return;
  const where = writer.at ?? ((i: number) => [...(writer.isArray ? [i] : []), 'id']);
  const issues = inputs.flatMap((it, i) =>
    foreign.has(it.id)
      ? [
          {
            path: where(i),
            message: `incident "${it.id}" belongs to another feed; only the feed that created it can change it`,
          },
        ]
      : [],
  );
  throw new HttpError(
    409,
    'not_owner',
    'These incidents were created by another feed; nothing was written.',
    { issues },
  );
}

/**
 * Records a batch of incidents atomically: incidents, their alerts and the events in one commit,
 * acknowledged only after the write. Repeats of a known id bump its counter, never duplicate it;
 * only the feed that created an incident may change it.
 */
export async function recordIncidents(
  ctx: Ctx,
  inputs: IncidentInput[],
  writer: Writer,
): Promise<IngestResult> {
  const { source, owner } = writer;
  // Within one batch, the last occurrence of an id wins.
  const unique = [...new Map(inputs.map((i) => [i.id, i])).values()];
  return commitWithRetry(async () => {
    const now = ctx.now().toISOString();
    const prevs = await getDocs<Incident>(
      ctx.store,
      COLL.incidents,
      unique.map((i) => i.id),
    );
    checkOwners(inputs, prevs, unique, writer);
    const puts: DocPut[] = [];
    const events: LogEvent[] = [];
    const zadds: ZAdd[] = [];
    const result: IngestResult = { ids: [], created: 0, updated: 0, repeated: 0 };
    // The batch's alert plans see each other: a burst in one request groups like one sent piecemeal.
    const scope = new PlanScope(ctx);
    for (const [n, given] of unique.entries()) {
      const prev = prevs[n] ?? null;
      const folded = writer.fold ? writer.fold(given, prev) : undefined;
      if (folded === null) {
        result.ids.push(given.id);
        continue;
      }
      const input = folded?.input ?? given;
      const built = buildIncident(ctx.catalog, input, source, now, prev);
      // A folded repeat is counted by the feed, and is no new step of the incident's timeline.
      const inc = {
        ...built,
        ...(folded ? { repeatCount: folded.repeatCount } : {}),
        ...(folded && prev && prev.status === built.status ? { timeline: prev.timeline } : {}),
        owner,
      };
      const put = putDoc(COLL.incidents, inc.id, inc, prev ? prev.version : 'absent');
      puts.push(put);
      // The event carries the document as stored: its JSON is written once.
      events.push({ type: 'incident', json: put.json });
      result.ids.push(inc.id);
      if (!prev) result.created++;
      else if (inc.repeatCount > prev.repeatCount) result.repeated++;
      else result.updated++;
      if (ALERTING.has(inc.severity) || prev) {
        const closed = inc.status !== 'open';
        if (!ALERTING.has(inc.severity) && !closed) continue;
        const plan = await planAlert(
          ctx,
          {
            dedupeKey: `incident:${inc.id}`,
            title: inc.title,
            severity: inc.severity,
            agencyId: inc.agencyId ?? null,
            sourceKind: 'incident',
            kelurahanCode: inc.kelurahanCode,
            location: inc.point,
            description: inc.description ?? null,
            groups: true,
            condition: closed ? 'cleared' : 'active',
            flapping: false,
            category: inc.category,
          },
          now,
          scope,
        );
        puts.push(...plan.puts);
        events.push(...plan.events);
        zadds.push(...plan.zadds);
      }
    }
    // Everything was a redelivery: nothing to write.
    if (!puts.length) return { result: { ok: true, eventIds: [] }, value: result };
    const res = await ctx.store.commit({ puts: mergePuts(puts), events, zadds });
    return { result: res, value: result };
  });
}
