import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, matchAlert } from '../../../client/console/filters.js';
import { alertCategory, type Alert } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../../helpers/api.js';
import { startServer, type TestServer } from '../../helpers/server.js';

/**
 * One rule for an alert's category (shared/schemas alertCategory): the server's `?category=` list
 * filter and the console's filter bar pick the same alerts for every category there is.
 */
describe('the alert category filter', () => {
  let server: TestServer;
  let admin: Session;

  beforeAll(async () => {
    server = await startServer();
    admin = await login(server.baseUrl);
    const key = await createIngestKey(server.baseUrl);
    await ingest(server.baseUrl, key, '/api/v1/incidents', [
      incident('cat-flood', { severity: 'severe', category: 'flood' }),
      incident('cat-fire', { severity: 'extreme', category: 'fire' }),
    ]);
    // A website goes down: a service alert (source kind `service`, category `service_outage`).
    const down = {
      serviceId: 'web-dinkes',
      status: 'down',
      latencyMs: 0,
      checkedAt: new Date().toISOString(),
    };
    expect((await ingest(server.baseUrl, key, '/api/v1/health/heartbeats', down)).status).toBe(202);
  });
  afterAll(() => server?.stop());

  it('matches the same alerts on the server and in the console, by category then source kind', async () => {
    const all = (await admin.request('GET', '/api/v1/alerts?status=all&limit=500')).body as {
      data: { items: Alert[] };
    };
    const alerts = all.data.items;
    const categories = [...new Set(alerts.map(alertCategory))].sort();
    expect(categories).toEqual(['fire', 'flood', 'service_outage']);
    for (const category of [...categories, 'service', 'incident']) {
      const r = await admin.request('GET', `/api/v1/alerts?status=all&limit=500&category=${category}`);
      const server = (r.body as { data: { items: Alert[] } }).data.items.map((a) => a.id).sort();
      const console = alerts
        .filter((a) => matchAlert(a, { ...EMPTY_FILTERS, status: 'all', category }))
        .map((a) => a.id)
        .sort();
      expect(server, category).toEqual(console);
    }
    // A source kind is not a category when the alert has one.
    expect((await admin.request('GET', '/api/v1/alerts?status=all&category=service')).body).toMatchObject({
      data: { items: [] },
    });
  });
});
