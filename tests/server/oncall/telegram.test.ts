/**
 * On call over Telegram and e-mail, with real parts only: two server processes on one Redis, a
 * local fake of the Bot API (tests/helpers/fakeTelegram.ts) that the bot long-polls, and a local
 * SMTP sink. A new alert reaches the agency's on-call liaison with Terima / Selesai buttons; a press
 * acts as the Pantau user linked to the pressing Telegram account, through the same command path as
 * HTTP (race, scope and role rules, audit with channel telegram); the rotation decides who is
 * notified; one instance polls and the offset outlives a restart. A third server in webhook mode
 * takes updates on POST /api/v1/telegram/webhook and reports an escalation target nobody can reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AuditEntry } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../../helpers/api.js';
import { smtpSink } from '../../helpers/notifySinks.js';
import { startFakeTelegram, type FakeTelegram, type TgMessage } from '../../helpers/fakeTelegram.js';
import { call, dataOf, uid } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { ONE_ALERT_PER_INCIDENT, startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

/** Telegram user ids of this run (a person's private chat id is their user id). */
const base = 100_000_000 + Math.floor(Math.random() * 800_000_000);
const ANI = base + 1;
const BUDI = base + 2;
const OSCAR = base + 3;
const LIA = base + 4;
const STRANGER = base + 5;
const GROUP = '-100424242';
const PASSWORD = 'password-long-enough-1';
const BALIKPAPAN: [number, number] = [116.88, -1.16];

async function person(
  admin: Session,
  role: 'liaison' | 'operator',
  agencyId: string | null,
  displayName: string,
  contacts: Record<string, string>,
): Promise<{ id: string; username: string }> {
  const username = uid(role).toLowerCase();
  const r = await admin.request('POST', '/api/v1/users', {
    username,
    password: PASSWORD,
    role,
    ...(agencyId ? { agencyId } : {}),
    displayName,
    contacts,
  });
  if (r.status !== 201) throw new Error(`user: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: dataOf<{ id: string }>(r).id, username };
}

/** The WITA shift day whose 08:00 handover is the latest one: 08:00 WITA is 00:00 UTC. */
const shiftDay = (daysBack = 0) => new Date(Date.now() - daysBack * 86_400_000).toISOString().slice(0, 10);

async function alertOf(s: Session, incidentId: string): Promise<Alert | undefined> {
  const r = await s.request('GET', '/api/v1/alerts?status=all&limit=500');
  return dataOf<{ items: Alert[] }>(r).items.find((a) => a.dedupeKey === `incident:${incidentId}`);
}

async function audit(s: Session): Promise<AuditEntry[]> {
  return dataOf<{ items: AuditEntry[] }>(await s.request('GET', '/api/v1/audit?limit=200')).items;
}

const buttons = (m: TgMessage) => m.reply_markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];

describe.skipIf(!redisAvailable())('on call: Telegram buttons, rotation and e-mail', () => {
  let redis: TestRedis;
  let tg: FakeTelegram;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let a: TestServer;
  let b: TestServer;
  let admin: Session;
  let key: string;
  let ani: { id: string };
  let budi: { id: string };
  let first: Alert;
  let firstIncident: string;

  const env = () => ({
    ...ONE_ALERT_PER_INCIDENT,
    REDIS_URL: redis.url,
    PANTAU_TELEGRAM_BOT_TOKEN: '4242:test-token',
    PANTAU_TELEGRAM_API_URL: tg.url,
    PANTAU_TELEGRAM_CHAT_ID: GROUP,
    PANTAU_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    PANTAU_SMTP_FROM: 'Pantau <pantau@test.local>',
  });
  const messageTo = (chat: string | number, alertId: string) =>
    waitFor(() => tg.to(chat).find((m) => m.text.includes(alertId)), `message to ${chat} about ${alertId}`);
  const answerTo = (callbackId: string) =>
    waitFor(
      () => tg.answers().find((x) => x.callback_query_id === callbackId)?.text,
      `answer to ${callbackId}`,
    );

  beforeAll(async () => {
    redis = await startRedis();
    tg = await startFakeTelegram();
    smtp = await smtpSink();
    [a, b] = await Promise.all([startServer({ env: env() }), startServer({ env: env() })]);
    admin = await login(a.baseUrl);
    key = await createIngestKey(a.baseUrl);
    ani = await person(admin, 'liaison', 'bpbd', 'Ani Piket', {
      telegramChatId: String(ANI),
      email: 'ani@bpbd.test',
    });
    budi = await person(admin, 'liaison', 'bpbd', 'Budi Piket', { telegramChatId: String(BUDI) });
    await person(admin, 'operator', null, 'Oscar Operator', { telegramChatId: String(OSCAR) });
    await person(admin, 'liaison', 'dinkes', 'Lia Dinkes', { telegramChatId: String(LIA) });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([tg?.close(), smtp?.close()]);
    await redis?.dispose();
  });

  it('(a) sends a new alert to the on-call liaison with Terima and Selesai buttons', async () => {
    // A daily rotation of Ani and Budi whose first turn started at today's 08:00 WITA: Ani's turn.
    const put = await admin.request('PUT', '/api/v1/agencies/bpbd/oncall', {
      layers: [{ name: 'Piket', userIds: [ani.id, budi.id], start: shiftDay(), lengthDays: 1 }],
    });
    expect(put.status).toBe(200);
    const now = dataOf<{ onCall: { userId: string } | null }>(
      await admin.request('GET', '/api/v1/agencies/bpbd/oncall'),
    );
    expect(now.onCall?.userId).toBe(ani.id);

    const id = uid('tg-flood');
    firstIncident = id;
    const r = await ingest(a.baseUrl, key, '/api/v1/incidents', incident(id, { location: BALIKPAPAN }));
    expect(r.status).toBe(202);
    first = await waitFor(() => alertOf(admin, id), 'alert');
    expect(first.agencyId).toBe('bpbd');

    const msg = await messageTo(ANI, first.id);
    expect(msg.text).toContain('Peringatan baru');
    expect(buttons(msg)).toEqual(['✅ Terima', '✔️ Selesai']);
    expect(msg.reply_markup?.inline_keyboard?.flat().map((x) => x.callback_data)).toEqual([
      `ack:${first.id}`,
      `resolve:${first.id}`,
    ]);
    // Budi is not on call: his chat gets nothing.
    expect(tg.to(BUDI).some((m) => m.text.includes(first.id))).toBe(false);
    const opened = (await alertOf(admin, id))?.timeline[0];
    expect(opened?.delivery).toMatchObject({ userId: ani.id, name: 'Ani Piket' });
  });

  it('(e) e-mails the same alert to the on-call liaison through SMTP', async () => {
    const mail = await waitFor(
      () =>
        smtp.mails.find(
          (m) => m.to.includes('ani@bpbd.test') && m.text.replace(/=\r?\n/g, '').includes(first.id),
        ),
      'mail to ani',
    );
    expect(mail.text).toMatch(/^From: Pantau <pantau@test\.local>/m);
    expect(mail.text).toMatch(/^Subject: .*Pantau/m);
  });

  it('(b) a Terima press acknowledges the alert as the linked user, audited as telegram', async () => {
    const msg = await messageTo(ANI, first.id);
    const cb = tg.press(msg, 'Terima', ANI, 'Ani');
    expect(await answerTo(cb)).toMatch(/^✅ Diterima oleh Ani Piket pukul \d\d:\d\d WITA/);
    const acked = await waitFor(async () => {
      const x = await alertOf(admin, firstIncident);
      return x?.status === 'acknowledged' ? x : null;
    }, 'acknowledged');
    expect(acked.acknowledgedBy).toMatchObject({ userId: ani.id, role: 'liaison', agencyId: 'bpbd' });
    const entry = (await audit(admin)).find((e) => e.action === 'alert.ack' && e.target === first.id);
    expect(entry).toMatchObject({ channel: 'telegram', actor: { id: ani.id, kind: 'user' } });
    // The message says who took it, and only Selesai is left under it.
    const edited = await waitFor(
      () =>
        tg.to(ANI).find((m) => m.message_id === msg.message_id && m.text.includes('Diterima oleh Ani Piket')),
      'edited message',
    );
    expect(buttons(edited)).toEqual(['✔️ Selesai']);
    first = acked;
  });

  it('(c) a later press by the other on-call liaison answers who was first and changes nothing', async () => {
    // The group chat got the alert too, its buttons untouched.
    const group = await messageTo(GROUP, first.id);
    expect(buttons(group)).toEqual(['✅ Terima', '✔️ Selesai']);
    const cb = tg.press(group, 'Terima', BUDI, 'Budi');
    const said = await answerTo(cb);
    expect(said).toMatch(/^Sudah diterima oleh Ani Piket pukul \d\d:\d\d WITA/);
    const reply = await waitFor(
      () => tg.to(GROUP).find((m) => m.reply_to === group.message_id && m.text === said),
      'reply in the group',
    );
    expect(reply.text).toContain('Ani Piket');
    const after = await alertOf(admin, firstIncident);
    expect(after?.version).toBe(first.version);
    expect(after?.acknowledgedBy?.userId).toBe(ani.id);
    expect((await audit(admin)).filter((e) => e.target === first.id && e.actor.id === budi.id)).toEqual([]);
  });

  it('applies role and agency rules and refuses an unlinked Telegram account', async () => {
    const group = await messageTo(GROUP, first.id);
    expect(await answerTo(tg.press(group, 'Selesai', OSCAR))).toMatch(/operator.*tidak boleh/);
    expect(await answerTo(tg.press(group, 'Selesai', LIA))).toMatch(/tidak ditemukan/);
    expect(await answerTo(tg.press(group, 'Selesai', STRANGER))).toMatch(
      /^Akun Telegram ini belum terhubung ke Pantau/,
    );
    expect((await alertOf(admin, firstIncident))?.version).toBe(first.version);

    // The one on call resolves it from her own chat (code "fixed", as the answer says).
    const own = await messageTo(ANI, first.id);
    expect(await answerTo(tg.press(own, 'Selesai', ANI))).toMatch(
      /^✔️ Diselesaikan oleh Ani Piket .*sudah diperbaiki/,
    );
    const done = await alertOf(admin, firstIncident);
    expect(done?.status).toBe('resolved');
    expect(done?.resolution?.code).toBe('fixed');
    const entry = (await audit(admin)).find((e) => e.action === 'alert.resolve' && e.target === first.id);
    expect(entry).toMatchObject({ channel: 'telegram', actor: { id: ani.id } });
  });

  it('answers /start and /id with the chat id to put in the profile', async () => {
    tg.say(STRANGER, '/start');
    const m = await waitFor(() => tg.to(STRANGER).find((x) => x.text.includes('ID chat')), '/start reply');
    expect(m.text).toContain(String(STRANGER));
    expect(m.text).toMatch(/profil/);
  });

  it('(d) a rotation handover changes who is notified', async () => {
    // The same rotation begun a day earlier: today is the second turn, Budi's.
    const put = await admin.request('PUT', '/api/v1/agencies/bpbd/oncall', {
      layers: [{ name: 'Piket', userIds: [ani.id, budi.id], start: shiftDay(1), lengthDays: 1 }],
    });
    expect(put.status).toBe(200);
    const id = uid('tg-handover');
    await ingest(a.baseUrl, key, '/api/v1/incidents', incident(id, { location: BALIKPAPAN }));
    const next = await waitFor(() => alertOf(admin, id), 'second alert');
    const msg = await messageTo(BUDI, next.id);
    expect(buttons(msg)).toEqual(['✅ Terima', '✔️ Selesai']);
    await messageTo(GROUP, next.id); // sent in the same pass as Budi's
    expect(tg.to(ANI).some((m) => m.text.includes(next.id))).toBe(false);
    expect(smtp.mails.some((m) => m.text.replace(/=\r?\n/g, '').includes(next.id))).toBe(false);
    expect((await alertOf(admin, id))?.timeline[0]?.delivery).toMatchObject({ userId: budi.id });
  });

  it('polls from one instance at a time, survives API failures and keeps the offset over a restart', async () => {
    expect(tg.maxConcurrentPolls()).toBe(1);
    await waitFor(() => tg.pending() === 0 || null, 'every update confirmed');
    const handled = Math.max(...tg.offsets);
    const answered = tg.answers().length;
    await Promise.all([a.stop(), b.stop()]);
    // While no instance runs: a command waits at Telegram, and the API will fail twice.
    tg.say(STRANGER, '/id');
    tg.fail('getUpdates', 2);
    const repliesBefore = tg.to(STRANGER).length;
    const callsBefore = tg.calls.length;
    a = await startServer({ env: env() });
    await waitFor(() => tg.to(STRANGER).length > repliesBefore, '/id handled after the restart');
    expect(tg.calls.filter((c) => c.method === 'getUpdates' && c.status === 500)).toHaveLength(2);
    expect(a.logs()).toContain('telegram: updates failed; retrying');
    // Nothing handled before is handled again: the restarted instance went on from the stored offset.
    const asked = tg.calls.slice(callsBefore).filter((c) => c.method === 'getUpdates');
    expect(Number(asked[0]?.body.offset)).toBe(handled);
    expect(asked.every((c) => Number(c.body.offset) >= handled)).toBe(true);
    await waitFor(() => tg.pending() === 0 || null, 'the /id confirmed');
    expect(tg.to(STRANGER).length).toBe(repliesBefore + 1);
    expect(tg.answers().length).toBe(answered);
    expect((await call(a.baseUrl, 'GET', '/healthz')).status).toBe(200);
    b = await startServer({ env: env() });
  });
});

describe('on call: webhook mode and an unreachable escalation target', () => {
  let tg: FakeTelegram;
  let w: TestServer;
  const SECRET = 'webhook-secret-0123456789';
  const WANI = base + 11;

  beforeAll(async () => {
    tg = await startFakeTelegram();
    // The embedded store: one instance, nothing to share.
    w = await startServer({
      env: {
        ...ONE_ALERT_PER_INCIDENT,
        PANTAU_ESCALATION_STEPS: '1:notify_agency_head',
        PANTAU_TELEGRAM_BOT_TOKEN: '5151:webhook-token',
        PANTAU_TELEGRAM_API_URL: tg.url,
        PANTAU_TELEGRAM_WEBHOOK_SECRET: SECRET,
        PANTAU_PUBLIC_URL: 'https://pantau.example.go.id',
      },
    });
  });
  afterAll(async () => {
    await w?.stop();
    await tg?.close();
  });

  it('(f) writes "tidak terjangkau" on the step when its target has no reachable channel, and takes presses on the webhook', async () => {
    const admin = await login(w.baseUrl);
    const head = await person(admin, 'liaison', 'bpbd', 'Kepala BPBD', {});
    const wani = await person(admin, 'liaison', 'bpbd', 'Wani', { telegramChatId: String(WANI) });
    expect(
      (await admin.request('PUT', '/api/v1/agencies/bpbd/oncall', { layers: [], headUserId: head.id }))
        .status,
    ).toBe(200);
    const key = await createIngestKey(w.baseUrl);
    const id = uid('tg-esc');
    await ingest(w.baseUrl, key, '/api/v1/incidents', incident(id, { location: BALIKPAPAN }));
    const escalated = await waitFor(async () => {
      const x = await alertOf(admin, id);
      return x && x.escalationLevel >= 1 ? x : null;
    }, 'step 1');
    const step = escalated.timeline.find((t) => t.action === 'escalated');
    expect(step?.note).toContain('tidak terjangkau');
    expect(step?.delivery).toMatchObject({ target: 'kepala OPD', userId: head.id, name: 'Kepala BPBD' });
    expect(step?.delivery?.unreachable).toMatch(/Kepala BPBD tidak punya kanal.*tanpa chat Telegram/);

    // Webhook mode: registered with Telegram, never polled.
    const set = await waitFor(() => tg.calls.find((c) => c.method === 'setWebhook'), 'setWebhook');
    expect(set.body).toMatchObject({
      url: 'https://pantau.example.go.id/api/v1/telegram/webhook',
      secret_token: SECRET,
    });
    expect(tg.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    const update = {
      update_id: 1,
      callback_query: {
        id: 'cb-webhook-1',
        from: { id: WANI, is_bot: false, first_name: 'Wani' },
        chat_instance: 'ci',
        data: `ack:${escalated.id}`,
      },
    };
    const hook = (secret: string | null) =>
      call(w.baseUrl, 'POST', '/api/v1/telegram/webhook', {
        body: update,
        headers: secret ? { 'x-telegram-bot-api-secret-token': secret } : {},
      });
    expect((await hook(null)).status).toBe(401);
    expect((await hook('webhook-secret-wrong-0000')).status).toBe(401);
    expect((await alertOf(admin, id))?.status).toBe('new');
    expect((await hook(SECRET)).status).toBe(200);
    const acked = await alertOf(admin, id);
    expect(acked?.acknowledgedBy?.userId).toBe(wani.id);
    expect(tg.answers().find((x) => x.callback_query_id === 'cb-webhook-1')?.text).toMatch(
      /Diterima oleh Wani/,
    );
    // Telegram delivering the same update again changes nothing and answers the same.
    expect((await hook(SECRET)).status).toBe(200);
    expect((await alertOf(admin, id))?.version).toBe(acked?.version);
  });
});
