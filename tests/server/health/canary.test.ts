import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Alert, Evidence } from '../../../shared/schemas/index.js';
import { ConnectivityCanary } from '../../../server/health/canary.js';
import { login, type Session } from '../../helpers/api.js';
import { freePort } from '../../helpers/ports.js';
import { startServer, type TestServer } from '../../helpers/server.js';

const ev = (status: Evidence['status'], reason: Evidence['reason']) => ({ status, reason }) as Evidence;

describe('connectivity canary (unit)', () => {
  it('trips only when enough distinct services fail at the network level in one window', () => {
    const c = new ConnectivityCanary({ windowMs: 10_000, minServices: 4, ratio: 0.5 });
    // Until four services were seen in the window, a network failure cannot be judged yet.
    expect(c.observe('a', ev('down', 'connect'), 0, 10)).toBe('warming');
    expect(c.observe('b', ev('down', 'timeout'), 1, 10)).toBe('warming');
    expect(c.observe('c', ev('up', null), 2, 10)).toBe('warming');
    expect(c.observe('d', ev('down', 'dns'), 3, 10)).toBe('degraded');
    expect(c.describe(3)).toBe('3 of 4 services failed at the network level within 10 s');
    // An HTTP 500 is the service's own answer, not a sign of a broken uplink.
    expect(c.observe('d', ev('down', 'status'), 4, 10)).toBe('degraded');
    expect(c.observe('e', ev('up', null), 5, 10)).toBe('ok');
    // An instance with fewer checks than the minimum never waits: its failures are believed.
    expect(new ConnectivityCanary({ minServices: 4 }).observe('x', ev('down', 'connect'), 0, 2)).toBe('ok');
    // Old results leave the window.
    expect(c.degraded(20_000)).toBe(false);
  });
});

describe('a monitor that loses its network reports UNKNOWN and one "monitoring degraded" alert', () => {
  let server: TestServer;
  let admin: Session;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-canary-'));
    // Six targets on ports nobody listens on: every check fails to connect, as when the uplink is cut.
    const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
    for (const p of ports)
      expect(
        await new Promise((r) =>
          net
            .connect(p, '127.0.0.1')
            .on('error', () => r(true))
            .on('connect', () => r(false)),
        ),
      ).toBe(true);
    const file = path.join(dir, 'services.yaml');
    writeFileSync(
      file,
      stringify({
        services: ports.map((p, i) => ({
          id: `cut-${i}`,
          agencyId: 'dinkes',
          name: `Cut ${i}`,
          kind: 'website',
          check: { type: 'http', url: `http://127.0.0.1:${p}/`, intervalSeconds: 1, timeoutMs: 1_000 },
        })),
      }),
    );
    server = await startServer({ env: { PANTAU_SERVICES_FILE: file, PANTAU_INSTANCE_ID: 'canary-1' } });
    admin = await login(server.baseUrl);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks the services UNKNOWN with reason monitor_degraded and opens a single monitor alert, no service alerts', async () => {
    type Svc = { id: string; state: { status: string; reason: string | null } };
    const deadline = Date.now() + 30_000;
    let cut: Svc[] = [];
    for (;;) {
      const r = await admin.request('GET', '/api/v1/services');
      cut = (r.body as { data: { items: Svc[] } }).data.items.filter((s) => s.id.startsWith('cut-'));
      if (cut.length === 6 && cut.every((s) => s.state.reason === 'monitor_degraded')) break;
      if (Date.now() > deadline) throw new Error(`states: ${JSON.stringify(cut.map((s) => s.state))}`);
      await new Promise((res) => setTimeout(res, 300));
    }
    // A few probes may have landed before the canary tripped, but none may ever reach DOWN.
    await new Promise((res) => setTimeout(res, 4_000));
    const again = (await admin.request('GET', '/api/v1/services')).body as { data: { items: Svc[] } };
    expect(again.data.items.filter((s) => s.id.startsWith('cut-')).map((s) => s.state.status)).toEqual(
      Array(6).fill('unknown'),
    );
    const alerts = (
      (await admin.request('GET', '/api/v1/alerts?status=all')).body as { data: { items: Alert[] } }
    ).data.items;
    expect(alerts.filter((a) => a.dedupeKey.startsWith('service:cut-'))).toEqual([]);
    const monitor = alerts.filter((a) => a.sourceKind === 'monitor');
    expect(monitor).toHaveLength(1);
    expect(monitor[0]).toMatchObject({
      dedupeKey: 'monitor:connectivity:canary-1',
      condition: 'active',
      status: 'new',
    });
    expect(monitor[0]?.title).toMatch(/services failed at the network level/);
  });
});
