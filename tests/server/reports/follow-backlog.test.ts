/**
 * The follow job over a backlog: with more verified reports waiting on their agencies than one run
 * reads (500), each run goes on where the last stopped, so an old report whose incident has closed
 * still moves to closed (a job that always read the newest 500 would never reach it).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/schemas/index.js';
import { COLL, putDoc } from '../../../server/store/docs.js';
import { RedisStore } from '../../../server/store/redis.js';
import { loginAdmin } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { reportEnv, storedReport } from './helpers.js';

/** More open verified reports than one run of the follow job reads. */
const WAITING = 520;
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

describe.skipIf(!redisAvailable())('the follow job over a backlog of verified reports', () => {
  let redis: TestRedis;
  let server: TestServer;
  const oldest = `LPR-${at(0).slice(0, 4)}-600000`;

  beforeAll(async () => {
    redis = await startRedis();
    const writer = new RedisStore({ url: redis.url }, pino({ level: 'silent' }));
    await writer.waitReady(10_000);
    const verified = (id: string, when: string): Report =>
      storedReport(id, when, { status: 'verified', incidentId: `report:${id}` });
    // The oldest: its incident is closed. The newer ones: their incidents are not in yet.
    const incident = { id: `report:${oldest}`, status: 'closed', occurredAt: at(2_000), version: 2 };
    expect(
      (
        await writer.commit({
          puts: [
            putDoc(COLL.reports, oldest, verified(oldest, at(2_000)), 'absent'),
            putDoc(COLL.incidents, incident.id, incident, 'absent'),
          ],
        })
      ).ok,
    ).toBe(true);
    for (let from = 0; from < WAITING; from += 260) {
      const puts = [];
      for (let i = from; i < Math.min(WAITING, from + 260); i++) {
        const id = `LPR-${at(0).slice(0, 4)}-${600_001 + i}`;
        puts.push(putDoc(COLL.reports, id, verified(id, at(1_000 - i)), 'absent'));
      }
      expect((await writer.commit({ puts })).ok).toBe(true);
    }
    await writer.close();
    server = await startServer({ env: { ...reportEnv(redis, 10), PANTAU_REPORT_FOLLOW_SECONDS: '1' } });
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('reaches the oldest and closes it, leaving the others as they are', async () => {
    const admin = await loginAdmin(server.baseUrl);
    const closed = await waitFor(
      async () => {
        const r = await admin.request('GET', '/api/v1/reports?status=closed');
        const items = (r.body as { data: { items: Report[] } }).data.items;
        // The list shows it closed at once (derived on read); the job writes it onto the report.
        return items.some((x) => x.history.some((h) => h.status === 'closed')) ? items : undefined;
      },
      'the oldest report closed',
      { timeoutMs: 20_000 },
    );
    expect(closed.map((r) => r.id)).toEqual([oldest]);
    expect(closed[0]?.history.map((h) => h.status)).toEqual(['new', 'closed']);
  });
});
