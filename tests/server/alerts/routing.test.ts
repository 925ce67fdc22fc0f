import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/schemas/index.js';
import { route } from '../../../server/alerts/routing.js';
import { loadCatalog } from '../../../server/catalog/catalog.js';
import { createIngestKey, incident, ingest, login } from '../../helpers/api.js';
import { startServer, type TestServer } from '../../helpers/server.js';

describe('routing rules (unit)', () => {
  const catalog = loadCatalog();
  it('routes by category with the default rules, and a source naming a known agency wins', () => {
    expect(route(catalog, { category: 'fire', sourceKind: 'incident' })).toBe('damkar');
    expect(route(catalog, { category: 'flood', sourceKind: 'incident' })).toBe('bpbd');
    expect(route(catalog, { category: 'cyber_ddos', sourceKind: 'incident' })).toBe('diskominfo');
    expect(route(catalog, { category: 'flood', sourceKind: 'incident', requested: 'dinsos' })).toBe('dinsos');
    expect(route(catalog, { category: 'flood', sourceKind: 'incident', requested: 'no-such-agency' })).toBe(
      'bpbd',
    );
    expect(route(catalog, { category: 'other', sourceKind: 'incident' })).toBe('command-center');
  });
  it('a rule for a service overrides its owner; area rules apply in order', () => {
    const c = {
      ...catalog,
      routing: [
        { match: { serviceId: 'web-bpbd' }, agencyId: 'diskominfo' },
        { match: { category: 'public_order', kecamatanCode: '64.71.03' }, agencyId: 'kec-utara' },
        ...catalog.routing,
      ],
    };
    expect(route(c, { sourceKind: 'service', serviceId: 'web-bpbd', requested: 'bpbd' })).toBe('diskominfo');
    expect(route(c, { sourceKind: 'service', serviceId: 'web-dishub', requested: 'dishub' })).toBe('dishub');
    expect(route(c, { category: 'public_order', sourceKind: 'incident', kecamatanCode: '64.71.03' })).toBe(
      'kec-utara',
    );
    expect(route(c, { category: 'public_order', sourceKind: 'incident', kecamatanCode: '64.71.01' })).toBe(
      'satpolpp',
    );
  });
});

describe('PANTAU_ROUTING_FILE', () => {
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-routing-'));
    writeFileSync(
      path.join(dir, 'routing.yaml'),
      'rules:\n  - match: { category: public_order, kecamatanCode: "64.71.03" }\n    agencyId: kec-utara\n  - match: { category: [crime, public_order] }\n    agencyId: satpolpp\n',
    );
    server = await startServer({ env: { PANTAU_ROUTING_FILE: path.join(dir, 'routing.yaml') } });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('routes an incident by its derived kecamatan', async () => {
    const key = await createIngestKey(server.baseUrl);
    await ingest(server.baseUrl, key, '/api/v1/incidents', [
      incident('rt-utara', { category: 'public_order', location: [116.88, -1.16] }),
      incident('rt-kota', { category: 'public_order', location: [116.83, -1.27] }),
    ]);
    const admin = await login(server.baseUrl);
    const items = (
      (await admin.request('GET', '/api/v1/incidents?status=all')).body as { data: { items: Incident[] } }
    ).data.items;
    expect(items.find((i) => i.id === 'rt-utara')).toMatchObject({
      kecamatanCode: '64.71.03',
      agencyId: 'kec-utara',
    });
    expect(items.find((i) => i.id === 'rt-kota')?.agencyId).toBe('satpolpp');
  });

  it('a bad routing file stops the server with the file, path and problem named', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - match: { kecamatanCode: "64.71" }\n    agencyId: nobody\n');
    await expect(startServer({ env: { PANTAU_ROUTING_FILE: bad } })).rejects.toThrow(
      /bad\.yaml: rules\.0\.match\.kecamatanCode/,
    );
  });
});
