/**
 * Website integrity checks in the running server: `integrity: {}` in a services file is accepted,
 * hidden gambling links on a local site become one security incident for the owning agency (with
 * the proof) that repeats while the site stays dirty and closes after clean runs, the service's
 * state says "hijacked" meanwhile, a supervisor's baseline acceptance is audited, and a bad
 * signatures file stops the server with a clear message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Incident, ServiceState } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import {
  alertForIncident,
  allIncidents,
  createUser,
  dataOf,
  loginAdmin,
  loginAs,
} from '../../helpers/http.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { govPage, startSite, type Site } from './integrity/sites.js';

const SPAM =
  '<a href="https://slot-gacor.example/">slot gacor maxwin</a> <a href="https://toto.example/">togel online</a>';
const INCIDENT = 'integrity:web-integ:spam';

describe('website integrity checks in the running server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-integrity-'));
  let dirty = true;
  let site: Site;
  let plain: Site;
  let server: TestServer;
  let admin: Session;

  const incident = async (): Promise<Incident | undefined> =>
    (await allIncidents(admin)).items.find((i) => i.id === INCIDENT);
  const stateOf = async (id: string): Promise<ServiceState | undefined> => {
    const r = await admin.request('GET', '/api/v1/services');
    return dataOf<{ items: { id: string; state: ServiceState }[] }>(r).items.find((s) => s.id === id)?.state;
  };

  beforeAll(async () => {
    site = await startSite((v) =>
      v.path === '/'
        ? {
            html: govPage({
              links: ['/profil'],
              footer: dirty ? `<div style="display:none">${SPAM}</div>` : '',
            }),
          }
        : v.path === '/profil'
          ? { html: govPage({ links: ['/'] }) }
          : null,
    );
    plain = await startSite(() => ({ html: govPage({ links: [] }) }));
    const file = path.join(dir, 'services.yaml');
    writeFileSync(
      file,
      stringify({
        services: [
          {
            id: 'web-integ',
            agencyId: 'dinkes',
            name: 'Situs Dinkes (uji)',
            kind: 'website',
            url: `${site.base}/`,
            check: {
              type: 'http',
              url: `${site.base}/`,
              intervalSeconds: 30,
              integrity: { maxPages: 500, delayMs: 0 },
            },
          },
          {
            id: 'web-integ-default',
            agencyId: 'dishub',
            name: 'Situs Dishub (uji)',
            kind: 'website',
            url: `${plain.base}/`,
            check: { type: 'http', url: `${plain.base}/`, intervalSeconds: 30, integrity: {} },
          },
        ],
      }),
    );
    server = await startServer({
      env: {
        PANTAU_SERVICES_FILE: file,
        PANTAU_CHECK_ALLOWED_NETWORKS: '127.0.0.0/8',
        PANTAU_INTEGRITY_INTERVAL_SECONDS: '1',
        PANTAU_INTEGRITY_CLEAN_RUNS: '2',
      },
    });
    admin = await loginAdmin(server.baseUrl);
  });

  afterAll(async () => {
    await server?.stop();
    await Promise.all([site?.close(), plain?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts `integrity: {}` in a services file and runs it on its own schedule', async () => {
    await waitFor(
      () => /"serviceId":"web-integ-default"[^\n]*integrity: run done/.test(server.logs()),
      'an integrity run of the service with default options',
    );
  });

  it('turns hidden gambling links into one security incident for the owning agency, with the proof', async () => {
    const inc = await waitFor(incident, 'the integrity incident');
    expect(inc).toMatchObject({
      category: 'cyber_seo_spam',
      severity: 'moderate',
      status: 'open',
      agencyId: 'dinkes',
      source: 'integrity',
      attributes: {
        serviceId: 'web-integ',
        url: `${site.base}/`,
        view: 'browser',
        visibility: 'hidden',
        hiddenBy: 'display:none',
        informed: 'diskominfo',
        firstSeenAt: inc?.occurredAt,
      },
    });
    expect(inc?.description).toContain('slot gacor maxwin');
    expect(await alertForIncident(admin, INCIDENT)).toMatchObject({
      agencyId: 'dinkes',
      condition: 'active',
    });
    expect((await stateOf('web-integ'))?.integrity).toEqual({ verdict: 'spam', since: inc?.occurredAt });
  });

  it('updates the same incident while the site stays dirty', async () => {
    const inc = await waitFor(async () => {
      const i = await incident();
      return i && i.repeatCount >= 2 && i;
    }, 'repeated runs');
    const mine = (await allIncidents(admin)).items.filter((i) => i.id.startsWith('integrity:web-integ:'));
    expect(mine.map((i) => i.id)).toEqual([INCIDENT]);
    expect(inc.lastSeenAt > inc.occurredAt).toBe(true);
  });

  it('closes the incident after clean runs and the service is no longer shown hijacked', async () => {
    dirty = false;
    await waitFor(async () => (await incident())?.status === 'closed', 'the incident to close');
    expect((await stateOf('web-integ'))?.integrity ?? null).toBeNull();
    expect(await alertForIncident(admin, INCIDENT)).toMatchObject({ condition: 'cleared' });
  });

  it('lets a supervisor accept the page as the new baseline, audited; an operator may not', async () => {
    const operator = await loginAs(server.baseUrl, await createUser(admin, 'operator'));
    const denied = await operator.request('POST', '/api/v1/services/web-integ/integrity/baseline');
    expect(denied.status).toBe(403);
    const r = await admin.request('POST', '/api/v1/services/web-integ/integrity/baseline');
    expect(r.status).toBe(200);
    expect(dataOf(r)).toMatchObject({ serviceId: 'web-integ', url: `${site.base}/` });
    const audit = await admin.request('GET', '/api/v1/audit?limit=50');
    const entries = dataOf<{ items: { action: string; target?: string }[] }>(audit).items;
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'service.integrity.baseline', target: 'web-integ' }),
    );
    const none = await admin.request('POST', '/api/v1/services/web-dpu/integrity/baseline');
    expect(none.status).toBe(409);
  });

  it('refuses to start with an invalid signatures file, saying which and why', async () => {
    const bad = path.join(dir, 'bad-signatures.json');
    writeFileSync(bad, JSON.stringify({ version: '1', lists: [{ id: 'x', kind: 'casino' }] }));
    await expect(startServer({ env: { PANTAU_INTEGRITY_SIGNATURES_FILE: bad } })).rejects.toThrow(
      /invalid integrity signatures file .*bad-signatures\.json[\s\S]*lists\.0\.kind/,
    );
  });
});
