/**
 * Whom a notification reaches: an escalation target (the on-call person of an agency, its head,
 * the supervisor on duty, a named user) resolved to one enabled person at an instant, with the
 * channels that person can be reached on now — or the reason nobody can be.
 */
import { onCallAt } from '../../shared/oncall.js';
import {
  COMMAND_CENTER_SCHEDULE,
  type Delivery,
  type EscalationAction,
  type EscalationTarget,
  type NotifyChannel,
  type OnCallPerson,
} from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, getDoc } from '../store/docs.js';
import type { User } from '../auth/users.js';
import { channelSettings, type ChannelSettings } from '../notify/channels.js';
import { readSchedule } from './schedules.js';

/** A person to notify, with the addresses of the channels they can be reached on. */
export interface Recipient {
  userId: string;
  username: string;
  name: string;
  telegramChatId: string | null;
  email: string | null;
  reachable: ('telegram' | 'email')[];
}

/** The channels a user can be reached on with the channels set up now. */
export function reachableOf(u: Pick<User, 'contacts'>, settings: ChannelSettings): ('telegram' | 'email')[] {
  const out: ('telegram' | 'email')[] = [];
  if (u.contacts?.telegramChatId && settings.telegram) out.push('telegram');
  if (u.contacts?.email && settings.email) out.push('email');
  return out;
}

/** A user as on-call answers show them; contacts only where `withContacts`. */
export function presentPerson(u: User, settings: ChannelSettings, withContacts: boolean): OnCallPerson {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName ?? null,
    reachable: reachableOf(u, settings),
    ...(withContacts ? { contacts: u.contacts ?? {} } : {}),
  };
}

function recipientOf(u: User, settings: ChannelSettings): Recipient {
  return {
    userId: u.id,
    username: u.username,
    name: u.displayName ?? u.username,
    telegramChatId: u.contacts?.telegramChatId ?? null,
    email: u.contacts?.email ?? null,
    reachable: reachableOf(u, settings),
  };
}

/** The target a step reaches when it names none. */
export function defaultTarget(action: EscalationAction): EscalationTarget {
  return action === 'notify_agency_head' ? { kind: 'agency_head' } : { kind: 'supervisor_on_duty' };
}

const LABEL: Record<EscalationTarget['kind'], string> = {
  oncall: 'piket OPD',
  agency_head: 'kepala OPD',
  supervisor_on_duty: 'supervisor jaga',
  user: 'pengguna',
};

/** The person a target names at `at`, or why there is none. */
export async function resolveTarget(
  ctx: Ctx,
  target: EscalationTarget,
  agencyId: string | null,
  at: Date,
): Promise<{ label: string; user: User | null; problem: string | null }> {
  const label = LABEL[target.kind];
  let userId: string | null = null;
  if (target.kind === 'user') userId = target.userId;
  else if (target.kind === 'supervisor_on_duty') {
    userId = onCallAt(await readSchedule(ctx, COMMAND_CENTER_SCHEDULE), at)?.userId ?? null;
    if (!userId) return { label, user: null, problem: 'tidak ada supervisor jaga terjadwal' };
  } else {
    if (!agencyId) return { label, user: null, problem: 'peringatan tanpa OPD' };
    const schedule = await readSchedule(ctx, agencyId);
    userId = target.kind === 'agency_head' ? schedule.headUserId : (onCallAt(schedule, at)?.userId ?? null);
    if (!userId)
      return {
        label,
        user: null,
        problem:
          target.kind === 'agency_head' ? 'kepala OPD belum ditetapkan' : 'tidak ada piket OPD terjadwal',
      };
  }
  const user = await getDoc<User>(ctx.store, COLL.users, userId);
  if (!user) return { label, user: null, problem: `pengguna ${userId} tidak ada` };
  if (user.disabled) return { label, user: null, problem: `pengguna ${user.username} dinonaktifkan` };
  return { label, user, problem: null };
}

/**
 * Resolves a target to a recipient on the wanted channels (all person channels by default), with
 * the delivery record for the alert's timeline: a target with nobody reachable is reported there.
 */
export async function recipientFor(
  ctx: Ctx,
  target: EscalationTarget,
  agencyId: string | null,
  at: Date,
  wanted?: NotifyChannel[],
): Promise<{ recipient: Recipient | null; delivery: Delivery }> {
  const settings = channelSettings(ctx);
  const { label, user, problem } = await resolveTarget(ctx, target, agencyId, at);
  const broadcast: NotifyChannel[] =
    settings.webhook && (!wanted || wanted.includes('webhook')) ? ['webhook'] : [];
  if (!user)
    return {
      recipient: null,
      delivery: { target: label, userId: null, name: null, channels: broadcast, unreachable: problem },
    };
  const r = recipientOf(user, settings);
  r.reachable = r.reachable.filter((c) => !wanted || wanted.includes(c));
  const unreachable =
    r.reachable.length === 0
      ? `${r.name} tidak punya kanal yang bisa dihubungi (${missing(user, settings)})`
      : null;
  return {
    recipient: r.reachable.length ? r : null,
    delivery: {
      target: label,
      userId: user.id,
      name: r.name,
      channels: [...r.reachable, ...broadcast],
      unreachable,
    },
  };
}

/** Why a person has no channel: which contacts are missing and which channels are not set up. */
function missing(u: User, settings: ChannelSettings): string {
  const why: string[] = [];
  if (!settings.telegram) why.push('bot Telegram belum diatur');
  else if (!u.contacts?.telegramChatId) why.push('tanpa chat Telegram');
  if (!settings.email) why.push('e-mail belum diatur');
  else if (!u.contacts?.email) why.push('tanpa e-mail');
  return why.join(', ');
}
