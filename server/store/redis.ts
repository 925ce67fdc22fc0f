import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { EVENT_LOG_MAX_LEN } from '../../shared/limits.js';
import { StoreUnavailableError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import { keys } from './keys.js';
import type { CommitResult, Store, StoredEvent, Tx } from './store.js';

// Checks every expectation, then writes docs, schedules, values and events: all or nothing.
// Document and event bodies travel as their own arguments (after the first 3), so the script never
// decodes or re-escapes them; ARGV[1] holds only the small metadata.
const COMMIT_LUA = `
local tx = cjson.decode(ARGV[1])
local p = ARGV[2]
local puts = tx.puts or {}
local body = 4
for i = 1, #puts do
  local d = puts[i]
  if d.expect ~= nil then
    local cur = redis.call('HGET', p .. 'ver:' .. d.coll, d.id)
    if d.expect == 'absent' then
      if cur then return {'conflict', d.coll, d.id, cur} end
    elseif (not cur) or tonumber(cur) ~= tonumber(d.expect) then
      return {'conflict', d.coll, d.id, cur or ''}
    end
  end
end
for i = 1, #puts do
  local d = puts[i]
  redis.call('HSET', p .. 'doc:' .. d.coll, d.id, ARGV[body])
  redis.call('HSET', p .. 'ver:' .. d.coll, d.id, d.version)
  body = body + 1
end
for _, d in ipairs(tx.dels or {}) do
  redis.call('HDEL', p .. 'doc:' .. d.coll, d.id)
  redis.call('HDEL', p .. 'ver:' .. d.coll, d.id)
end
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

function backoff(times: number): number {
  return Math.min(100 * 2 ** Math.min(times, 5), 3000) + Math.floor(Math.random() * 250);
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

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    const base: RedisOptions = { retryStrategy: backoff, lazyConnect: false, connectTimeout: 3000 };
    // Fail fast while disconnected: ingest must answer 503, never queue silently.
    this.client = new Redis(url, { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 3000 });
    this.tailClient = new Redis(url, { ...base, maxRetriesPerRequest: null });
    this.subClient = new Redis(url, { ...base, maxRetriesPerRequest: null });
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
      if (err instanceof Error && /ERR|WRONGTYPE|NOSCRIPT|script/i.test(err.message) && this.isReady()) throw err;
      throw new StoreUnavailableError(err instanceof Error ? err.message : 'redis error');
    }
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
  count(coll: string): Promise<number> {
    return this.run(() => this.client.hlen(keys.doc(coll)));
  }
  async version(coll: string, id: string): Promise<number | null> {
    const v = await this.run(() => this.client.hget(keys.ver(coll), id));
    return v === null ? null : Number(v);
  }

  async commit(tx: Tx): Promise<CommitResult> {
    const puts = tx.puts ?? [];
    const events = tx.events ?? [];
    const meta = {
      ...tx,
      puts: puts.map(({ json: _j, ...m }) => m),
      events: events.map((e) => ({ type: e.type })),
    };
    const bodies = [...puts.map((d) => d.json), ...events.map((e) => e.json)];
    const res = (await this.run(() =>
      this.client.evalsha(this.commitSha, 0, JSON.stringify(meta), keys.prefix, String(EVENT_LOG_MAX_LEN), ...bodies).catch((err: Error) => {
        if (!/NOSCRIPT/.test(err.message)) throw err;
        return this.client.eval(COMMIT_LUA, 0, JSON.stringify(meta), keys.prefix, String(EVENT_LOG_MAX_LEN), ...bodies);
      }),
    )) as string[];
    if (res[0] === 'conflict') {
      const cur = res[3];
      return { ok: false, conflict: { coll: res[1] ?? '', id: res[2] ?? '', currentVersion: cur ? Number(cur) : null } };
    }
    return { ok: true, eventIds: res.slice(1) };
  }

  async readEvents(afterId: string, limit: number): Promise<StoredEvent[]> {
    const start = afterId === '0' ? '-' : `(${afterId}`;
    const rows = await this.run(() => this.client.xrange(keys.events, start, '+', 'COUNT', limit));
    return rows.map(toEvent);
  }

  async lastEventId(): Promise<string> {
    const rows = await this.run(() => this.client.xrevrange(keys.events, '+', '-', 'COUNT', 1));
    return rows[0]?.[0] ?? '0';
  }

  tailEvents(fromId: string, listener: (events: StoredEvent[]) => void): () => void {
    let last = fromId;
    let stopped = false;
    const loop = async (): Promise<void> => {
      while (!stopped && !this.closing) {
        try {
          const res = await this.tailClient.xread('COUNT', 1000, 'BLOCK', 2000, 'STREAMS', keys.events, last);
          const rows = res?.[0]?.[1] ?? [];
          // A read that was already blocking when the tail stopped must not deliver.
          if (rows.length && !stopped) {
            const evs = rows.map(toEvent);
            last = evs.at(-1)?.id ?? last;
            listener(evs);
          }
        } catch (err) {
          if (stopped || this.closing) return;
          this.log.debug({ err: (err as Error).message }, 'event tail interrupted');
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    void loop();
    return () => {
      stopped = true;
    };
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
    const [count, ttl] = (await this.run(() => this.client.eval(HIT_LUA, 1, keys.value(key), String(windowMs)))) as [
      number,
      number,
    ];
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
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: flat[i] ?? '', score: Number(flat[i + 1]) });
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
      void this.subClient.subscribe(keys.channel(channel)).catch((err: Error) => this.log.warn({ err: err.message }, 'subscribe failed'));
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
    const pub = this.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
    const sub = this.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
    for (const c of [pub, sub]) c.on('error', (err: Error) => this.log.debug({ err: err.message }, 'adapter redis error'));
    return { pub, sub };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([this.client.quit(), this.tailClient.quit(), this.subClient.quit()]);
    this.tailClient.disconnect();
    this.client.disconnect();
    this.subClient.disconnect();
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
