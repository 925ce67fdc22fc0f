/**
 * Chaos (d): two instances share the work; one is SIGKILLed during ingest. The survivor's live
 * clients never miss an event, and its checks, escalation timers and notifications are taken over
 * within one interval, each fired exactly once (a notification whose send was in flight at the
 * kill may be repeated once, under the same Idempotency-Key: delivery is at least once by design).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../helpers/api.js';
import { allAlerts, createDisplay } from '../helpers/http.js';
import { connectLive, seqsConsecutive, type LiveClient } from '../helpers/live.js';
import { redisAvailable, startRedis, type TestRedis } from '../helpers/redis.js';
import { ONE_ALERT_PER_INCIDENT, startServer, type TestServer } from '../helpers/server.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { trackDeliveries, type Acked } from './load.js';

const CHECK_INTERVAL_S = 2;
const STEPS = [3, 6];
const SITES = ['site-1', 'site-2', 'site-3', 'site-4', 'site-5', 'site-6'];

/** A local HTTP server: the checked site (hits per path, timed) and the webhook sink (deliveries per Idempotency-Key, timed). */
async function startSinks(): Promise<{
  url: string;
  hits: Map<string, number[]>;
  deliveries: Map<string, number[]>;
  close: () => Promise<void>;
}> {
  const hits = new Map<string, number[]>();
  const deliveries = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const now = Date.now();
    if (req.url === '/hook') {
      const key = String(req.headers['idempotency-key'] ?? '');
      deliveries.set(key, [...(deliveries.get(key) ?? []), now]);
      req.resume();
      req.on('end', () => res.end('ok'));
      return;
    }
    hits.set(req.url ?? '', [...(hits.get(req.url ?? '') ?? []), now]);
    res.end('<h1>OK</h1>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return { url, hits, deliveries, close: () => new Promise((r) => server.close(() => r())) };
}

describe.skipIf(!redisAvailable())('chaos: one of two instances SIGKILLed during ingest', () => {
  let redis: TestRedis;
  let sinks: Awaited<ReturnType<typeof startSinks>>;
  let dir: string;
  let a: TestServer;
  let b: TestServer;
  let wall: LiveClient;
  let admin: Session;
  let key: string;

  beforeAll(async () => {
    redis = await startRedis();
    sinks = await startSinks();
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-chaos-d-'));
    const file = path.join(dir, 'services.json');
    const http = (id: string) => ({
      id,
      agencyId: 'diskominfo',
      name: id,
      kind: 'website',
      url: `${sinks.url}/${id}`,
      check: { type: 'http', url: `${sinks.url}/${id}`, intervalSeconds: CHECK_INTERVAL_S },
    });
    writeFileSync(file, JSON.stringify({ services: SITES.map(http) }));
    const env = (id: string) => ({
      ...ONE_ALERT_PER_INCIDENT,
      REDIS_URL: redis.url,
      PANTAU_SERVICES_FILE: file,
      PANTAU_WEBHOOK_URL: `${sinks.url}/hook`,
      PANTAU_ESCALATION_STEPS: STEPS.map(
        (s, i) => `${s}:${i === 0 ? 'notify_agency_head' : 'notify_supervisor'}`,
      ).join(','),
      PANTAU_INSTANCE_ID: id,
    });
    [a, b] = await Promise.all([
      startServer({ env: env('chaos-d-a') }),
      startServer({ env: env('chaos-d-b') }),
    ]);
    key = await createIngestKey(b.baseUrl);
    admin = await login(b.baseUrl);
    wall = await connectLive(b.baseUrl, { token: (await createDisplay(admin)).token });
  });
  afterAll(async () => {
    wall?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
    await sinks?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the survivor takes over checks, timers and notifications, each once, and its wall misses nothing', async () => {
    const seen = trackDeliveries(wall);
    const acked: Acked[] = [];
    const post = async (via: TestServer, n: number) => {
      const id = `fire-${via === a ? 'a' : 'b'}-${n}`;
      const r = await ingest(
        via.baseUrl,
        key,
        '/api/v1/incidents',
        incident(id, { category: 'fire', severity: 'severe', title: `Kebakaran ${n}` }),
      );
      if (r.status === 202) acked.push({ id, at: Date.now() });
      return r.status;
    };
    // Both instances take ingest; alerts open, their escalation timers start.
    for (let n = 0; n < 4; n++) {
      expect(await post(a, n)).toBe(202);
      expect(await post(b, n)).toBe(202);
      await sleep(250);
    }
    await sleep(1_500);
    const killedAt = Date.now();
    await a.kill();
    // Ingest goes on through the survivor.
    for (let n = 4; n < 8; n++) {
      expect(await post(b, n)).toBe(202);
      await sleep(400);
    }
    // Let every escalation step fall due (the last alert's last step), plus one worker interval.
    await sleep((STEPS.at(-1) ?? 0) * 1000 + 3_000);

    // The survivor's wall: every accepted incident, and a sequence without a gap.
    await waitFor(() => acked.every((x) => seen.has(x.id)), 'every accepted incident on the wall');
    expect(seqsConsecutive(wall.messages)).toBe(true);
    expect(wall.disconnects).toEqual([]);

    // Escalation: every alert's steps fired exactly once each.
    const alerts = (await allAlerts(admin)).filter((x: Alert) => x.dedupeKey.startsWith('incident:fire-'));
    expect(alerts).toHaveLength(acked.length);
    for (const alert of alerts) {
      const fired = alert.timeline
        .filter((t) => t.action === 'escalated')
        .map((t) => t.note?.split(' → ')[0]);
      expect(fired, alert.id).toEqual(
        STEPS.map((_, i) => `step ${i + 1}: ${i === 0 ? 'notify_agency_head' : 'notify_supervisor'}`),
      );
      expect(alert.escalationLevel).toBe(STEPS.length);
    }

    // Notifications: one opening and one per step for every alert, each key delivered once (a
    // repeat only for a send that was in flight when A died).
    const wanted = alerts.flatMap((x) => [
      `${x.id}:opened:1:webhook`,
      ...STEPS.map((_, i) => `${x.id}:escalated:1:${i + 1}:webhook`),
    ]);
    await waitFor(() => wanted.every((k) => sinks.deliveries.has(k)), 'every notification delivered');
    expect(
      [...sinks.deliveries.keys()].filter((k) => k.includes(':escalated:') || k.includes(':opened:')).sort(),
    ).toEqual([...wanted].sort());
    for (const [k, times] of sinks.deliveries) {
      if (times.length === 1) continue;
      expect(times.length, k).toBe(2);
      expect(times[0] ?? 0, `${k}: only a send in flight at the kill may repeat`).toBeGreaterThan(
        killedAt - 1_000,
      );
      expect(times[0] ?? 0).toBeLessThanOrEqual(killedAt);
    }

    // Checks: never twice in one interval, and taken over within one interval of A's death.
    const intervalMs = CHECK_INTERVAL_S * 1000;
    for (const site of SITES) {
      const times = sinks.hits.get(`/${site}`) ?? [];
      expect(times.length, site).toBeGreaterThan(3);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      expect(Math.min(...gaps), `${site}: two runs in one interval`).toBeGreaterThan(intervalMs * 0.4);
      expect(Math.max(...gaps), `${site}: not taken over within one interval`).toBeLessThanOrEqual(
        2 * intervalMs + 1_000,
      );
      expect(times.some((t) => t > killedAt + intervalMs)).toBe(true);
    }
  });
});
