import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../shared/events.js';
import type { Alert, Incident } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, type Session } from '../helpers/api.js';
import {
  alertForIncident,
  allAlerts,
  allIncidents,
  createUser,
  dataOf,
  errorOf,
  freshRequest,
  loginAdmin,
  loginAs,
  openAlert,
  uid,
  type TestUser,
} from '../helpers/http.js';
import { connectLive, type LiveClient } from '../helpers/live.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../helpers/server.js';

const OCCURRED = '2026-11-29T01:30:00.000Z';
/** An extreme fire: routed to the fire brigade (damkar) by category. */
const fire = (id: string, over: Record<string, unknown> = {}) =>
  incident(id, {
    title: 'Kebakaran gudang di Karang Joang',
    category: 'fire',
    severity: 'extreme',
    occurredAt: OCCURRED,
    ...over,
  });

interface ConflictDetails {
  status: string;
  version: number;
  acknowledgedBy: string | null;
}

const variants = [
  { name: 'the embedded store', redis: false },
  { name: 'Redis', redis: true },
] as const;

for (const variant of variants) {
  describe.skipIf(variant.redis && !redisAvailable())(`alerts on ${variant.name}`, () => {
    let redis: TestRedis | null = null;
    let server: TestServer;
    let base: string;
    let key: string;
    let admin: Session;
    let supUser: TestUser;
    let sup: Session;

    beforeAll(async () => {
      redis = variant.redis ? await startRedis() : null;
      server = await startServer({
        env: { ...ONE_ALERT_PER_INCIDENT, ...(redis ? { REDIS_URL: redis.url } : {}) },
      });
      base = server.baseUrl;
      key = await createIngestKey(base);
      admin = await loginAdmin(base);
      supUser = await createUser(admin, 'supervisor');
      sup = await loginAs(base, supUser);
    });
    afterAll(async () => {
      await server?.stop();
      await redis?.dispose();
    });

    const newAlert = () => openAlert(base, key, admin, fire(uid('fire')));
    const ack = (s: Session, a: Alert, body: Record<string, unknown> = {}) =>
      s.request('POST', `/api/v1/alerts/${a.id}/ack`, body);

    it('opens an alert for an extreme incident, routed to the responsible agency', async () => {
      const id = uid('fire');
      const a = await openAlert(base, key, admin, fire(id));
      expect(a).toMatchObject({
        dedupeKey: `incident:${id}`,
        agencyId: 'damkar',
        status: 'new',
        condition: 'active',
        severity: 'extreme',
        sourceKind: 'incident',
        count: 1,
        acknowledgedBy: null,
        title: 'Kebakaran gudang di Karang Joang',
      });
      const routed = await openAlert(base, key, admin, fire(uid('fire'), { agencyId: 'bpbd' }));
      expect(routed.agencyId).toBe('bpbd');
    });

    it('counts a repeat of the incident on the same alert', async () => {
      const id = uid('fire');
      const first = await openAlert(base, key, admin, fire(id));
      expect((await ingest(base, key, '/api/v1/incidents', fire(id))).status).toBe(202);
      const again = await alertForIncident(admin, id);
      expect(again).toMatchObject({ id: first.id, count: 2, status: 'new', version: first.version + 1 });
      expect((await ingest(base, key, '/api/v1/incidents', fire(id))).status).toBe(202);
      expect(await alertForIncident(admin, id)).toMatchObject({ id: first.id, count: 3 });
      expect((await allAlerts(admin)).filter((x) => x.dedupeKey === `incident:${id}`)).toHaveLength(1);
    });

    it('lets exactly one of 50 concurrent acks win; the others get 409 naming who acknowledged', async () => {
      const a = await newAlert();
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          freshRequest(base, sup, 'POST', `/api/v1/alerts/${a.id}/ack`, { note: `try ${n}` }),
        ),
      );
      const won = replies.filter((r) => r.status === 200);
      const lost = replies.filter((r) => r.status === 409);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      expect(dataOf<Alert>(won[0] ?? { body: null })).toMatchObject({
        id: a.id,
        status: 'acknowledged',
        version: a.version + 1,
        acknowledgedBy: { username: supUser.username, role: 'supervisor' },
      });
      for (const r of lost) {
        const e = errorOf(r);
        expect(e.code).toBe('conflict');
        expect(e.message).toContain(supUser.username);
        expect(e.details).toMatchObject({
          status: 'acknowledged',
          acknowledgedBy: supUser.username,
          version: a.version + 1,
        });
      }
      const stored = dataOf<Alert>(await admin.request('GET', `/api/v1/alerts/${a.id}`));
      expect(stored.timeline.filter((t) => t.action === 'acknowledged')).toHaveLength(1);
      expect(stored.version).toBe(a.version + 1);
    });

    it('answers a retry with the same commandId with the same alert, once', async () => {
      const a = await newAlert();
      const first = await ack(sup, a, { commandId: 'cmd-ack-1', note: 'on it' });
      expect(first.status).toBe(200);
      const retry = await ack(sup, a, { commandId: 'cmd-ack-1', note: 'on it' });
      expect(retry.status).toBe(200);
      expect(dataOf<Alert>(retry)).toEqual(dataOf<Alert>(first));
      expect(dataOf<Alert>(retry).timeline.filter((t) => t.action === 'acknowledged')).toHaveLength(1);
      const other = await ack(sup, a, { commandId: 'cmd-ack-2' });
      expect(other.status).toBe(409);
      expect((errorOf(other).details as ConflictDetails).acknowledgedBy).toBe(supUser.username);
    });

    it('refuses a stale expectedVersion with 409 and the current version', async () => {
      const a = await newAlert();
      const r = await ack(sup, a, { expectedVersion: a.version + 5 });
      expect(r.status).toBe(409);
      expect(errorOf(r).details).toMatchObject({ status: 'new', version: a.version, acknowledgedBy: null });
      expect((await alertForIncident(admin, a.dedupeKey.slice('incident:'.length)))?.status).toBe('new');
      expect((await ack(sup, a, { expectedVersion: a.version })).status).toBe(200);
    });

    it('requires a resolution code, then resolves', async () => {
      const a = await newAlert();
      const none = await sup.request('POST', `/api/v1/alerts/${a.id}/resolve`, { note: 'padam' });
      expect(none.status).toBe(400);
      expect(errorOf(none).code).toBe('invalid_request');
      expect(errorOf(none).issues?.map((i) => i.path)).toContainEqual(['code']);
      expect(dataOf<Alert>(await admin.request('GET', `/api/v1/alerts/${a.id}`)).status).toBe('new');
      const ok = await sup.request('POST', `/api/v1/alerts/${a.id}/resolve`, {
        code: 'true_positive',
        note: 'padam',
      });
      expect(ok.status).toBe(200);
      expect(dataOf<Alert>(ok)).toMatchObject({
        status: 'resolved',
        resolution: { code: 'true_positive', note: 'padam' },
      });
      expect(dataOf<Alert>(ok).timeline.at(-1)).toMatchObject({ action: 'resolved', by: supUser.username });
    });

    it('clears the condition when the incident closes, without un-acknowledging', async () => {
      const id = uid('fire');
      const a = await openAlert(base, key, admin, fire(id));
      expect((await ack(sup, a)).status).toBe(200);
      const closed = await ingest(base, key, '/api/v1/incidents', fire(id, { status: 'closed' }));
      expect(closed.status).toBe(202);
      expect(dataOf(closed)).toMatchObject({ updated: 1 });
      const after = await alertForIncident(admin, id);
      expect(after).toMatchObject({
        id: a.id,
        condition: 'cleared',
        status: 'acknowledged',
        acknowledgedBy: { username: supUser.username },
      });
      expect(after?.timeline.map((t) => t.action)).toEqual(['opened', 'acknowledged', 'cleared']);
      // Supervisors can list what is over at the source but still waits for people.
      const cleared = dataOf<{ items: Alert[] }>(
        await admin.request('GET', '/api/v1/alerts?status=acknowledged&condition=cleared&limit=500'),
      );
      expect(cleared.items.map((x) => x.id)).toContain(a.id);
      const active = dataOf<{ items: Alert[] }>(
        await admin.request('GET', '/api/v1/alerts?status=all&condition=active&limit=500'),
      );
      expect(active.items.map((x) => x.id)).not.toContain(a.id);
      expect((await admin.request('GET', '/api/v1/alerts?condition=maybe')).status).toBe(400);
      const inc = (await allIncidents(admin)).items.find((i: Incident) => i.id === id);
      expect(inc?.status).toBe('closed');
    });

    it('runs alert:command over the socket with the same rules', async () => {
      const a = await newAlert();
      const liaisonUser = await createUser(admin, 'liaison', 'bpbd');
      const clients: LiveClient[] = [];
      try {
        const mine = await connectLive(base, { cookie: sup.cookie });
        const stranger = await connectLive(base, { cookie: (await loginAs(base, liaisonUser)).cookie });
        clients.push(mine, stranger);
        const send = (
          c: LiveClient,
          msg: { alertId: string; action: 'ack' | 'resolve'; body: unknown },
        ): Promise<CommandResult> => c.socket.timeout(20_000).emitWithAck('alert:command', msg);

        const foreign = await send(stranger, { alertId: a.id, action: 'ack', body: {} });
        expect(foreign).toMatchObject({ ok: false, error: { status: 404, code: 'not_found' } });
        const bad = await send(mine, { alertId: a.id, action: 'resolve', body: {} });
        expect(bad).toMatchObject({ ok: false, error: { status: 400, code: 'invalid_request' } });

        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            send(mine, { alertId: a.id, action: 'ack', body: { note: 'via socket' } }),
          ),
        );
        const wins = results.filter((r) => r.ok);
        expect(wins).toHaveLength(1);
        expect(wins[0]).toMatchObject({
          ok: true,
          data: { id: a.id, status: 'acknowledged', acknowledgedBy: { username: supUser.username } },
        });
        for (const r of results.filter((x) => !x.ok)) {
          expect(r).toMatchObject({
            ok: false,
            error: { status: 409, code: 'conflict', details: { acknowledgedBy: supUser.username } },
          });
        }
        const stored = dataOf<Alert>(await admin.request('GET', `/api/v1/alerts/${a.id}`));
        expect(stored).toMatchObject({ status: 'acknowledged', version: a.version + 1 });
        const audit = dataOf<{
          items: { action: string; target?: string; channel: string; actor: { name: string | null } }[];
        }>(await admin.request('GET', '/api/v1/audit?limit=1000'));
        expect(audit.items.filter((e) => e.action === 'alert.ack' && e.target === a.id)).toEqual([
          expect.objectContaining({
            channel: 'socket',
            actor: expect.objectContaining({ name: supUser.username }) as unknown,
          }),
        ]);
      } finally {
        clients.forEach((c) => c.close());
      }
    });
  });
}
