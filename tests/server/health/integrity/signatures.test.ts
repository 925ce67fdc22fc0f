import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractPage } from '../../../../server/health/integrity/extract.js';
import { findHits } from '../../../../server/health/integrity/match.js';
import { loadSignatures } from '../../../../server/health/integrity/signatures.js';
import type { SignatureFile } from '../../../../shared/schemas/index.js';

const reference = JSON.parse(
  readFileSync(new URL('../../../../shared/reference/integrity-signatures.json', import.meta.url), 'utf8'),
) as SignatureFile;
const dir = mkdtempSync(path.join(tmpdir(), 'pantau-signatures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};
const terms = (sig: ReturnType<typeof loadSignatures>, html: string) =>
  findHits(extractPage(html, 'https://x.go.id/'), sig).map((h) => h.term.term);

describe('integrity signatures', () => {
  it('ship versioned, with a source for every list, covering defacement and gambling', () => {
    expect(reference.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    for (const l of reference.lists) expect(l.source.length, l.id).toBeGreaterThan(20);
    const sig = loadSignatures();
    expect(terms(sig, '<p>diretas oleh X — h4ck3d — slot gacor — deposit pulsa — RTP slot</p>')).toEqual([
      'diretas oleh',
      'h4ck3d',
      'slot gacor',
      'deposit pulsa',
      'rtp slot',
    ]);
  });

  it('are extended by PANTAU_INTEGRITY_SIGNATURES_FILE (YAML or JSON): same id replaces, new ids add', () => {
    const f = file(
      'extra.yaml',
      [
        'version: "city-1"',
        'threshold: { gambling: 2 }',
        'lists:',
        '  - { id: local-gambling, kind: gambling, weight: 2, source: "Diskominfo Balikpapan, 2026", terms: [gacor bpn] }',
        '  - { id: defacement-greetings, kind: defacement, weight: 1, source: "replaced here", terms: [salam dari kami] }',
      ].join('\n'),
    );
    const sig = loadSignatures(f);
    expect(sig.version).toBe(`${reference.version}+city-1`);
    expect(sig.threshold).toEqual({ defacement: reference.threshold.defacement, gambling: 2 });
    expect(terms(sig, '<p>gacor bpn · greetz · salam dari kami · hacked by</p>')).toEqual([
      'gacor bpn',
      'salam dari kami',
      'hacked by',
    ]);
  });

  it('refuse a bad extension file, naming the file and each problem', () => {
    const f = file(
      'bad.json',
      JSON.stringify({ version: '1', lists: [{ id: 'x', kind: 'casino', weight: 0 }] }),
    );
    expect(() => loadSignatures(f)).toThrow(
      /invalid integrity signatures file .*bad\.json[\s\S]*lists\.0\.kind/,
    );
    expect(() => loadSignatures(path.join(dir, 'missing.yaml'))).toThrow(/cannot read integrity signatures/);
  });
});
