import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { EVENT_LOG_MAX_LEN } from '../../shared/limits.js';
import { StoreUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { withIndex } from './indexes.js';
import { keys } from './keys.js';
import {
  TAIL_BLOCK_MAX_MS,
  type CommitResult,
  type Store,
  type StoreStats,
  type StoredEvent,
  type Tx,
} from './store.js';

// Checks every expectation, then writes docs, schedules, values and events: all or nothing.
// Document and event bodies travel as their own arguments (after the first 3), so the script never
// decodes or re-escapes them; ARGV[1] holds only the small metadata. Writes are grouped per key
// (one HSET per hash, one ZADD/ZREM per index, in chunks): a batch of 500 incidents is a few dozen
// calls rather than thousands, which is most of the cost of a commit.
const COMMIT_LUA = `
local tx = cjson.decode(ARGV[1])
local p = ARGV[2]
local puts = tx.puts or {}
local dels = tx.dels or {}
-- Expected versions, read with one HMGET per collection.
local want = {}
for i = 1, #puts do
  local d = puts[i]
  if d.expect ~= nil then
    local w = want[d.coll]
    if not w then w = {}; want[d.coll] = w end
    w[#w + 1] = i
  end
end
for coll, idx in pairs(want) do
  for s = 1, #idx, 2000 do
    local ids = {}
    for j = s, math.min(s + 1999, #idx) do ids[#ids + 1] = puts[idx[j]].id end
    local curs = redis.call('HMGET', p .. 'ver:' .. coll, unpack(ids))
    for j = 1, #ids do
      local d = puts[idx[s + j - 1]]
      local cur = curs[j]
      if d.expect == 'absent' then
        if cur then return {'conflict', d.coll, d.id, cur} end
      elseif (not cur) or tonumber(cur) ~= tonumber(d.expect) then
        return {'conflict', d.coll, d.id, cur or ''}
      end
    end
  end
end
for _, d in ipairs(dels) do
  if d.expect ~= nil then
    local cur = redis.call('HGET', p .. 'ver:' .. d.coll, d.id)
    if (not cur) or tonumber(cur) ~= tonumber(d.expect) then return {'conflict', d.coll, d.id, cur or ''} end
  end
end
-- Per key, the arguments of one command; flushed in chunks (Lua's unpack has a bounded stack).
local function group() return setmetatable({}, {__index = function(t, k) local v = {} rawset(t, k, v) return v end}) end
local function flush(cmd, byKey, lead)
  for key, args in pairs(byKey) do
    local step = 2000
    for s = 1, #args, step do
      local e = math.min(s + step - 1, #args)
      if lead then redis.call(cmd, key, lead, unpack(args, s, e)) else redis.call(cmd, key, unpack(args, s, e)) end
    end
  end
end
-- The last write of a document in this commit is the one that counts.
local last = {}
for i = 1, #puts do last[puts[i].coll .. '\\0' .. puts[i].id] = i end
local docs, vers, xms, zrem, zadd = group(), group(), group(), group(), {}
-- A document's index entries are replaced with it: the previous ones (kept beside it) go first.
-- A document written as new ('absent') has none to look up.
local reindexed = group()
for i = 1, #puts do
  local d = puts[i]
  if last[d.coll .. '\\0' .. d.id] == i then
    local dk = d.coll
    local t = docs[dk]; t[#t + 1] = d.id; t[#t + 1] = ARGV[3 + i]
    t = vers[dk]; t[#t + 1] = d.id; t[#t + 1] = d.version
    if d.index ~= nil and d.expect ~= 'absent' then t = reindexed[dk]; t[#t + 1] = d.id end
  end
end
for _, d in ipairs(dels) do local t = reindexed[d.coll]; t[#t + 1] = d.id end
for coll, ids in pairs(reindexed) do
  local olds = {}
  for s = 1, #ids, 2000 do
    local part = redis.call('HMGET', p .. 'xm:' .. coll, unpack(ids, s, math.min(s + 1999, #ids)))
    for _, o in ipairs(part) do olds[#olds + 1] = o end
  end
  for _, old in ipairs(olds) do
    if old then
      for _, e in ipairs(cjson.decode(old)) do local t = zrem[p .. 'x:' .. e[1]]; t[#t + 1] = e[2] end
    end
  end
  flush('HDEL', { [p .. 'xm:' .. coll] = ids })
end
flush('ZREM', zrem)
-- A document deleted in this commit keeps no entries (deletions count after writes).
local deleted = {}
for _, d in ipairs(dels) do deleted[d.coll .. '\\0' .. d.id] = true end
for i = 1, #puts do
  local d = puts[i]
  local key = d.coll .. '\\0' .. d.id
  if d.index ~= nil and #d.index > 0 and last[key] == i and not deleted[key] then
    for _, e in ipairs(d.index) do
      local k = p .. 'x:' .. e[1]
      local t = zadd[k]
      if not t then t = {}; zadd[k] = t end
      t[#t + 1] = 0; t[#t + 1] = e[2]
    end
    local t = xms[d.coll]; t[#t + 1] = d.id; t[#t + 1] = cjson.encode(d.index)
  end
end
local function prefixed(byColl, kind)
  local out = {}
  for coll, args in pairs(byColl) do out[p .. kind .. coll] = args end
  return out
end
flush('HSET', prefixed(docs, 'doc:'))
flush('HSET', prefixed(vers, 'ver:'))
flush('ZADD', zadd)
flush('HSET', prefixed(xms, 'xm:'))
local delDocs, delVers = group(), group()
for _, d in ipairs(dels) do
  local t = delDocs[p .. 'doc:' .. d.coll]; t[#t + 1] = d.id
  t = delVers[p .. 'ver:' .. d.coll]; t[#t + 1] = d.id
end
flush('HDEL', delDocs)
flush('HDEL', delVers)
for _, z in ipairs(tx.zadds or {}) do redis.call('ZADD', p .. 'z:' .. z.set, z.score, z.member) end
for _, z in ipairs(tx.zrems or {}) do redis.call('ZREM', p .. 'z:' .. z.set, z.member) end
for _, v in ipairs(tx.values or {}) do
  if v.ttlMs then redis.call('SET', p .. 'v:' .. v.key, v.value, 'PX', v.ttlMs)
  else redis.call('SET', p .. 'v:' .. v.key, v.value) end
end
for _, c in ipairs(tx.incrs or {}) do
  redis.call('HINCRBYFLOAT', p .. 'h:' .. c.hash, c.field, c.by)
  if c.ttlMs then redis.call('PEXPIRE', p .. 'h:' .. c.hash, c.ttlMs) end
end
local ids = {'ok'}
local body = 4 + #puts
for _, e in ipairs(tx.events or {}) do
  ids[#ids + 1] = redis.call('XADD', p .. 'events', 'MAXLEN', '~', ARGV[3], '*', 'type', e.type, 'data', ARGV[body])
  body = body + 1
end
return ids
`;

const HIT_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

const LEASE_LUA = `
local cur = redis.call('GET', KEYS[1])
if (not cur) or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Reconnect delay: short and capped at 1 s (plus jitter), so the city's screens resume soon after Redis does. */
function backoff(times: number): number {
  return Math.min(50 * 2 ** Math.min(times, 5), 1000) + Math.floor(Math.random() * 200);
}

/** Where Redis is: one URL, or the Sentinels that know the current primary of `name`. */
export type RedisTarget =
  | { url: string }
  | { sentinels: { host: string; port: number }[]; name: string; password?: string | undefined };

/** Durability asked of every commit. */
export interface RedisStoreOptions {
  /** Replicas that must confirm a commit (Redis `WAIT`) before it counts as done; 0 = the primary's word suffices. */
  minReplicas?: number;
  /** How long `WAIT` may take before the commit is refused with 503. */
  waitMs?: number;
}

/** A command that has not answered within this long fails (the caller answers 503 and may retry). */
const COMMAND_TIMEOUT_MS = 3_000;
/** A connection with a command pending and no byte received for this long is dead: destroyed and reconnected. */
const SOCKET_TIMEOUT_MS = 10_000;
/** How often the primary's online replicas are counted while replica confirmation is on. */
const REPLICA_POLL_MS = 1_000;

function connect(target: RedisTarget, opts: RedisOptions): Redis {
  if ('url' in target) return new Redis(target.url, opts);
  return new Redis({
    ...opts,
    sentinels: target.sentinels,
    name: target.name,
    ...(target.password ? { password: target.password } : {}),
    sentinelRetryStrategy: backoff,
    // A node that answers as a replica (after a failover it has not heard of yet) makes the client ask the Sentinels again.
    reconnectOnError: (err) => (/READONLY|LOADING|MASTERDOWN/.test(err.message) ? 2 : false),
  });
}

/** Replicas the primary reports online (`INFO replication`). */
function onlineReplicas(info: string): number {
  return info.split('\n').filter((l) => /^slave\d+:.*state=online/.test(l)).length;
}

/** Production store on Redis: documents in hashes, timers in sorted sets, the event log in a stream. */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly client: Redis;
  private readonly tailClient: Redis;
  private readonly subClient: Redis;
  private readonly statusListeners = new Set<(ready: boolean) => void>();
  private readonly channelListeners = new Map<string, Set<(m: string) => void>>();
  private closing = false;
  private readonly commitSha = createHash('sha1').update(COMMIT_LUA).digest('hex');
  private readonly minReplicas: number;
  private readonly waitMs: number;
  private replicasOnline: number | null = null;
  private replicaTimer: NodeJS.Timeout | null = null;
  private limiter: Redis | null = null;

  constructor(
    target: RedisTarget,
    private readonly log: Logger,
    opts: RedisStoreOptions = {},
  ) {
    this.minReplicas = opts.minReplicas ?? 0;
    this.waitMs = opts.waitMs ?? 1_000;
    const base: RedisOptions = {
      retryStrategy: backoff,
      lazyConnect: false,
      connectTimeout: 3000,
      socketTimeout: SOCKET_TIMEOUT_MS,
    };
    // Fail fast while disconnected: ingest must answer 503, never queue silently.
    const commandTimeout = Math.max(COMMAND_TIMEOUT_MS, this.waitMs + 1_000);
    this.client = connect(target, {
      ...base,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout,
    });
    // The tail fails fast too: the live feed (realtime/feed.ts) owns the retrying, and must see every failure.
    this.tailClient = connect(target, {
      ...base,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: TAIL_BLOCK_MAX_MS + COMMAND_TIMEOUT_MS,
    });
    this.subClient = connect(target, { ...base, maxRetriesPerRequest: null });
    for (const [name, c] of [
      ['main', this.client],
      ['tail', this.tailClient],
      ['sub', this.subClient],
    ] as const) {
      c.on('error', (err: Error) => {
        if (!this.closing) this.log.warn({ conn: name, err: err.message }, 'redis connection error');
      });
    }
    this.client.on('ready', () => {
      this.log.info('redis ready');
      if (this.minReplicas > 0) void this.countReplicas();
      this.statusListeners.forEach((l) => l(true));
    });
    this.client.on('close', () => {
      if (!this.closing) this.log.warn('redis connection closed; reconnecting');
      this.statusListeners.forEach((l) => l(false));
    });
    this.subClient.on('message', (ch: string, msg: string) => {
      const name = ch.slice(keys.channel('').length);
      this.channelListeners.get(name)?.forEach((l) => l(msg));
    });
    if (this.minReplicas > 0) {
      this.replicaTimer = setInterval(() => void this.countReplicas(), REPLICA_POLL_MS);
      this.replicaTimer.unref();
    }
  }

  isReady(): boolean {
    return this.client.status === 'ready';
  }

  async waitReady(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.isReady()) {
      if (Date.now() > until) throw new StoreUnavailableError('redis not ready');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.isReady()) throw new StoreUnavailableError('redis not ready');
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Error && /ERR|WRONGTYPE|NOSCRIPT|script/i.test(err.message) && this.isReady())
        throw err;
      throw new StoreUnavailableError(err instanceof Error ? err.message : 'redis error');
    }
  }

  private async countReplicas(): Promise<void> {
    if (!this.isReady()) return;
    try {
      const n = onlineReplicas(await this.client.info('replication'));
      if (n < this.minReplicas && (this.replicasOnline === null || this.replicasOnline >= this.minReplicas)) {
        this.log.warn(
          { online: n, wanted: this.minReplicas },
          'redis: fewer replicas online than PANTAU_REDIS_MIN_REPLICAS; commits are confirmed by the ones there are',
        );
      }
      this.replicasOnline = n;
    } catch {
      /* counted again on the next poll */
    }
  }

  /**
   * Waits until the replicas confirm every write this connection made so far (the commit just
   * answered included). Asks for as many as are online, up to `minReplicas`: after a failover that
   * left none, commits go on unconfirmed (reported as degraded) rather than stopping the city's intake.
   */
  private async confirmReplicas(): Promise<void> {
    const want = Math.min(this.minReplicas, this.replicasOnline ?? this.minReplicas);
    if (want <= 0) return;
    const got = await this.run(() => this.client.wait(want, this.waitMs));
    if (got < want) {
      void this.countReplicas();
      throw new StoreUnavailableError(
        `only ${got} of ${want} replica(s) confirmed the write within ${this.waitMs} ms`,
        1,
      );
    }
  }

  stats(): StoreStats {
    const online = this.minReplicas > 0 ? this.replicasOnline : null;
    let channelListeners = 0;
    for (const set of this.channelListeners.values()) channelListeners += set.size;
    return {
      statusListeners: this.statusListeners.size,
      channelListeners,
      replication: {
        minReplicas: this.minReplicas,
        online,
        degraded: online !== null && online < this.minReplicas,
      },
    };
  }

  get(coll: string, id: string): Promise<string | null> {
    return this.run(() => this.client.hget(keys.doc(coll), id));
  }
  getMany(coll: string, ids: string[]): Promise<(string | null)[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.run(() => this.client.hmget(keys.doc(coll), ...ids));
  }
  all(coll: string): Promise<string[]> {
    return this.run(() => this.client.hvals(keys.doc(coll)));
  }
  async entries(coll: string): Promise<[string, string][]> {
    return Object.entries(await this.run(() => this.client.hgetall(keys.doc(coll))));
  }
  count(coll: string): Promise<number> {
    return this.run(() => this.client.hlen(keys.doc(coll)));
  }
  async version(coll: string, id: string): Promise<number | null> {
    const v = await this.run(() => this.client.hget(keys.ver(coll), id));
    return v === null ? null : Number(v);
  }

  async commit(tx: Tx): Promise<CommitResult> {
    const puts = (tx.puts ?? []).map(withIndex);
    const events = tx.events ?? [];
    const meta = {
      ...tx,
      puts: puts.map(({ json: _j, ...m }) => m),
      events: events.map((e) => ({ type: e.type })),
    };
    const bodies = [...puts.map((d) => d.json), ...events.map((e) => e.json)];
    const res = (await this.run(() =>
      this.client
        .evalsha(this.commitSha, 0, JSON.stringify(meta), keys.prefix, String(EVENT_LOG_MAX_LEN), ...bodies)
        .catch((err: Error) => {
          if (!/NOSCRIPT/.test(err.message)) throw err;
          return this.client.eval(
            COMMIT_LUA,
            0,
            JSON.stringify(meta),
            keys.prefix,
            String(EVENT_LOG_MAX_LEN),
            ...bodies,
          );
        }),
    )) as string[];
    if (res[0] === 'conflict') {
      const cur = res[3];
      return {
        ok: false,
        conflict: { coll: res[1] ?? '', id: res[2] ?? '', currentVersion: cur ? Number(cur) : null },
      };
    }
    if (this.minReplicas > 0) await this.confirmReplicas();
    return { ok: true, eventIds: res.slice(1) };
  }

  /** Resolves when the tail connection is ready, or after `ms`. */
  private tailReady(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.tailClient.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.tailClient.once('ready', done);
    });
  }

  async lexRange(index: string, after: string | null, limit: number): Promise<string[]> {
    return this.run(() =>
      this.client.zrangebylex(keys.index(index), after === null ? '-' : `(${after}`, '+', 'LIMIT', 0, limit),
    );
  }
  async scan(
    coll: string,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; entries: [string, string][] }> {
    const [next, flat] = await this.run(() => this.client.hscan(keys.doc(coll), cursor, 'COUNT', count));
    const entries: [string, string][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push([flat[i] ?? '', flat[i + 1] ?? '']);
    return { cursor: next, entries };
  }
  lexCount(index: string): Promise<number> {
    return this.run(() => this.client.zcard(keys.index(index)));
  }

  async readEvents(afterId: string, limit: number): Promise<StoredEvent[]> {
    const start = afterId === '0' ? '-' : `(${afterId}`;
    const rows = await this.run(() => this.client.xrange(keys.events, start, '+', 'COUNT', limit));
    return rows.map(toEvent);
  }

  async trimEvents(minId: string): Promise<void> {
    await this.run(() => this.client.xtrim(keys.events, 'MINID', minId));
  }

  async lastEventId(): Promise<string> {
    const rows = await this.run(() => this.client.xrevrange(keys.events, '+', '-', 'COUNT', 1));
    return rows[0]?.[0] ?? '0';
  }

  async waitEvents(afterId: string, limit: number, blockMs: number): Promise<StoredEvent[]> {
    const block = Math.max(1, Math.min(blockMs, TAIL_BLOCK_MAX_MS));
    // Reconnecting (after a restart or a failover): wait for it within the block time rather than fail at once.
    if (this.tailClient.status !== 'ready') await this.tailReady(block);
    if (this.tailClient.status !== 'ready')
      throw new StoreUnavailableError(`redis tail connection ${this.tailClient.status}`);
    try {
      const res = await this.tailClient.xread(
        'COUNT',
        limit,
        'BLOCK',
        block,
        'STREAMS',
        keys.events,
        afterId,
      );
      return (res?.[0]?.[1] ?? []).map(toEvent);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A read that timed out left the connection in an unknown state (a stall, a black hole): start a fresh one.
      if (/timed out|timeout/i.test(message) && !this.closing) this.tailClient.disconnect(true);
      throw new StoreUnavailableError(message);
    }
  }

  getValue(key: string): Promise<string | null> {
    return this.run(() => this.client.get(keys.value(key)));
  }
  async setValue(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.run(() =>
      ttlMs ? this.client.set(keys.value(key), value, 'PX', ttlMs) : this.client.set(keys.value(key), value),
    );
  }
  async delValue(key: string): Promise<void> {
    await this.run(() => this.client.del(keys.value(key)));
  }
  async hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const [count, ttl] = (await this.run(() =>
      this.client.eval(HIT_LUA, 1, keys.value(key), String(windowMs)),
    )) as [number, number];
    return { count, resetMs: ttl };
  }

  async counters(hash: string): Promise<Record<string, number>> {
    const raw = await this.run(() => this.client.hgetall(keys.hash(hash)));
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }

  async due(set: string, maxScore: number, limit: number): Promise<{ member: string; score: number }[]> {
    const flat = await this.run(() =>
      this.client.zrangebyscore(keys.zset(set), '-inf', maxScore, 'WITHSCORES', 'LIMIT', 0, limit),
    );
    const out: { member: string; score: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2)
      out.push({ member: flat[i] ?? '', score: Number(flat[i + 1]) });
    return out;
  }
  async acquireLease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const r = await this.run(() => this.client.eval(LEASE_LUA, 1, keys.lease(key), owner, String(ttlMs)));
    return r === 1;
  }
  async releaseLease(key: string, owner: string): Promise<void> {
    await this.run(() => this.client.eval(RELEASE_LUA, 1, keys.lease(key), owner));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.run(() => this.client.publish(keys.channel(channel), message));
  }
  subscribe(channel: string, listener: (message: string) => void): () => void {
    let set = this.channelListeners.get(channel);
    if (!set) {
      this.channelListeners.set(channel, (set = new Set()));
      void this.subClient
        .subscribe(keys.channel(channel))
        .catch((err: Error) => this.log.warn({ err: err.message }, 'subscribe failed'));
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  onStatus(listener: (ready: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Clients for the Socket.IO Redis adapter (their own connections, offline queue on). */
  adapterClients(): { pub: Redis; sub: Redis } {
    const pub = this.client.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
    const sub = this.client.duplicate({
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
    for (const c of [pub, sub])
      c.on('error', (err: Error) => this.log.debug({ err: err.message }, 'adapter redis error'));
    return { pub, sub };
  }

  /** The connection for rate limiters (login limits): its own, failing fast like the main one; created once. */
  limiterClient(): Redis {
    if (!this.limiter) {
      this.limiter = this.client.duplicate({ enableOfflineQueue: false });
      this.limiter.on('error', (err: Error) => {
        if (!this.closing) this.log.warn({ conn: 'limiter', err: err.message }, 'redis connection error');
      });
    }
    return this.limiter;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.replicaTimer) clearInterval(this.replicaTimer);
    await Promise.allSettled([
      this.client.quit(),
      this.tailClient.quit(),
      this.subClient.quit(),
      this.limiter?.quit(),
    ]);
    this.tailClient.disconnect();
    this.client.disconnect();
    this.subClient.disconnect();
    this.limiter?.disconnect();
  }
}

function toEvent([id, fields]: [string, string[]]): StoredEvent {
  let type = '';
  let json = 'null';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'type') type = fields[i + 1] ?? '';
    else if (fields[i] === 'data') json = fields[i + 1] ?? 'null';
  }
  return { id, type, json };
}
