import {
  PARTICIPATION_REPORT_DAYS,
  ParticipationSourceSchema,
  type UsageSample,
} from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { stopBefore } from '../http/list.js';
import { reportCounts } from '../reports/counts.js';
import { COLL } from '../store/docs.js';
import { IX, timeOfMember } from '../store/indexes.js';
import { decodeCursor, walkIndex, type Page } from '../store/walk.js';
import { computeAdoption } from './adoption.js';
import { computeParticipation } from './participation.js';
import { reportsParticipation } from './reportsParticipation.js';

/** How far back the adoption views look: the year trend's start, and a little more. */
const WINDOW_MS = 366 * 86_400_000;

/**
 * Each app's samples of the year up to its newest one (what adoption, its trends and participation
 * need), from the app's time index: the cost is a year's samples, never all the history stored.
 */
export async function readSamples(ctx: Ctx): Promise<UsageSample[]> {
  const out: UsageSample[] = [];
  for (const app of ctx.catalog.apps) {
    const [newest] = await ctx.store.lexRange(IX.usage.app(app.id), null, 1);
    // (An app whose every sample is archived reports nothing current, as its feed has long been silent.)
    if (!newest) continue;
    const stopAt = stopBefore(new Date(timeOfMember(newest) - WINDOW_MS).toISOString());
    let after: string | null = null;
    do {
      const page: Page<UsageSample> = await walkIndex<UsageSample>(ctx.store, {
        coll: COLL.usage,
        index: IX.usage.app(app.id),
        archive: ctx.archive ?? null,
        after,
        limit: 500,
        ...(stopAt ? { stopAt } : {}),
        keep: () => true,
      });
      out.push(...page.items);
      after = decodeCursor(page.nextCursor ?? undefined);
    } while (after !== null);
  }
  return out;
}

/**
 * `GET /usage/adoption` and `GET /usage/participation` for every logged-in user and display:
 * participation from app usage (`?appId=&metric=`, the default) or citizen reports (`?source=reports&days=`).
 */
export function adoptionBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /api/v1/usage/adoption', async () => ({
      data: { at: ctx.now().toISOString(), ...computeAdoption(ctx.catalog, await readSamples(ctx)) },
    })),
    handle('get /api/v1/usage/participation', async ({ query: q }) => {
      if (q.source === ParticipationSourceSchema.enum.reports) {
        const counts = await reportCounts(ctx, q.days ?? PARTICIPATION_REPORT_DAYS);
        return { data: reportsParticipation(ctx.catalog, counts, ctx.now().toISOString()) };
      }
      if (q.appId && !ctx.catalog.appById.has(q.appId))
        throw new ValidationError([{ path: ['appId'], message: `unknown app "${q.appId}"` }]);
      return {
        data: {
          source: ParticipationSourceSchema.enum.usage,
          ...computeParticipation(ctx.catalog, await readSamples(ctx), q.appId, q.metric),
        },
      };
    }),
  ];
}
