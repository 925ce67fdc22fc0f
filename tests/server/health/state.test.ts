import { describe, expect, it } from 'vitest';
import {
  applySample,
  presentState,
  unknownState,
  type ServiceStateRecord,
} from '../../../server/health/state.js';
import type { HealthSample } from '../../../shared/schemas/index.js';

const T0 = Date.parse('2026-11-29T02:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const sample = (
  status: HealthSample['status'],
  minute: number,
  over: Partial<HealthSample> = {},
): HealthSample => ({
  serviceId: 'web-dinkes',
  status,
  latencyMs: status === 'down' ? 0 : 120,
  checkedAt: at(minute),
  ...over,
});

/** A record already confirmed in `status`, with no recent transitions. */
const settled = (status: ServiceStateRecord['status']): ServiceStateRecord => ({
  ...unknownState('web-dinkes', at(-60)),
  status,
  since: at(-60),
  lastCheckedAt: at(-1),
  version: 10,
});

/** Applies samples in order, each observed at its own checkedAt; returns every intermediate record. */
function run(start: ServiceStateRecord, samples: HealthSample[]): ServiceStateRecord[] {
  const out: ServiceStateRecord[] = [];
  let r = start;
  for (const s of samples) out.push((r = applySample(r, s, s.checkedAt)));
  return out;
}

describe('applySample', () => {
  it('takes the first sample of a never-observed service at once', () => {
    const r = applySample(unknownState('web-dinkes', at(0)), sample('down', 0, { reason: 'timeout' }), at(0));
    expect(r).toMatchObject({
      status: 'down',
      since: at(0),
      reason: 'timeout',
      lastCheckedAt: at(0),
      version: 1,
    });
  });

  it('needs 3 failures in a row to call an up service DOWN', () => {
    const states = run(settled('up'), [sample('down', 0), sample('down', 1), sample('down', 2)]);
    expect(states.map((s) => s.status)).toEqual(['up', 'up', 'down']);
    expect(states[2]).toMatchObject({ since: at(2), reason: 'reported', failStreak: 3, version: 13 });
  });

  it('starts counting failures again after a success', () => {
    const states = run(settled('up'), [
      sample('down', 0),
      sample('down', 1),
      sample('up', 2),
      sample('down', 3),
      sample('down', 4),
    ]);
    expect(states.map((s) => s.status)).toEqual(['up', 'up', 'up', 'up', 'up']);
    expect(run(states[4] ?? settled('up'), [sample('down', 5)])[0]?.status).toBe('down');
  });

  it('needs 2 successes in a row to call a down service UP, and clears the reason', () => {
    const down = { ...settled('down'), reason: 'timeout' as const, message: 'no answer' };
    const states = run(down, [sample('up', 0), sample('up', 1)]);
    expect(states.map((s) => s.status)).toEqual(['down', 'up']);
    expect(states[0]).toMatchObject({ reason: 'timeout', message: 'no answer' });
    expect(states[1]).toMatchObject({ since: at(1), reason: null, message: null });
  });

  it('moves a down service to DEGRADED on the first degraded sample and names it slow', () => {
    const r = applySample(settled('down'), sample('degraded', 0), at(0));
    expect(r).toMatchObject({ status: 'degraded', reason: 'slow' });
  });

  it('is MAINTENANCE whatever the samples say while a window covers it, and takes the next sample afresh after', () => {
    let r = settled('up');
    for (const m of [0, 1, 2, 3]) {
      r = applySample(r, sample('down', m), at(m), true);
      expect(r).toMatchObject({ status: 'maintenance', reason: null, failStreak: 0 });
    }
    expect(r.since).toBe(at(0));
    // The window is over: the first sample sets the state at once, like a never-observed service.
    r = applySample(r, sample('down', 4, { reason: 'status' }), at(4));
    expect(r).toMatchObject({ status: 'down', reason: 'status', since: at(4) });
  });

  it('marks flapping after 4 transitions within 10 minutes', () => {
    const flaps = [
      ...[0, 1, 2].map((m) => sample('down', m)), // → down
      ...[3, 4].map((m) => sample('up', m)), // → up
      ...[5, 6, 7].map((m) => sample('down', m)), // → down
    ];
    const three = run(settled('up'), flaps).at(-1) ?? settled('up');
    expect(three).toMatchObject({ status: 'down', flapping: false });
    expect(three.transitions).toHaveLength(3);
    const four = run(three, [sample('up', 8), sample('up', 9)]).at(-1);
    expect(four).toMatchObject({ status: 'up', flapping: true });
    expect(presentState(four ?? three)).toEqual({
      serviceId: 'web-dinkes',
      status: 'up',
      since: at(9),
      lastCheckedAt: at(9),
      latencyMs: 120,
      reason: null,
      message: null,
      flapping: true,
      version: 20,
    });
  });

  it('does not flap when the 4 transitions are spread over more than 10 minutes', () => {
    const samples = [
      ...[0, 1, 2].map((m) => sample('down', m)),
      ...[6, 7].map((m) => sample('up', m)),
      ...[11, 12, 13].map((m) => sample('down', m)),
      ...[14, 15].map((m) => sample('up', m)),
    ];
    const states = run(settled('up'), samples);
    expect(states.map((s) => s.status).filter((s, i, a) => s !== a[i - 1])).toEqual([
      'up',
      'down',
      'up',
      'down',
      'up',
    ]);
    expect(states.at(-1)).toMatchObject({ flapping: false });
    expect(states.at(-1)?.transitions).toEqual([at(7), at(13), at(15)]);
  });

  it('ignores a sample older than the last one', () => {
    const down =
      run(settled('up'), [sample('down', 5), sample('down', 6), sample('down', 7)]).at(-1) ?? settled('up');
    const late = applySample(down, sample('up', 4), at(8));
    expect(late).toBe(down);
    expect(applySample(down, sample('up', 3), at(9))).toBe(down);
    expect(applySample(down, sample('up', 2), at(9))).toBe(down);
  });

  it('never lets a fast clock wedge the state: a future-dated sample counts as now, later real ones apply', () => {
    // A probe whose clock runs 4 minutes fast reports DOWN three times (each seen at real minute 1, 2, 3).
    let r = settled('up');
    for (const m of [1, 2, 3]) r = applySample(r, sample('down', m + 4), at(m));
    expect(r.status).toBe('down');
    // Its stored time never runs ahead of when it was seen.
    expect(r.lastCheckedAt).toBe(at(3));
    // A correct probe then reports UP at real minutes 4 and 5: both count, the service is UP.
    r = applySample(r, sample('up', 4), at(4));
    r = applySample(r, sample('up', 5), at(5));
    expect(r.status).toBe('up');
  });

  it('a record stored with a time far ahead (an older version, a broken clock) does not block current samples', () => {
    const wedged: ServiceStateRecord = {
      ...settled('down'),
      lastCheckedAt: '9999-01-01T00:00:00.000Z',
      failStreak: 3,
    };
    let r = applySample(wedged, sample('up', 1), at(1));
    r = applySample(r, sample('up', 2), at(2));
    expect(r.status).toBe('up');
    expect(r.lastCheckedAt).toBe(at(2));
  });
});
