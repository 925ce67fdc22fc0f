import type { Ctx } from '../context.js';
import type { Issue } from '../errors.js';

/** How often every overlay re-reads its collection anyway (a missed notice heals within this). */
const OVERLAY_REFRESH_MS = 30_000;

/** A stored entry that does not pass its schema: kept out of service, listed for admins, fixable by PUT or DELETE. */
export interface InvalidEntry {
  /** What kind of entry: `service`, `agency`, `escalation-policy`, `maintenance`. */
  kind: string;
  id: string;
  message: string;
  issues: Issue[];
  /** The stored text, cut to a readable length. */
  raw: string;
}

/** Checks one stored document; the issues say why it is unusable. */
export type EntryParser<T> = (
  doc: unknown,
  id: string,
) => { ok: true; value: T } | { ok: false; issues: Issue[] };

/** What an overlay reads and how it applies the entries that pass. */
export interface OverlaySpec<T> {
  kind: string;
  coll: string;
  /** Pub/sub channel that tells every instance to re-read. */
  channel: string;
  parse: EntryParser<T>;
  /** Rebuilds this instance's view from the valid entries (reads are serialised, so never an older one after a newer). */
  apply: (entries: T[]) => void | Promise<void>;
}

const RAW_SHOWN = 2_000;

/**
 * The one mechanism for catalogues edited through the API (agencies, services, escalation
 * policies): stored edits layered over what shipped. Subscribes before its first read, serialises
 * reloads, re-reads on every notice, on store reconnects and every 30 s; and it quarantines what it
 * cannot use — an entry written by an older version or by hand that fails its schema is logged,
 * listed for admins (`invalid()`), left out, and never stops the instance or later edits.
 */
export class Overlay<T> {
  private chain: Promise<void> = Promise.resolve();
  private bad: InvalidEntry[] = [];
  private good: T[] = [];

  constructor(
    private readonly ctx: Pick<Ctx, 'store' | 'log'>,
    readonly spec: OverlaySpec<T>,
  ) {}

  /** Re-reads the collection now (after any reload already running). */
  refresh(): Promise<void> {
    const run = this.chain.then(async () => {
      const rows = await this.ctx.store.entries(this.spec.coll);
      const good: T[] = [];
      const bad: InvalidEntry[] = [];
      for (const [id, json] of rows) {
        let doc: unknown;
        try {
          doc = JSON.parse(json);
        } catch {
          bad.push(this.invalidEntry(id, json, [{ path: [], message: 'not valid JSON' }]));
          continue;
        }
        const r = this.spec.parse(doc, id);
        if (r.ok) good.push(r.value);
        else bad.push(this.invalidEntry(id, json, r.issues));
      }
      await this.spec.apply(good);
      this.good = good;
      const known = new Set(this.bad.map((b) => `${b.id}\n${b.raw}`));
      for (const b of bad) {
        if (!known.has(`${b.id}\n${b.raw}`))
          this.ctx.log.error(
            { kind: b.kind, id: b.id, issues: b.issues },
            `stored ${b.kind} "${b.id}" is invalid and left out; fix it with PUT or remove it with DELETE`,
          );
      }
      this.bad = bad;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Keeps this instance current: listens first, then reads. Returns the stopper. */
  async watch(): Promise<() => void> {
    const quietly = () => {
      this.refresh().catch((err: unknown) =>
        this.ctx.log.warn(
          { kind: this.spec.kind, err: String(err) },
          'catalogue reload failed; retried on the next notice',
        ),
      );
    };
    const stops = [
      this.ctx.store.subscribe(this.spec.channel, quietly),
      this.ctx.store.onStatus((ready) => ready && quietly()),
    ];
    const timer = setInterval(quietly, OVERLAY_REFRESH_MS);
    timer.unref();
    const stop = () => {
      clearInterval(timer);
      stops.forEach((s) => s());
    };
    try {
      await this.refresh();
    } catch (err) {
      stop();
      throw err;
    }
    return stop;
  }

  /** After an edit on this instance: reload here before answering, then tell the other instances. */
  async changed(): Promise<void> {
    await this.refresh();
    await this.ctx.store.publish(this.spec.channel, 'changed');
  }

  /** The stored entries in force, as of the last read. */
  valid(): readonly T[] {
    return this.good;
  }

  /** The stored entries left out as invalid, as of the last read. */
  invalid(): InvalidEntry[] {
    return this.bad;
  }

  /** Whether `id` is stored but invalid (so PUT may fix it and DELETE remove it). */
  isInvalid(id: string): boolean {
    return this.bad.some((b) => b.id === id);
  }

  private invalidEntry(id: string, raw: string, issues: Issue[]): InvalidEntry {
    const where = issues[0] ? `${issues[0].path.join('.') || '(entry)'}: ${issues[0].message}` : 'invalid';
    return {
      kind: this.spec.kind,
      id,
      message: `stored ${this.spec.kind} "${id}" is invalid (${where})`,
      issues,
      raw: raw.length > RAW_SHOWN ? `${raw.slice(0, RAW_SHOWN)}…` : raw,
    };
  }
}

/** Something that can say which of its stored entries are invalid. */
export interface InvalidSource {
  invalid: () => InvalidEntry[] | Promise<InvalidEntry[]>;
}

const registry = new WeakMap<object, Map<string, InvalidSource>>();

/** Makes a source of invalid entries known for `ctx`'s admin listing (`GET /config/invalid`). */
export function registerInvalidSource(ctx: object, kind: string, source: InvalidSource): void {
  let m = registry.get(ctx);
  if (!m) registry.set(ctx, (m = new Map<string, InvalidSource>()));
  m.set(kind, source);
}

/** Every stored configuration entry left out as invalid, by kind then id. */
export async function invalidEntries(ctx: object): Promise<InvalidEntry[]> {
  const all = (
    await Promise.all([...(registry.get(ctx)?.values() ?? [])].map(async (s) => s.invalid()))
  ).flat();
  return all.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}
