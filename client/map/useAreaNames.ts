/** Kecamatan/kelurahan names by Kemendagri code, from the wall's own labels.json. */
import { useEffect, useState } from 'react';
import { GEO_FILES } from './style.js';

type LabelCollection = { features?: Array<{ properties?: Record<string, unknown> | null }> };

/** Reads `code` → `name` pairs from a labels FeatureCollection (unknown shapes yield nothing). */
export function namesFromLabels(json: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const features = (json as LabelCollection | null)?.features;
  if (!Array.isArray(features)) return out;
  for (const f of features) {
    const p = f.properties ?? {};
    const code = p.code;
    const name = p.name ?? p.label;
    if (typeof code === 'string' && typeof name === 'string') out.set(code, name);
  }
  return out;
}

export function useAreaNames(): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map());
  useEffect(() => {
    const ctrl = new AbortController();
    fetch(GEO_FILES.labels, { signal: ctrl.signal })
      .then((r) => (r.ok ? (r.json() as Promise<unknown>) : null))
      .then((json) => setNames(namesFromLabels(json)))
      .catch(() => undefined);
    return () => ctrl.abort();
  }, []);
  return names;
}
