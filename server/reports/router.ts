/** The console's triage queue and the block list (operators triage; supervisors edit the block list). */
import { httpActor } from '../auth/audit.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { addBlock, listBlocks, removeBlock } from './blocks.js';
import { followSoon } from './follow.js';
import { readPhoto } from './photos.js';
import { effectiveStatus, getReport, listReports, similarReports } from './reports.js';
import { mergeReport, rejectReport, verifyReport } from './triage.js';

/** The triage list shows this many reports at most (newest first). */
const LIST_LIMIT = 500;

/** Passes a triaged report on, after asking for its reporter to be told soon. */
function told<T>(ctx: Ctx, r: T): T {
  followSoon(ctx);
  return r;
}

/** The triage queue's routes. */
export function reportBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /api/v1/reports', async ({ query }) => ({
      data: { items: await listReports(ctx, query.status, LIST_LIMIT) },
    })),
    handle('get /api/v1/reports/:id/similar', async ({ params }) => {
      const r = await getReport(ctx, params.id ?? '');
      if (!r) throw new HttpError(404, 'not_found', `No report ${params.id}.`);
      const items = await similarReports(ctx, r);
      // Each shows the status its incident gives it, like the list.
      for (const s of items) s.report = { ...s.report, status: await effectiveStatus(ctx, s.report, false) };
      return { data: { items } };
    }),
    handle('get /api/v1/reports/:id/photo', async ({ params, res }) => {
      const r = await getReport(ctx, params.id ?? '');
      const bytes = r?.photo ? await readPhoto(ctx.config.mediaDir, r.photo.id) : null;
      if (!bytes) throw new HttpError(404, 'not_found', 'No photo.');
      res.type('image/jpeg').set('Cache-Control', 'private, max-age=3600').send(bytes);
    }),
    // Each triage step tells the reporter soon (follow.ts).
    handle('post /api/v1/reports/:id/verify', async ({ params, body, req, principal }) => ({
      data: told(ctx, await verifyReport(ctx, params.id ?? '', body.note ?? null, httpActor(req, principal))),
    })),
    handle('post /api/v1/reports/:id/merge', async ({ params, body, req, principal }) => ({
      data: told(ctx, await mergeReport(ctx, params.id ?? '', body.into, httpActor(req, principal))),
    })),
    handle('post /api/v1/reports/:id/reject', async ({ params, body, req, principal }) => ({
      data: told(ctx, await rejectReport(ctx, params.id ?? '', body.reason, httpActor(req, principal))),
    })),
    handle('get /api/v1/report-blocks', async () => ({ data: { items: await listBlocks(ctx) } })),
    handle('post /api/v1/report-blocks', async ({ body, req, principal }) => ({
      data: await addBlock(ctx, body, httpActor(req, principal)),
    })),
    handle('delete /api/v1/report-blocks/:id', async ({ params, req, principal }) => {
      await removeBlock(ctx, params.id ?? '', httpActor(req, principal));
    }),
  ];
}
