/**
 * Every mutating route, fuzzed from outside with fast-check: random and almost-valid bodies, odd
 * ids in the path, hostile cookies and headers. Never a 5xx, and a refused request writes nothing:
 * the store (read directly in Redis: every document collection, the event log, the timers) is the
 * same after it as before.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestKey, incident, login, type Session } from '../helpers/api.js';
import { openAlert } from '../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../helpers/server.js';

/** Collections that change on reads (a session's or key's last use), left out of "nothing written". */
const VOLATILE = new Set(['sessions', 'api-keys', 'displays']);

/** A digest of everything stored that a refused request must not change. */
async function fingerprint(r: Redis): Promise<string> {
  const h = createHash('sha1');
  const keys = (await r.keys('pantau:*')).sort();
  for (const k of keys) {
    if (k.startsWith('pantau:doc:') || k.startsWith('pantau:ver:')) {
      if (VOLATILE.has(k.split(':').slice(2).join(':'))) continue;
      const all = await r.hgetall(k);
      h.update(k + JSON.stringify(Object.entries(all).sort(([a], [b]) => a.localeCompare(b))));
    } else if (k === 'pantau:events') h.update(`${k}:${await r.xlen(k)}`);
    else if (k.startsWith('pantau:z:'))
      h.update(k + JSON.stringify(await r.zrange(k, '0', '-1', 'WITHSCORES')));
  }
  return h.digest('hex');
}

const text = fc.string({ maxLength: 24, unit: 'grapheme' });
const odd = fc.constantFrom(
  '__proto__',
  'constructor',
  '..',
  '%2e%2e',
  '%00',
  'a'.repeat(300),
  '🙂',
  'web-dinkes',
  'bpbd',
  'default',
  'admin',
  '0',
  '-1',
);
const id = fc.oneof(
  text.filter((s) => s.length > 0),
  odd,
);
const json = fc.jsonValue({ maxDepth: 3 });

/** An object that is almost right: a valid body with one field replaced, removed or added. */
function almost(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), json).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))),
    fc.tuple(text, json).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.constant(valid),
  );
}

const user = { username: 'fuzz-user', password: 'a-long-enough-password', role: 'operator' };
// An `api` with a URL gets no default check: a website would be probed in the background (and its
// state and alert written) while the fuzz compares the store before and after a refused request.
const service = {
  id: 'fuzz-svc',
  agencyId: 'diskominfo',
  name: 'Situs uji',
  kind: 'api',
  url: 'https://uji.balikpapan.go.id/',
};
const agency = {
  id: 'fuzz-opd',
  name: 'Dinas Uji',
  shortName: 'Uji',
  kind: 'dinas',
  location: [116.85, -1.25],
};
const silence = {
  agencyId: 'bpbd',
  reason: 'uji coba',
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
};
const maintenance = {
  kind: 'once',
  serviceId: 'web-dinkes',
  reason: 'uji coba',
  startsAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
};

const notice = {
  kind: 'maintenance',
  title: 'Pemeliharaan uji',
  body: 'uji coba',
  serviceIds: ['web-dinkes'],
  startsAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
};

describe.skipIf(!redisAvailable())('fuzzing every mutating route', () => {
  let redis: TestRedis;
  let raw: Redis;
  let server: TestServer;
  let admin: Session;
  let key: string;
  const alertIds: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    raw = new Redis(redis.url);
    server = await startServer({
      env: {
        ...ONE_ALERT_PER_INCIDENT,
        REDIS_URL: redis.url,
        PANTAU_INGEST_RATE_PER_MINUTE: '1000000',
        PANTAU_REPORTS_PER_HOUR: '100000',
      },
    });
    admin = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
    for (let i = 0; i < 2; i++)
      alertIds.push(
        (
          await openAlert(
            server.baseUrl,
            key,
            admin,
            incident(`fuzz-fire-${i}`, { category: 'fire', severity: 'severe' }),
          )
        ).id,
      );
  });
  afterAll(async () => {
    raw?.disconnect();
    await server?.stop();
    await redis?.dispose();
  });

  /** Sends one request as the admin (cookie + CSRF), or with the given headers instead. */
  async function send(
    method: string,
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<number> {
    const h: Record<string, string> = headers ?? { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    const isText = typeof body === 'string';
    if (body !== undefined) h['content-type'] ??= isText ? 'text/csv' : 'application/json';
    const r = await fetch(server.baseUrl + path, {
      method,
      headers: h,
      ...(body !== undefined ? { body: isText ? body : JSON.stringify(body) } : {}),
    });
    await r.arrayBuffer();
    return r.status;
  }

  /** Runs `cases` through the server: never 5xx, and a refused one leaves the store as it was. */
  async function fuzz<T>(
    name: string,
    arb: fc.Arbitrary<T>,
    run: (c: T) => Promise<number>,
    opts: { numRuns?: number; writesOnRefusal?: boolean } = {},
  ) {
    let before = await fingerprint(raw);
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const status = await run(c);
        expect(status, `${name}: ${JSON.stringify(c).slice(0, 300)}`).toBeLessThan(500);
        const after = await fingerprint(raw);
        if (status >= 400 && !opts.writesOnRefusal)
          expect(after, `${name} wrote on ${status}: ${JSON.stringify(c).slice(0, 300)}`).toBe(before);
        before = after;
      }),
      { numRuns: opts.numRuns ?? 40 },
    );
  }

  it('people and access: users, keys, displays, unlock (a failed login is audited, by design)', async () => {
    await fuzz(
      'login',
      fc.oneof(json, almost({ username: 'admin', password: 'wrong' })),
      (b) => send('POST', '/api/v1/auth/login', b, {}),
      { writesOnRefusal: true },
    );
    await fuzz(
      'users',
      fc.tuple(fc.constantFrom('POST', 'PATCH', 'DELETE'), id, fc.oneof(json, almost(user))),
      ([m, i, b]) =>
        send(
          m,
          m === 'POST' ? '/api/v1/users' : `/api/v1/users/${encodeURIComponent(i)}`,
          m === 'DELETE' ? undefined : b,
        ),
    );
    await fuzz('unlock', id, (i) => send('POST', `/api/v1/users/${encodeURIComponent(i)}/unlock`, undefined));
    await fuzz(
      'keys',
      fc.tuple(fc.boolean(), id, fc.oneof(json, almost({ name: 'k', scopes: ['incidents:write'] }))),
      ([create, i, b]) =>
        create
          ? send('POST', '/api/v1/keys', b)
          : send('DELETE', `/api/v1/keys/${encodeURIComponent(i)}`, undefined),
    );
    await fuzz(
      'displays',
      fc.tuple(fc.boolean(), id, fc.oneof(json, almost({ name: 'wall' }))),
      ([create, i, b]) =>
        create
          ? send('POST', '/api/v1/displays', b)
          : send('DELETE', `/api/v1/displays/${encodeURIComponent(i)}`, undefined),
    );
  });

  it('configuration: services, agencies, escalation policies, silences, maintenance, notices, scorecard, notification channels', async () => {
    const edit = (valid: Record<string, unknown> & { id: string }) =>
      fc.tuple(
        fc.constantFrom('POST', 'PUT', 'DELETE'),
        fc.oneof(id, fc.constant(valid.id)),
        fc.oneof(json, almost(valid)),
      );
    await fuzz('services', edit(service), ([m, i, b]) =>
      send(
        m,
        m === 'POST' ? '/api/v1/services' : `/api/v1/services/${encodeURIComponent(i)}`,
        m === 'DELETE' ? undefined : b,
      ),
    );
    await fuzz('agencies', edit(agency), ([m, i, b]) =>
      send(
        m,
        m === 'POST' ? '/api/v1/agencies' : `/api/v1/agencies/${encodeURIComponent(i)}`,
        m === 'DELETE' ? undefined : b,
      ),
    );
    await fuzz(
      'policies',
      fc.tuple(
        fc.constantFrom('PUT', 'DELETE'),
        fc.oneof(id, fc.constantFrom('default', 'bpbd')),
        fc.oneof(json, almost({ steps: [{ afterSeconds: 60, action: 'wall_red' }], expectedVersion: 0 })),
      ),
      ([m, i, b]) =>
        send(m, `/api/v1/escalation-policies/${encodeURIComponent(i)}`, m === 'DELETE' ? undefined : b),
    );
    await fuzz(
      'silences',
      fc.tuple(
        fc.constantFrom('/api/v1/silences', '/api/v1/silences/preview', 'DELETE'),
        id,
        fc.oneof(json, almost(silence)),
      ),
      ([p, i, b]) =>
        p === 'DELETE'
          ? send('DELETE', `/api/v1/silences/${encodeURIComponent(i)}`, undefined)
          : send('POST', p, b),
    );
    await fuzz(
      'maintenance',
      fc.tuple(fc.boolean(), id, fc.oneof(json, almost(maintenance))),
      ([create, i, b]) =>
        create
          ? send('POST', '/api/v1/maintenance', b)
          : send('DELETE', `/api/v1/maintenance/${encodeURIComponent(i)}`, undefined),
    );
    await fuzz(
      'notices',
      fc.tuple(
        fc.constantFrom('POST', 'PATCH', 'DELETE'),
        id,
        fc.oneof(json, almost(notice), almost({ update: 'sedang dikerjakan', status: 'closed' })),
      ),
      ([m, i, b]) =>
        m === 'POST'
          ? send('POST', '/api/v1/notices', b)
          : send(m, `/api/v1/notices/${encodeURIComponent(i)}`, m === 'DELETE' ? undefined : b),
    );
    await fuzz(
      'scorecard',
      fc.tuple(
        fc.oneof(id, fc.constant('ict-budget-share')),
        fc.oneof(text, fc.constantFrom('2025', '1900', '99999')),
        fc.oneof(json, almost({ value: 1.2, source: 'APBD 2025' })),
      ),
      ([i, y, b]) =>
        send('PUT', `/api/v1/scorecard/${encodeURIComponent(i)}/values/${encodeURIComponent(y)}`, b),
    );
    await fuzz(
      'notification channels',
      fc.tuple(
        fc.constantFrom('PUT', 'DELETE'),
        fc.oneof(id, fc.constantFrom('telegram', 'webhook', 'email')),
        fc.oneof(
          json,
          almost({ enabled: true, url: 'https://hooks.pantau.invalid/hook', expectedVersion: 0 }),
          almost({ enabled: true, host: 'mail.pantau.invalid', port: 587, from: 'pantau@pantau.invalid' }),
        ),
      ),
      ([m, k, b]) =>
        send(m, `/api/v1/notification-channels/${encodeURIComponent(k)}`, m === 'DELETE' ? undefined : b),
    );
  });

  it('alert commands, feeds and the CSV import', async () => {
    await fuzz(
      'alert commands',
      fc.tuple(
        fc.oneof(id, fc.constantFrom(...alertIds)),
        fc.oneof(fc.constantFrom('ack', 'resolve', 'snooze', 'assign', 'escalate', 'confirm'), text),
        fc.oneof(
          json,
          almost({
            note: 'x',
            commandId: 'c',
            code: 'fixed',
            until: new Date(Date.now() + 60_000).toISOString(),
            reason: 'r',
            assignee: 'admin',
            expectedVersion: 1,
          }),
        ),
      ),
      ([i, a, b]) => send('POST', `/api/v1/alerts/${encodeURIComponent(i)}/${encodeURIComponent(a)}`, b),
    );
    const bearer = { authorization: `Bearer ${key}` };
    await fuzz(
      'incidents',
      fc.oneof(
        json,
        almost(incident('fuzz-inc') as Record<string, unknown>),
        fc.array(almost(incident('fuzz-inc-b') as Record<string, unknown>), { maxLength: 3 }),
      ),
      (b) => send('POST', '/api/v1/incidents', b, { ...bearer }),
    );
    const wazuh = JSON.parse(
      readFileSync(new URL('../fixtures/wazuh/web-31103-sql-injection.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    await fuzz('wazuh', fc.oneof(json, almost(wazuh), fc.array(almost(wazuh), { maxLength: 3 })), (b) =>
      send('POST', '/api/v1/ingest/wazuh', b, { ...bearer }),
    );
    await fuzz(
      'heartbeats',
      fc.oneof(
        json,
        almost({ serviceId: 'web-dinkes', status: 'up', latencyMs: 10, checkedAt: new Date().toISOString() }),
      ),
      (b) => send('POST', '/api/v1/health/heartbeats', b, { ...bearer }),
    );
    await fuzz(
      'usage',
      fc.oneof(json, almost({ appId: 'hore', metric: 'downloads', value: 5, at: new Date().toISOString() })),
      (b) => send('POST', '/api/v1/usage', b, { ...bearer }),
    );
    const csvLine = fc
      .array(
        fc.oneof(
          text,
          fc.constantFrom('hore', 'downloads', 'day', '2025-01-01', '5', '"', ',', '\r\n', '=1+1'),
        ),
        { maxLength: 8 },
      )
      .map((f) => f.join(','));
    await fuzz(
      'csv import',
      fc
        .array(csvLine, { maxLength: 5 })
        .map((lines) => ['app_id,metric,period,period_start,value', ...lines].join('\n')),
      (body) => send('POST', '/api/v1/usage/import', body, { ...bearer, 'content-type': 'text/csv' }),
    );
  });

  it('citizen reports: Open311 submissions, the /lapor form, triage and the block list', async () => {
    // The admin's session, not a new login: the login fuzz above may have locked the admin's logins.
    const made = await admin.request('POST', '/api/v1/keys', {
      name: 'fuzz-reports',
      scopes: ['reports:write'],
    });
    expect(made.status).toBe(201);
    const reportKey = (made.body as { data: { key: string } }).data.key;
    const asText = (b: unknown) =>
      b && typeof b === 'object' && !Array.isArray(b)
        ? Object.fromEntries(
            Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
          )
        : { value: JSON.stringify(b) };
    const request311 = {
      api_key: reportKey,
      service_code: 'banjir',
      lat: '-1.2379',
      long: '116.8529',
      description: 'uji coba',
      email: 'uji@example.id',
    };
    await fuzz('open311', fc.oneof(json, almost(request311)), (b) =>
      send('POST', '/open311/v2/requests.json', new URLSearchParams(asText(b)).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    );
    const laporForm = { category: 'sampah', description: 'uji', kelurahan: '64.71.01.1001', phone: '0812' };
    await fuzz('lapor', fc.oneof(json, almost(laporForm)), async (b) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(asText(b))) fd.append(k, v);
      const r = await fetch(`${server.baseUrl}/lapor`, { method: 'POST', body: fd, redirect: 'manual' });
      await r.arrayBuffer();
      return r.status;
    });
    const reportId = fc.oneof(id, fc.constantFrom('LPR-2026-000001', 'LPR-2026-000002'));
    await fuzz(
      'triage',
      fc.tuple(
        fc.constantFrom('verify', 'merge', 'reject'),
        reportId,
        fc.oneof(json, almost({ into: 'LPR-2026-000001' }), almost({ reason: 'bukan masalah' })),
      ),
      ([action, i, b]) => send('POST', `/api/v1/reports/${encodeURIComponent(i)}/${action}`, b),
    );
    await fuzz(
      'report blocks',
      fc.tuple(
        fc.boolean(),
        id,
        fc.oneof(json, almost({ kind: 'phone', value: '0812 0000 1111', reason: 'uji' })),
      ),
      ([create, i, b]) =>
        create
          ? send('POST', '/api/v1/report-blocks', b)
          : send('DELETE', `/api/v1/report-blocks/${encodeURIComponent(i)}`, undefined),
    );
  });

  it('hostile cookies and headers on every kind of route', async () => {
    const headerValue = fc.oneof(
      text,
      fc.constantFrom(
        '%E0%A4%A',
        '"',
        ';;;',
        '=',
        'pantau_session',
        '\u00ff\u00fe',
        'a'.repeat(4000),
        'Bearer ',
        'Bearer pk_x_y',
        'Bearer pd_aaaaaaaa_bbbbbbbbbbbbbbbbbbbb',
      ),
    );
    const cookieHeader = fc.oneof(
      headerValue,
      headerValue.map((v) => `pantau_session=${v}`),
      fc.tuple(headerValue, headerValue).map(([a, b]) => `pantau_session=${a}; other=${b}`),
    );
    const route = fc.constantFrom<[string, string]>(
      ['GET', '/api/v1/auth/me'],
      ['GET', '/api/v1/alerts'],
      ['POST', '/api/v1/users'],
      ['POST', '/api/v1/incidents'],
      ['POST', `/api/v1/alerts/x/ack`],
      ['PUT', '/api/v1/services/web-dinkes'],
      ['GET', '/metrics'],
      ['GET', '/readyz'],
      ['POST', '/api/v1/auth/login'],
    );
    await fuzz(
      'headers',
      fc.record({
        route,
        cookie: cookieHeader,
        authorization: headerValue,
        csrf: headerValue,
        type: fc.oneof(
          headerValue,
          fc.constantFrom(
            'application/json',
            'text/csv',
            'application/cap+xml',
            'multipart/form-data; boundary=x',
          ),
        ),
        body: fc.oneof(json, text),
      }),
      ({ route: [m, p], cookie, authorization, csrf, type, body }) => {
        // Header values must be ISO-8859-1 to be sendable at all; what fetch refuses never reaches the server.
        const safe = (v: string) => v.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
        return send(m, p, m === 'GET' ? undefined : body, {
          cookie: safe(cookie),
          authorization: safe(authorization),
          'x-csrf-token': safe(csrf),
          'content-type': safe(type),
        });
      },
      { numRuns: 120, writesOnRefusal: true },
    );
  });
});
