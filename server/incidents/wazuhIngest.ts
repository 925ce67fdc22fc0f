import type { Request } from 'express';
import { WazuhAlertSchema, type WazuhAlert } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { HttpError, ValidationError } from '../errors.js';
import { parseBatch } from '../http/ingest.js';
import { refuseFuture } from '../http/instants.js';
import { checkMapped } from './feeds.js';
import { recordIncidents, type IngestResult } from './incidents.js';
import { foldId, foldIncident, wazuhSeverity, type WazuhFold } from './wazuh.js';
import { routeAgent, wazuhAgentsOf } from './wazuhAgents.js';

/** What a Wazuh ingest did; `ignored` says how many alerts were below the recorded levels. */
export type WazuhIngestResult = IngestResult & { ignored?: string };

/**
 * Parses a Wazuh alert or an array of them (up to MAX_BATCH). Anything else — JSON that is not a
 * Wazuh alert, an empty array — is a 422 `not_wazuh_alert` listing every issue (`[index, …path]`
 * for arrays); nothing is written.
 */
export function parseWazuh(req: Request): { alerts: WazuhAlert[]; isArray: boolean } {
  try {
    const { items, isArray } = parseBatch(req, WazuhAlertSchema);
    return { alerts: items, isArray };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new HttpError(
      422,
      'not_wazuh_alert',
      'The body is not a Wazuh alert (or an array of them) as the Wazuh integrator writes it; nothing was written.',
      { issues: err.extra.issues ?? [] },
    );
  }
}

/**
 * Records Wazuh alerts as incidents: alerts below level 4 are not recorded; the rest are grouped by
 * fold id (one rule on one agent within `PANTAU_WAZUH_FOLD_MINUTES`) and each fold is written into
 * the incident stored under that id — counted, never duplicated, a redelivered alert (same alert
 * id) counted once — in one atomic commit with their alerts, acknowledged only after it.
 */
export async function ingestWazuh(
  ctx: Ctx,
  alerts: WazuhAlert[],
  isArray: boolean,
  writer: { source: string; owner: string },
): Promise<WazuhIngestResult> {
  const at = (i: number) => (isArray ? [i] : []);
  refuseFuture(
    ctx,
    alerts.map((a, i) => ({ path: [...at(i), 'timestamp'], at: a.timestamp })),
  );
  const map = wazuhAgentsOf(ctx);
  const minutes = ctx.config.wazuhFoldMinutes;
  const folds = new Map<string, WazuhFold & { first: number }>();
  let ignored = 0;
  alerts.forEach((a, i) => {
    if (wazuhSeverity(a.rule.level) === null) {
      ignored++;
      return;
    }
    const id = foldId(a, minutes);
    const fold = folds.get(id);
    if (fold) fold.alerts.push(a);
    else
      folds.set(id, {
        id,
        alerts: [a],
        agent: routeAgent(map, ctx.catalog, a.agent),
        foldMinutes: minutes,
        first: i,
      });
  });
  const list = [...folds.values()];
  // A fold that cannot make a valid incident is the sender's fault: 422 at its first alert.
  const inputs = list.map((f) => {
    const made = foldIncident(f, null);
    if (!made) throw new Error(`fold ${f.id} has no alert`);
    return checkMapped(made.input, 'unmappable_alert', at(f.first));
  });
  const result: WazuhIngestResult = inputs.length
    ? await recordIncidents(ctx, inputs, {
        ...writer,
        isArray,
        at: (n) => [...at(list[n]?.first ?? 0), 'agent', 'id'],
        fold: (input, prev) => {
          const f = folds.get(input.id);
          return f ? foldIncident(f, prev) : { input, repeatCount: prev?.repeatCount ?? 0 };
        },
      })
    : { ids: [], created: 0, updated: 0, repeated: 0 };
  if (ignored)
    result.ignored = `${ignored} alert${ignored === 1 ? '' : 's'} below level 4 (successful or low-priority events) not recorded`;
  return result;
}
