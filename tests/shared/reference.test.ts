import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createAreaLocator,
  pointInPolygon,
  type AreaGeometry,
  type FeatureCollection,
  type LngLat,
} from '../../shared/geo.js';
import { AgencySchema, AppSchema, AreasSchema, ServiceSchema } from '../../shared/schemas/index.js';

const readJson = <T>(relative: string): T =>
  JSON.parse(readFileSync(new URL(`../../${relative}`, import.meta.url), 'utf8')) as T;

interface Areas {
  regency: { code: string; name: string };
  kecamatan: { code: string; name: string }[];
  kelurahan: { code: string; name: string; kecamatanCode: string }[];
}
interface Agency {
  id: string;
  name: string;
  kind: string;
  location: LngLat;
  approximate: boolean;
  kecamatanCode?: string;
  website?: string;
}
interface Service {
  id: string;
  agencyId: string;
  kind: string;
  url?: string;
}
interface App {
  id: string;
  agencyId: string;
  serviceId: string;
  population: { group: string; count: number };
  baseline?: { metric: string; value: number; year: number };
}
interface WallCollection {
  features: { properties: { code: string; name: string; kecamatanCode?: string }; geometry: AreaGeometry }[];
}
interface LabelCollection {
  features: {
    properties: { code: string; name: string; level: string };
    geometry: { coordinates: LngLat };
  }[];
}

const areas = readJson<Areas>('shared/reference/areas.json');
const kecamatanBoundaries = readJson<FeatureCollection>(
  'shared/reference/boundaries/balikpapan-kecamatan.geojson',
);
const kelurahanBoundaries = readJson<FeatureCollection>(
  'shared/reference/boundaries/balikpapan-kelurahan.geojson',
);
const { agencies } = readJson<{ agencies: Agency[] }>('shared/reference/agencies.json');
const { services } = readJson<{ services: Service[] }>('shared/reference/services.json');
const { apps } = readJson<{ apps: App[] }>('shared/reference/apps.json');
const locator = createAreaLocator(kecamatanBoundaries, kelurahanBoundaries);

const sorted = (codes: Iterable<string>): string[] => [...codes].sort();
const codesOf = (fc: { features: readonly { properties: { code: string } }[] }): string[] =>
  sorted(fc.features.map((f) => f.properties.code));

describe('areas.json (from idn-area-data)', () => {
  it('passes the shared schema', () => {
    expect(AreasSchema.safeParse(areas).success).toBe(true);
  });

  it('has Kota Balikpapan with 6 kecamatan and 34 kelurahan', () => {
    expect(areas.regency.code).toBe('64.71');
    expect(areas.kecamatan).toHaveLength(6);
    expect(areas.kelurahan).toHaveLength(34);
  });

  it('joins the boundary features by code, one to one', () => {
    expect(sorted(areas.kecamatan.map((k) => k.code))).toEqual(codesOf(kecamatanBoundaries));
    expect(sorted(areas.kelurahan.map((k) => k.code))).toEqual(codesOf(kelurahanBoundaries));
  });

  it('puts every kelurahan in a listed kecamatan whose code prefixes its own', () => {
    const kecamatanCodes = new Set(areas.kecamatan.map((k) => k.code));
    for (const k of areas.kelurahan) {
      expect(kecamatanCodes.has(k.kecamatanCode), k.code).toBe(true);
      expect(k.code.startsWith(`${k.kecamatanCode}.`), k.code).toBe(true);
    }
  });
});

describe('wall map layers (client/public/geo)', () => {
  const wallKecamatan = readJson<WallCollection>('client/public/geo/kecamatan.json');
  const wallKelurahan = readJson<WallCollection>('client/public/geo/kelurahan.json');
  const labels = readJson<LabelCollection>('client/public/geo/labels.json');

  it('carry the official names from areas.json, joined by code', () => {
    expect(codesOf(wallKecamatan)).toEqual(codesOf(kecamatanBoundaries));
    expect(codesOf(wallKelurahan)).toEqual(codesOf(kelurahanBoundaries));
    const names = new Map([...areas.kecamatan, ...areas.kelurahan].map((a) => [a.code, a.name]));
    for (const f of [...wallKecamatan.features, ...wallKelurahan.features, ...labels.features]) {
      expect(f.properties.name, f.properties.code).toBe(names.get(f.properties.code));
    }
    for (const f of wallKelurahan.features)
      expect(f.properties.kecamatanCode).toBe(f.properties.code.slice(0, 8));
  });

  it('have one label per area, inside its simplified polygon', () => {
    expect(labels.features).toHaveLength(40);
    const wall = new Map(
      [...wallKecamatan.features, ...wallKelurahan.features].map((f) => [f.properties.code, f]),
    );
    for (const label of labels.features) {
      const area = wall.get(label.properties.code);
      expect(area, label.properties.code).toBeDefined();
      if (area)
        expect(pointInPolygon(label.geometry.coordinates, area.geometry), label.properties.code).toBe(true);
    }
  });
});

describe('offline land layer (client/public/geo/land.json)', () => {
  const land = readJson<{ features: { geometry: AreaGeometry }[] }>('client/public/geo/land.json');
  const onLand = (p: LngLat): boolean => land.features.some((f) => pointInPolygon(p, f.geometry));

  it('has the city on land, the Makassar Strait to the south and east, the bay to the west', () => {
    expect(onLand([116.88729, -1.15739])).toBe(true); // Balikpapan Utara label point
    expect(onLand([116.95, -1.35])).toBe(false); // Makassar Strait, south
    expect(onLand([117.08, -1.25])).toBe(false); // Makassar Strait, east
    expect(onLand([116.785, -1.22])).toBe(false); // Balikpapan Bay, west
  });
});

describe('agencies.json', () => {
  it('passes the shared schema, with unique lowercase slug ids', () => {
    for (const a of agencies) expect(AgencySchema.safeParse(a).success, a.id).toBe(true);
    expect(new Set(agencies.map((a) => a.id)).size).toBe(agencies.length);
    for (const a of agencies) expect(a.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('places every agency inside some kelurahan of Balikpapan', () => {
    for (const a of agencies)
      expect(locator.locate(a.location), `${a.id} at ${a.location.join(',')}`).not.toBeNull();
  });

  it('has one office per kecamatan, inside its own kecamatan', () => {
    const offices = agencies.filter((a) => a.kind === 'kecamatan');
    expect(sorted(offices.map((a) => a.kecamatanCode ?? ''))).toEqual(
      sorted(areas.kecamatan.map((k) => k.code)),
    );
    for (const office of offices) {
      expect(locator.locate(office.location)?.kecamatanCode, office.id).toBe(office.kecamatanCode);
    }
  });

  it('includes the agencies the study and the apps depend on', () => {
    const ids = new Set(agencies.map((a) => a.id));
    for (const id of ['diskominfo', 'disdukcapil', 'dpmptsp', 'rsud-beriman', 'bkpsdm', 'bpkad', 'setda']) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('services.json', () => {
  const agencyIds = new Set(agencies.map((a) => a.id));

  it('passes the shared schema, with unique ids', () => {
    for (const s of services) expect(ServiceSchema.safeParse(s).success, s.id).toBe(true);
    expect(new Set(services.map((s) => s.id)).size).toBe(services.length);
  });

  it('names an existing agency for every service', () => {
    for (const s of services) expect(agencyIds.has(s.agencyId), `${s.id} → ${s.agencyId}`).toBe(true);
  });

  it('has a website service for every agency with a website', () => {
    const byId = new Map(services.map((s) => [s.id, s]));
    for (const a of agencies.filter((x) => x.website)) {
      const web = byId.get(`web-${a.id}`);
      expect(web?.kind, a.id).toBe('website');
      expect(web?.url, a.id).toBe(a.website);
      expect(web?.agencyId, a.id).toBe(a.id);
    }
  });
});

describe('apps.json', () => {
  const agencyIds = new Set(agencies.map((a) => a.id));
  const servicesById = new Map(services.map((s) => [s.id, s]));

  it('passes the shared schema', () => {
    for (const app of apps) expect(AppSchema.safeParse(app).success, app.id).toBe(true);
  });

  it('points every app at an existing agency and a service of that agency', () => {
    for (const app of apps) {
      expect(agencyIds.has(app.agencyId), app.id).toBe(true);
      expect(servicesById.get(app.serviceId)?.agencyId, app.id).toBe(app.agencyId);
    }
  });

  it('keeps the 2018 study baselines', () => {
    const byId = new Map(apps.map((a) => [a.id, a]));
    expect(byId.get('hore')?.baseline).toMatchObject({ metric: 'downloads', value: 100, year: 2018 });
    const digitalGov = byId.get('digital-gov');
    expect(digitalGov?.population).toMatchObject({ group: 'civil_servants', count: 6283 });
    const share = (digitalGov?.baseline?.value ?? 0) / (digitalGov?.population.count ?? 1);
    expect(share * 100).toBeCloseTo(1.59, 2);
  });
});
