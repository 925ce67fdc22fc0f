import { describe, expect, it } from 'vitest';
import { applyCondition, type AlertSpec } from '../../../server/alerts/engine.js';
import { AlertSchema, type Alert } from '../../../shared/schemas/index.js';

const T1 = '2026-11-29T02:00:00.000Z';
const T2 = '2026-11-29T02:05:00.000Z';

const spec = (over: Partial<AlertSpec> = {}): AlertSpec => ({
  dedupeKey: 'incident:flood-1',
  title: 'Banjir di Gunung Samarinda',
  severity: 'severe',
  agencyId: 'bpbd',
  sourceKind: 'incident',
  kelurahanCode: null,
  condition: 'active',
  flapping: false,
  ...over,
});

/** An open alert as the engine makes it. */
function opened(): Alert {
  const a = applyCondition(null, spec(), T1);
  if (!a) throw new Error('no alert opened');
  return a;
}

const acked = (a: Alert): Alert => ({
  ...a,
  status: 'acknowledged',
  acknowledgedBy: { userId: 'u-1', username: 'liaison-bpbd', role: 'liaison', agencyId: 'bpbd' },
  acknowledgedAt: T1,
  version: a.version + 1,
});

describe('applyCondition', () => {
  it('opens a new alert for an active condition with no alert yet', () => {
    const a = opened();
    expect(AlertSchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({
      dedupeKey: 'incident:flood-1',
      agencyId: 'bpbd',
      severity: 'severe',
      sourceKind: 'incident',
      condition: 'active',
      status: 'new',
      count: 1,
      version: 1,
      createdAt: T1,
      lastSeenAt: T1,
      acknowledgedBy: null,
      escalationLevel: 0,
    });
    expect(a.id).toMatch(/^al-/);
    expect(a.timeline).toEqual([{ at: T1, action: 'opened', by: null }]);
  });

  it('opens nothing for a cleared condition with no alert', () => {
    expect(applyCondition(null, spec({ condition: 'cleared' }), T1)).toBeNull();
  });

  it('counts a repeat on the same alert and takes the latest title, severity and flapping', () => {
    const a = opened();
    const b = applyCondition(a, spec({ title: 'Banjir meluas', severity: 'extreme', flapping: true }), T2);
    expect(b).toMatchObject({ id: a.id, count: 2, version: 2, lastSeenAt: T2, updatedAt: T2, status: 'new' });
    expect(b).toMatchObject({ title: 'Banjir meluas', severity: 'extreme', flapping: true, createdAt: T1 });
  });

  it('clears the condition without un-acknowledging', () => {
    const a = acked(opened());
    const b = applyCondition(a, spec({ condition: 'cleared' }), T2);
    expect(b).toMatchObject({
      id: a.id,
      condition: 'cleared',
      status: 'acknowledged',
      acknowledgedBy: a.acknowledgedBy,
      acknowledgedAt: T1,
      count: 1,
      version: a.version + 1,
    });
    expect(b?.timeline.at(-1)).toEqual({ at: T2, action: 'cleared', by: null });
  });

  it('changes nothing when an already cleared condition clears again', () => {
    const cleared = applyCondition(opened(), spec({ condition: 'cleared' }), T2);
    expect(cleared).not.toBeNull();
    expect(applyCondition(cleared, spec({ condition: 'cleared' }), T2)).toBeNull();
  });

  it('reactivates a cleared condition on the same alert, keeping its workflow status', () => {
    const cleared = applyCondition(acked(opened()), spec({ condition: 'cleared' }), T1);
    const again = applyCondition(cleared, spec(), T2);
    expect(again).toMatchObject({ id: cleared?.id, condition: 'active', status: 'acknowledged', count: 2 });
    expect(again?.timeline.at(-1)).toEqual({ at: T2, action: 'reactivated', by: null });
  });

  it('reopens a resolved alert when the condition comes back', () => {
    const resolved: Alert = { ...opened(), status: 'resolved', resolution: { code: 'fixed' }, version: 3 };
    const again = applyCondition(resolved, spec(), T2);
    expect(again).toMatchObject({ id: resolved.id, status: 'new', resolution: null, count: 2, version: 4 });
    expect(again?.timeline.at(-1)).toEqual({ at: T2, action: 'reopened', by: null });
  });

  it('treats a closed alert as history: a new condition opens a different alert, a clear does nothing', () => {
    const closed: Alert = { ...opened(), status: 'closed', version: 5 };
    const fresh = applyCondition(closed, spec(), T2);
    expect(fresh).toMatchObject({ status: 'new', count: 1, version: 1, createdAt: T2 });
    expect(fresh?.id).not.toBe(closed.id);
    expect(applyCondition(closed, spec({ condition: 'cleared' }), T2)).toBeNull();
  });
});

describe('closing: resolved by people and cleared at the source', () => {
  it('a cleared source closes an alert that was already resolved', () => {
    const resolved: Alert = {
      ...acked(opened()),
      status: 'resolved',
      resolution: { code: 'fixed' },
      version: 3,
    };
    const next = applyCondition(resolved, spec({ condition: 'cleared' }), T2);
    expect(next).toMatchObject({
      status: 'closed',
      condition: 'cleared',
      resolution: { code: 'fixed' },
      version: 4,
    });
    expect(next?.timeline.slice(-2).map((t) => t.action)).toEqual(['cleared', 'closed']);
    // A closed alert is history: the same condition firing again opens a new alert.
    const again = applyCondition(next, spec(), T2);
    expect(again?.id).not.toBe(next?.id);
    expect(again).toMatchObject({ status: 'new', count: 1 });
  });

  it('a cleared source leaves an acknowledged alert acknowledged', () => {
    const next = applyCondition(acked(opened()), spec({ condition: 'cleared' }), T2);
    expect(next).toMatchObject({ status: 'acknowledged', condition: 'cleared' });
  });
});
