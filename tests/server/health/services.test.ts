import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../server/catalog/catalog.js';
import { firstDue, offsetMs } from '../../../server/health/scheduler.js';
import { planServices } from '../../../server/health/services.js';
import { startServer } from '../../helpers/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pantau-services-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('services file and check plan', () => {
  const base = loadCatalog();

  it('does not probe the unverified built-in catalogue unless PANTAU_PROBES is on', () => {
    expect(planServices(base, { servicesFile: undefined, probes: false }).checks.size).toBe(0);
    const on = planServices(base, { servicesFile: undefined, probes: true });
    const dinkes = base.services.find((s) => s.id === 'web-dinkes');
    expect(on.checks.get('web-dinkes')).toMatchObject({
      type: 'http',
      url: dinkes?.url,
      intervalSeconds: 60,
    });
  });

  it('merges a YAML file (same id replaces), always probes its services and keeps check details out of the catalogue', () => {
    const f = file(
      'ok.yaml',
      [
        'services:',
        '  - id: web-dinkes',
        '    agencyId: dinkes',
        '    name: Dinkes (checked)',
        '    kind: website',
        '    url: http://127.0.0.1:9/',
        '    check: { type: http, url: "http://127.0.0.1:9/", headers: { authorization: "Bearer s3cret" }, intervalSeconds: 5 }',
        '  - id: tcp-simpus',
        '    agencyId: dinkes',
        '    name: SIMPUS database',
        '    kind: api',
        '    check: { type: tcp, host: 127.0.0.1, port: 5432 }',
        '',
      ].join('\n'),
    );
    const plan = planServices(base, { servicesFile: f, probes: false });
    expect([...plan.checks.keys()].sort()).toEqual(['tcp-simpus', 'web-dinkes']);
    expect(plan.checks.get('web-dinkes')).toMatchObject({ intervalSeconds: 5, method: 'GET' });
    expect(plan.catalog.serviceById.get('web-dinkes')).toMatchObject({
      name: 'Dinkes (checked)',
      verified: true,
    });
    expect(plan.catalog.services.filter((s) => s.id === 'web-dinkes')).toHaveLength(1);
    expect(JSON.stringify(plan.catalog.services)).not.toContain('s3cret');
  });

  it('names the file, the path and the problem for a bad file, and the server refuses to start', async () => {
    const f = file(
      'bad.json',
      JSON.stringify({
        services: [
          {
            id: 'x',
            agencyId: 'nowhere',
            name: 'X',
            kind: 'website',
            check: { type: 'http', url: 'not a url' },
          },
        ],
      }),
    );
    expect(() => planServices(base, { servicesFile: f, probes: false })).toThrow(
      `${f}: services.0.check.url: `,
    );
    const unknownAgency = file(
      'agency.yaml',
      'services:\n  - { id: y, agencyId: nowhere, name: Y, kind: app }\n',
    );
    expect(() => planServices(base, { servicesFile: unknownAgency, probes: false })).toThrow(
      'services.0.agencyId: unknown agency "nowhere"',
    );
    await expect(startServer({ env: { PANTAU_SERVICES_FILE: f } })).rejects.toThrow(
      /services\.0\.check\.url/,
    );
  });

  it('spreads first runs over the interval, the same way on every instance', () => {
    const now = Date.parse('2026-11-29T02:00:00.123Z');
    const offsets = new Set(base.services.map((s) => offsetMs(s.id, 60_000)));
    expect(offsets.size).toBeGreaterThan(base.services.length * 0.8);
    for (const s of base.services) {
      const due = firstDue(s.id, 60_000, now);
      expect(due).toBeGreaterThanOrEqual(now);
      expect(due - now).toBeLessThan(60_000);
      expect(firstDue(s.id, 60_000, now + 5)).toBe(due >= now + 5 ? due : due + 60_000);
    }
  });
});
