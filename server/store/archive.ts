import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { COLL } from './docs.js';
import { indexEntries, newestFirst, timeOfMember } from './indexes.js';
import { compareIds, type StoredEvent } from './store.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * The compressed archive: what retention moves out of the store, one gzip'd NDJSON file per
 * collection and day (UTC) — `<dir>/<coll>/<YYYY-MM-DD>.ndjson.gz`, a line per record
 * `{"id":…,"v":<the stored JSON>}`. The event log is archived in parts as it comes, never
 * rewritten: `events/<YYYY-MM-DDTHH>.<first id>.ndjson.gz`, lines also carrying `"type"`; a part
 * written again after a stop starts at the same id, so it replaces the earlier one whole.
 *
 * A day file is written whole and atomically (a temporary file, fsync, rename, fsync of the
 * folder), merged by id with what the file already held: writing the same records twice changes
 * nothing, so a job stopped between archiving and deleting from the store simply does it again.
 * Reads serve list walks (`range`: the members an index would have, in its order) and the replay
 * (`events`, `records`), through a small cache of parsed files.
 */

/** One archived record: its id and stored JSON (and, for events, the type). */
export interface ArchivedRecord {
  id: string;
  json: string;
  type?: string;
}

interface Parsed {
  mtimeMs: number;
  records: ArchivedRecord[];
  /** Per index: its members among the file's records, ascending, with their JSON. */
  byIndex: Map<string, { member: string; json: string }[]>;
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson\.gz$/;
/** An event-log part: the hour and the first event id it holds. */
const EVENT_PART = /^(\d{4}-\d{2}-\d{2}T\d{2})\.(\d+-\d+)\.ndjson\.gz$/;
/** Records held parsed at most (several days of a busy log), evicted oldest-used first. */
const CACHE_RECORDS = 400_000;
/** Day files one `range` call opens at most; the walk goes on from where it stopped. */
const DAYS_PER_RANGE = 31;

/** UTC day of an instant in ms. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** UTC hour of an instant in ms: the event log's files are hourly (a busy day's log is large, and is archived as it comes). */
export const hourOf = (ms: number): string => new Date(ms).toISOString().slice(0, 13);

/** The member position just past every member of `day` and of newer days (newest-first order). */
const afterDay = (day: string): string => `${newestFirst(`${day}T00:00:00.000Z`)}|~`;

function lineOf(r: ArchivedRecord): string {
  return `{"id":${JSON.stringify(r.id)}${r.type === undefined ? '' : `,"type":${JSON.stringify(r.type)}`},"v":${r.json}}`;
}

function parseLine(line: string): ArchivedRecord {
  const o = JSON.parse(line) as { id: string; type?: string; v: unknown };
  return { id: o.id, json: JSON.stringify(o.v), ...(o.type === undefined ? {} : { type: o.type }) };
}

export class Archive {
  private readonly cache = new Map<string, Parsed>();
  private cached = 0;
  private listings = new Map<string, { at: number; days: string[] }>();

  constructor(readonly dir: string) {}

  private file(coll: string, day: string): string {
    return path.join(this.dir, coll, `${day}.ndjson.gz`);
  }

  /** Days with a file for `coll`, newest first. */
  async days(coll: string): Promise<string[]> {
    const hit = this.listings.get(coll);
    if (hit && Date.now() - hit.at < 2_000) return hit.days;
    let names: string[] = [];
    try {
      names = await readdir(path.join(this.dir, coll));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const days = names
      .flatMap((n) => DAY_FILE.exec(n)?.[1] ?? [])
      .sort()
      .reverse();
    this.listings.set(coll, { at: Date.now(), days });
    return days;
  }

  /** The records of one day file (empty when there is none). */
  async records(coll: string, day: string): Promise<ArchivedRecord[]> {
    return (await this.load(coll, day))?.records ?? [];
  }

  private async load(coll: string, day: string): Promise<Parsed | null> {
    const file = this.file(coll, day);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const hit = this.cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) {
      this.cache.delete(file);
      this.cache.set(file, hit);
      return hit;
    }
    const text = (await gunzipAsync(await readFile(file))).toString('utf8');
    const records = text
      .split('\n')
      .filter((l) => l.length > 0)
      .map(parseLine);
    const parsed: Parsed = { mtimeMs, records, byIndex: new Map() };
    this.remember(file, parsed);
    return parsed;
  }

  private remember(file: string, parsed: Parsed): void {
    const old = this.cache.get(file);
    if (old) this.cached -= old.records.length;
    this.cache.delete(file);
    this.cache.set(file, parsed);
    this.cached += parsed.records.length;
    for (const [key, p] of this.cache) {
      if (this.cached <= CACHE_RECORDS || key === file) break;
      this.cache.delete(key);
      this.cached -= p.records.length;
    }
  }

  /**
   * Adds `records` to the day file of `coll` (same id: the newer record wins), atomically. Returns
   * how many records the file holds now.
   */
  async write(
    coll: string,
    day: string,
    records: ArchivedRecord[],
    order: (a: ArchivedRecord, b: ArchivedRecord) => number = byId,
  ): Promise<number> {
    const byIdMap = new Map((await this.records(coll, day)).map((r) => [r.id, r]));
    for (const r of records) byIdMap.set(r.id, r);
    const all = [...byIdMap.values()].sort(order);
    const file = this.file(coll, day);
    await writeAtomically(file, all.map(lineOf));
    this.listings.delete(coll);
    this.cache.delete(file);
    return all.length;
  }

  /** The members the archive holds can only come after this position of a newest-first index (null: none held). */
  async start(coll: string): Promise<string | null> {
    const [newest] = await this.days(coll);
    return newest ? `${newestFirst(`${newest}T23:59:59.999Z`)}` : null;
  }

  /**
   * Members of a newest-first `index` of `coll` that the archive holds, ascending, after `after`:
   * up to `limit` of them, reading at most DAYS_PER_RANGE day files. `reached` is the position the
   * read got to when it stopped at that bound (members past it were not looked at), else null.
   */
  async range(
    coll: string,
    index: string,
    after: string | null,
    limit: number,
  ): Promise<{ entries: { member: string; json: string }[]; reached: string | null }> {
    const days = await this.days(coll);
    const fromDay = after === null ? null : dayOf(Math.max(0, timeOfMember(after)));
    const entries: { member: string; json: string }[] = [];
    let opened = 0;
    for (const day of days) {
      if (fromDay !== null && day > fromDay) continue;
      if (opened === DAYS_PER_RANGE) return { entries, reached: afterDayBefore(day) };
      opened++;
      const members = await this.membersOf(coll, day, index);
      for (const e of members) if (after === null || e.member > after) entries.push(e);
      if (entries.length >= limit) return { entries: entries.slice(0, limit), reached: null };
    }
    return { entries, reached: null };
  }

  private async membersOf(
    coll: string,
    day: string,
    index: string,
  ): Promise<{ member: string; json: string }[]> {
    const parsed = await this.load(coll, day);
    if (!parsed) return [];
    let list = parsed.byIndex.get(index);
    if (!list) {
      list = [];
      for (const r of parsed.records) {
        const entries = indexEntries(coll, r.id, JSON.parse(r.json));
        const hit = entries?.find(([name]) => name === index);
        if (hit) list.push({ member: hit[1], json: r.json });
      }
      list.sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
      parsed.byIndex.set(index, list);
    }
    return list;
  }

  /**
   * Writes logged events as new parts (one per hour they span), each whole and atomically. Parts are
   * never merged: a part names its first event, so writing the same events again replaces it.
   */
  async writeEvents(events: StoredEvent[]): Promise<void> {
    const byHour = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const hour = hourOf(msOf(e.id));
      byHour.set(hour, [...(byHour.get(hour) ?? []), e]);
    }
    for (const [hour, list] of byHour) {
      await writeAtomically(
        path.join(this.dir, EVENTS, `${hour}.${list[0]?.id ?? '0-0'}.ndjson.gz`),
        list.map((e) => lineOf({ id: e.id, type: e.type, json: e.json })),
      );
    }
    this.listings.delete(EVENTS);
  }

  /** The event parts, oldest first: `[file stem, first id]`. */
  private async eventParts(): Promise<{ name: string; first: string }[]> {
    const hit = this.listings.get(EVENTS);
    let names = hit && Date.now() - hit.at < 2_000 ? hit.days : null;
    if (!names) {
      names = [];
      try {
        names = (await readdir(path.join(this.dir, EVENTS))).filter((n) => EVENT_PART.test(n));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      this.listings.set(EVENTS, { at: Date.now(), days: names });
    }
    return names
      .map((name) => ({ name, first: EVENT_PART.exec(name)?.[2] ?? '0-0' }))
      .sort((a, b) => compareIds(a.first, b.first));
  }

  /** Archived events after `afterId` (exclusive) up to `untilMs`, oldest first, at most `limit`. */
  async events(afterId: string, untilMs: number, limit: number): Promise<StoredEvent[]> {
    const parts = await this.eventParts();
    const out: StoredEvent[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as { name: string; first: string };
      if (msOf(part.first) > untilMs) break;
      // A part whose successor starts at or before `afterId` holds nothing after it.
      const next = parts[i + 1];
      if (afterId !== '0' && next && compareIds(next.first, afterId) <= 0) continue;
      for (const r of await this.part(part.name)) {
        if (msOf(r.id) > untilMs) return out;
        if (afterId !== '0' && compareIds(r.id, afterId) <= 0) continue;
        out.push({ id: r.id, type: r.type ?? '', json: r.json });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** The records of one event part (cached like day files). */
  private async part(name: string): Promise<ArchivedRecord[]> {
    const file = path.join(this.dir, EVENTS, name);
    const hit = this.cache.get(file);
    if (hit) return hit.records;
    const text = (await gunzipAsync(await readFile(file))).toString('utf8');
    const parsed: Parsed = {
      mtimeMs: 0,
      records: text
        .split('\n')
        .filter((l) => l.length > 0)
        .map(parseLine),
      byIndex: new Map(),
    };
    this.remember(file, parsed);
    return parsed.records;
  }
}

/** Milliseconds of a stream id (`ms-seq`). */
const msOf = (id: string): number => Number(id.split('-')[0]);

/** Writes gzip'd lines to `file` whole: a temporary file, fsync, rename, fsync of the folder. */
async function writeAtomically(file: string, lines: string[]): Promise<void> {
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const body = await gzipAsync(Buffer.from(lines.join('\n') + '\n', 'utf8'));
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(body);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  // The rename itself is durable only once the folder is.
  const dh = await open(folder, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** One archived document of `coll` by id, looked up in the day file of its sort time `at` (null when not there). */
export async function archivedDoc<T>(
  archive: Archive,
  coll: string,
  id: string,
  at: string,
): Promise<T | null> {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return null;
  const hit = (await archive.records(coll, dayOf(ms))).find((r) => r.id === id);
  return hit ? (JSON.parse(hit.json) as T) : null;
}

/** Archived events live in their own folder. */
export const EVENTS = COLL.events;

/** The position just past every member of the days newer than `day` (the read stops before `day`). */
function afterDayBefore(day: string): string {
  const next = dayOf(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000);
  return afterDay(next);
}

/** Day files sort their records by id (events: by stream id). */
function byId(a: ArchivedRecord, b: ArchivedRecord): number {
  return a.id.includes('-') && /^\d+-\d+$/.test(a.id) && /^\d+-\d+$/.test(b.id)
    ? compareIds(a.id, b.id)
    : a.id < b.id
      ? -1
      : a.id > b.id
        ? 1
        : 0;
}
