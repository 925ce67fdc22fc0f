import type { Alert, NotifyChannel } from '../../shared/schemas/index.js';
import { channelSettings } from '../notify/channels.js';
import { sendEmail } from '../notify/email.js';
import { postWebhook } from '../notify/webhook.js';
import { sendTelegram } from '../notify/telegram.js';
import type { Recipient } from '../oncall/recipients.js';
import type { Ctx } from '../context.js';
import { placeLine } from './place.js';
import { COLL, SETS, allDocs, getDoc, putDoc } from '../store/docs.js';
import type { DocPut, ZAdd } from '../store/store.js';

/** Outbox of notifications; a job's id is its idempotency key. */
export const NOTIFY_SET = SETS.notifyDue;
const NOTIFY_COLL = COLL.notifications;
const MAX_ATTEMPTS = 8;
/**
 * A job's lease is short and renewed while its send runs, so the job of an instance that died
 * mid-send is taken over within a few seconds, while a slow send on a live instance is never
 * doubled.
 */
const LEASE_MS = 4_000;
const LEASE_RENEW_MS = 1_000;

/** One message to one channel (to one person, or to the channel's city-wide address), retried until sent or out of attempts. */
export interface NotificationJob {
  id: string;
  channel: NotifyChannel;
  alertId: string;
  agencyId: string | null;
  /** The person addressed (their chat id or e-mail address); null for the webhook and the group chat. */
  to?: { userId: string; name: string; address: string } | null;
  /** Whether a Telegram message carries the Terima / Selesai buttons. */
  buttons?: boolean;
  text: string;
  payload: unknown;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  version: number;
}

/**
 * Jobs for one message: to the recipient on each channel they can be reached on, and to the
 * city-wide webhook and Telegram group chat where set up (`broadcast: false` leaves those out);
 * `key` makes the message idempotent.
 */
export function messageJobs(
  ctx: Ctx,
  key: string,
  text: string,
  payload: unknown,
  ref: { alertId: string; agencyId: string | null },
  opts: { recipient?: Recipient | null; buttons?: boolean; broadcast?: NotifyChannel[] } = {},
): { puts: DocPut[]; zadds: ZAdd[] } {
  const now = ctx.now();
  const settings = channelSettings(ctx);
  const wants = (c: NotifyChannel) => !opts.broadcast || opts.broadcast.includes(c);
  const base = {
    ...ref,
    text,
    payload,
    status: 'pending' as const,
    attempts: 0,
    lastError: null,
    createdAt: now.toISOString(),
    sentAt: null,
    version: 1,
  };
  const jobs: NotificationJob[] = [];
  if (settings.webhook && wants('webhook')) jobs.push({ id: `${key}:webhook`, channel: 'webhook', ...base });
  if (settings.telegram?.chatId && wants('telegram'))
    jobs.push({ id: `${key}:telegram`, channel: 'telegram', buttons: opts.buttons ?? false, ...base });
  const r = opts.recipient;
  for (const channel of r?.reachable ?? []) {
    const address = channel === 'telegram' ? r?.telegramChatId : r?.email;
    if (!r || !address) continue;
    jobs.push({
      id: `${key}:${channel}:${r.userId}`,
      channel,
      to: { userId: r.userId, name: r.name, address },
      buttons: opts.buttons ?? false,
      ...base,
    });
  }
  return {
    puts: jobs.map((j) => putDoc(NOTIFY_COLL, j.id, j, 'absent')),
    zadds: jobs.map((j) => ({ set: NOTIFY_SET, member: j.id, score: now.getTime() })),
  };
}

/** The jobs (and their timers) announcing an alert change, to write in the same commit as the change. */
export function notificationJobs(
  ctx: Ctx,
  alert: Alert,
  what: string,
  headline: string,
  to: { recipient: Recipient | null; broadcast?: NotifyChannel[] } = { recipient: null },
): { puts: DocPut[]; zadds: ZAdd[] } {
  const agency = alert.agencyId ? ctx.catalog.agencyById.get(alert.agencyId) : undefined;
  const where = placeLine(alert.place);
  const point = alert.place?.location;
  const text = [
    `[Pantau] ${headline}: ${alert.title}${alert.count > 1 && alert.members ? ` (${alert.members.length} kejadian)` : ''} — ${alert.severity.toUpperCase()} — ${agency?.shortName ?? 'tanpa OPD'} (${alert.id})`,
    ...(where ? [`Lokasi: ${where}`] : []),
    ...(point
      ? [
          `Peta: https://www.openstreetmap.org/?mlat=${point[1]}&mlon=${point[0]}#map=17/${point[1]}/${point[0]}`,
        ]
      : []),
    ...(alert.description ? [alert.description] : []),
  ].join('\n');
  const payload = {
    event: what,
    headline,
    ...(to.recipient ? { to: { userId: to.recipient.userId, name: to.recipient.name } } : {}),
    alert: {
      id: alert.id,
      title: alert.title,
      severity: alert.severity,
      status: alert.status,
      agencyId: alert.agencyId,
      escalationLevel: alert.escalationLevel,
      createdAt: alert.createdAt,
      place: alert.place ?? null,
      description: alert.description ?? null,
    },
  };
  return messageJobs(
    ctx,
    `${alert.id}:${what}`,
    text,
    payload,
    { alertId: alert.id, agencyId: alert.agencyId },
    {
      recipient: to.recipient,
      buttons: alert.status === 'new',
      ...(to.broadcast ? { broadcast: to.broadcast } : {}),
    },
  );
}

async function send(ctx: Ctx, job: NotificationJob): Promise<void> {
  const settings = channelSettings(ctx);
  if (job.channel === 'webhook' && settings.webhook) {
    await postWebhook(
      settings.webhook.url,
      { id: job.id, text: job.text, ...(job.payload as object) },
      job.id,
    );
    return;
  }
  const chat = job.to?.address ?? settings.telegram?.chatId;
  if (job.channel === 'telegram' && settings.telegram && chat) {
    await sendTelegram(settings.telegram, chat, job.text, job.buttons ? job.alertId : null);
    return;
  }
  if (job.channel === 'email' && settings.email && job.to) {
    await sendEmail(settings.email, job.to.address, job.text);
    return;
  }
  throw new Error(`channel ${job.channel} is not configured`);
}

/** Backoff before attempt n+1: 1 s, 2 s, 4 s … capped at 5 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** attempts, 300_000);
}

/** Sends every due job once (leased across instances); failures are rescheduled with backoff. */
export async function runDueNotifications(ctx: Ctx): Promise<number> {
  const due = await ctx.store.due(NOTIFY_SET, ctx.now().getTime(), 50);
  let n = 0;
  for (const { member } of due) {
    const lease = `notify:${member}`;
    if (!(await ctx.store.acquireLease(lease, ctx.config.instanceId, LEASE_MS))) continue;
    try {
      const job = await getDoc<NotificationJob>(ctx.store, NOTIFY_COLL, member);
      if (!job || job.status !== 'pending') {
        await ctx.store.commit({ zrems: [{ set: NOTIFY_SET, member }] });
        continue;
      }
      let next: NotificationJob;
      const renew = setInterval(() => {
        ctx.store.acquireLease(lease, ctx.config.instanceId, LEASE_MS).catch(() => undefined);
      }, LEASE_RENEW_MS);
      try {
        await send(ctx, job);
        next = {
          ...job,
          status: 'sent',
          attempts: job.attempts + 1,
          sentAt: ctx.now().toISOString(),
          lastError: null,
          version: job.version + 1,
        };
      } catch (err) {
        const attempts = job.attempts + 1;
        next = {
          ...job,
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          attempts,
          lastError: String(err).slice(0, 300),
          version: job.version + 1,
        };
        ctx.log.warn({ job: job.id, attempts, err: next.lastError }, 'notification failed');
      } finally {
        clearInterval(renew);
      }
      const retry = next.status === 'pending';
      await ctx.store.commit({
        puts: [putDoc(NOTIFY_COLL, job.id, next, job.version)],
        ...(retry
          ? { zadds: [{ set: NOTIFY_SET, member, score: ctx.now().getTime() + retryDelayMs(next.attempts) }] }
          : { zrems: [{ set: NOTIFY_SET, member }] }),
      });
      n++;
    } finally {
      await ctx.store.releaseLease(lease, ctx.config.instanceId);
    }
  }
  return n;
}

/** Every notification job (for the console and tests). */
export function listNotifications(ctx: Ctx): Promise<NotificationJob[]> {
  return allDocs<NotificationJob>(ctx.store, NOTIFY_COLL);
}

/** Runs the escalation and notification loops until stopped. */
export function startAlertWorkers(ctx: Ctx, tick: () => Promise<unknown>, everyMs = 1000): () => void {
  let stopped = false;
  let running = false;
  const untrack = ctx.resources?.track('alert_workers') ?? (() => undefined);
  const timer = setInterval(() => {
    if (running || stopped || !ctx.store.isReady()) return;
    running = true;
    tick()
      .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'alert worker tick failed'))
      .finally(() => (running = false));
  }, everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
    untrack();
  };
}
