/**
 * On-call schedules: each agency's rotation (and head), and the command center's supervisors'
 * rotation. Stored one document per schedule, edited whole with an optimistic version, audited.
 * Reads go to the store each time (one small document): on-call answers and notifications must see
 * an edit at once on every instance.
 */
import {
  COMMAND_CENTER_SCHEDULE,
  OnCallScheduleSchema,
  type OnCallSchedule,
  type OnCallScheduleInputSchema,
} from '../../shared/schemas/index.js';
import type { z } from 'zod';
import { actorOf, auditEntry } from '../auth/audit.js';
import type { Principal } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { ConflictError, HttpError, ValidationError, type Issue } from '../errors.js';
import { COLL, putDoc } from '../store/docs.js';
import { listUsers } from '../auth/users.js';

/** The schedule of a place nobody has set up yet. */
export function emptySchedule(id: string): OnCallSchedule {
  return { id, layers: [], overrides: [], headUserId: null, updatedAt: null, updatedBy: null, version: 0 };
}

/** Whether a schedule id names something that can have one: an agency in force or the command center. */
export function knownSchedule(ctx: Ctx, id: string): boolean {
  return id === COMMAND_CENTER_SCHEDULE || ctx.catalog.agencyById.has(id);
}

/** The stored schedule, or the empty one; a stored document that no longer parses counts as empty. */
export async function readSchedule(ctx: Pick<Ctx, 'store'>, id: string): Promise<OnCallSchedule> {
  const json = await ctx.store.get(COLL.oncallSchedules, id);
  if (json === null) return emptySchedule(id);
  const r = OnCallScheduleSchema.safeParse(JSON.parse(json));
  return r.success ? r.data : emptySchedule(id);
}

/**
 * Replaces a schedule. Everyone named must be an enabled user; in an agency's schedule, a user of
 * that agency or one without an agency (a city-wide stand-in). Audited with before and after.
 */
export async function saveSchedule(
  ctx: Ctx,
  id: string,
  input: z.output<typeof OnCallScheduleInputSchema>,
  by: { principal: Principal | null; ip: string | null },
): Promise<OnCallSchedule> {
  const users = new Map((await listUsers(ctx)).map((u) => [u.id, u]));
  const issues: Issue[] = [];
  const check = (userId: string, path: (string | number)[]) => {
    const u = users.get(userId);
    if (!u) issues.push({ path, message: `unknown user "${userId}"` });
    else if (u.disabled) issues.push({ path, message: `user "${u.username}" is disabled` });
    else if (id !== COMMAND_CENTER_SCHEDULE && u.agencyId !== null && u.agencyId !== id)
      issues.push({ path, message: `user "${u.username}" belongs to another agency (${u.agencyId})` });
  };
  input.layers.forEach((l, i) => l.userIds.forEach((u, j) => check(u, ['layers', i, 'userIds', j])));
  input.overrides.forEach((o, i) => check(o.userId, ['overrides', i, 'userId']));
  if (input.headUserId) check(input.headUserId, ['headUserId']);
  if (issues.length) throw new ValidationError(issues);

  const cur = await readSchedule(ctx, id);
  if (input.expectedVersion !== undefined && input.expectedVersion !== cur.version)
    throw new ConflictError(
      `The schedule changed meanwhile (now version ${cur.version}); reload and retry.`,
      {
        current: cur,
      },
    );
  const next: OnCallSchedule = {
    id,
    layers: input.layers,
    overrides: input.overrides,
    headUserId: input.headUserId,
    updatedAt: ctx.now().toISOString(),
    updatedBy: by.principal?.kind === 'user' ? by.principal.username : null,
    version: cur.version + 1,
  };
  const entry = auditEntry(ctx, {
    action: 'oncall.update',
    actor: actorOf(by.principal),
    ip: by.ip,
    channel: 'http',
    target: id,
    details: { before: cur, after: next },
  });
  const res = await ctx.store.commit({
    puts: [
      putDoc(COLL.oncallSchedules, id, next, cur.version === 0 ? 'absent' : cur.version),
      putDoc(COLL.audit, entry.id, entry, 'absent'),
    ],
  });
  if (!res.ok) throw new ConflictError('The schedule changed meanwhile; reload and retry.');
  return next;
}

/** 404 unless the id names an agency in force or the command center. */
export function requireSchedule(ctx: Ctx, id: string): void {
  if (!knownSchedule(ctx, id)) throw new HttpError(404, 'not_found', `No such agency "${id}".`);
}
