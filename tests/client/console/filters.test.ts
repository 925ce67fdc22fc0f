import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, kecamatanOf, matchIncident, witaInputToMs } from '../../../client/console/filters.js';
import { incident } from '../factories.js';

describe('console filters', () => {
  it('reads datetime-local values as WITA', () => {
    expect(witaInputToMs('2026-11-30T07:30')).toBe(Date.parse('2026-11-29T23:30:00Z'));
    expect(witaInputToMs('')).toBeNull();
    expect(witaInputToMs('nonsense')).toBeNull();
  });

  it('takes the kecamatan from a kelurahan code', () => {
    expect(kecamatanOf('64.71.01.1001')).toBe('64.71.01');
    expect(kecamatanOf(null)).toBeNull();
  });

  it('filters incidents by status, severity and WITA time range', () => {
    const i = incident('i1', { receivedAt: '2026-11-29T23:30:00.000Z' });
    expect(matchIncident(i, { ...EMPTY_FILTERS, status: 'all' })).toBe(true);
    expect(
      matchIncident(i, {
        ...EMPTY_FILTERS,
        status: 'all',
        severity: i.severity === 'minor' ? 'severe' : 'minor',
      }),
    ).toBe(false);
    expect(
      matchIncident(i, { ...EMPTY_FILTERS, status: 'all', from: '2026-11-30T07:00', to: '2026-11-30T08:00' }),
    ).toBe(true);
    expect(matchIncident(i, { ...EMPTY_FILTERS, status: 'all', from: '2026-11-30T07:31' })).toBe(false);
  });
});
