import type { IncidentCategory } from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';

// Default routing: which agency answers for an incident category. The first id present in the catalogue wins.
const BY_CATEGORY: Partial<Record<IncidentCategory, string[]>> = {
  fire: ['damkar', 'dpkp', 'bpbd'],
  flood: ['bpbd'],
  landslide: ['bpbd'],
  earthquake: ['bpbd'],
  weather: ['bpbd'],
  crime: ['satpolpp'],
  public_order: ['satpolpp'],
  traffic: ['dishub'],
  health: ['dinkes'],
  infrastructure: ['dpu', 'dpupr'],
  cyber: ['diskominfo'],
  cyber_defacement: ['diskominfo'],
  cyber_ddos: ['diskominfo'],
  cyber_intrusion: ['diskominfo'],
  cyber_malware: ['diskominfo'],
  cyber_data_leak: ['diskominfo'],
  service_outage: ['diskominfo'],
};

/** Picks the responsible agency: the source's own choice when it names a known agency, else by category. */
export function routeIncident(catalog: Catalog, category: IncidentCategory, requested: string | undefined): string | null {
  if (requested && catalog.agencyById.has(requested)) return requested;
  for (const id of BY_CATEGORY[category] ?? []) if (catalog.agencyById.has(id)) return id;
  return catalog.agencyById.has('diskominfo') ? 'diskominfo' : null;
}
