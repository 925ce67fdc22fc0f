/**
 * Replay past the store's hot window: once retention has archived the event log and the
 * checkpoints and trimmed them from the store, the state at a past instant is rebuilt from the
 * archive exactly as it was from the store; running retention again changes nothing. The clock of
 * the retention pass is moved three days on, so the log is past the hot window.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { loadCatalog } from '../../server/catalog/catalog.js';
import { parseConfig } from '../../server/config.js';
import type { Ctx } from '../../server/context.js';
import { HttpError } from '../../server/errors.js';
import { recordIncidents } from '../../server/incidents/incidents.js';
import { createLogger } from '../../server/logger.js';
import { runRetention } from '../../server/ops/retention.js';
import { stateAt, takeCheckpoint } from '../../server/realtime/replay.js';
import { Archive } from '../../server/store/archive.js';
import { createStore } from '../../server/store/index.js';
import type { IncidentInput } from '../../shared/schemas/index.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeOnStores } from '../helpers/stores.js';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const input = (id: string, over: Partial<IncidentInput> = {}): IncidentInput => ({
  id,
  title: `Banjir ${id}`,
  category: 'flood',
  severity: 'moderate',
  location: [116.88, -1.16],
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  ...over,
});

function files(dir: string, coll: string): string[] {
  try {
    return readdirSync(path.join(dir, coll)).sort();
  } catch {
    return [];
  }
}
const lines = (dir: string, coll: string) =>
  files(dir, coll).flatMap((f) =>
    gunzipSync(readFileSync(path.join(dir, coll, f)))
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id),
  );

describeOnStores('replay from the archive', ({ redis: useRedis }) => {
  let redis: TestRedis | null = null;
  const dirs: string[] = [];
  afterAll(async () => {
    await redis?.dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('answers the same state once the log and checkpoints live in the archive only', async () => {
    redis = useRedis ? await startRedis() : null;
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-replay-archive-'));
    dirs.push(dir);
    const parsed = parseConfig(redis ? { REDIS_URL: redis.url } : {});
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const log = createLogger('silent');
    let shift = 0;
    const archive = new Archive(dir);
    const ctx: Ctx = {
      store: createStore(parsed.config.redis, log),
      catalog: loadCatalog(),
      log,
      config: parsed.config,
      now: () => new Date(Date.now() + shift),
      archive,
    };
    await ctx.store.waitReady(5_000);
    const writer = { source: 'api:test', owner: 'key:test' };
    const before = new Date(Date.now() - 1_000).toISOString();

    await recordIncidents(
      ctx,
      Array.from({ length: 8 }, (_, n) => input(`a-${n}`)),
      writer,
    );
    expect(await takeCheckpoint(ctx)).toBe(true);
    await recordIncidents(
      ctx,
      [
        ...Array.from({ length: 4 }, (_, n) => input(`b-${n}`, { severity: 'severe' })),
        input('a-1', { status: 'closed' }),
        input('a-2', { status: 'closed' }),
      ],
      writer,
    );
    await sleep(20);
    const t = new Date().toISOString();
    await sleep(20);
    await recordIncidents(ctx, [input('c-0'), input('a-3', { status: 'closed' })], writer);

    const summary = (s: Awaited<ReturnType<typeof stateAt>>) =>
      s.incidents.map((i) => `${i.id}:${i.status}`).sort();
    const fromStore = summary(await stateAt(ctx, t));
    expect(fromStore).toEqual(
      [
        ...Array.from({ length: 8 }, (_, n) => `a-${n}:open`).filter((x) => !/a-[12]:/.test(x)),
        ...Array.from({ length: 4 }, (_, n) => `b-${n}:open`),
      ].sort(),
    );

    shift = 3 * DAY;
    const report = await runRetention(ctx, archive);
    expect(report?.events).toBeGreaterThan(0);
    expect(report?.checkpoints).toBe(1);
    // The store keeps neither the log nor the checkpoint now: only the archive can answer.
    expect(await ctx.store.readEvents('0', 10)).toEqual([]);
    expect(files(dir, 'events').every((f) => /^\d{4}-\d{2}-\d{2}T\d{2}\.\d+-\d+\.ndjson\.gz$/.test(f))).toBe(
      true,
    );
    expect(files(dir, 'checkpoints').length).toBe(1);
    shift = 0;
    expect(summary(await stateAt(ctx, t))).toEqual(fromStore);

    // Again: nothing moves twice, the day files hold each record once.
    const eventIds = lines(dir, 'events');
    shift = 3 * DAY;
    const again = await runRetention(ctx, archive);
    expect(again?.events).toBe(0);
    expect(lines(dir, 'events')).toEqual(eventIds);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    shift = 0;

    // Before the first checkpoint nothing is kept: 410, not a wrong answer.
    const gone = await stateAt(ctx, before).then(
      () => null,
      (err: unknown) => err,
    );
    expect(gone).toBeInstanceOf(HttpError);
    expect((gone as HttpError).status).toBe(410);
    await ctx.store.close();
  });
});
