import { describe, expect, it } from 'vitest';
import { generateUsage, type GeneratedSample } from '../../../scripts/gen-usage.js';
import type { Alert, UsageSample } from '../../../shared/schemas/index.js';
import { loadCatalog } from '../../../server/catalog/catalog.js';
import { parseConfig } from '../../../server/config.js';
import type { Ctx } from '../../../server/context.js';
import { createLogger } from '../../../server/logger.js';
import { COLL, getDoc } from '../../../server/store/docs.js';
import { createStore } from '../../../server/store/index.js';
import { judgeDrop, judgeSilence } from '../../../server/usage/anomaly.js';
import { runUsageChecks, usageIngestChecks } from '../../../server/usage/checks.js';
import { recordUsage } from '../../../server/usage/usage.js';
import { HOUR_MS, WEEK_MS, witaSlot } from '../../../server/usage/wita.js';

const END = new Date('2026-01-01T00:00:00Z');
const year = generateUsage({ seed: 2018, end: END, days: 365, metrics: ['active_users', 'transactions'] });

function seriesOf(samples: GeneratedSample[], appId: string, metric: string): Map<number, number> {
  return new Map(
    samples.filter((s) => s.appId === appId && s.metric === metric).map((s) => [Date.parse(s.at), s.value]),
  );
}

/** The last hour before END that falls on this WITA weekday and hour. */
function lastSlot(dow: number, hour: number): number {
  for (let ms = END.getTime() - HOUR_MS; ; ms -= HOUR_MS) {
    const s = witaSlot(ms);
    if (s.dow === dow && s.hour === hour) return ms;
  }
}

describe('drop detector on a generated year', () => {
  it('raises nothing on a normal year of every app and metric (nights, weekends and growth included)', () => {
    const raised: string[] = [];
    let judged = 0;
    for (const appId of ['hore', 'digital-gov', 'perizinan', 'siak', 'simpus', 'e-tax', 'simpeg']) {
      for (const metric of ['active_users', 'transactions']) {
        const series = seriesOf(year, appId, metric);
        for (const [ms, v] of series) {
          const verdict = judgeDrop(ms, v, (t) => series.get(t));
          if (verdict.reason !== 'not_enough_history') judged++;
          if (verdict.anomalous) raised.push(`${appId}/${metric}@${new Date(ms).toISOString()}`);
        }
      }
    }
    expect(judged).toBeGreaterThan(100_000);
    expect(raised).toEqual([]);
  });

  it('does not raise on a Saturday morning that a day-to-day comparison would call a drop', () => {
    const siak = seriesOf(year, 'siak', 'active_users');
    const saturday = lastSlot(6, 10);
    const sat = siak.get(saturday) ?? NaN;
    const fri = siak.get(saturday - 24 * HOUR_MS) ?? NaN;
    expect(sat).toBeLessThan(0.4 * fri);
    const v = judgeDrop(saturday, sat, (t) => siak.get(t));
    expect(v).toMatchObject({ anomalous: false, reason: 'normal', slot: { dow: 6, hour: 10 } });
    expect(v.history).toHaveLength(4);
    expect(v.expected).toBeGreaterThan(sat * 0.7);
  });

  it('raises on a real drop on a Tuesday morning, against the median of the same slot in the last 4 weeks', () => {
    const siak = seriesOf(year, 'siak', 'transactions');
    const tuesday = lastSlot(2, 10);
    const normal = siak.get(tuesday) ?? NaN;
    const history = [1, 2, 3, 4].map((k) => siak.get(tuesday - k * WEEK_MS) ?? NaN).sort((a, b) => a - b);
    const v = judgeDrop(tuesday, Math.round(normal * 0.25), (t) => siak.get(t));
    expect(v).toMatchObject({
      anomalous: true,
      reason: 'drop',
      slot: { dow: 2, hour: 10 },
      expected: ((history[1] ?? 0) + (history[2] ?? 0)) / 2,
    });
    expect(judgeDrop(tuesday, normal, (t) => siak.get(t)).anomalous).toBe(false);
  });

  it('ignores drops too small to matter and series without enough history', () => {
    const hore = seriesOf(year, 'hore', 'active_users');
    const night = lastSlot(2, 3);
    expect(judgeDrop(night, 0, (t) => hore.get(t))).toMatchObject({ anomalous: false, reason: 'too_small' });
    expect(judgeDrop(night, 0, (t) => (t >= night - WEEK_MS ? 500 : undefined))).toMatchObject({
      anomalous: false,
      reason: 'not_enough_history',
      expected: null,
    });
  });

  it('calls a feed silent only after the configured time, and never one never heard', () => {
    expect(judgeSilence(null, 10 * HOUR_MS, HOUR_MS)).toEqual({ silent: false, silentForMs: 0 });
    expect(judgeSilence(0, HOUR_MS, HOUR_MS)).toEqual({ silent: false, silentForMs: HOUR_MS });
    expect(judgeSilence(0, HOUR_MS + 1, HOUR_MS)).toEqual({ silent: true, silentForMs: HOUR_MS + 1 });
  });
});

describe('usage alerts through the alert engine (embedded store)', () => {
  let clock = new Date('2025-11-11T03:30:00Z');
  const parsed = parseConfig({});
  if (!parsed.ok) throw new Error('config');
  const ctx: Ctx = {
    store: createStore(undefined, createLogger('silent')),
    catalog: loadCatalog(),
    log: createLogger('silent'),
    config: parsed.config,
    now: () => clock,
  };
  const alertFor = async (dedupeKey: string): Promise<Alert | null> => {
    const index = await getDoc<{ alertId: string }>(ctx.store, 'alert-index', dedupeKey);
    return index ? getDoc<Alert>(ctx.store, COLL.alerts, index.alertId) : null;
  };
  const asSamples = (g: GeneratedSample[]): UsageSample[] => g.map((s) => ({ ...s, source: 'gen-usage' }));

  it('opens a drop alert for the owning agency on ingest, and clears it when usage recovers', async () => {
    const history = generateUsage({
      seed: 5,
      end: new Date('2025-11-11T03:00:00Z'),
      days: 35,
      apps: ['siak'],
      metrics: ['active_users'],
    });
    const last = history[history.length - 1];
    if (!last) throw new Error('no samples');
    expect(last.at).toBe('2025-11-11T02:00:00.000Z');
    last.value = Math.round(last.value * 0.1);
    await recordUsage(ctx, asSamples(history), usageIngestChecks(ctx));
    const alert = await alertFor('usage:siak:active_users');
    expect(alert).toMatchObject({
      agencyId: 'disdukcapil',
      sourceKind: 'usage',
      condition: 'active',
      status: 'new',
      category: 'usage_drop',
      count: 1,
    });
    expect(alert?.title).toContain('jam 10:00 WITA Selasa');

    clock = new Date('2025-11-11T04:10:00Z');
    const next = generateUsage({
      seed: 6,
      end: new Date('2025-11-11T04:00:00Z'),
      days: 1,
      apps: ['siak'],
      metrics: ['active_users'],
    }).slice(-1);
    await recordUsage(ctx, asSamples(next), usageIngestChecks(ctx));
    expect(await alertFor('usage:siak:active_users')).toMatchObject({ condition: 'cleared', count: 1 });
    expect((await runUsageChecks(ctx)).drops).toEqual([]);
  });

  it('raises a silent-feed alert from the periodic check and clears it with the next sample', async () => {
    clock = new Date('2025-11-11T10:00:00Z');
    expect(await runUsageChecks(ctx)).toEqual({ silent: [], drops: [] });
    expect(await alertFor('usage-silent:siak')).toBeNull();
    clock = new Date('2025-11-11T10:11:00Z');
    expect((await runUsageChecks(ctx)).silent).toEqual(['siak']);
    const silent = await alertFor('usage-silent:siak');
    expect(silent).toMatchObject({
      agencyId: 'disdukcapil',
      sourceKind: 'usage',
      condition: 'active',
      category: 'usage_silent',
      count: 1,
    });
    expect(silent?.title).toContain('6 jam');
    await runUsageChecks(ctx);
    expect(await alertFor('usage-silent:siak')).toMatchObject({ condition: 'active', count: 1 });
    await recordUsage(
      ctx,
      [{ appId: 'siak', metric: 'downloads', value: 10, at: clock.toISOString(), period: 'instant' }],
      usageIngestChecks(ctx),
    );
    expect(await alertFor('usage-silent:siak')).toMatchObject({ condition: 'cleared' });
    expect(await alertFor('usage-silent:hore')).toBeNull();
  });
});
