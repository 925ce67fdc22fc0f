import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from '../../shared/limits.js';
import type { IncidentInput, Severity } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { futureIssues } from '../http/instants.js';
import { zodIssues } from '../errors.js';
import { checkMapped, clip, lngLatFrom, setAttr, toUtcInstant, type Attributes } from './feeds.js';
import { recordIncidents } from './incidents.js';

/** Largest feed document read, in bytes (autogempa.json is under 1 KB). */
const MAX_FEED_BYTES = 1024 * 1024;
/** Longest wait for one poll. */
const MAX_TIMEOUT_MS = 10_000;

const Text = z.string().trim().max(2000);
const Numeric = (what: string) => Text.regex(/^-?\d+(\.\d+)?(\s*km)?$/i, `${what} must be a number`);

/** One quake as BMKG serves it (Indonesian field names, "lat,lon" text, UTC `DateTime`). */
export const BmkgGempaSchema = z
  .object({
    DateTime: Text.refine((s) => toUtcInstant(s) !== null, 'DateTime must be an ISO-8601 instant'),
    Coordinates: Text.regex(/^-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?$/, 'Coordinates must be "lat,lon"'),
    Magnitude: Numeric('Magnitude'),
    Kedalaman: Numeric('Kedalaman'),
    Wilayah: Text.min(1),
    Potensi: Text.optional(),
    Dirasakan: Text.optional(),
    Shakemap: Text.optional(),
    Tanggal: Text.optional(),
    Jam: Text.optional(),
  })
  .loose();
type BmkgGempa = z.infer<typeof BmkgGempaSchema>;

/** `autogempa.json` (one quake) or the lists (`gempaterkini.json`, `gempadirasakan.json`). */
export const BmkgFeedSchema = z.object({
  Infogempa: z.object({ gempa: z.union([BmkgGempaSchema, z.array(BmkgGempaSchema).max(100)]) }).loose(),
});

/** Severity from magnitude: ≥ 7 extreme, ≥ 6 severe, ≥ 5 moderate, else minor. */
export function quakeSeverity(magnitude: number): Severity {
  return magnitude >= 7 ? 'extreme' : magnitude >= 6 ? 'severe' : magnitude >= 5 ? 'moderate' : 'minor';
}

function mapGempa(g: BmkgGempa): IncidentInput {
  const at = toUtcInstant(g.DateTime) ?? g.DateTime;
  const [lat, lon] = g.Coordinates.split(',');
  const location = lngLatFrom(lat, lon);
  if (!location) throw new Error(`invalid BMKG feed: Coordinates "${clip(g.Coordinates, 40)}" out of range`);
  const magnitude = parseFloat(g.Magnitude);
  const depthKm = parseFloat(g.Kedalaman);
  const attributes: Attributes = {};
  setAttr(attributes, 'magnitude', magnitude);
  setAttr(attributes, 'depthKm', depthKm);
  setAttr(attributes, 'felt', g.Dirasakan);
  setAttr(attributes, 'potential', g.Potensi);
  setAttr(attributes, 'shakemap', g.Shakemap);
  const description = [
    `Kedalaman: ${g.Kedalaman}`,
    g.Potensi ? `Potensi: ${g.Potensi}` : null,
    g.Dirasakan ? `Dirasakan: ${g.Dirasakan}` : null,
  ].filter(Boolean);
  return {
    id: `bmkg:${at}`,
    title: clip(`Gempa M${g.Magnitude} — ${g.Wilayah}`, MAX_TITLE_LENGTH),
    description: clip(description.join('\n'), MAX_DESCRIPTION_LENGTH, false),
    category: 'earthquake',
    severity: quakeSeverity(magnitude),
    certainty: 'observed',
    location,
    occurredAt: at,
    attributes,
  };
}

/** Validates a BMKG feed document and maps each quake to an incident (`bmkg:<DateTime UTC>`); throws on a bad feed. */
export function parseBmkg(doc: unknown): IncidentInput[] {
  const r = BmkgFeedSchema.safeParse(doc);
  if (!r.success)
    throw new Error(
      `invalid BMKG feed: ${zodIssues(r.error)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .slice(0, 5)
        .join('; ')}`,
    );
  const gempa = r.data.Infogempa.gempa;
  return (Array.isArray(gempa) ? gempa : [gempa]).map((g) => checkMapped(mapGempa(g), 'invalid_feed'));
}

/** Fetches and records the feed once; returns the document's digest (a repeat of `lastDigest` is not recorded again). */
export async function pollBmkgOnce(
  ctx: Ctx,
  url: string,
  signal: AbortSignal,
  lastDigest: string | null,
): Promise<string> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`BMKG feed answered HTTP ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_FEED_BYTES) throw new Error('BMKG feed too large');
  const body = await res.text();
  if (body.length > MAX_FEED_BYTES) throw new Error('BMKG feed too large');
  const digest = createHash('sha256').update(body).digest('hex');
  if (digest === lastDigest) return digest;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new Error('invalid BMKG feed: not JSON');
  }
  const inputs = parseBmkg(doc);
  const future = futureIssues(
    ctx,
    inputs.map((it, i) => ({ path: [i, 'DateTime'], at: it.occurredAt })),
  );
  if (future.length)
    throw new Error(
      `BMKG feed dated in the future, not recorded: ${future.map((f) => f.message).join('; ')}`,
    );
  signal.throwIfAborted();
  const result = await recordIncidents(ctx, inputs, { source: 'bmkg', owner: 'system:bmkg', isArray: true });
  ctx.log.info(
    { ids: result.ids, created: result.created, repeated: result.repeated },
    'bmkg: feed recorded',
  );
  return digest;
}

/**
 * Polls BMKG's latest-quake feed every `intervalMs` (never overlapping). A bad or unreachable feed
 * logs a warning and is retried on the next tick; an unchanged document is not recorded again by
 * this process. Returns a stopper.
 */
export function startBmkgPoller(ctx: Ctx, opts: { url: string; intervalMs: number }): () => void {
  const timeoutMs = Math.min(MAX_TIMEOUT_MS, Math.max(1_000, opts.intervalMs));
  const stopping = new AbortController();
  let lastDigest: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  const tick = async (): Promise<void> => {
    try {
      lastDigest = await pollBmkgOnce(
        ctx,
        opts.url,
        AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)]),
        lastDigest,
      );
    } catch (err) {
      if (stopping.signal.aborted) return;
      ctx.log.warn(
        { err: err instanceof Error ? err.message : String(err), url: opts.url },
        'bmkg: poll failed; will retry',
      );
    }
    if (!stopping.signal.aborted) timer = setTimeout(() => void tick(), opts.intervalMs);
  };
  timer = setTimeout(() => void tick(), 0);
  ctx.log.info({ url: opts.url, intervalMs: opts.intervalMs }, 'bmkg: poller started');
  return () => {
    stopping.abort();
    if (timer) clearTimeout(timer);
    ctx.log.info('bmkg: poller stopped');
  };
}
