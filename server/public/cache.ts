import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { PublicStatus } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { CHANNELS } from '../store/names.js';
import { renderAtom, renderBadge } from './feed.js';
import { renderPage } from './page.js';
import type { Lang } from './text.js';
import { buildPublicStatus } from './view.js';

/** One prepared answer: its bytes and their strong ETag, and the same gzip'd (made on first use, once). */
export interface Rendered {
  body: Buffer;
  etag: string;
  gzip(): { body: Buffer; etag: string };
}

const rendered = (text: string): Rendered => {
  const body = Buffer.from(text, 'utf8');
  const tag = createHash('sha1').update(body).digest('base64url').slice(0, 22);
  let gz: { body: Buffer; etag: string } | null = null;
  return {
    body,
    etag: `"${tag}"`,
    gzip: () => (gz ??= { body: gzipSync(body), etag: `"${tag}-gz"` }),
  };
};

/** One generation of the public view with its answers, each rendered once on first use. */
export class Generation {
  readonly json: Rendered;
  private readonly memo = new Map<string, Rendered | null>();
  constructor(
    readonly view: PublicStatus,
    private readonly base: string,
  ) {
    this.json = rendered(JSON.stringify(view));
  }
  private once(key: string, make: () => string | null): Rendered | null {
    if (!this.memo.has(key)) {
      const text = make();
      this.memo.set(key, text === null ? null : rendered(text));
    }
    return this.memo.get(key) ?? null;
  }
  page(lang: Lang): Rendered {
    return this.once(`page:${lang}`, () => renderPage(this.view, lang)) as Rendered;
  }
  atom(lang: Lang): Rendered {
    return this.once(`atom:${lang}`, () => renderAtom(this.view, lang, this.base)) as Rendered;
  }
  /** The badge of a listed service, or null for one not shown publicly (never remembered: ids are the caller's). */
  badge(serviceId: string): Rendered | null {
    if (!this.view.services.some((x) => x.id === serviceId)) return null;
    return this.once(`badge:${serviceId}`, () => {
      const s = this.view.services.find((x) => x.id === serviceId);
      return s ? renderBadge(s) : null;
    });
  }
}

/**
 * This instance's public view, built from the store at most once per `refreshMs` (and at once after
 * a notice edit here), so a public request never reads the store: answers are rendered once per
 * generation and served from memory. A request finding the view older than `refreshMs` starts a
 * rebuild in the background and gets the current one; one finding it older than three times that
 * (the instance was quiet) waits for the rebuild. A notice edit on any instance rebuilds every
 * instance's view at once (a store channel; within `refreshMs` should a message be lost).
 * A rebuild that finds nothing changed keeps the generation (its `generatedAt` is when the content
 * last changed), so ETags only change with the content.
 */
export class PublicView {
  private current: { gen: Generation; at: number; content: string } | null = null;
  private building: Promise<Generation> | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly refreshMs: number,
  ) {}

  private listening = false;

  /** The current generation (building the first one, or a much too old one, before answering). */
  async get(): Promise<Generation> {
    if (!this.listening) {
      this.listening = true;
      // Another instance's notice edit: rebuild now rather than within refreshMs.
      this.ctx.store.subscribe(CHANNELS.publicNotices, () => {
        void this.changed();
      });
    }
    const cur = this.current;
    const age = cur ? Date.now() - cur.at : Infinity;
    if (cur && age < this.refreshMs) return cur.gen;
    if (cur && age < 3 * this.refreshMs) {
      this.refresh().catch((err: unknown) => this.ctx.log.warn({ err }, 'public status: rebuild failed'));
      return cur.gen;
    }
    try {
      return await this.refresh();
    } catch (err) {
      // The store does not answer: keep serving what was last known rather than nothing.
      if (cur) return cur.gen;
      throw err;
    }
  }

  /** After a notice edit here: rebuilds, and tells the other instances to. */
  async edited(): Promise<void> {
    await this.changed();
    await this.ctx.store
      .publish(CHANNELS.publicNotices, '1')
      .catch((err: unknown) => this.ctx.log.warn({ err }, 'public status: could not tell other instances'));
  }

  /** Rebuilds after a change (a rebuild already running may have read before it). */
  async changed(): Promise<void> {
    const running = this.building;
    if (running) await running.catch(() => undefined);
    // The change is committed: a failed rebuild must not turn its answer into an error.
    await this.refresh().catch((err: unknown) =>
      this.ctx.log.warn({ err }, 'public status: rebuild after a change failed'),
    );
  }

  /** Rebuilds now (one rebuild at a time; callers during one share it). */
  refresh(): Promise<Generation> {
    this.building ??= (async () => {
      try {
        const view = await buildPublicStatus(this.ctx);
        const content = JSON.stringify({ ...view, generatedAt: '' });
        // Nothing changed: keep the generation, so its ETags hold and revalidations stay 304.
        const same = this.current?.content === content ? this.current.gen : null;
        const gen = same ?? new Generation(view, this.ctx.config.publicUrl?.replace(/\/$/, '') ?? '');
        this.current = { gen, at: Date.now(), content };
        return gen;
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }
}
