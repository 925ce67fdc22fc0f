import { describe, expect, it } from 'vitest';
import { buildFeed } from '../../../client/wall/feed.js';
import { agency, incident, iso, service, state, T0 } from '../factories.js';

const byId = <T>(items: T[], key: (t: T) => string) => new Map(items.map((i) => [key(i), i]));

describe('latest events', () => {
  it('merge incidents, failing services and recoveries, newest first', () => {
    const feed = buildFeed(
      {
        incidents: byId([incident('i1', { receivedAt: iso(T0 + 1000) })], (i) => i.id),
        services: byId([service('s1', 'a1'), service('s2', 'a1'), service('s3', 'a1')], (s) => s.id),
        serviceStates: byId(
          [state('s1', 'down', 1, T0 + 3000), state('s2', 'up', 1, T0), state('s3', 'up', 2, T0 + 2000)],
          (s) => s.serviceId,
        ),
        agencies: byId([agency('a1')], (a) => a.id),
        serviceChanges: [{ serviceId: 's3', from: 'down', to: 'up', at: iso(T0 + 2000) }],
      },
      10,
    );
    expect(feed.map((f) => f.key)).toEqual([`s:s1:${iso(T0 + 3000)}`, `r:s3:${iso(T0 + 2000)}`, 'i:i1']);
  });
});
