import { z } from 'zod';
import { IdSchema, InstantSchema } from './common.js';

/**
 * Integrity checks of a website (an http check's `integrity`): each run crawls a bounded number of
 * the site's pages as a browser, as a search-engine crawler and with a search-engine referer, and
 * looks for defacement, gambling-spam injection, cloaking and drift from a learned baseline.
 */
export const IntegrityOptionsSchema = z
  .object({
    /** Pages fetched per site per hour at most (each page in all three views counts once). */
    maxPages: z.number().int().min(1).max(500).default(20),
    /** Pause between two requests to the site, in ms (politeness). */
    delayMs: z.number().int().min(0).max(60_000).default(1_000),
    /** Share of the home page's text that must change (0–1) before drift is reported. */
    driftThreshold: z.number().min(0.05).max(1).default(0.5),
  })
  .strict();
export type IntegrityOptions = z.infer<typeof IntegrityOptionsSchema>;

/** What a signature list detects. */
export const SignatureKindSchema = z.enum(['defacement', 'gambling']);
export type SignatureKind = z.infer<typeof SignatureKindSchema>;

/** One list of phrases, with where it comes from and how much one match weighs. */
export const SignatureListSchema = z
  .object({
    id: IdSchema,
    kind: SignatureKindSchema,
    /** Each distinct phrase found adds this to the page's score for `kind`. */
    weight: z.number().int().min(1).max(10),
    source: z.string().min(1).max(1_000),
    terms: z.array(z.string().trim().min(2).max(100)).min(1).max(5_000),
  })
  .strict();
export type SignatureList = z.infer<typeof SignatureListSchema>;

/**
 * `shared/reference/integrity-signatures.json`, and the extension file `PANTAU_INTEGRITY_SIGNATURES_FILE`
 * (its lists replace those of the same id and add the others; its thresholds, when given, win).
 */
export const SignatureFileSchema = z
  .object({
    version: z.string().min(1).max(40),
    note: z.string().max(4_000).optional(),
    /** Score a page needs, per kind, to be a finding. */
    threshold: z.object({ defacement: z.number().int().min(1), gambling: z.number().int().min(1) }).strict(),
    lists: z.array(SignatureListSchema).min(1),
  })
  .strict();
export type SignatureFile = z.infer<typeof SignatureFileSchema>;

/** An extension file: like the reference file, with the thresholds optional. */
export const SignatureExtensionSchema = SignatureFileSchema.extend({
  threshold: SignatureFileSchema.shape.threshold.partial().optional(),
}).strict();

/**
 * A service's integrity as the screens see it: `defaced` / `spam` (a hijacked site, not a dead one)
 * or `drift` (the page changed unexpectedly); never the finding's content.
 */
export const ServiceIntegritySchema = z.object({
  verdict: z.enum(['defaced', 'spam', 'drift']),
  since: InstantSchema,
});
export type ServiceIntegrity = z.infer<typeof ServiceIntegritySchema>;

/** Whether a site is hijacked (defaced or injected with spam), which screens show apart from dead. */
export const isHijacked = (i: ServiceIntegrity | null | undefined): boolean =>
  i?.verdict === 'defaced' || i?.verdict === 'spam';

/** `POST /services/:id/integrity/baseline`: the page accepted as the new baseline. */
export const IntegrityBaselineSchema = z.object({
  serviceId: IdSchema,
  url: z.string(),
  observedAt: InstantSchema,
  acceptedAt: InstantSchema,
  scriptSources: z.number().int().nonnegative(),
  outboundDomains: z.number().int().nonnegative(),
});
export type IntegrityBaseline = z.infer<typeof IntegrityBaselineSchema>;
