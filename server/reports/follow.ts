/**
 * Keeps reporters told. A verified report follows its incident and the agency's alert; this job
 * writes that progress onto the report (in progress when the alert is acknowledged, closed when it
 * is resolved or the incident closes) with a history step, and sends each Telegram reporter (and
 * each web reporter who gave an e-mail) a message for every status their report reaches and they
 * have not been told yet (`notifiedStatus`, indexed as `untold`). One instance at a time runs it
 * (a store lease); a message is sent before the report records it as told, so a crash in between
 * repeats a message rather than losing one.
 */
import { GrammyError } from 'grammy';
import type { Report } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { channelSettings } from '../notify/channels.js';
import { sendEmail } from '../notify/email.js';
import { telegramApi } from '../notify/telegram.js';
import { COLL, putDoc } from '../store/docs.js';
import { IX } from '../store/indexes.js';
import { reportStepIncrs } from './counts.js';
import { effectiveStatus, getReport, reportMember, routedAgency, walkReports } from './reports.js';
import { emailText, statusMessage, type Medium } from './residentText.js';

const LEASE = 'reports:follow';
const LEASE_MS = 60_000;
/** Reports looked at per run, per list (the rest wait for the next run). */
const PER_RUN = 500;

/**
 * Per server: when the job last ran, whether a change asked for an early run, and where the last
 * run stopped in the list of reports that follow their incident (the next run goes on from there,
 * so that a backlog of more than PER_RUN open reports cannot keep the older ones from ever moving).
 */
interface State {
  last: number;
  soon: boolean;
  following: string | null;
}
const state = new WeakMap<Ctx, State>();
const stateOf = (ctx: Ctx): State => {
  let s = state.get(ctx);
  if (!s) state.set(ctx, (s = { last: 0, soon: false, following: null }));
  return s;
};

/** Asks for a run at the next tick (a report was triaged here). */
export function followSoon(ctx: Ctx): void {
  stateOf(ctx).soon = true;
}

/** Writes `patch` onto the report if it is still the version read (a newer write wins; the next run looks again). */
async function update(
  ctx: Ctx,
  r: Report,
  patch: Partial<Report>,
  step?: Report['history'][number],
): Promise<boolean> {
  const next: Report = {
    ...r,
    ...patch,
    ...(step ? { history: [...r.history, step], updatedAt: step.at } : {}),
    version: r.version + 1,
  };
  const res = await ctx.store.commit({
    puts: [putDoc(COLL.reports, r.id, next, r.version)],
    ...(step ? { incrs: reportStepIncrs(step.status, step.at) } : {}),
  });
  return res.ok;
}

/**
 * Moves verified reports on as their incident and alert move (see reports.ts effectiveStatus), and
 * notes on each merged report where the report it joined has got to.
 */
async function followIncidents(ctx: Ctx): Promise<void> {
  const s = stateOf(ctx);
  const open = await walkReports(ctx, IX.reports.following, () => true, PER_RUN, PER_RUN, s.following);
  const last = open.at(-1);
  s.following = open.length === PER_RUN && last ? reportMember(last) : null;
  for (const r of open) {
    if (r.status === 'merged') {
      const joined = await effectiveStatus(ctx, r, true);
      if (joined !== 'merged' && joined !== 'new' && joined !== (r.joinedStatus ?? null))
        await update(ctx, r, { joinedStatus: joined });
      continue;
    }
    const status = await effectiveStatus(ctx, r, false);
    if (status === r.status || (status !== 'in_progress' && status !== 'closed')) continue;
    const at = ctx.now().toISOString();
    await update(ctx, r, { status }, { at, status, note: null, by: null });
  }
}

/** What a reporter has not been told yet, as messages and the fields recording each once sent. */
async function untoldMessages(
  ctx: Ctx,
  r: Report,
  medium: Medium,
): Promise<{ text: string; told: Partial<Report> }[]> {
  const out: { text: string; told: Partial<Report> }[] = [];
  const say = (about: Report, status: Report['status'], text: string) =>
    medium === 'email' ? emailText(about, status, text) : text;
  if (r.notifiedStatus !== r.status)
    out.push({
      text: say(r, r.status, statusMessage(ctx, r, r.status, await routedAgency(ctx, r), medium)),
      told: { notifiedStatus: r.status },
    });
  const joined = r.status === 'merged' ? (r.joinedStatus ?? null) : null;
  const target =
    joined && r.notifiedJoined !== joined && r.mergedInto ? await getReport(ctx, r.mergedInto) : null;
  if (joined && target)
    out.push({
      text: say(
        target,
        joined,
        `(Laporan Anda ${r.id} digabung ke laporan ${target.id}.)\n${statusMessage(ctx, target, joined, await routedAgency(ctx, target), medium)}`,
      ),
      told: { notifiedJoined: joined },
    });
  return out;
}

/**
 * How to reach a report's reporter now: its Telegram chat, or the e-mail a web reporter gave; null
 * when that channel is not set up (any more), and then the report counts as told, so that the list
 * of reports to tell never grows with reports nobody can be told about.
 */
function reachOf(ctx: Ctx, r: Report): { medium: Medium; send: (text: string) => Promise<void> } | null {
  const channels = channelSettings(ctx);
  const chat = r.contact.telegramChatId;
  if (chat) {
    const tg = channels.telegram;
    return tg
      ? {
          medium: 'telegram',
          send: async (text) => {
            await telegramApi(tg).sendMessage(chat, text, { link_preview_options: { is_disabled: true } });
          },
        }
      : null;
  }
  const to = r.notifyEmail ? r.contact.email : null;
  const smtp = channels.email;
  return to && smtp ? { medium: 'email', send: (text) => sendEmail(smtp, to, text) } : null;
}

/**
 * Tells reporters each status they have not heard yet (of a merged report, also the steps of the
 * one it joined): in their Telegram chat, or by e-mail for a web report that gave one.
 */
async function tellReporters(ctx: Ctx): Promise<void> {
  const untold = await walkReports(ctx, IX.reports.untold, () => true, PER_RUN);
  for (const r of untold) {
    const reach = reachOf(ctx, r);
    const messages = await untoldMessages(ctx, r, reach?.medium ?? 'telegram');
    let told: Partial<Report> = {};
    for (const m of messages) {
      try {
        if (reach) await reach.send(m.text);
        else ctx.log.warn({ report: r.id }, 'report status not sent: its channel is not set up');
      } catch (err) {
        // A resident who blocked the bot, deleted the chat or whose address bounces at once cannot be told: stop trying.
        const gone =
          (err instanceof GrammyError && (err.error_code === 403 || err.error_code === 400)) ||
          (typeof (err as { responseCode?: unknown }).responseCode === 'number' &&
            (err as { responseCode: number }).responseCode >= 500);
        ctx.log.warn(
          { report: r.id, err: String(err).slice(0, 200), gone },
          'report status message not sent',
        );
        if (!gone) break;
      }
      told = { ...told, ...m.told };
    }
    if (Object.keys(told).length) await update(ctx, r, told);
  }
}

/**
 * One run, at most every `everyMs` (sooner after a triage here), on the lease holder only; called
 * from the alert workers' tick.
 */
export async function runReportFollow(ctx: Ctx, everyMs: number): Promise<void> {
  const s = stateOf(ctx);
  const now = Date.now();
  if (!s.soon && now - s.last < everyMs) return;
  s.last = now;
  s.soon = false;
  if (!(await ctx.store.acquireLease(LEASE, ctx.config.instanceId, LEASE_MS))) return;
  await followIncidents(ctx);
  await tellReporters(ctx);
}
