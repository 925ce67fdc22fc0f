import { z } from 'zod';
import { ScorecardValueInputSchema, type ScorecardStoredValue } from '../../shared/schemas/index.js';
import { actorOf, auditEntry } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { HttpError, ValidationError } from '../errors.js';
import { requireStore } from '../http/ingestGuards.js';
import { handle, type Binding } from '../http/routes.js';
import { parseOr400 } from '../http/validate.js';
import { COLL, getDoc, putDoc } from '../store/docs.js';
import { commitWithRetry } from '../store/retry.js';
import { SCORECARD_VALUES_COLL, computeScorecard, loadIndicators } from './scorecard.js';

const ParamsSchema = z.object({
  indicatorId: z.string().min(1).max(128),
  year: z.coerce.number().int().min(1990).max(2100),
});
type StoredDoc = ScorecardStoredValue & { version: number };

/**
 * Enters (or corrects) an indicator's value for a year, with its source; audited in the same commit
 * (before and after). Only indicators measured by entry accept values.
 */
export async function enterScorecardValue(
  ctx: Ctx,
  indicatorId: string,
  year: number,
  input: z.infer<typeof ScorecardValueInputSchema>,
  audit: { actor: ReturnType<typeof actorOf>; ip: string | null },
): Promise<StoredDoc> {
  const ind = loadIndicators().find((i) => i.id === indicatorId);
  if (!ind) throw new HttpError(404, 'not_found', `No scorecard indicator "${indicatorId}".`);
  if (ind.measure !== 'entered')
    throw new ValidationError([
      { path: ['indicatorId'], message: `"${indicatorId}" is computed live by Pantau; it cannot be entered` },
    ]);
  const id = `${indicatorId}:${year}`;
  return commitWithRetry(async () => {
    const prev = await getDoc<StoredDoc>(ctx.store, SCORECARD_VALUES_COLL, id);
    const doc: StoredDoc = {
      indicatorId,
      year,
      value: input.value,
      source: input.source,
      enteredBy: audit.actor.name,
      enteredAt: ctx.now().toISOString(),
      version: (prev?.version ?? 0) + 1,
    };
    const entry = auditEntry(ctx, {
      action: 'scorecard.value.set',
      actor: audit.actor,
      ip: audit.ip,
      channel: 'http',
      target: `scorecard:${id}`,
      details: {
        before: prev ? { value: prev.value, source: prev.source } : null,
        after: { value: doc.value, source: doc.source },
      },
    });
    const result = await ctx.store.commit({
      puts: [
        putDoc(SCORECARD_VALUES_COLL, id, doc, prev ? prev.version : 'absent'),
        putDoc(COLL.audit, entry.id, entry, 'absent'),
      ],
    });
    return { result, value: doc };
  });
}

/** `GET /scorecard` (any logged-in user or display) and `PUT /scorecard/:indicatorId/values/:year` (supervisor/admin). */
export function scorecardBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /api/v1/scorecard', async () => ({ data: await computeScorecard(ctx) })),
    handle(
      'put /api/v1/scorecard/:indicatorId/values/:year',
      async ({ params: raw, body: input, principal, req }) => {
        const params = parseOr400(ParamsSchema, raw);
        const doc = await enterScorecardValue(ctx, params.indicatorId, params.year, input, {
          actor: actorOf(principal),
          ip: req.ip ?? null,
        });
        return { data: doc };
      },
      { before: [requireStore(ctx.store)] },
    ),
  ];
}
