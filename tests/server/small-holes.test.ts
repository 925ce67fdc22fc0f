/**
 * The small holes found from outside, closed: a malformed session cookie is no session (never a
 * 500); a cookie socket from another site's page is refused; display tokens read only what a wall
 * shows; `/metrics` can be protected; a command id is scoped to its alert; behind the one trusted
 * proxy that says https, the session cookie is Secure.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, login, type Session } from '../helpers/api.js';
import { call, createDisplay, openAlert, uid } from '../helpers/http.js';
import { ADMIN_PASSWORD, startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../helpers/server.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123';

/** Opens a `/live` socket with the given headers; resolves `connected` or the connect_error message. */
function handshake(
  baseUrl: string,
  headers: Record<string, string>,
  auth: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve) => {
    const s = io(`${baseUrl}/live`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: headers,
      auth,
    });
    s.once('snapshot', () => {
      s.disconnect();
      resolve('connected');
    });
    s.once('connect_error', (e) => {
      s.disconnect();
      resolve(e.message);
    });
  });
}

describe('small holes', () => {
  let server: TestServer;
  let admin: Session;
  let key: string;

  beforeAll(async () => {
    server = await startServer({
      env: { ...ONE_ALERT_PER_INCIDENT, PANTAU_METRICS_TOKEN: METRICS_TOKEN, PANTAU_TRUST_PROXY: '1' },
    });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('treats a malformed session cookie as no session: 401 or the page, never 500; the socket is refused as unauthorized', async () => {
    const cookie = { cookie: 'pantau_session=%E0%A4%A' };
    for (const [path, want] of [
      ['/api/v1/auth/me', 401],
      ['/api/v1/alerts', 401],
      ['/api/v1/incidents', 401],
      ['/healthz', 200],
    ] as const) {
      expect((await call(server.baseUrl, 'GET', path, { headers: cookie })).status, path).toBe(want);
    }
    expect(await handshake(server.baseUrl, cookie)).toBe('unauthorized');
    expect(await handshake(server.baseUrl, { cookie: 'pantau_session="unterminated; x=%%' })).toBe(
      'unauthorized',
    );
  });

  it("refuses a cookie socket opened from another site's page, accepts the console's own", async () => {
    const host = new URL(server.baseUrl).host;
    expect(await handshake(server.baseUrl, { cookie: admin.cookie, origin: 'https://evil.example' })).toBe(
      'unauthorized',
    );
    expect(await handshake(server.baseUrl, { cookie: admin.cookie, origin: `http://${host}` })).toBe(
      'connected',
    );
  });

  it('lets a display token read what a wall shows and nothing else', async () => {
    const { token } = await createDisplay(admin);
    for (const path of [
      '/api/v1/usage/participation',
      '/api/v1/usage/adoption',
      '/api/v1/scorecard',
      '/api/v1/snapshot',
    ]) {
      expect((await call(server.baseUrl, 'GET', path, { bearer: token })).status, path).toBe(200);
    }
    for (const path of [
      '/api/v1/agencies',
      '/api/v1/areas',
      '/api/v1/apps',
      '/api/v1/alerts',
      '/api/v1/incidents',
      '/api/v1/services',
      '/api/v1/audit',
      '/api/v1/maintenance',
      '/api/v1/escalation-policies',
    ]) {
      expect((await call(server.baseUrl, 'GET', path, { bearer: token })).status, path).toBe(403);
    }
    expect(await handshake(server.baseUrl, {}, { token })).toBe('connected');
  });

  it('protects /metrics with PANTAU_METRICS_TOKEN', async () => {
    expect((await call(server.baseUrl, 'GET', '/metrics')).status).toBe(401);
    expect(
      (await call(server.baseUrl, 'GET', '/metrics', { bearer: 'wrong-token-wrong-token' })).status,
    ).toBe(401);
    const ok = await call(server.baseUrl, 'GET', '/metrics', { bearer: METRICS_TOKEN });
    expect(ok.status).toBe(200);
    expect(String(ok.body)).toContain('pantau_feed_live');
  });

  it('scopes a command id to its alert: the same id on another alert acts on that alert', async () => {
    const fire = (id: string) => incident(id, { category: 'fire', severity: 'severe' });
    const a = await openAlert(server.baseUrl, key, admin, fire(uid('cmd-a')));
    const b = await openAlert(server.baseUrl, key, admin, fire(uid('cmd-b')));
    const ackA = await admin.request('POST', `/api/v1/alerts/${a.id}/ack`, { commandId: 'shared-cmd-1' });
    expect(ackA.status).toBe(200);
    const ackB = await admin.request('POST', `/api/v1/alerts/${b.id}/ack`, { commandId: 'shared-cmd-1' });
    expect(ackB.status).toBe(200);
    expect((ackB.body as { data: { id: string; status: string } }).data).toMatchObject({
      id: b.id,
      status: 'acknowledged',
    });
    // A retry on A is still idempotent.
    const again = await admin.request('POST', `/api/v1/alerts/${a.id}/ack`, { commandId: 'shared-cmd-1' });
    expect(again.status).toBe(200);
    expect((again.body as { data: { version: number } }).data.version).toBe(
      (ackA.body as { data: { version: number } }).data.version,
    );
  });

  it('marks the session cookie Secure behind the trusted proxy that says https', async () => {
    const r = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '203.0.113.9',
      },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });
});
