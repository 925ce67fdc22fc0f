/**
 * The Wazuh agent map (`PANTAU_WAZUH_AGENTS_FILE`, YAML or JSON): which agency answers for an
 * agent's alerts and which service it runs. Read and validated once at start (an unknown agency or
 * service, a duplicate agent or a malformed file stops the server, naming the file and the path);
 * kept per context like the scheduled checks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  WazuhAgentMappingSchema,
  WazuhAgentsFileSchema,
  type WazuhAgentMapping,
} from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Ctx } from '../context.js';
import { DEFAULT_WEB_ROOTS, type AgentRoute } from './wazuh.js';

/** A validated agent map: entries by agent id and by name, and the web roots in force. */
export interface WazuhAgentMap {
  byId: ReadonlyMap<string, WazuhAgentMapping>;
  byName: ReadonlyMap<string, WazuhAgentMapping>;
  webRoots: readonly string[];
  /** Where the map came from (for logs), null when no file is set. */
  file: string | null;
}

/** No file: every agent is unmapped and the default web roots apply. */
export const NO_AGENT_MAP: WazuhAgentMap = {
  byId: new Map(),
  byName: new Map(),
  webRoots: DEFAULT_WEB_ROOTS,
  file: null,
};

/** Reads and validates an agents file against the catalogue's agencies and services; throws naming every problem. */
export function loadWazuhAgentsFile(
  file: string,
  catalog: Pick<Catalog, 'agencyById' | 'serviceById'>,
): WazuhAgentMap {
  const where = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`invalid Wazuh agents file ${where}: cannot read (${(err as Error).message})`);
  }
  let raw: unknown;
  const json = /\.json$/i.test(file);
  try {
    raw = json ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(
      `invalid Wazuh agents file ${where}: not valid ${json ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  const r = WazuhAgentsFileSchema.safeParse(raw);
  const problems = r.success
    ? []
    : r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  const byId = new Map<string, WazuhAgentMapping>();
  const byName = new Map<string, WazuhAgentMapping>();
  // Every entry that is well formed is checked against the catalogue too, so one pass names every problem.
  const entries: unknown[] =
    typeof raw === 'object' && raw !== null && Array.isArray((raw as { agents?: unknown }).agents)
      ? (raw as { agents: unknown[] }).agents
      : [];
  entries.forEach((entry, i) => {
    const e = WazuhAgentMappingSchema.safeParse(entry);
    if (!e.success) return;
    const a = e.data;
    if (a.agencyId !== undefined && !catalog.agencyById.has(a.agencyId))
      problems.push(`${file}: agents.${i}.agencyId: unknown agency "${a.agencyId}"`);
    if (a.serviceId !== undefined && !catalog.serviceById.has(a.serviceId))
      problems.push(`${file}: agents.${i}.serviceId: unknown service "${a.serviceId}"`);
    if (a.id !== undefined) {
      if (byId.has(a.id)) problems.push(`${file}: agents.${i}.id: agent "${a.id}" is mapped twice`);
      byId.set(a.id, a);
    } else if (a.name !== undefined) {
      if (byName.has(a.name)) problems.push(`${file}: agents.${i}.name: agent "${a.name}" is mapped twice`);
      byName.set(a.name, a);
    }
  });
  if (problems.length || !r.data)
    throw new Error(`invalid Wazuh agents file ${where}:\n${problems.join('\n')}`);
  return { byId, byName, webRoots: r.data.webRoots ?? DEFAULT_WEB_ROOTS, file: where };
}

/**
 * Where an agent's alerts go: an entry with the agent's id, else one with its name (and no id);
 * its agency (else the service's owner), service and the agency's office as the place. Unmapped:
 * no agency (the routing rules for the category decide: Diskominfo by default), the city centre.
 */
export function routeAgent(
  map: WazuhAgentMap,
  catalog: Pick<Catalog, 'agencyById' | 'serviceById'>,
  agent: { id: string; name: string },
): AgentRoute {
  const m = map.byId.get(agent.id) ?? map.byName.get(agent.name);
  if (!m) return { mapped: false, agencyId: null, serviceId: null, location: null, webRoots: map.webRoots };
  const service = m.serviceId ? catalog.serviceById.get(m.serviceId) : undefined;
  const agencyId = m.agencyId ?? service?.agencyId ?? null;
  const agency = agencyId ? catalog.agencyById.get(agencyId) : undefined;
  return {
    mapped: true,
    agencyId: agency ? agency.id : null,
    serviceId: m.serviceId ?? null,
    location: agency?.location ?? null,
    webRoots: [...map.webRoots, ...(m.webRoots ?? [])],
  };
}

const maps = new WeakMap<Ctx, WazuhAgentMap>();

/** Makes an agent map known to `ctx`'s routes (set once by main at start). */
export function attachWazuhAgents(ctx: Ctx, map: WazuhAgentMap): void {
  maps.set(ctx, map);
}

/** The agent map of `ctx` (none attached: every agent unmapped). */
export function wazuhAgentsOf(ctx: Ctx): WazuhAgentMap {
  return maps.get(ctx) ?? NO_AGENT_MAP;
}
