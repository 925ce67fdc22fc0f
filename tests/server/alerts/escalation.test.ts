import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login } from '../../helpers/api.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../../helpers/server.js';

/** A local receiver that speaks both the webhook and the Telegram Bot API; fails the first N calls of each idempotency key. */
interface Received {
  path: string;
  key: string | null;
  body: Record<string, unknown>;
  answered: number;
}
async function receiver(
  failFirst: number,
): Promise<{ url: string; calls: Received[]; close: () => Promise<void> }> {
  const calls: Received[] = [];
  const seen = new Map<string, number>();
  let n = 0;
  const srv: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const k = (req.headers['idempotency-key'] as string | undefined) ?? `tg-${n}`;
      const tries = seen.get(k) ?? 0;
      seen.set(k, tries + 1);
      n++;
      const status = tries < failFirst ? 500 : 200;
      calls.push({
        path: req.url ?? '',
        key: (req.headers['idempotency-key'] as string | undefined) ?? null,
        body: JSON.parse(raw) as Record<string, unknown>,
        answered: status,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          req.url?.includes('/sendMessage')
            ? { ok: status === 200, result: { message_id: n } }
            : { received: true },
        ),
      );
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => srv.close(() => r())) };
}

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  ms = 40_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!redisAvailable())('escalation and notifications survive restarts and never double', () => {
  let redis: TestRedis;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let tg: Awaited<ReturnType<typeof receiver>>;
  let a: TestServer;
  let b: TestServer;
  const env = () => ({
    ...ONE_ALERT_PER_INCIDENT,
    REDIS_URL: redis.url,
    PANTAU_ESCALATION_STEPS: '2:notify_agency_head,14:notify_supervisor',
    PANTAU_WEBHOOK_URL: `${hook.url}/hook`,
    PANTAU_TELEGRAM_BOT_TOKEN: '123:abc',
    PANTAU_TELEGRAM_CHAT_ID: '-1001',
    PANTAU_TELEGRAM_API_URL: tg.url,
  });
  beforeAll(async () => {
    redis = await startRedis();
    hook = await receiver(2);
    tg = await receiver(0);
    a = await startServer({ env: env() });
    b = await startServer({ env: env() });
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
    await Promise.all([hook.close(), tg.close()]);
    await redis.dispose();
  });

  const alertFor = async (base: string, id: string) => {
    const s = await login(base);
    const r = await s.request('GET', '/api/v1/alerts?status=all');
    return (
      (r.body as { data: { items: Alert[] } }).data.items.find((x) => x.dedupeKey === `incident:${id}`) ??
      null
    );
  };

  it('opens, notifies with retries under one idempotency key, and fires each step once across two instances and a crash', async () => {
    const key = await createIngestKey(a.baseUrl);
    const id = `esc-${Date.now()}`;
    expect(
      (
        await ingest(
          a.baseUrl,
          key,
          '/api/v1/incidents',
          incident(id, { severity: 'extreme', category: 'fire' }),
        )
      ).status,
    ).toBe(202);
    const opened = await until('alert', () => alertFor(a.baseUrl, id));
    expect(opened.status).toBe('new');
    expect(opened.escalation?.steps.map((s) => s.action)).toEqual([
      'notify_agency_head',
      'notify_supervisor',
    ]);

    // The webhook failed twice, then succeeded: three attempts, one key, one success.
    const openKey = `${opened.id}:opened:1:webhook`;
    await until('webhook delivery', () => hook.calls.some((c) => c.key === openKey && c.answered === 200));
    expect(hook.calls.filter((c) => c.key === openKey).map((c) => c.answered)).toEqual([500, 500, 200]);
    const tgOpen = await until('telegram', () => tg.calls.find((c) => c.path === '/bot123:abc/sendMessage'));
    expect(tgOpen.body.chat_id).toBe('-1001');
    expect(String(tgOpen.body.text)).toContain(opened.id);

    // Step 1 fires once, while two instances compete for it.
    const step1 = await until('step 1', async () => {
      const x = await alertFor(b.baseUrl, id);
      return x && x.escalationLevel >= 1 ? x : null;
    });
    expect(
      step1.timeline.filter((t) => t.action === 'escalated').map((t) => t.note?.split(' → ')[0]),
    ).toEqual(['step 1: notify_agency_head']);

    // Crash instance A before step 2 is due; B (and a restarted A) must fire it exactly once.
    await a.kill();
    a = await startServer({ env: env() });
    const step2 = await until('step 2', async () => {
      const x = await alertFor(a.baseUrl, id);
      return x && x.escalationLevel >= 2 ? x : null;
    });
    await new Promise((r) => setTimeout(r, 2_500));
    const final = (await alertFor(b.baseUrl, id)) ?? step2;
    expect(
      final.timeline.filter((t) => t.action === 'escalated').map((t) => t.note?.split(' → ')[0]),
    ).toEqual(['step 1: notify_agency_head', 'step 2: notify_supervisor']);
    const delivered = tg.calls.filter((c) => c.answered === 200).map((c) => String(c.body.text));
    expect(delivered.filter((t) => t.includes('tahap 1'))).toHaveLength(1);
    expect(delivered.filter((t) => t.includes('tahap 2'))).toHaveLength(1);
  });

  it('an acknowledged alert does not escalate', async () => {
    const key = await createIngestKey(b.baseUrl);
    // Logged in first: the acknowledgement must land well before step 1 (2 s), even on a busy machine.
    const s = await login(b.baseUrl);
    const id = `esc-ack-${Date.now()}`;
    await ingest(
      b.baseUrl,
      key,
      '/api/v1/incidents',
      incident(id, { severity: 'severe', category: 'flood' }),
    );
    const alert = await until('alert', () => alertFor(b.baseUrl, id));
    expect((await s.request('POST', `/api/v1/alerts/${alert.id}/ack`, { note: 'ditangani' })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 3_500));
    const after = await alertFor(a.baseUrl, id);
    expect(after?.status).toBe('acknowledged');
    expect(after?.escalationLevel).toBe(0);
  });

  it('MTTA and MTTR per agency and category come from the workflow', async () => {
    const s = await login(a.baseUrl);
    const r = await s.request('GET', '/api/v1/agencies/bpbd/response-times');
    expect(r.status).toBe(200);
    const d = (
      r.body as {
        data: {
          overall: { alerts: number; acknowledged: number; mttaSeconds: number | null };
          byCategory: Record<string, { acknowledged: number }>;
        };
      }
    ).data;
    expect(d.overall.acknowledged).toBeGreaterThanOrEqual(1);
    expect(d.overall.mttaSeconds).not.toBeNull();
    expect(d.byCategory.flood?.acknowledged).toBe(1);
    expect((await s.request('GET', '/api/v1/agencies/no-such/response-times')).status).toBe(404);
  });
});
