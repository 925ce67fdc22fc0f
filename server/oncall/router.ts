import { onCallAt, shiftsBetween } from '../../shared/oncall.js';
import { COMMAND_CENTER_SCHEDULE, type OnCallAnswer } from '../../shared/schemas/index.js';
import { httpActor } from '../auth/audit.js';
import { can, type Principal } from '../auth/policy.js';
import { listUsers, presentUser, updateUser, type User } from '../auth/users.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { COLL, getDoc } from '../store/docs.js';
import { handle, type Binding } from '../http/routes.js';
import { channelSettings } from '../notify/channels.js';
import { presentPerson } from './recipients.js';
import { readSchedule, requireSchedule, saveSchedule } from './schedules.js';

/** How far ahead the on-call answer lists shifts. */
const SHIFTS_AHEAD_MS = 14 * 24 * 3_600_000;

/** Contacts are shown to those who configure, and to the schedule's own agency. */
function seesContacts(p: Principal | null, scheduleId: string): boolean {
  return can(p, 'config:write') || (p?.kind === 'user' && p.agencyId === scheduleId);
}

/** Who is on call for a schedule at an instant, until when, who is next, and the coming shifts. */
async function onCallAnswer(
  ctx: Ctx,
  id: string,
  at: Date,
  viewer: Principal | null,
  users?: Map<string, User>,
): Promise<OnCallAnswer> {
  const schedule = await readSchedule(ctx, id);
  const byId = users ?? new Map((await listUsers(ctx)).map((u) => [u.id, u]));
  const settings = channelSettings(ctx);
  const withContacts = seesContacts(viewer, id);
  const person = (userId: string | null | undefined) => {
    const u = userId ? byId.get(userId) : undefined;
    return u ? presentPerson(u, settings, withContacts) : null;
  };
  const now = onCallAt(schedule, at);
  const shifts = shiftsBetween(schedule, at, at.getTime() + SHIFTS_AHEAD_MS);
  const current = now ? shifts[0] : undefined;
  const following = shifts.find((s) => s.userId !== now?.userId && Date.parse(s.from) > at.getTime());
  const nextPerson = following ? person(following.userId) : null;
  return {
    scheduleId: id,
    at: at.toISOString(),
    onCall: person(now?.userId),
    layer: now?.layer ?? null,
    source: now?.source ?? 'none',
    until: current?.to ?? null,
    next: following && nextPerson ? { person: nextPerson, from: following.from } : null,
    head: person(schedule.headUserId),
    shifts,
    schedule,
  };
}

/** A person's own profile as `/auth/me/profile` and `PATCH /auth/me` answer it. */
function profileOf(user: User) {
  const shown = presentUser(user);
  return {
    id: shown.id,
    username: shown.username,
    role: shown.role,
    agencyId: shown.agencyId,
    displayName: shown.displayName,
    contacts: shown.contacts,
  };
}

/** On-call schedules and answers, and a person's own contacts. */
export function oncallBindings(ctx: Ctx): Binding[] {
  const at = (q: { at?: string | undefined }) => (q.at ? new Date(q.at) : ctx.now());
  return [
    handle('get /api/v1/oncall', async ({ principal }) => {
      const users = new Map((await listUsers(ctx)).map((u) => [u.id, u]));
      // The catalogue's own "command-center" agency is the command center: listed once, first.
      const ids = [
        COMMAND_CENTER_SCHEDULE,
        ...ctx.catalog.agencies.map((a) => a.id).filter((id) => id !== COMMAND_CENTER_SCHEDULE),
      ];
      const now = ctx.now();
      const items = await Promise.all(
        ids.map(async (id) => {
          const a = await onCallAnswer(ctx, id, now, principal, users);
          return {
            scheduleId: id,
            onCall: a.onCall,
            until: a.until,
            head: a.head,
            configured: a.schedule.version > 0,
          };
        }),
      );
      return { data: { items } };
    }),
    handle('get /api/v1/agencies/:id/oncall', async ({ params, query, principal }) => {
      const id = String(params.id);
      requireSchedule(ctx, id);
      return { data: await onCallAnswer(ctx, id, at(query), principal) };
    }),
    handle('put /api/v1/agencies/:id/oncall', async ({ params, body, principal, req }) => {
      const id = String(params.id);
      requireSchedule(ctx, id);
      return { data: await saveSchedule(ctx, id, body, { principal, ip: req.ip ?? null }) };
    }),
    handle('get /api/v1/oncall/command-center', async ({ query, principal }) => ({
      data: await onCallAnswer(ctx, COMMAND_CENTER_SCHEDULE, at(query), principal),
    })),
    handle('put /api/v1/oncall/command-center', async ({ body, principal, req }) => ({
      data: await saveSchedule(ctx, COMMAND_CENTER_SCHEDULE, body, { principal, ip: req.ip ?? null }),
    })),
    handle('get /api/v1/auth/me/profile', async ({ principal }) => {
      if (principal?.kind !== 'user')
        throw new HttpError(403, 'forbidden', 'Only a signed-in person has a profile.');
      const user = await getDoc<User>(ctx.store, COLL.users, principal.userId);
      if (!user) throw new HttpError(404, 'not_found', 'No such user.');
      return { data: profileOf(user) };
    }),
    handle('patch /api/v1/auth/me', async ({ body, principal, req }) => {
      if (principal?.kind !== 'user')
        throw new HttpError(403, 'forbidden', 'Only a signed-in person has a profile.');
      const user = await updateUser(ctx, principal.userId, body, {
        ...httpActor(req, principal),
      });
      return { data: profileOf(user) };
    }),
  ];
}
