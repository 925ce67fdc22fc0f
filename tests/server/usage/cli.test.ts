import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { generateUsage, toCsv } from '../../../scripts/gen-usage.js';
import { dataOf, loginAdmin } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';

describe.skipIf(!redisAvailable())('CLI: usage import FILE.csv [--dry-run] (Redis)', () => {
  let redis: TestRedis;
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis();
    server = await startServer({ env: { REDIS_URL: redis.url } });
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-usage-'));
  });
  afterAll(async () => {
    await server.stop();
    await redis.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dry-runs, imports once, and re-imports nothing; the server sees the data', async () => {
    const file = path.join(dir, 'good.csv');
    const samples = generateUsage({
      seed: 11,
      end: new Date('2025-12-01T00:00:00Z'),
      days: 62,
      apps: ['simpeg'],
      metrics: ['monthly_active_users', 'daily_active_users'],
    });
    writeFileSync(file, toCsv(samples));
    const dry = await cli(redis.url, 'usage', 'import', file, '--dry-run');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toEqual({
      dryRun: true,
      rows: samples.length,
      valid: samples.length,
      wouldImport: samples.length,
      duplicatesOfStored: 0,
    });
    const first = await cli(redis.url, 'usage', 'import', file);
    expect(JSON.parse(first.out)).toEqual({
      dryRun: false,
      rows: samples.length,
      imported: samples.length,
      duplicatesOfStored: 0,
    });
    const again = await cli(redis.url, 'usage', 'import', file);
    expect(JSON.parse(again.out)).toMatchObject({ imported: 0, duplicatesOfStored: samples.length });
    const mau = samples
      .filter((s) => s.metric === 'monthly_active_users')
      .sort((a, b) => a.at.localeCompare(b.at))
      .pop();
    const adoption = dataOf<{ apps: { appId: string; activeUsers: { value: number; at: string } | null }[] }>(
      await (await loginAdmin(server.baseUrl)).request('GET', '/api/v1/usage/adoption'),
    );
    expect(adoption.apps.find((a) => a.appId === 'simpeg')?.activeUsers).toMatchObject({
      value: mau?.value,
      at: mau?.at,
    });
  });

  it('rejects a bad file with exit code 2 and one line per problem, importing nothing', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      'app_id,metric,period,period_start,value\nsiak,sessions,day,2025-03-02,1\nsiak,sessions,day,2025-03-02,x\n',
    );
    const r = await cli(redis.url, 'usage', 'import', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'invalid_csv: The CSV file has 1 problem; nothing was imported.\nline 3, value: "x" is not a number (digits with an optional . decimal point, no thousands separators)\n',
    );
    const ok = path.join(dir, 'ok.csv');
    writeFileSync(ok, 'app_id,metric,period,period_start,value\nsiak,sessions,day,2025-03-02,1\n');
    const dry = await cli(redis.url, 'usage', 'import', ok, '--dry-run');
    expect(JSON.parse(dry.out)).toMatchObject({ wouldImport: 1, duplicatesOfStored: 0 });
  });
});
