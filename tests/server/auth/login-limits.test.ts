import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_FREE_FAILURES,
  PAIR_MAX_FAILURES,
  accountDelaySeconds,
} from '../../../server/auth/loginLimits.js';
import type { Session } from '../../helpers/api.js';
import {
  call,
  createUser,
  dataOf,
  errorOf,
  loginAdmin,
  loginAs,
  uid,
  type Reply,
} from '../../helpers/http.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { describeOnStores } from '../../helpers/stores.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { sleep, waitFor } from '../../helpers/wait.js';

interface AuditItem {
  action: string;
  actor: { kind: string; name: string | null; role: string | null };
  ip: string | null;
  target?: string;
  details?: Record<string, unknown>;
}

/**
 * One login attempt on its own new TCP connection (no keep-alive pool), so that many sent together
 * reach the server together and really race. `xff` is sent as X-Forwarded-For.
 */
function attempt(base: string, username: string, password: string, xff?: string): Promise<Reply> {
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}/api/v1/auth/login`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(xff ? { 'x-forwarded-for': xff } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (typeof v === 'string') headers.set(k, v);
            else if (Array.isArray(v)) headers.set(k, v.join(', '));
          }
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body, headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const retryAfter = (r: Reply) => Number(r.headers.get('retry-after'));
const randomIp = () => Array.from({ length: 4 }, () => 1 + Math.floor(Math.random() * 223)).join('.');

async function audit(admin: Session, username?: string): Promise<AuditItem[]> {
  const r = await admin.request('GET', '/api/v1/audit?limit=1000');
  expect(r.status).toBe(200);
  const items = dataOf<{ items: AuditItem[] }>(r).items;
  return username === undefined ? items : items.filter((e) => e.actor.name === username);
}
const actions = (items: AuditItem[], action: string) => items.filter((e) => e.action === action);

/** Waits out a 429's Retry-After (whole seconds, rounded up by the server) plus a little. */
const waitOut = (r: Reply) => sleep(retryAfter(r) * 1000 + 150);

describeOnStores('login limits behind one trusted proxy', ({ redis: onRedis }) => {
  const store = onRedis ? 'redis' : 'embedded';
  let redis: TestRedis | undefined;
  let server: TestServer;
  let base: string;
  let admin: Session;

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    server = await startServer({
      env: { PANTAU_TRUST_PROXY: '1', ...(redis ? { REDIS_URL: redis.url } : {}) },
    });
    base = server.baseUrl;
    admin = await loginAdmin(base);
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('verifies at most 5 of a burst of 100 parallel wrong guesses, and the right password sent once the pair is locked does not get in', async () => {
    const u = await createUser(admin, 'operator');
    let lockSeen = () => {};
    const locked = new Promise<void>((resolve) => (lockSeen = resolve));
    const burst = Array.from({ length: 100 }, (_, n) =>
      attempt(base, u.username, `wrong-guess-${n}`).then((r) => {
        if (r.status === 429) lockSeen();
        return r;
      }),
    );
    // Sent while the burst is still arriving, as soon as the first refusal shows the pair is locked.
    const right = locked.then(() => attempt(base, u.username, u.password));
    const replies = await Promise.all(burst);
    const rightReply = await right;

    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PAIR_MAX_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100 - PAIR_MAX_FAILURES);
    expect(rightReply.status, JSON.stringify(rightReply.body)).toBe(429);
    expect(errorOf(rightReply).code).toBe('too_many_attempts');
    expect(retryAfter(rightReply)).toBeGreaterThan(60);
    expect(rightReply.headers.get('set-cookie')).toBeNull();

    // Only verified attempts leave a failed-login entry: exactly the limit, never the refused ones.
    const mine = await audit(admin, u.username);
    expect(actions(mine, 'auth.login_failed')).toHaveLength(PAIR_MAX_FAILURES);
    expect(actions(mine, 'auth.login')).toHaveLength(0);
    expect(actions(mine, 'auth.locked')).toEqual([
      expect.objectContaining({
        target: u.id,
        ip: '127.0.0.1',
        details: expect.objectContaining({ scope: 'address' }) as unknown,
      }),
    ]);
  });

  it('limits by the address the proxy saw, not a rotating client-supplied X-Forwarded-For, and audits that address', async () => {
    const u = await createUser(admin, 'operator');
    const seen = '10.9.8.7';
    const spoofed = ['1.2.3.4', ...Array.from({ length: 11 }, randomIp)];
    const statuses: number[] = [];
    for (const fake of spoofed)
      statuses.push((await attempt(base, u.username, 'wrong-password', `${fake}, ${seen}`)).status);
    expect(statuses).toEqual([
      ...Array<number>(PAIR_MAX_FAILURES).fill(401),
      ...Array<number>(spoofed.length - PAIR_MAX_FAILURES).fill(429),
    ]);
    expect((await attempt(base, u.username, u.password, `${randomIp()}, ${seen}`)).status).toBe(429);

    // The lock follows the proxy-seen address: the owner elsewhere gets in.
    const elsewhere = '10.9.8.99';
    const ok = await attempt(base, u.username, u.password, `1.2.3.4, ${elsewhere}`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    const mine = await audit(admin, u.username);
    expect(actions(mine, 'auth.login_failed')).toHaveLength(PAIR_MAX_FAILURES);
    expect(actions(mine, 'auth.locked')).toHaveLength(1);
    for (const e of [...actions(mine, 'auth.login_failed'), ...actions(mine, 'auth.locked')])
      expect(e.ip).toBe(seen);
    expect(mine.filter((e) => spoofed.includes(e.ip ?? ''))).toEqual([]);
    expect(actions(mine, 'auth.login')).toEqual([expect.objectContaining({ ip: elsewhere })]);
  });

  it("does not let a stranger's 20 failures from another address lock the owner out", async () => {
    const u = await createUser(admin, 'operator');
    const statuses: number[] = [];
    for (let n = 0; n < 20; n++)
      statuses.push((await attempt(base, u.username, `nope-${n}`, '203.0.113.7')).status);
    expect(statuses).toEqual([
      ...Array<number>(PAIR_MAX_FAILURES).fill(401),
      ...Array<number>(20 - PAIR_MAX_FAILURES).fill(429),
    ]);
    const owner = await attempt(base, u.username, u.password, '192.0.2.10');
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
  });

  it('slows an account attacked from many addresses by a growing delay, which the owner waits out and then logs in', async () => {
    const u = await createUser(admin, 'operator');
    const ownerAt = '192.0.2.20';
    const strangerAt = (n: number) => `198.51.100.${n + 1}`;
    const stranger: Reply[] = [];
    for (let n = 0; n < 20; n++) stranger.push(await attempt(base, u.username, `nope-${n}`, strangerAt(n)));
    expect(stranger.map((r) => r.status)).toEqual([
      ...Array<number>(ACCOUNT_FREE_FAILURES).fill(401),
      ...Array<number>(20 - ACCOUNT_FREE_FAILURES).fill(429),
    ]);
    for (const r of stranger.slice(ACCOUNT_FREE_FAILURES)) {
      expect(errorOf(r).code).toBe('too_many_attempts');
      expect(retryAfter(r)).toBeGreaterThanOrEqual(1);
      expect(retryAfter(r)).toBeLessThanOrEqual(accountDelaySeconds(ACCOUNT_FREE_FAILURES));
    }

    // Too soon, even with the right password: refused, and not verified.
    const early = await attempt(base, u.username, u.password, ownerAt);
    expect(early.status).toBe(429);
    await waitOut(early);
    // The stranger's next guess is verified and doubles the delay.
    expect((await attempt(base, u.username, 'nope-again', strangerAt(30))).status).toBe(401);
    const later = await attempt(base, u.username, u.password, ownerAt);
    expect(later.status).toBe(429);
    expect(retryAfter(later)).toBe(accountDelaySeconds(ACCOUNT_FREE_FAILURES + 1));
    await waitOut(later);
    const ok = await attempt(base, u.username, u.password, ownerAt);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    const mine = await audit(admin, u.username);
    expect(actions(mine, 'auth.login_failed')).toHaveLength(ACCOUNT_FREE_FAILURES + 1);
    expect(actions(mine, 'auth.login')).toEqual([expect.objectContaining({ ip: ownerAt })]);
    // Audited once when the delay started, not for every refusal or every failure that lengthened it.
    expect(actions(mine, 'auth.locked')).toEqual([
      expect.objectContaining({
        target: u.id,
        details: expect.objectContaining({ scope: 'account' }) as unknown,
      }),
    ]);
  });

  it('limits unknown usernames the same way, with the same answers as for a real account', async () => {
    const ghost = `ghost-${uid('g').toLowerCase()}`;
    const real = await createUser(admin, 'operator');
    const at = '203.0.113.50';
    const ghostReplies: Reply[] = [];
    const realReplies: Reply[] = [];
    for (let n = 0; n <= PAIR_MAX_FAILURES; n++) {
      ghostReplies.push(await attempt(base, ghost, 'whatever-password', at));
      realReplies.push(await attempt(base, real.username, 'whatever-password', at));
    }
    expect(ghostReplies.map((r) => r.status)).toEqual([...Array<number>(PAIR_MAX_FAILURES).fill(401), 429]);
    expect(ghostReplies.map((r) => r.body)).toEqual(realReplies.map((r) => r.body));
    const last = ghostReplies.at(-1);
    expect(last && retryAfter(last)).toBeGreaterThan(60);
  });

  it('lets an admin lift every lock and delay of an account at once (audited); an operator may not', async () => {
    const u = await createUser(admin, 'operator');
    const operator = await loginAs(base, await createUser(admin, 'operator'));
    const [a, b, c, d] = ['198.18.0.1', '198.18.0.2', '198.18.0.3', '198.18.0.4'] as const;
    for (const from of [a, b]) {
      for (let n = 0; n < PAIR_MAX_FAILURES; n++)
        expect((await attempt(base, u.username, 'wrong-password', from)).status).toBe(401);
    }
    // Two more failures past the threshold, waiting each delay out, so the delay now runs for seconds.
    for (let n = 0; n < 2; n++) {
      const refused = await attempt(base, u.username, u.password, d);
      expect(refused.status).toBe(429);
      await waitOut(refused);
      expect((await attempt(base, u.username, 'wrong-password', c)).status).toBe(401);
    }
    const delayed = await attempt(base, u.username, u.password, d);
    expect(delayed.status).toBe(429);
    expect(retryAfter(delayed)).toBeGreaterThanOrEqual(accountDelaySeconds(ACCOUNT_FREE_FAILURES + 2) - 1);
    expect((await attempt(base, u.username, u.password, a)).status).toBe(429);

    const path = `/api/v1/users/${u.id}/unlock`;
    const byOperator = await operator.request('POST', path);
    expect(byOperator.status).toBe(403);
    expect(errorOf(byOperator).code).toBe('forbidden');
    const noCsrf = await call(base, 'POST', path, { headers: { cookie: admin.cookie } });
    expect(noCsrf.status).toBe(403);
    expect(errorOf(noCsrf).code).toBe('csrf');
    expect((await admin.request('POST', '/api/v1/users/u-does-not-exist/unlock')).status).toBe(404);
    // Still locked: nothing above unlocked it.
    expect((await attempt(base, u.username, u.password, b)).status).toBe(429);

    const unlocked = await admin.request('POST', path);
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(204);
    // At once, from the locked address and past the running delay.
    expect((await attempt(base, u.username, u.password, a)).status).toBe(200);
    expect((await attempt(base, u.username, u.password, d)).status).toBe(200);

    const entries = actions(await audit(admin), 'auth.unlocked').filter((e) => e.target === u.id);
    expect(entries).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ kind: 'user', name: 'admin', role: 'admin' }) as unknown,
        ip: '127.0.0.1',
        details: expect.objectContaining({ username: u.username }) as unknown,
      }),
    ]);
  });

  it.skipIf(store !== 'redis')('fails closed with 503 while Redis is unreachable, and recovers', async () => {
    const u = await createUser(admin, 'operator');
    await redis?.stop();
    try {
      const r = await attempt(base, u.username, u.password, '192.0.2.77');
      expect(r.status).toBe(503);
      expect(errorOf(r).code).toBe('store_unavailable');
      expect(r.headers.get('set-cookie')).toBeNull();
    } finally {
      await redis?.start();
    }
    await waitFor(
      async () => (await attempt(base, u.username, u.password, '192.0.2.77')).status === 200,
      'a login after Redis is back',
    );
  });
});

describe('login limits with the default configuration (no trusted proxy)', () => {
  let server: TestServer;
  let base: string;
  let admin: Session;

  beforeAll(async () => {
    server = await startServer();
    base = server.baseUrl;
    admin = await loginAdmin(base);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('ignores X-Forwarded-For entirely: rotating it does not escape the lock, and the audit records the real address', async () => {
    const u = await createUser(admin, 'operator');
    const statuses: number[] = [];
    for (let n = 0; n < 10; n++)
      statuses.push(
        (await attempt(base, u.username, 'wrong-password', `${randomIp()}, ${randomIp()}`)).status,
      );
    expect(statuses).toEqual([
      ...Array<number>(PAIR_MAX_FAILURES).fill(401),
      ...Array<number>(10 - PAIR_MAX_FAILURES).fill(429),
    ]);
    const mine = await audit(admin, u.username);
    expect(actions(mine, 'auth.login_failed').map((e) => e.ip)).toEqual(
      Array<string>(PAIR_MAX_FAILURES).fill('127.0.0.1'),
    );
  });
});
