import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  SignatureExtensionSchema,
  SignatureFileSchema,
  type SignatureFile,
  type SignatureKind,
} from '../../../shared/schemas/index.js';
import { referenceFile } from '../reference.js';

const REFERENCE = referenceFile('integrity-signatures.json');

/** One phrase as matched: its list, kind and weight. */
export interface Term {
  term: string;
  list: string;
  kind: SignatureKind;
  weight: number;
}

/** Signatures ready to match: one expression for every phrase, and the phrase behind each match. */
export interface Signatures {
  version: string;
  threshold: Record<SignatureKind, number>;
  pattern: RegExp;
  /** A normalised matched text (written apart or together) → its phrase. */
  terms: Map<string, Term>;
}

/** Lower case, accents and compatibility forms folded, `-` `_` and runs of whitespace as one space. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s_\-\u00a0]+/g, ' ')
    .trim();
}

/** A link target as words: scheme dropped, its punctuation as spaces (`slot-gacor.example/rtp` → `slot gacor example rtp`). */
export function normaliseHref(href: string): string {
  return normaliseText(href.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[./?=&+%#:~,;]+/g, ' '));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds the matcher: whole words (a digit may follow, as in `togel4d`), multi-word phrases also written together. */
export function compileSignatures(file: SignatureFile): Signatures {
  const terms = new Map<string, Term>();
  for (const l of file.lists) {
    for (const raw of l.terms) {
      const term = normaliseText(raw);
      const t: Term = { term, list: l.id, kind: l.kind, weight: l.weight };
      for (const form of new Set([term, term.replace(/ /g, '')])) if (!terms.has(form)) terms.set(form, t);
    }
  }
  const alternatives = [...terms.keys()].sort((a, b) => b.length - a.length).map(escape);
  return {
    version: file.version,
    threshold: file.threshold,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?!\\p{L})`, 'gu'),
    terms,
  };
}

function parseFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: cannot read integrity signatures (${(err as Error).message})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new Error(
      `invalid integrity signatures file ${path.resolve(file)}:\n${r.error.issues
        .map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('\n')}`,
    );
  return r.data;
}

/**
 * The shipped signatures (shared/reference/integrity-signatures.json) extended by `extraFile`
 * (`PANTAU_INTEGRITY_SIGNATURES_FILE`, YAML or JSON): its lists replace those of the same id and
 * add the others, its thresholds win. Throws, naming the file and each problem, when either is invalid.
 */
export function loadSignatures(extraFile?: string): Signatures {
  const base = parseFile(REFERENCE.pathname, SignatureFileSchema);
  if (!extraFile) return compileSignatures(base);
  const extra = parseFile(extraFile, SignatureExtensionSchema);
  const ids = new Set(extra.lists.map((l) => l.id));
  return compileSignatures({
    version: `${base.version}+${extra.version}`,
    threshold: {
      defacement: extra.threshold?.defacement ?? base.threshold.defacement,
      gambling: extra.threshold?.gambling ?? base.threshold.gambling,
    },
    lists: [...base.lists.filter((l) => !ids.has(l.id)), ...extra.lists],
  });
}
