import { toCsv } from '../../shared/csv.js';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { compareIds, type StoredEvent } from '../store/store.js';

/** At most this long a window per export (a day's events of a busy city stay a few MB). */
const MAX_WINDOW_MS = 31 * 86_400_000;
const BATCH = 2_000;

/** What each logged event is about, for the CSV columns. */
function summary(
  type: string,
  json: string,
): { id: string; status: string; title: string; agencyId: string } {
  const d = JSON.parse(json) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    id: s(d.id) || s(d.serviceId) || s(d.appId),
    status: s(d.status),
    title: s(d.title) || (type === 'usage' ? `${s(d.metric)}=${String(d.value)}` : ''),
    agencyId: s(d.agencyId),
  };
}

/**
 * `GET /events/export?from&to&format=ndjson|csv` (admins and supervisors): every logged change of a
 * time window, in order, for an after-action review beside the replay — streamed in batches, so
 * its cost is the window's, never the whole log's. What the store no longer keeps is read from the
 * archive.
 */
export function eventsBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /api/v1/events/export', async ({ query: q, res }) => {
      const from = Date.parse(q.from);
      const to = Date.parse(q.to);
      if (to < from) throw new ValidationError([{ path: ['to'], message: 'must not be before from' }]);
      if (to - from > MAX_WINDOW_MS)
        throw new ValidationError([{ path: ['to'], message: 'a window of at most 31 days' }]);
      const stamp = `${q.from.slice(0, 16)}_${q.to.slice(0, 16)}`.replace(/[:]/g, '');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="pantau-events-${stamp}.${q.format === 'csv' ? 'csv' : 'ndjson'}"`,
      );
      res.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
      if (q.format === 'csv')
        res.write(`\uFEFF${toCsv(['at', 'event', 'type', 'id', 'status', 'agency', 'title'], [])}`);
      const write = (e: StoredEvent) => {
        const at = new Date(Number(e.id.split('-')[0])).toISOString();
        if (q.format === 'ndjson')
          res.write(
            `${JSON.stringify({ at, event: e.id, type: e.type, data: JSON.parse(e.json) as unknown })}\n`,
          );
        else {
          const x = summary(e.type, e.json);
          res.write(toCsv([], [[at, e.id, e.type, x.id, x.status, x.agencyId, x.title]]));
        }
      };
      // Stream ids are milliseconds: start just before `from`.
      let after = `${from - 1}-18446744073709551615`;
      // The part of the window the store no longer keeps comes from the archive (hourly files).
      const [first] = await ctx.store.readEvents('0', 1);
      if (ctx.archive && (!first || compareIds(first.id, after) > 0)) {
        for (;;) {
          const events = await ctx.archive.events(after, to, BATCH);
          const older = first ? events.filter((e) => compareIds(e.id, first.id) < 0) : events;
          older.forEach(write);
          after = older.at(-1)?.id ?? after;
          if (older.length < events.length || events.length < BATCH) break;
        }
      }
      for (;;) {
        const events = await ctx.store.readEvents(after, BATCH);
        const inWindow = events.filter((e) => Number(e.id.split('-')[0]) <= to);
        inWindow.forEach(write);
        if (inWindow.length < events.length || events.length < BATCH) break;
        after = events.at(-1)?.id ?? after;
      }
      res.end();
    }),
  ];
}
