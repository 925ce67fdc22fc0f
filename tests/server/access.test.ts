import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Snapshot } from '../../shared/schemas/index.js';
import { createIngestKey, incident, type Session } from '../helpers/api.js';
import {
  alertForIncident,
  call,
  createDisplay,
  createUser,
  dataOf,
  errorOf,
  loginAdmin,
  loginAs,
  openAlert,
  uid,
  type Reply,
  type TestUser,
} from '../helpers/http.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../helpers/server.js';

const WHO = [
  'admin',
  'supervisor',
  'operator',
  'liaison-own',
  'liaison-other',
  'anonymous',
  'display',
  'ingest-key',
] as const;
type Who = (typeof WHO)[number];

/** Expected status per endpoint, in WHO order. The alert acked is always bpbd's; liaison-own is bpbd, liaison-other dishub. */
const MATRIX = {
  'GET /alerts': [200, 200, 200, 200, 200, 401, 403, 403],
  'GET /users': [200, 403, 403, 403, 403, 401, 403, 403],
  'POST /users': [201, 403, 403, 403, 403, 401, 403, 403],
  'GET /keys': [200, 403, 403, 403, 403, 401, 403, 403],
  'POST /keys': [201, 403, 403, 403, 403, 401, 403, 403],
  'POST /displays': [201, 201, 403, 403, 403, 401, 403, 403],
  'GET /audit': [200, 200, 403, 403, 403, 401, 403, 403],
  // A wall's display token reads the snapshot (also for a replay), like its socket.
  'GET /snapshot': [200, 200, 200, 200, 200, 401, 200, 403],
  'POST /alerts/:id/ack': [200, 200, 200, 200, 404, 401, 403, 403],
  'POST /agencies': [201, 201, 403, 403, 403, 401, 403, 403],
  'GET /escalation-policies': [200, 200, 200, 200, 200, 401, 403, 403],
  'PUT /escalation-policies/:id': [200, 200, 403, 403, 403, 401, 403, 403],
} satisfies Record<string, number[]>;
type Endpoint = keyof typeof MATRIX;
const CASES = (Object.entries(MATRIX) as [Endpoint, number[]][]).flatMap(([endpoint, statuses]) =>
  WHO.map((who, n) => ({ endpoint, who, status: statuses[n] ?? 0 })),
);

let server: TestServer;
let base: string;
let key: string;
let admin: Session;
const sessions = new Map<Who, Session>();
const users = new Map<Who, TestUser>();
let displayToken: string;
let bpbdAlert: Alert;
let dishubAlert: Alert;

beforeAll(async () => {
  server = await startServer({ env: ONE_ALERT_PER_INCIDENT });
  base = server.baseUrl;
  key = await createIngestKey(base);
  admin = await loginAdmin(base);
  sessions.set('admin', admin);
  for (const [who, role, agency] of [
    ['supervisor', 'supervisor', undefined],
    ['operator', 'operator', undefined],
    ['liaison-own', 'liaison', 'bpbd'],
    ['liaison-other', 'liaison', 'dishub'],
  ] as const) {
    const u = await createUser(admin, role, agency);
    users.set(who, u);
    sessions.set(who, await loginAs(base, u));
  }
  displayToken = (await createDisplay(admin)).token;
  bpbdAlert = await openAlert(base, key, admin, incident(uid('bpbd'), { agencyId: 'bpbd' }));
  dishubAlert = await openAlert(
    base,
    key,
    admin,
    incident(uid('dishub'), { category: 'traffic', agencyId: 'dishub' }),
  );
});
afterAll(async () => {
  await server?.stop();
});

/** Sends a request as `who`: with its session (cookie + CSRF), its bearer token, or nothing. */
function send(who: Who, method: string, path: string, body?: unknown): Promise<Reply> {
  const s = sessions.get(who);
  if (s) return s.request(method, path, body);
  const bearer = who === 'display' ? displayToken : who === 'ingest-key' ? key : undefined;
  return call(base, method, path, { ...(body !== undefined ? { body } : {}), ...(bearer ? { bearer } : {}) });
}

function userOf(who: Who): TestUser {
  const u = users.get(who);
  if (!u) throw new Error(`no user for ${who}`);
  return u;
}
const usernameOf = (who: Who) => (who === 'admin' ? 'admin' : userOf(who).username);

describe('access matrix', () => {
  it.each(CASES)('$endpoint as $who → $status', async ({ endpoint, who, status }) => {
    const [method = 'GET', route = ''] = endpoint.split(' ');
    let path = `/api/v1${route}`;
    let body: unknown;
    let target: Alert | null = null;
    if (endpoint === 'POST /users')
      body = {
        username: `made-${uid('u').toLowerCase()}`,
        password: 'a-long-enough-password',
        role: 'operator',
      };
    if (endpoint === 'POST /keys') body = { name: `k-${uid()}`, scopes: ['usage:write'] };
    if (endpoint === 'POST /displays') body = { name: `wall ${uid()}` };
    if (endpoint === 'POST /agencies')
      body = {
        id: uid('ag').toLowerCase(),
        name: 'Dinas Uji',
        shortName: 'Uji',
        kind: 'dinas',
        location: [116.85, -1.25],
      };
    if (endpoint === 'PUT /escalation-policies/:id') {
      path = '/api/v1/escalation-policies/dlh';
      body = { steps: [{ afterSeconds: 120, action: 'notify_supervisor' }] };
    }
    if (endpoint === 'POST /alerts/:id/ack') {
      target = await openAlert(base, key, admin, incident(uid('ack'), { agencyId: 'bpbd' }));
      path = `/api/v1/alerts/${target.id}/ack`;
      body = {};
    }

    const r = await send(who, method, path, body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);

    if (status === 401) expect(errorOf(r).code).toBe('unauthenticated');
    if (status === 403) expect(errorOf(r).code).toBe('forbidden');
    if (status === 404) expect(errorOf(r).code).toBe('not_found');
    if (status >= 400 && endpoint === 'POST /users') {
      const names = dataOf<{ items: { username: string }[] }>(
        await admin.request('GET', '/api/v1/users'),
      ).items.map((u) => u.username);
      expect(names).not.toContain((body as { username: string }).username);
    }
    if (target) {
      const after = await alertForIncident(admin, target.dedupeKey.slice('incident:'.length));
      expect(after?.status).toBe(status === 200 ? 'acknowledged' : 'new');
    }
    if (status >= 300) return;

    switch (endpoint) {
      case 'GET /alerts': {
        const ids = dataOf<{ items: Alert[] }>(r).items.map((a) => `${a.agencyId}:${a.id}`);
        if (who === 'liaison-own') expect(ids.every((x) => x.startsWith('bpbd:'))).toBe(true);
        if (who === 'liaison-other') expect(ids.every((x) => x.startsWith('dishub:'))).toBe(true);
        const seesBpbd = ids.includes(`bpbd:${bpbdAlert.id}`);
        const seesDishub = ids.includes(`dishub:${dishubAlert.id}`);
        expect([seesBpbd, seesDishub]).toEqual([who !== 'liaison-other', who !== 'liaison-own']);
        break;
      }
      case 'GET /users': {
        const items = dataOf<{ items: Record<string, unknown>[] }>(r).items;
        expect(items.some((u) => u.username === 'admin' && u.role === 'admin')).toBe(true);
        expect(items.every((u) => !('passwordHash' in u))).toBe(true);
        break;
      }
      case 'POST /users':
        expect(dataOf(r)).toMatchObject({
          username: (body as { username: string }).username,
          role: 'operator',
          disabled: false,
        });
        expect(dataOf<Record<string, unknown>>(r)).not.toHaveProperty('passwordHash');
        break;
      case 'GET /keys':
        expect(
          dataOf<{ items: Record<string, unknown>[] }>(r).items.every(
            (k) => typeof k.id === 'string' && !('hash' in k),
          ),
        ).toBe(true);
        break;
      case 'POST /keys':
        expect(dataOf(r)).toMatchObject({
          scopes: ['usage:write'],
          key: expect.stringMatching(/^pk_/) as unknown,
        });
        break;
      case 'POST /displays':
        expect(dataOf(r)).toMatchObject({
          token: expect.stringMatching(/^pd_/) as unknown,
          url: expect.stringContaining('/wall?token=pd_') as unknown,
        });
        break;
      case 'GET /audit':
        expect(dataOf<{ items: { action: string }[] }>(r).items.length).toBeGreaterThan(0);
        break;
      case 'GET /snapshot': {
        const snap = dataOf<Snapshot>(r);
        expect(snap.agencies.length).toBeGreaterThan(0);
        const agencies = new Set(snap.alerts.map((a) => a.agencyId));
        if (who === 'liaison-own') expect([...agencies]).toEqual(['bpbd']);
        if (who === 'liaison-other') expect([...agencies]).toEqual(['dishub']);
        if (who === 'admin') expect(agencies.has('bpbd') && agencies.has('dishub')).toBe(true);
        break;
      }
      case 'POST /agencies':
        expect(dataOf(r)).toMatchObject({
          id: (body as { id: string }).id,
          verified: true,
          approximate: false,
        });
        break;
      case 'GET /escalation-policies':
        expect(dataOf<{ items: { id: string }[] }>(r).items[0]).toMatchObject({ id: 'default' });
        break;
      case 'PUT /escalation-policies/:id':
        expect(dataOf(r)).toMatchObject({
          id: 'dlh',
          source: 'store',
          steps: (body as { steps: unknown }).steps,
        });
        break;
      case 'POST /alerts/:id/ack':
        expect(dataOf(r)).toMatchObject({
          id: target?.id,
          status: 'acknowledged',
          acknowledgedBy: { username: usernameOf(who) },
        });
        break;
    }
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated mutation without or with a wrong X-CSRF-Token, writing nothing', async () => {
    const keysBefore = dataOf<{ items: unknown[] }>(await admin.request('GET', '/api/v1/keys')).items.length;
    for (const csrf of [undefined, 'wrong-token']) {
      const r = await call(base, 'POST', '/api/v1/keys', {
        body: { name: 'csrf', scopes: ['usage:write'] },
        headers: { cookie: admin.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      });
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe('csrf');
    }
    expect(dataOf<{ items: unknown[] }>(await admin.request('GET', '/api/v1/keys')).items).toHaveLength(
      keysBefore,
    );
    const ack = await call(base, 'POST', `/api/v1/alerts/${bpbdAlert.id}/ack`, {
      body: {},
      headers: { cookie: admin.cookie },
    });
    expect(ack.status).toBe(403);
    expect((await alertForIncident(admin, bpbdAlert.dedupeKey.slice('incident:'.length)))?.status).toBe(
      'new',
    );
  });
});

describe('login', () => {
  const attempt = (username: string, password: string) =>
    call(base, 'POST', '/api/v1/auth/login', { body: { username, password } });

  it('answers an unknown user and a wrong password with the same 401', async () => {
    const unknown = await attempt('nobody-here', 'whatever-password');
    const wrong = await attempt(usernameOf('operator'), 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(errorOf(unknown)).toEqual({
      code: 'invalid_credentials',
      message: 'Invalid username or password.',
    });
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('locks an account after 5 failures with 429 and Retry-After, even for the right password', async () => {
    const u = await createUser(admin, 'operator');
    for (let n = 0; n < 5; n++) expect((await attempt(u.username, `wrong-${n}`)).status).toBe(401);
    const locked = await attempt(u.username, u.password);
    expect(locked.status).toBe(429);
    expect(errorOf(locked).code).toBe('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not locked out.
    expect((await loginAs(base, userOf('supervisor'))).csrf).toBeTruthy();
  });

  it('records login, failed login and user creation in the audit log with actor and ip', async () => {
    const made = await createUser(admin, 'operator');
    await loginAs(base, made);
    expect((await attempt('ghost-user', 'nope-nope-nope')).status).toBe(401);
    const items = dataOf<{
      items: {
        action: string;
        actor: { kind: string; name: string | null; role: string | null };
        ip: string | null;
        target?: string;
        channel: string;
      }[];
    }>(await admin.request('GET', '/api/v1/audit?limit=1000')).items;
    const ip = expect.stringMatching(/127\.0\.0\.1/) as unknown;
    expect(items).toContainEqual(
      expect.objectContaining({
        action: 'auth.login',
        actor: expect.objectContaining({ kind: 'user', name: made.username, role: 'operator' }) as unknown,
        ip,
        channel: 'http',
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        action: 'auth.login_failed',
        actor: expect.objectContaining({ kind: 'anonymous', name: 'ghost-user' }) as unknown,
        ip,
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        action: 'user.create',
        target: made.id,
        actor: expect.objectContaining({ kind: 'user', name: 'admin', role: 'admin' }) as unknown,
        ip,
      }),
    );
  });
});
