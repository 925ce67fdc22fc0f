import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../server/store/memory.js';
import { RedisStore } from '../../../server/store/redis.js';
import type { DocPut, LogEvent, Store, StoredEvent } from '../../../server/store/store.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { sleep, waitFor } from '../../helpers/wait.js';

/** A lifetime long enough that a few local calls fit well inside it, even on a loaded machine. */
const BRIEF_MS = 1_500;

/** Makes a fresh, empty store for one test. */
type StoreFactory = () => Promise<Store>;

const doc = (coll: string, id: string, version: number, expect?: 'absent' | number): DocPut => ({
  coll,
  id,
  json: JSON.stringify({ id, version }),
  version,
  ...(expect !== undefined ? { expect } : {}),
});
const ev = (type: string, n: number): LogEvent => ({ type, json: JSON.stringify({ n }) });
const payloads = (evs: StoredEvent[]) =>
  evs.map((e) => `${e.type}:${(JSON.parse(e.json) as { n: number }).n}`);

/** The one contract every Store implementation must keep. */
function storeContract(name: string, make: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    it('is ready and reads back documents with get, getMany, all, count and version', async () => {
      expect(store.isReady()).toBe(true);
      expect(
        await store.commit({ puts: [doc('c', 'a', 1), doc('c', 'b', 3), doc('other', 'a', 7)] }),
      ).toEqual({ ok: true, eventIds: [] });
      expect(JSON.parse((await store.get('c', 'a')) ?? 'null')).toEqual({ id: 'a', version: 1 });
      expect(await store.get('c', 'missing')).toBeNull();
      const many = await store.getMany('c', ['b', 'missing', 'a']);
      expect(many.map((j) => (j === null ? null : (JSON.parse(j) as { id: string }).id))).toEqual([
        'b',
        null,
        'a',
      ]);
      expect(await store.getMany('c', [])).toEqual([]);
      expect((await store.all('c')).map((j) => (JSON.parse(j) as { id: string }).id).sort()).toEqual([
        'a',
        'b',
      ]);
      expect(await store.all('empty')).toEqual([]);
      expect(await store.count('c')).toBe(2);
      expect(await store.count('empty')).toBe(0);
      expect(await store.version('c', 'b')).toBe(3);
      expect(await store.version('other', 'a')).toBe(7);
      expect(await store.version('c', 'missing')).toBeNull();
    });

    it('commits all or nothing: a wrong expectation on the second put writes no doc, event, value or timer', async () => {
      const before = await store.lastEventId();
      const res = await store.commit({
        puts: [doc('c', 'first', 1, 'absent'), doc('c', 'second', 2, 1)],
        events: [ev('x', 1), ev('x', 2)],
        zadds: [{ set: 'timers', member: 'm', score: 1 }],
        values: [{ key: 'v', value: 'set' }],
      });
      expect(res).toEqual({ ok: false, conflict: { coll: 'c', id: 'second', currentVersion: null } });
      expect(await store.get('c', 'first')).toBeNull();
      expect(await store.count('c')).toBe(0);
      expect(await store.lastEventId()).toBe(before);
      expect(await store.readEvents(before, 10)).toEqual([]);
      expect(await store.due('timers', Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      expect(await store.getValue('v')).toBeNull();
    });

    it("conflicts on expect 'absent' when the document exists, and leaves it untouched", async () => {
      await store.commit({ puts: [doc('c', 'a', 4)] });
      const res = await store.commit({
        puts: [{ coll: 'c', id: 'a', json: '{"new":true}', version: 1, expect: 'absent' }],
      });
      expect(res).toEqual({ ok: false, conflict: { coll: 'c', id: 'a', currentVersion: 4 } });
      expect(JSON.parse((await store.get('c', 'a')) ?? 'null')).toEqual({ id: 'a', version: 4 });
    });

    it('checks expected versions: the current one wins, a stale one conflicts with the current version', async () => {
      expect((await store.commit({ puts: [doc('c', 'a', 1, 'absent')] })).ok).toBe(true);
      expect((await store.commit({ puts: [doc('c', 'a', 2, 1)] })).ok).toBe(true);
      expect(await store.version('c', 'a')).toBe(2);
      expect(await store.commit({ puts: [doc('c', 'a', 2, 1)] })).toEqual({
        ok: false,
        conflict: { coll: 'c', id: 'a', currentVersion: 2 },
      });
      expect(await store.version('c', 'a')).toBe(2);
      // A number expectation on a missing document conflicts too.
      expect(await store.commit({ puts: [doc('c', 'ghost', 2, 1)] })).toEqual({
        ok: false,
        conflict: { coll: 'c', id: 'ghost', currentVersion: null },
      });
    });

    it('deletes documents with their versions', async () => {
      await store.commit({ puts: [doc('c', 'a', 5), doc('c', 'b', 1)] });
      expect((await store.commit({ dels: [{ coll: 'c', id: 'a' }] })).ok).toBe(true);
      expect(await store.get('c', 'a')).toBeNull();
      expect(await store.version('c', 'a')).toBeNull();
      expect(await store.count('c')).toBe(1);
      expect((await store.commit({ puts: [doc('c', 'a', 1, 'absent')] })).ok).toBe(true);
    });

    it('keeps timers in score order, honours the limit and removes members', async () => {
      await store.commit({
        zadds: [
          { set: 't', member: 'c', score: 30 },
          { set: 't', member: 'a', score: 10 },
          { set: 't', member: 'b', score: 20.5 },
          { set: 't', member: 'late', score: 1_900_000_000_000 },
          { set: 'other', member: 'x', score: 1 },
        ],
      });
      expect(await store.due('t', 25, 10)).toEqual([
        { member: 'a', score: 10 },
        { member: 'b', score: 20.5 },
      ]);
      expect(await store.due('t', 1_900_000_000_000, 2)).toEqual([
        { member: 'a', score: 10 },
        { member: 'b', score: 20.5 },
      ]);
      await store.commit({
        zadds: [{ set: 't', member: 'a', score: 40 }],
        zrems: [{ set: 't', member: 'b' }],
      });
      expect(await store.due('t', 1_900_000_000_000, 10)).toEqual([
        { member: 'c', score: 30 },
        { member: 'a', score: 40 },
        { member: 'late', score: 1_900_000_000_000 },
      ]);
      expect(await store.due('empty', 100, 10)).toEqual([]);
    });

    it('keeps plain values, expires those with a TTL and deletes on request', async () => {
      await store.setValue('forever', 'v1');
      await store.setValue('brief', 'v2', BRIEF_MS);
      await store.commit({
        values: [
          { key: 'tx-brief', value: 'v3', ttlMs: BRIEF_MS },
          { key: 'tx-forever', value: 'v4' },
        ],
      });
      expect(await store.getValue('brief')).toBe('v2');
      expect(await store.getValue('tx-brief')).toBe('v3');
      await waitFor(
        async () => (await store.getValue('brief')) === null && (await store.getValue('tx-brief')) === null,
        'TTL expiry',
      );
      expect(await store.getValue('forever')).toBe('v1');
      expect(await store.getValue('tx-forever')).toBe('v4');
      await store.delValue('forever');
      expect(await store.getValue('forever')).toBeNull();
    });

    it('adds counters atomically with the rest of a commit, keeps fractions, and expires the hash', async () => {
      await store.commit({
        incrs: [
          { hash: 'r1', field: 'a|up', by: 1 },
          { hash: 'r1', field: 'a|lat', by: 12.5 },
        ],
      });
      await store.commit({
        incrs: [
          { hash: 'r1', field: 'a|up', by: 2 },
          { hash: 'r1', field: 'a|lat', by: 0.25 },
        ],
      });
      expect(await store.counters('r1')).toEqual({ 'a|up': 3, 'a|lat': 12.75 });
      await store.commit({ puts: [{ coll: 'c', id: 'x', json: '{}', version: 1 }] });
      const lost = await store.commit({
        puts: [{ coll: 'c', id: 'x', json: '{}', version: 2, expect: 'absent' }],
        incrs: [{ hash: 'r1', field: 'a|up', by: 100 }],
      });
      expect(lost.ok).toBe(false);
      expect((await store.counters('r1'))['a|up']).toBe(3);
      expect(await store.counters('none')).toEqual({});
      await store.commit({ incrs: [{ hash: 'r2', field: 'f', by: 1, ttlMs: BRIEF_MS }] });
      expect(await store.counters('r2')).toEqual({ f: 1 });
      await waitFor(async () => Object.keys(await store.counters('r2')).length === 0, 'counter hash expiry');
    });

    it('counts hits within a window and starts over once the window has passed', async () => {
      const first = await store.hit('h', BRIEF_MS);
      expect(first.count).toBe(1);
      expect(first.resetMs).toBeGreaterThan(0);
      expect(first.resetMs).toBeLessThanOrEqual(BRIEF_MS);
      expect((await store.hit('h', BRIEF_MS)).count).toBe(2);
      const third = await store.hit('h', BRIEF_MS);
      expect(third.count).toBe(3);
      expect(third.resetMs).toBeLessThanOrEqual(BRIEF_MS);
      expect((await store.hit('other', BRIEF_MS)).count).toBe(1);
      await sleep(third.resetMs);
      // Once the window is over the count starts again at one (it would only grow if it never reset).
      await waitFor(async () => (await store.hit('h', BRIEF_MS)).count === 1, 'the window to reset', {
        intervalMs: 200,
      });
    });

    it('grants a lease to one owner at a time, renews it for that owner, and frees it on release or expiry', async () => {
      expect(await store.acquireLease('job', 'A', 30_000)).toBe(true);
      expect(await store.acquireLease('job', 'B', 30_000)).toBe(false);
      expect(await store.acquireLease('job', 'A', 30_000)).toBe(true);
      expect(await store.acquireLease('job', 'B', 30_000)).toBe(false);
      await store.releaseLease('job', 'B');
      expect(await store.acquireLease('job', 'B', 30_000)).toBe(false);
      await store.releaseLease('job', 'A');
      expect(await store.acquireLease('job', 'B', BRIEF_MS)).toBe(true);
      expect(await store.acquireLease('job', 'A', 30_000)).toBe(false);
      await waitFor(() => store.acquireLease('job', 'A', 30_000), "B's lease to expire");
      expect(await store.acquireLease('job', 'B', 30_000)).toBe(false);
    });

    it('reads events after an id, in order, with the newest id as lastEventId', async () => {
      expect(await store.lastEventId()).toBe('0');
      expect(await store.readEvents('0', 10)).toEqual([]);
      const a = await store.commit({ events: [ev('incident', 1), ev('alert', 2), ev('incident', 3)] });
      const b = await store.commit({ events: [ev('usage', 4), ev('incident', 5)] });
      if (!a.ok || !b.ok) throw new Error('commit failed');
      const ids = [...a.eventIds, ...b.eventIds];
      expect(ids).toHaveLength(5);
      expect(await store.lastEventId()).toBe(ids[4]);
      const all = await store.readEvents('0', 100);
      expect(all.map((e) => e.id)).toEqual(ids);
      expect(payloads(all)).toEqual(['incident:1', 'alert:2', 'incident:3', 'usage:4', 'incident:5']);
      expect(payloads(await store.readEvents(ids[1] ?? '', 100))).toEqual([
        'incident:3',
        'usage:4',
        'incident:5',
      ]);
      expect(payloads(await store.readEvents(ids[1] ?? '', 2))).toEqual(['incident:3', 'usage:4']);
      expect(await store.readEvents(ids[4] ?? '', 100)).toEqual([]);
    });

    it('waits for events after the given id and returns them in order, or nothing after the block time', async () => {
      await store.commit({ events: [ev('old', 0)] });
      const from = await store.lastEventId();
      await store.commit({ events: [ev('e', 1)] });
      // Already there: returned at once.
      expect(payloads(await store.waitEvents(from, 100, 1_000))).toEqual(['e:1']);
      const after = await store.lastEventId();
      // Nothing new: an empty answer once the block time is over.
      expect(await store.waitEvents(after, 100, 50)).toEqual([]);
      // Committed while waiting: the wait ends with it, well before the block time.
      const waiting = store.waitEvents(after, 100, 2_000);
      await sleep(20);
      await store.commit({ events: [ev('e', 2), ev('e', 3)] });
      const got = await waiting;
      expect(payloads(got)).toEqual(['e:2', 'e:3']);
      expect(got.map((e) => e.id)).toEqual((await store.readEvents(after, 10)).map((e) => e.id));
      // The limit bounds one answer; the rest comes with the next call from the last id seen.
      const first = await store.waitEvents(from, 2, 100);
      expect(payloads(first)).toEqual(['e:1', 'e:2']);
      expect(payloads(await store.waitEvents(first.at(-1)?.id ?? '', 10, 100))).toEqual(['e:3']);
    });

    it('keeps lexicographic indexes with their documents: replaced on update, removed on delete, walked by cursor', async () => {
      const put = (id: string, version: number, index: [string, string][]): DocPut => ({
        ...doc('c', id, version),
        index,
      });
      await store.commit({
        puts: [
          put('a', 1, [
            ['by-time', '2|a'],
            ['open', '2|a'],
          ]),
          put('b', 1, [
            ['by-time', '1|b'],
            ['open', '1|b'],
          ]),
          put('c', 1, [['by-time', '3|c']]),
        ],
      });
      expect(await store.lexRange('by-time', null, 10)).toEqual(['1|b', '2|a', '3|c']);
      expect(await store.lexRange('open', null, 10)).toEqual(['1|b', '2|a']);
      // A page, then the rest after its last member.
      const first = await store.lexRange('by-time', null, 2);
      expect(first).toEqual(['1|b', '2|a']);
      expect(await store.lexRange('by-time', first.at(-1) ?? null, 2)).toEqual(['3|c']);
      // An update replaces the document's entries: b leaves `open` and moves in time.
      await store.commit({ puts: [put('b', 2, [['by-time', '4|b']])] });
      expect(await store.lexRange('by-time', null, 10)).toEqual(['2|a', '3|c', '4|b']);
      expect(await store.lexRange('open', null, 10)).toEqual(['2|a']);
      expect(await store.lexCount('by-time')).toBe(3);
      // A put without `index` leaves the entries alone; a delete removes them; a failed commit changes nothing.
      await store.commit({ puts: [doc('c', 'a', 2)] });
      expect(await store.lexRange('open', null, 10)).toEqual(['2|a']);
      expect((await store.commit({ puts: [put('a', 3, []), doc('c', 'x', 1, 5)] })).ok).toBe(false);
      expect(await store.lexRange('open', null, 10)).toEqual(['2|a']);
      await store.commit({ dels: [{ coll: 'c', id: 'a' }] });
      expect(await store.lexRange('by-time', null, 10)).toEqual(['3|c', '4|b']);
      expect(await store.lexRange('open', null, 10)).toEqual([]);
      expect(await store.lexCount('nothing')).toBe(0);
    });

    it('counts the last write of a document within one commit, and lands a batch of thousands whole', async () => {
      const put = (
        id: string,
        version: number,
        index: [string, string][],
        expect?: 'absent' | number,
      ): DocPut => ({ ...doc('c', id, version, expect), index });
      await store.commit({
        puts: [
          put('a', 1, [
            ['t', '1|a'],
            ['open', '1|a'],
          ]),
        ],
      });
      // Written twice in one commit: the second body and entries count, none of the first's stay.
      await store.commit({
        puts: [
          put(
            'a',
            2,
            [
              ['t', '2|a'],
              ['open', '2|a'],
            ],
            1,
          ),
          put('a', 3, [['t', '3|a']]),
        ],
      });
      expect(await store.get('c', 'a')).toBe(JSON.stringify({ id: 'a', version: 3 }));
      expect(await store.lexRange('t', null, 10)).toEqual(['3|a']);
      expect(await store.lexRange('open', null, 10)).toEqual([]);
      // Written and deleted in one commit: gone, with no entries left behind.
      await store.commit({ puts: [put('b', 1, [['t', '0|b']])], dels: [{ coll: 'c', id: 'b' }] });
      expect(await store.get('c', 'b')).toBeNull();
      expect(await store.lexRange('t', null, 10)).toEqual(['3|a']);
      // More documents than one grouped write carries: every one lands with its entries, then moves.
      const n = 2_600;
      const ids = Array.from({ length: n }, (_, i) => `m${String(i).padStart(5, '0')}`);
      expect(
        (
          await store.commit({
            puts: ids.map((id) =>
              put(
                id,
                1,
                [
                  ['many', `x|${id}`],
                  ['odd', `${id}`],
                ],
                'absent',
              ),
            ),
          })
        ).ok,
      ).toBe(true);
      expect(await store.lexCount('many')).toBe(n);
      expect((await store.getMany('c', [ids[0]!, ids[n - 1]!])).every((j) => j !== null)).toBe(true);
      expect((await store.commit({ puts: ids.map((id) => put(id, 2, [['many', `y|${id}`]], 1)) })).ok).toBe(
        true,
      );
      expect(await store.lexCount('many')).toBe(n);
      expect(await store.lexCount('odd')).toBe(0);
      expect((await store.lexRange('many', null, 1))[0]).toBe(`y|${ids[0]}`);
      expect(await store.version('c', ids[n - 1]!)).toBe(2);
    });

    it('delivers published messages to subscribers of that channel until they unsubscribe', async () => {
      const mine: string[] = [];
      const witness: string[] = [];
      const elsewhere: string[] = [];
      const stop = store.subscribe('revocations', (m) => mine.push(m));
      store.subscribe('revocations', (m) => witness.push(m));
      store.subscribe('other', (m) => elsewhere.push(m));
      // A subscription may take a moment to become active: publish until it is.
      await waitFor(
        async () => {
          await store.publish('revocations', 'ping');
          return mine.includes('ping');
        },
        'the subscription to become active',
        { intervalMs: 100 },
      );
      await store.publish('revocations', 'session:42');
      await waitFor(
        () => mine.includes('session:42') && witness.includes('session:42'),
        'both listeners to hear it',
      );
      stop();
      await store.publish('revocations', 'after-stop');
      await waitFor(() => witness.includes('after-stop'), 'the witness to hear the last message');
      expect(mine).not.toContain('after-stop');
      expect(elsewhere).toEqual([]);
    });
  });
}

storeContract('MemoryStore', () => Promise.resolve(new MemoryStore()));

describe.skipIf(!redisAvailable())('on a real redis-server', () => {
  let redis: TestRedis;
  let admin: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    await admin.quit();
    await redis.dispose();
  });

  storeContract('RedisStore', async () => {
    await admin.flushall();
    const store = new RedisStore({ url: redis.url }, pino({ level: 'silent' }));
    await store.waitReady(10_000);
    return store;
  });
});
