import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../../helpers/api.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../../helpers/server.js';

describe('silences: scoped, explained, previewed, and announced when they end', () => {
  let server: TestServer;
  let hook: Server;
  const received: { key: string; body: { event?: string; alert?: { id: string } } }[] = [];
  let admin: Session;
  let key: string;

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        received.push({
          key: String(req.headers['idempotency-key']),
          body: JSON.parse(raw) as { event?: string },
        });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const addr = hook.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    server = await startServer({
      env: { ...ONE_ALERT_PER_INCIDENT, PANTAU_WEBHOOK_URL: `http://127.0.0.1:${port}/hook` },
    });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
  });
  afterAll(async () => {
    await server.stop();
    await new Promise((r) => hook.close(r));
  });

  const alertOf = async (id: string) => {
    const r = await admin.request('GET', '/api/v1/alerts?status=all');
    return (r.body as { data: { items: Alert[] } }).data.items.find((a) => a.dedupeKey === `incident:${id}`);
  };

  it('refuses a silence without reason, scope or future end, naming the field', async () => {
    const end = new Date(Date.now() + 60_000).toISOString();
    const noReason = await admin.request('POST', '/api/v1/silences', { agencyId: 'bpbd', endsAt: end });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    const noScope = await admin.request('POST', '/api/v1/silences', { reason: 'pemeliharaan', endsAt: end });
    expect(noScope.status).toBe(400);
    const past = await admin.request('POST', '/api/v1/silences', {
      agencyId: 'bpbd',
      reason: 'pemeliharaan',
      endsAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    const unknown = await admin.request('POST', '/api/v1/silences', {
      agencyId: 'nope',
      reason: 'x y z',
      endsAt: end,
    });
    expect(unknown.status).toBe(400);
    expect((await admin.request('GET', '/api/v1/silences')).body).toMatchObject({ data: { items: [] } });
  });

  it('previews the open alerts it would match, then suppresses notifications for new ones, then announces its end once', async () => {
    const before = `sil-before-${Date.now()}`;
    await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      incident(before, { category: 'flood', agencyId: 'bpbd' }),
    );
    const openAlert = await alertOf(before);
    expect(openAlert?.agencyId).toBe('bpbd');

    const endsAt = new Date(Date.now() + 4_000).toISOString();
    const preview = await admin.request('POST', '/api/v1/silences/preview', {
      agencyId: 'bpbd',
      reason: 'pemeliharaan pompa',
      endsAt,
    });
    const p = (preview.body as { data: { matches: number; items: Alert[] } }).data;
    expect(p.items.map((a) => a.id)).toContain(openAlert?.id);
    expect(p.items.every((a) => a.agencyId === 'bpbd')).toBe(true);

    const created = await admin.request('POST', '/api/v1/silences', {
      agencyId: 'bpbd',
      reason: 'pemeliharaan pompa',
      endsAt,
    });
    expect(created.status).toBe(201);
    const silence = (created.body as { data: { id: string; author: { username: string } } }).data;
    expect(silence.author.username).toBe('admin');

    const during = `sil-during-${Date.now()}`;
    await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      incident(during, { category: 'flood', agencyId: 'bpbd' }),
    );
    const other = `sil-other-${Date.now()}`;
    await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      incident(other, { category: 'traffic', agencyId: 'dishub' }),
    );
    const silenced = await alertOf(during);
    expect(silenced?.silencedBy).toBe(silence.id);
    const notSilenced = await alertOf(other);
    expect(notSilenced?.silencedBy ?? null).toBeNull();

    // The silence ends; its end is announced exactly once, and the audit log has both.
    const deadline = Date.now() + 20_000;
    while (!received.some((r) => r.body.event === 'silence.expired') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(received.filter((r) => r.body.event === 'silence.expired')).toHaveLength(1);
    const notified = received.map((r) => r.body.alert?.id);
    expect(notified).toContain(notSilenced?.id);
    expect(notified).not.toContain(silenced?.id);
    const audit = await admin.request('GET', '/api/v1/audit');
    const actions = (audit.body as { data: { items: { action: string }[] } }).data.items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['silence.create', 'silence.expired']));
  });

  it('only supervisors and admins may silence', async () => {
    const r = await admin.request('POST', '/api/v1/users', {
      username: 'op-sil',
      password: 'Operator-pw-123456',
      role: 'operator',
    });
    expect(r.status).toBe(201);
    const op = await login(server.baseUrl, 'op-sil', 'Operator-pw-123456');
    const denied = await op.request('POST', '/api/v1/silences', {
      agencyId: 'bpbd',
      reason: 'coba',
      endsAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(denied.status).toBe(403);
  });
});
