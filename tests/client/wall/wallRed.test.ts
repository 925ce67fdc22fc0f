import { describe, expect, it } from 'vitest';
import { wallRedAlerts } from '../../../client/wall/escalation.js';
import type { Alert } from '../../../shared/schemas/index.js';
import { alert, iso, T0 } from '../factories.js';

const policy = (
  ...actions: ('notify_agency_head' | 'notify_supervisor' | 'wall_red')[]
): Alert['escalation'] => ({
  policyId: 'default',
  generation: 1,
  steps: actions.map((action, i) => ({ afterSeconds: 300 * (i + 1), action })),
});
const ackBy = { userId: 'u1', username: 'sari', role: 'liaison', agencyId: 'a1' };

describe('the wall red banner', () => {
  it('takes unanswered alerts that reached wall red or their last step, most urgent first (as the panel: further escalated, then severity)', () => {
    const three = policy('notify_agency_head', 'notify_supervisor', 'wall_red');
    const list = [
      alert('not-escalated', { escalation: three }),
      alert('first-step', { escalation: three, escalationLevel: 1 }),
      alert('red-minor', { escalation: three, escalationLevel: 3, severity: 'minor' }),
      alert('red-extreme', { escalation: three, escalationLevel: 3, severity: 'extreme' }),
      // A policy without wall red: its last step is as far as it goes.
      alert('last-of-two', {
        escalation: policy('notify_agency_head', 'notify_supervisor'),
        escalationLevel: 2,
        severity: 'minor',
        createdAt: iso(T0 - 60_000),
      }),
      // Somebody has it, or its condition is over: not the wall's loudest line.
      alert('acked', {
        escalation: three,
        escalationLevel: 3,
        status: 'acknowledged',
        acknowledgedBy: ackBy,
      }),
      alert('cleared', { escalation: three, escalationLevel: 3, condition: 'cleared' }),
      alert('resolved', { escalation: three, escalationLevel: 3, status: 'resolved' }),
    ];
    const red = wallRedAlerts(new Map(list.map((a) => [a.id, a])));
    expect(red.map((a) => a.id)).toEqual(['red-extreme', 'red-minor', 'last-of-two']);
  });

  it('shows nothing while nothing went all the way', () => {
    expect(wallRedAlerts(new Map([['a', alert('a', { escalation: policy('wall_red') })]]))).toEqual([]);
  });
});
