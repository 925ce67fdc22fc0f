/**
 * Notification channels set up through the API, against real sinks: a local HTTP server playing
 * the webhook receiver and the Telegram Bot API, and a local SMTP server (smtp-server). Secrets
 * never come back (answers, audit, the invalid-entries list); bad input is a 400 with issues; the
 * test button delivers for real and reports a remote's refusal as 502 in its own words; a channel
 * saved on one instance is used by the other without a restart, over the environment's.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, ingest, login, type Session } from '../../helpers/api.js';
import { dataOf, errorOf } from '../../helpers/http.js';
import { httpSink, smtpSink } from '../../helpers/notifySinks.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { ONE_ALERT_PER_INCIDENT, startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

const BOT_TOKEN = '7000001:AAH-bot-token-SECRET-do-not-show-9xZq';
const MAIL_PASSWORD = 'MAILPASS-s3cret-xyz';
const HOOK_PASSWORD = 'HOOKPASS-s3cret';
const HOOK_QUERY = 'QUERYSECRET123';

type View = Record<string, unknown> & { kind: string; source: string; enabled: boolean; version: number };

describe.skipIf(!redisAvailable())('notification channels set up in the console', () => {
  let redis: TestRedis;
  let sink: Awaited<ReturnType<typeof httpSink>>;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let a: TestServer;
  let b: TestServer;
  let adminA: Session;
  let adminB: Session;

  beforeAll(async () => {
    redis = await startRedis();
    sink = await httpSink();
    smtp = await smtpSink();
    const env = {
      ...ONE_ALERT_PER_INCIDENT,
      REDIS_URL: redis.url,
      // The sinks listen on 127.0.0.1: the operator allows it (like checks, targets set through the API are guarded).
      PANTAU_CHECK_ALLOWED_NETWORKS: '127.0.0.1/32',
      PANTAU_WEBHOOK_URL: `${sink.url}/env-hook`,
      PANTAU_TELEGRAM_API_URL: sink.url,
    };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    adminA = await login(a.baseUrl);
    adminB = await login(b.baseUrl);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([sink?.close(), smtp?.close()]);
    await redis?.dispose();
  });

  const list = async (s: Session) => {
    const r = await s.request('GET', '/api/v1/notification-channels');
    expect(r.status).toBe(200);
    return { items: dataOf<{ items: View[] }>(r).items, text: JSON.stringify(r.body) };
  };
  const one = async (s: Session, kind: string) =>
    (await list(s)).items.find((v) => v.kind === kind) ?? expect.fail(`no ${kind}`);
  const auditText = async () => {
    const r = await adminA.request('GET', '/api/v1/audit?limit=200');
    expect(r.status).toBe(200);
    const items = dataOf<{ items: { action: string; target?: string; details?: Record<string, unknown> }[] }>(
      r,
    ).items.filter((e) => e.action.startsWith('notification_channel.'));
    return { items, text: JSON.stringify(items) };
  };

  it('starts from the environment, then a webhook saved on one instance is used by the other, without a restart', async () => {
    const hook = await one(adminA, 'webhook');
    expect(hook).toMatchObject({ source: 'env', enabled: true, version: 0, urlSet: true });
    expect(await one(adminA, 'email')).toMatchObject({ source: 'none', enabled: false });

    const key = await createIngestKey(b.baseUrl);
    const openedAt = async (n: number) => {
      const title = `Uji kanal ${n} ${Date.now()}`;
      expect(
        (await ingest(b.baseUrl, key, '/api/v1/incidents', incident(`chan-${n}-${Date.now()}`, { title })))
          .status,
      ).toBe(202);
      const call = await waitFor(
        () => sink.calls.find((c) => (c.body.alert as { title?: string } | undefined)?.title === title),
        `the opened alert ${n} on a webhook`,
      );
      return call;
    };
    // Before: instance B sends alerts to the environment's webhook.
    expect((await openedAt(0)).path).toBe('/env-hook');

    const saved = await adminA.request('PUT', '/api/v1/notification-channels/webhook', {
      enabled: true,
      url: `http://hookuser:${HOOK_PASSWORD}@127.0.0.1:${new URL(sink.url).port}/stored-hook?token=${HOOK_QUERY}`,
      expectedVersion: 0,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(dataOf<View>(saved)).toMatchObject({ source: 'store', enabled: true, version: 1, urlSet: true });

    // Instance B picks the stored URL up through the store's notice (no restart): its next alert goes there.
    let n = 1;
    const call = await waitFor(
      async () => {
        const c = await openedAt(n++);
        return c.path.startsWith('/stored-hook') ? c : null;
      },
      'instance B to send to the stored webhook',
      { timeoutMs: 30_000 },
    );
    expect(n).toBeLessThanOrEqual(3);
    expect(call.path).toBe(`/stored-hook?token=${HOOK_QUERY}`);
    // The URL's credentials go as Basic authentication.
    expect(call.auth).toBe(`Basic ${Buffer.from(`hookuser:${HOOK_PASSWORD}`).toString('base64')}`);
    expect((await one(adminB, 'webhook')).source).toBe('store');
  });

  it('never answers a secret: GET, PUT answers and the audit show only that one is set', async () => {
    const tg = await adminA.request('PUT', '/api/v1/notification-channels/telegram', {
      enabled: true,
      botToken: BOT_TOKEN,
      chatId: null,
    });
    expect(tg.status, JSON.stringify(tg.body)).toBe(200);
    expect(dataOf<View>(tg)).toMatchObject({ tokenSet: true, tokenHint: '…9xZq', chatId: null });
    const mail = await adminA.request('PUT', '/api/v1/notification-channels/email', {
      enabled: true,
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: 'mailer',
      password: MAIL_PASSWORD,
      from: 'Pantau Uji <pantau@uji.local>',
    });
    expect(mail.status, JSON.stringify(mail.body)).toBe(200);
    expect(dataOf<View>(mail)).toMatchObject({ via: 'fields', user: 'mailer', passwordSet: true });

    // Saving again without the secrets keeps them.
    const again = await adminA.request('PUT', '/api/v1/notification-channels/telegram', {
      enabled: true,
      chatId: '-1001',
      expectedVersion: 1,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(dataOf<View>(again)).toMatchObject({ tokenSet: true, chatId: '-1001', version: 2 });

    const secrets = [BOT_TOKEN, BOT_TOKEN.split(':')[1] ?? '', MAIL_PASSWORD, HOOK_PASSWORD, HOOK_QUERY];
    const answers = [JSON.stringify([tg.body, mail.body, again.body]), (await list(adminB)).text];
    const audit = await auditText();
    expect(
      audit.items.filter((e) => e.action === 'notification_channel.update').length,
    ).toBeGreaterThanOrEqual(4);
    expect(audit.items.find((e) => e.target === 'telegram')?.details?.secretsReplaced).toBeDefined();
    for (const text of [...answers, audit.text]) for (const s of secrets) expect(text).not.toContain(s);
    expect(String((await one(adminA, 'webhook')).urlHint)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…/);
  });

  it('refuses invalid settings with 400 and located issues, a stale version with 409, an unknown kind with 404', async () => {
    const bad = async (kind: string, body: unknown) => {
      const r = await adminA.request('PUT', `/api/v1/notification-channels/${kind}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      return errorOf(r).issues?.map((i) => i.path.join('.')) ?? [];
    };
    expect(await bad('webhook', { enabled: true, url: 'ftp://127.0.0.1/x' })).toContain('url');
    // Outside the allowed networks (a private address the operator did not allow).
    expect(await bad('webhook', { enabled: true, url: 'http://10.20.30.40/hook' })).toContain('url');
    expect(await bad('email', { enabled: true, host: '127.0.0.1', from: 'nobody' })).toContain('from');
    expect(await bad('email', { enabled: true, url: 'smtp://127.0.0.1:25', host: 'x' })).toContain('url');
    expect(await bad('telegram', { enabled: true, botToken: 'not a token' })).toContain('botToken');
    expect(await bad('telegram', { enabled: true, extra: 1 })).toEqual(['']);
    // The host changed: the stored password is not sent to it unless typed again.
    expect(
      await bad('email', { enabled: true, host: 'localhost.localdomain', user: 'mailer', port: smtp.port }),
    ).toContain('password');
    const stale = await adminA.request('PUT', '/api/v1/notification-channels/webhook', {
      enabled: false,
      expectedVersion: 0,
    });
    expect(stale.status).toBe(409);
    expect((await adminA.request('PUT', '/api/v1/notification-channels/sms', { enabled: true })).status).toBe(
      404,
    );
    expect((await one(adminA, 'webhook')).enabled).toBe(true);
  });

  it('sends a test at once: to the webhook, to an SMTP server with the stored login, to the caller by default', async () => {
    const before = sink.calls.length;
    const hook = await adminB.request('POST', '/api/v1/notification-channels/webhook/test', {});
    expect(hook.status, JSON.stringify(hook.body)).toBe(200);
    expect(dataOf<{ ok: boolean }>(hook).ok).toBe(true);
    const got = sink.calls.slice(before).find((c) => c.body.event === 'test');
    expect(got?.path).toBe(`/stored-hook?token=${HOOK_QUERY}`);
    expect(String(got?.body.text)).toContain('Pesan uji');

    const mail = await adminA.request('POST', '/api/v1/notification-channels/email/test', {
      to: 'ops@uji.local',
    });
    expect(mail.status, JSON.stringify(mail.body)).toBe(200);
    const sent = smtp.mails.find((m) => m.to.includes('ops@uji.local'));
    expect(sent).toMatchObject({ from: 'pantau@uji.local', user: 'mailer', password: MAIL_PASSWORD });
    expect(sent?.text).toContain('Pesan uji');

    // No recipient given and none in the caller's contacts: a 400 naming `to`; then from the contacts.
    const none = await adminA.request('POST', '/api/v1/notification-channels/email/test', {});
    expect(none.status).toBe(400);
    expect(errorOf(none).issues?.[0]?.path).toEqual(['to']);
    expect(
      (await adminA.request('PATCH', '/api/v1/auth/me', { contacts: { email: 'admin@uji.local' } })).status,
    ).toBe(200);
    expect((await adminA.request('POST', '/api/v1/notification-channels/email/test', {})).status).toBe(200);
    expect(smtp.mails.some((m) => m.to.includes('admin@uji.local'))).toBe(true);

    const tg = await adminA.request('POST', '/api/v1/notification-channels/telegram/test', { to: '424242' });
    expect(tg.status, JSON.stringify(tg.body)).toBe(200);
    const msg = sink.calls.find(
      (c) => c.path === `/bot${BOT_TOKEN}/sendMessage` && c.body.chat_id === '424242',
    );
    expect(String(msg?.body.text)).toContain('Pesan uji');
  });

  it("reports a remote's refusal as 502 in the remote's words, audited, and a channel turned off as 409", async () => {
    const mail = await adminA.request('POST', '/api/v1/notification-channels/email/test', {
      to: 'reject@uji.local',
    });
    expect(mail.status).toBe(502);
    expect(errorOf(mail)).toMatchObject({ code: 'channel_failed' });
    expect(errorOf(mail).message).toMatch(/550.*mailbox unavailable/);

    const tg = await adminA.request('POST', '/api/v1/notification-channels/telegram/test', { to: '-404' });
    expect(tg.status).toBe(502);
    expect(errorOf(tg).message).toContain('chat not found');
    expect(errorOf(tg).message).not.toContain(BOT_TOKEN);

    const cur = await one(adminA, 'webhook');
    const failing = await adminA.request('PUT', '/api/v1/notification-channels/webhook', {
      enabled: true,
      url: `${sink.url}/fail`,
      expectedVersion: cur.version,
    });
    expect(failing.status).toBe(200);
    const hook = await adminA.request('POST', '/api/v1/notification-channels/webhook/test', {});
    expect(hook.status).toBe(502);
    expect(errorOf(hook).message).toContain('webhook answered 500: sink says no');

    const tests = (await auditText()).items.filter((e) => e.action === 'notification_channel.test');
    expect(
      tests
        .filter((e) => e.details?.ok === false)
        .map((e) => e.target)
        .sort(),
    ).toEqual(['email', 'telegram', 'webhook']);
    expect(tests.filter((e) => e.details?.ok === true).length).toBeGreaterThanOrEqual(4);

    // Turned off: stored, so the environment's webhook does not come back; a test is refused.
    const off = await adminA.request('PUT', '/api/v1/notification-channels/webhook', {
      enabled: false,
      expectedVersion: cur.version + 1,
    });
    expect(dataOf<View>(off)).toMatchObject({ source: 'store', enabled: false });
    const refused = await adminA.request('POST', '/api/v1/notification-channels/webhook/test', {});
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe('channel_off');
    // Forgotten: the environment's applies again.
    const forgot = await adminA.request('DELETE', '/api/v1/notification-channels/webhook');
    expect(dataOf<View>(forgot)).toMatchObject({ source: 'env', enabled: true });
  });

  it('lists a stored entry it cannot use as invalid without its stored text, and a PUT fixes it', async () => {
    const raw = new Redis(redis.url);
    try {
      const leak = 'LEAKED-PASSWORD-42';
      await raw.hset(
        'pantau:doc:notification-channels',
        'email',
        JSON.stringify({ kind: 'email', enabled: 'yes', settings: { smtp: `smtp://u:${leak}@x` } }),
      );
      await raw.publish('pantau:ch:notification-channels', 'changed');
      const listed = await waitFor(async () => {
        const r = await adminB.request('GET', '/api/v1/config/invalid');
        const items = dataOf<{ items: { kind: string; id: string }[] }>(r).items;
        return items.some((i) => i.kind === 'notification-channel' && i.id === 'email') ? r : null;
      }, 'the invalid entry listed');
      expect(JSON.stringify(listed.body)).not.toContain(leak);
      const v = await one(adminA, 'email');
      const fixed = await adminA.request('PUT', '/api/v1/notification-channels/email', {
        enabled: true,
        host: '127.0.0.1',
        port: smtp.port,
        from: 'pantau@uji.local',
        expectedVersion: v.version,
      });
      expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    } finally {
      raw.disconnect();
    }
  });
});
