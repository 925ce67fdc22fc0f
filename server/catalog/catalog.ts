import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AgencySchema, ServiceSchema } from '../../shared/schemas/index.js';
import { createAreaLocator } from '../../shared/geo.js';
import { AppSchema, AreasSchema } from '../../shared/schemas/reference.js';
import { RoutingFileSchema, type RoutingRule } from '../../shared/schemas/routing.js';
import type { Agency, Service } from '../../shared/schemas/index.js';
import type { App, Areas } from '../../shared/schemas/reference.js';

const ref = (p: string) => new URL(`../../shared/reference/${p}`, import.meta.url);

function loadJson<T>(file: URL, schema: z.ZodType<T>): T {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const r = schema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${file.pathname}: ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid reference data:\n${problems.join('\n')}`);
  }
  return r.data;
}

type GeoCollection = Parameters<typeof createAreaLocator>[0];

/** Reference data: agencies, services, apps, areas and the area locator. Read at start; agencies and services are then edited through the API. */
export interface Catalog {
  /** The agencies now: the shipped list with the edits made through the API (kept current in place). */
  agencies: Agency[];
  agencyById: Map<string, Agency>;
  /** The agencies as shipped in shared/reference, before any edit. */
  readonly shippedAgencies: readonly Agency[];
  services: Service[];
  serviceById: Map<string, Service>;
  apps: App[];
  appById: Map<string, App>;
  areas: Areas;
  locate: ReturnType<typeof createAreaLocator>['locate'];
  /** Alert routing rules, first match wins (shared/reference/routing.json or PANTAU_ROUTING_FILE). */
  routing: RoutingRule[];
}

/** Loads and validates the default catalogue shipped in shared/reference. */
export function loadCatalog(): Catalog {
  const agencies = loadJson(ref('agencies.json'), z.object({ agencies: z.array(AgencySchema) })).agencies;
  const services = loadJson(
    ref('services.json'),
    z.object({ services: z.array(ServiceSchema.loose()) }),
  ).services;
  const apps = loadJson(ref('apps.json'), z.object({ apps: z.array(AppSchema) })).apps;
  const areas = loadJson(ref('areas.json'), AreasSchema);
  const routing = loadJson(ref('routing.json'), RoutingFileSchema).rules;
  const kec = JSON.parse(
    readFileSync(ref('boundaries/balikpapan-kecamatan.geojson'), 'utf8'),
  ) as GeoCollection;
  const kel = JSON.parse(
    readFileSync(ref('boundaries/balikpapan-kelurahan.geojson'), 'utf8'),
  ) as GeoCollection;
  const locator = createAreaLocator(kec, kel);
  return {
    agencies,
    agencyById: new Map(agencies.map((a) => [a.id, a])),
    shippedAgencies: [...agencies],
    services,
    serviceById: new Map(services.map((s) => [s.id, s])),
    apps,
    appById: new Map(apps.map((a) => [a.id, a])),
    areas,
    locate: (p) => locator.locate(p),
    routing,
  };
}
