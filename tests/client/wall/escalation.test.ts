import { describe, expect, it } from 'vitest';
import { escalationRows, handler, nextEscalationStep } from '../../../client/wall/escalation.js';
import type { Alert } from '../../../shared/schemas/index.js';
import { alert, iso, T0 } from '../factories.js';

const policy = (...afterSeconds: number[]): Alert['escalation'] => ({
  policyId: 'default',
  generation: 1,
  steps: afterSeconds.map((s, i) => ({
    afterSeconds: s,
    action: i === 0 ? 'notify_agency_head' : 'notify_supervisor',
  })),
});
const ackBy = { userId: 'u1', username: 'sari', role: 'liaison', agencyId: 'a1' };

describe('escalation panel rows', () => {
  it('lists only open alerts: unacknowledged first, further escalated first, then severity, then the oldest', () => {
    const list = [
      alert('acked-extreme', { status: 'acknowledged', severity: 'extreme', acknowledgedBy: ackBy }),
      alert('new-minor-old', { severity: 'minor', createdAt: iso(T0 - 3_600_000) }),
      alert('new-severe-young', { severity: 'severe', createdAt: iso(T0) }),
      alert('new-severe-old', { severity: 'severe', createdAt: iso(T0 - 60_000) }),
      alert('new-minor-escalated', { severity: 'minor', escalationLevel: 1 }),
      alert('snoozed', { status: 'snoozed', severity: 'extreme' }),
      alert('resolved', { status: 'resolved', severity: 'extreme' }),
      alert('closed', { status: 'closed' }),
    ];
    const byId = new Map(list.map((a) => [a.id, a]));
    const { rows, total } = escalationRows(byId);
    const order = [
      'new-minor-escalated',
      'new-severe-old',
      'new-severe-young',
      'new-minor-old',
      'acked-extreme',
      'snoozed',
    ];
    expect(rows.map((a) => a.id)).toEqual(order);
    expect(total).toBe(6);
    // A wall shows a few of many: the first ones in the same order, the count still of all.
    const top = escalationRows(byId, 3);
    expect(top.rows.map((a) => a.id)).toEqual(order.slice(0, 3));
    expect(top.total).toBe(6);
  });

  it('gives the next step from the (re)opening time and stops once acknowledged, silenced or at the last step', () => {
    const a = alert('a', { escalation: policy(300, 900) });
    expect(nextEscalationStep(a)).toEqual({ level: 1, at: T0 + 300_000, action: 'notify_agency_head' });
    expect(nextEscalationStep({ ...a, escalationLevel: 1 })).toMatchObject({ level: 2, at: T0 + 900_000 });
    expect(nextEscalationStep({ ...a, escalationLevel: 2 })).toBeNull();
    expect(nextEscalationStep({ ...a, status: 'acknowledged', acknowledgedBy: ackBy })).toBeNull();
    expect(nextEscalationStep({ ...a, silencedBy: 'sil-1' })).toBeNull();
    expect(nextEscalationStep(alert('b'))).toBeNull();
    const reopened = { ...a, timeline: [{ at: iso(T0 + 3_600_000), action: 'reopened' as const, by: null }] };
    expect(nextEscalationStep(reopened)?.at).toBe(T0 + 3_600_000 + 300_000);
  });

  it('names who is on it: the acknowledger, else the assignee, else nobody', () => {
    expect(handler(alert('a'))).toBeNull();
    expect(handler(alert('a', { assignee: 'tim-2' }))).toBe('tim-2');
    expect(handler(alert('a', { assignee: 'tim-2', acknowledgedBy: ackBy }))).toBe('sari');
  });
});
