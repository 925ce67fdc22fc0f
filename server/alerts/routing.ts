import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { RoutingFileSchema, type RoutingRule } from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';

/** What an alert's source tells routing about itself. */
export interface RouteInput {
  category?: string | null;
  sourceKind: RoutingRule['match']['sourceKind'];
  serviceId?: string | null;
  kecamatanCode?: string | null;
  kelurahanCode?: string | null;
  /** The agency the source names itself (an incident's `agencyId`, a service's owner). */
  requested?: string | null;
}

/** Whether every field a rule gives matches the input. */
export function ruleMatches(rule: RoutingRule, input: RouteInput): boolean {
  const m = rule.match;
  if (
    m.category !== undefined &&
    !(Array.isArray(m.category) ? m.category : [m.category]).includes(input.category ?? '')
  )
    return false;
  if (m.sourceKind !== undefined && m.sourceKind !== input.sourceKind) return false;
  if (m.serviceId !== undefined && m.serviceId !== input.serviceId) return false;
  if (m.kecamatanCode !== undefined && m.kecamatanCode !== input.kecamatanCode) return false;
  if (m.kelurahanCode !== undefined && m.kelurahanCode !== input.kelurahanCode) return false;
  return true;
}

/**
 * Chooses the responsible agency: a rule naming this very service wins; then the agency the
 * source names itself (if known); then the first matching rule (category, kind, kecamatan,
 * kelurahan); else the command center.
 */
export function route(catalog: Catalog, input: RouteInput): string | null {
  const known = (id: string | null | undefined) => (id && catalog.agencyById.has(id) ? id : null);
  const forService = catalog.routing.find((r) => r.match.serviceId !== undefined && ruleMatches(r, input));
  if (forService && known(forService.agencyId)) return forService.agencyId;
  const own = known(input.requested);
  if (own) return own;
  const rule = catalog.routing.find((r) => ruleMatches(r, input) && known(r.agencyId));
  return rule?.agencyId ?? known('command-center') ?? known('diskominfo');
}

/** Reads a routing file (YAML or JSON); errors name the file, the path and the problem. */
export function loadRoutingFile(file: string, agencyIds: ReadonlySet<string>): RoutingRule[] {
  let raw: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`${file}: cannot read routing rules (${(err as Error).message})`);
  }
  const r = RoutingFileSchema.safeParse(raw);
  const problems = r.success
    ? []
    : r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  r.data?.rules.forEach((rule, i) => {
    if (!agencyIds.has(rule.agencyId))
      problems.push(`${file}: rules.${i}.agencyId: unknown agency "${rule.agencyId}"`);
  });
  if (problems.length || !r.data) throw new Error(`invalid routing file:\n${problems.join('\n')}`);
  return r.data.rules;
}
