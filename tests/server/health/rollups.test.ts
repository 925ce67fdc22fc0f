/**
 * WITA days from the hour rollups (the public status page's bars): a day runs from 16:00 UTC the
 * day before, and the reads are one per UTC month touched — five at most — however long the
 * history is.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceStatus } from '../../../shared/schemas/index.js';
import type { Ctx } from '../../../server/context.js';
import { rollupIncrs, uptimeOf, witaDailyTallies } from '../../../server/health/rollups.js';
import { MemoryStore } from '../../../server/store/memory.js';

/** A context with only a store, counting the hashes read. */
function setup() {
  const store = new MemoryStore();
  const reads: string[] = [];
  const counters = store.counters.bind(store);
  store.counters = (hash: string) => {
    reads.push(hash);
    return counters(hash);
  };
  const ctx = { store } as unknown as Ctx;
  const sample = (status: ServiceStatus, at: string) =>
    store.commit({ incrs: rollupIncrs('svc', status, 10, at) });
  return { ctx, reads, sample };
}

describe('uptime per WITA day from the hour rollups', () => {
  it('puts 16:00 UTC on the next WITA date and 15:59 UTC on its own', async () => {
    const { ctx, sample } = setup();
    await sample('up', '2026-03-09T15:59:00Z'); // 23:59 WITA, 9 March
    await sample('down', '2026-03-09T16:00:00Z'); // 00:00 WITA, 10 March
    await sample('up', '2026-03-09T23:30:00Z'); // 07:30 WITA, 10 March
    const days = await witaDailyTallies(ctx, 'svc', 3, new Date('2026-03-10T02:00:00Z'));
    expect(days.map((d) => d.date)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    expect(days.map((d) => uptimeOf(d.tally))).toEqual([null, 1, 0.5]);
    expect(days[2]?.tally.samples).toBe(2);
  });

  it('reads five month hashes at most for 90 days, whatever the history', async () => {
    const { ctx, reads, sample } = setup();
    // A year of history, one sample a day at 06:00 UTC, plus both ends of the window.
    for (let d = 0; d < 365; d++)
      await sample('up', new Date(Date.UTC(2026, 4, 1) + d * 86_400_000 + 6 * 3_600_000).toISOString());
    await sample('down', '2027-01-31T15:59:00Z'); // 23:59 WITA, 31 January: before the window
    await sample('down', '2027-01-31T16:00:00Z'); // 00:00 WITA, 1 February: its first day
    await sample('up', '2027-05-01T01:00:00Z'); // 09:00 WITA, 1 May: its last day
    // 10:00 WITA, 1 May 2027 (a common year): 1 February to 1 May are 90 WITA days, from 16:00 UTC
    // on 31 January to 16:00 UTC on 1 May — five UTC months.
    const days = await witaDailyTallies(ctx, 'svc', 90, new Date('2027-05-01T02:00:00Z'));
    expect(days[0]?.date).toBe('2027-02-01');
    expect(days.at(-1)?.date).toBe('2027-05-01');
    expect(days[0]?.tally).toMatchObject({ down: 1, up: 1, samples: 2 });
    expect(days.slice(1).every((d) => d.tally.up === 1 && d.tally.down === 0)).toBe(true);
    expect(reads.sort()).toEqual(
      ['2027-01', '2027-02', '2027-03', '2027-04', '2027-05'].map((m) => `rollup:h:svc:${m}`),
    );
    reads.length = 0;
    await witaDailyTallies(ctx, 'svc', 90, new Date('2027-04-20T02:00:00Z'));
    expect(reads).toHaveLength(4);
  });

  it('reads the WITA-day grain from the day it is whole, with the same tallies and only small hashes', async () => {
    const { ctx, reads, sample } = setup();
    const at = (d: number, h: number) =>
      new Date(Date.UTC(2026, 5, 1) + d * 86_400_000 + h * 3_600_000).toISOString();
    // Sixty days, around the WITA midnight (16:00 UTC) and in the morning.
    for (let d = 0; d < 60; d++) {
      await sample(d % 7 === 0 ? 'down' : 'up', at(d, 15.9));
      await sample('up', at(d, 16));
      await sample(d % 5 === 0 ? 'maintenance' : 'up', at(d, 23.5));
    }
    const now = new Date(at(59, 18));
    const fromHours = await witaDailyTallies(ctx, 'svc', 45, now);
    reads.length = 0;
    const fromGrain = await witaDailyTallies(ctx, 'svc', 45, now, '2026-01-01');
    expect(fromGrain).toEqual(fromHours);
    expect(reads.every((h) => h.startsWith('rollup:wd:svc:'))).toBe(true);
    expect(reads.length).toBeLessThanOrEqual(3);
    // A grain begun mid-window: the days before it still come from the hours.
    reads.length = 0;
    const mixed = await witaDailyTallies(ctx, 'svc', 45, now, fromHours[30]?.date ?? '');
    expect(mixed).toEqual(fromHours);
    expect(reads.some((h) => h.startsWith('rollup:h:'))).toBe(true);
  });
});
