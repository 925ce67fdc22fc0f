/**
 * An Open311 window far back behind many newer reports: the index walk starts at the window's end,
 * so a search for last year still finds its report however many came in since (a walk from the
 * newest would give up after reading its budget of 5,000 and answer nothing).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLL, putDoc } from '../../../server/store/docs.js';
import { RedisStore } from '../../../server/store/redis.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { reportEnv, searchIds, storedReport } from './helpers.js';

const DAY = 86_400_000;
const daysAgo = (n: number, ms = 0) => new Date(Date.now() - n * DAY + ms).toISOString();
/** More newer reports than one search may read. */
const NEWER = 5_100;

describe.skipIf(!redisAvailable())('Open311 search behind many newer reports', () => {
  let redis: TestRedis;
  let server: TestServer;
  const target = `LPR-${daysAgo(200).slice(0, 4)}-800001`;

  beforeAll(async () => {
    redis = await startRedis();
    const writer = new RedisStore({ url: redis.url }, pino({ level: 'silent' }));
    await writer.waitReady(10_000);
    expect(
      (
        await writer.commit({
          puts: [putDoc(COLL.reports, target, storedReport(target, daysAgo(200)), 'absent')],
        })
      ).ok,
    ).toBe(true);
    for (let from = 0; from < NEWER; from += 300) {
      const puts = [];
      for (let i = from; i < Math.min(NEWER, from + 300); i++) {
        const id = `LPR-${daysAgo(10).slice(0, 4)}-${String(700_000 + i)}`;
        puts.push(putDoc(COLL.reports, id, storedReport(id, daysAgo(10, i)), 'absent'));
      }
      expect((await writer.commit({ puts })).ok).toBe(true);
    }
    await writer.close();
    server = await startServer({ env: reportEnv(redis, 10) });
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('finds last year’s report in a window that ends long before the newer ones', async () => {
    expect(await searchIds(server.baseUrl, { start_date: daysAgo(250), end_date: daysAgo(150) })).toEqual([
      target,
    ]);
    expect(await searchIds(server.baseUrl, { end_date: daysAgo(150) })).toEqual([target]);
  });
});
