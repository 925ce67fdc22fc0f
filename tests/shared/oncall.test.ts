/**
 * The rotation arithmetic (shared/oncall.ts): turns hand over at the layer's WITA clock time (08:00
 * WITA is 00:00 UTC), weekly turns cycle through the people, a later layer with daily hours (a night
 * layer wrapping midnight) wins inside its hours, an override wins over every layer, and the coming
 * shifts merge where one person carries on.
 */
import { describe, expect, it } from 'vitest';
import { onCallAt, shiftsBetween } from '../../shared/oncall.js';
import type { OnCallLayer, OnCallOverride } from '../../shared/schemas/index.js';

const day: OnCallLayer = {
  name: 'Siang',
  userIds: ['ani', 'budi', 'citra'],
  start: '2026-01-05',
  handoverTime: '08:00',
  lengthDays: 7,
};
const night: OnCallLayer = {
  name: 'Malam',
  userIds: ['nur'],
  start: '2026-01-05',
  handoverTime: '08:00',
  lengthDays: 7,
  hours: { from: '20:00', to: '08:00' },
};
const who = (layers: OnCallLayer[], at: string, overrides: OnCallOverride[] = []) =>
  onCallAt({ layers, overrides }, new Date(at))?.userId ?? null;

describe('onCallAt', () => {
  it('hands over at 08:00 WITA, which is 00:00 UTC', () => {
    expect(who([day], '2026-01-04T23:59:59Z')).toBeNull(); // before the first turn
    expect(who([day], '2026-01-05T00:00:00Z')).toBe('ani');
    expect(who([day], '2026-01-11T23:59:59Z')).toBe('ani'); // Monday 07:59 WITA, a week on
    expect(who([day], '2026-01-12T00:00:00Z')).toBe('budi'); // Monday 08:00 WITA
  });

  it('cycles weekly turns through the people and starts again', () => {
    expect(who([day], '2026-01-19T00:00:00Z')).toBe('citra');
    expect(who([day], '2026-01-26T00:00:00Z')).toBe('ani');
    expect(who([day], '2026-02-02T03:00:00Z')).toBe('budi');
    // A handover at another clock time: 17:00 WITA is 09:00 UTC.
    const evening = { ...day, handoverTime: '17:00' };
    expect(who([evening], '2026-01-12T08:59:00Z')).toBe('ani');
    expect(who([evening], '2026-01-12T09:00:00Z')).toBe('budi');
  });

  it('lets a night layer (20:00–08:00 WITA, wrapping midnight) win over the day layer inside its hours', () => {
    const layers = [day, night];
    expect(who(layers, '2026-01-06T11:59:00Z')).toBe('ani'); // 19:59 WITA
    expect(who(layers, '2026-01-06T12:00:00Z')).toBe('nur'); // 20:00 WITA
    expect(who(layers, '2026-01-06T16:30:00Z')).toBe('nur'); // 00:30 WITA
    expect(who(layers, '2026-01-06T23:59:00Z')).toBe('nur'); // 07:59 WITA
    expect(who(layers, '2026-01-07T00:00:00Z')).toBe('ani'); // 08:00 WITA
    expect(onCallAt({ layers, overrides: [] }, new Date('2026-01-06T13:00:00Z'))).toEqual({
      userId: 'nur',
      layer: 'Malam',
      source: 'rotation',
    });
    // Listed first, the night layer loses everywhere to the all-day layer.
    expect(who([night, day], '2026-01-06T13:00:00Z')).toBe('ani');
  });

  it('lets an override win over every layer, for its time only', () => {
    const stand: OnCallOverride = {
      userId: 'dedi',
      start: '2026-01-06T10:00:00Z',
      end: '2026-01-06T14:00:00Z',
    };
    const layers = [day, night];
    expect(who(layers, '2026-01-06T09:59:00Z', [stand])).toBe('ani');
    expect(onCallAt({ layers, overrides: [stand] }, new Date('2026-01-06T13:00:00Z'))).toEqual({
      userId: 'dedi',
      layer: null,
      source: 'override',
    });
    expect(who(layers, '2026-01-06T14:00:00Z', [stand])).toBe('nur');
    // Before any layer starts, an override still names someone.
    expect(who(layers, '2026-01-01T00:00:00Z', [{ ...stand, start: '2025-12-31T00:00:00Z' }])).toBe('dedi');
  });
});

describe('shiftsBetween', () => {
  it('merges consecutive turns of one person and cuts at each handover', () => {
    const daily: OnCallLayer = { ...day, userIds: ['ani', 'ani', 'budi'], lengthDays: 1 };
    expect(
      shiftsBetween(
        { layers: [daily], overrides: [] },
        new Date('2026-01-05T00:00:00Z'),
        new Date('2026-01-08T00:00:00Z'),
      ),
    ).toEqual([
      {
        from: '2026-01-05T00:00:00.000Z',
        to: '2026-01-07T00:00:00.000Z',
        userId: 'ani',
        layer: 'Siang',
        source: 'rotation',
      },
      {
        from: '2026-01-07T00:00:00.000Z',
        to: '2026-01-08T00:00:00.000Z',
        userId: 'budi',
        layer: 'Siang',
        source: 'rotation',
      },
    ]);
  });

  it('alternates day and night, puts the override in between and leaves out the time before the first turn', () => {
    const stand: OnCallOverride = {
      userId: 'dedi',
      start: '2026-01-05T02:00:00Z',
      end: '2026-01-05T04:00:00Z',
    };
    const shifts = shiftsBetween(
      { layers: [day, night], overrides: [stand] },
      new Date('2026-01-04T00:00:00Z'),
      new Date('2026-01-06T00:00:00Z'),
    );
    expect(shifts.map((s) => [s.from.slice(0, 16), s.to.slice(0, 16), s.userId, s.source])).toEqual([
      ['2026-01-05T00:00', '2026-01-05T02:00', 'ani', 'rotation'],
      ['2026-01-05T02:00', '2026-01-05T04:00', 'dedi', 'override'],
      ['2026-01-05T04:00', '2026-01-05T12:00', 'ani', 'rotation'],
      ['2026-01-05T12:00', '2026-01-06T00:00', 'nur', 'rotation'],
    ]);
    // The same person on both layers is one unbroken shift.
    const same = shiftsBetween(
      { layers: [day, { ...night, userIds: ['ani'] }], overrides: [] },
      new Date('2026-01-05T00:00:00Z'),
      new Date('2026-01-08T00:00:00Z'),
    );
    expect(same).toEqual([
      {
        from: '2026-01-05T00:00:00.000Z',
        to: '2026-01-08T00:00:00.000Z',
        userId: 'ani',
        layer: 'Siang',
        source: 'rotation',
      },
    ]);
  });
});
