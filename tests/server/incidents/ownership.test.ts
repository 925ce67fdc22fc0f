/**
 * Feeds own their incidents: only the API key that created an incident (a JSON incident, a CAP
 * alert, an Alertmanager alert) may change it; another key reusing its id gets 409 and nothing is
 * written — not even the other, innocent items of its batch.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIngestKey, incident, ingest, login, type Session } from '../../helpers/api.js';
import { alertForIncident, errorOf } from '../../helpers/http.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { capDoc } from './fixtures.js';
import { describeOnStores } from '../../helpers/stores.js';

const AM = JSON.parse(
  readFileSync(
    path.resolve(import.meta.dirname, '../../fixtures/samples/alertmanager-v4-firing.json'),
    'utf8',
  ),
) as { alerts: { status: string; startsAt: string }[]; status: string };
const amNow = (status: 'firing' | 'resolved') => {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  return { ...AM, status, alerts: AM.alerts.map((a) => ({ ...a, status, startsAt })) };
};

describeOnStores('incidents belong to the feed that created them', ({ redis: useRedis }) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let keyA: string;
  let keyB: string;
  let admin: Session;

  beforeAll(async () => {
    redis = useRedis ? await startRedis() : null;
    server = await startServer({ env: redis ? { REDIS_URL: redis.url } : {} });
    [keyA, keyB] = await Promise.all([
      createIngestKey(server.baseUrl, ['incidents:write']),
      createIngestKey(server.baseUrl, ['incidents:write']),
    ]);
    admin = await login(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  const stored = async (id: string) => {
    const r = await admin.request('GET', '/api/v1/incidents?status=all&limit=500');
    return (
      r.body as { data: { items: { id: string; severity: string; status: string }[] } }
    ).data.items.find((i) => i.id === id);
  };

  it('refuses another key rewriting an incident (an extreme fire reposted as minor and closed): 409, nothing written', async () => {
    const fire = incident('own-fire-1', { category: 'fire', severity: 'extreme', title: 'Kebakaran gudang' });
    expect((await ingest(server.baseUrl, keyA, '/api/v1/incidents', fire)).status).toBe(202);
    const alert = await alertForIncident(admin, 'own-fire-1');
    expect(alert?.condition).toBe('active');

    const hijack = await ingest(server.baseUrl, keyB, '/api/v1/incidents', {
      ...fire,
      severity: 'minor',
      status: 'closed',
    });
    expect(hijack.status).toBe(409);
    expect(errorOf(hijack).code).toBe('not_owner');
    expect(errorOf(hijack).issues?.map((i) => i.path.join('.'))).toEqual(['id']);
    // In a batch, the innocent item is not written either.
    const batch = await ingest(server.baseUrl, keyB, '/api/v1/incidents', [
      incident('own-innocent'),
      { ...fire, status: 'closed' },
    ]);
    expect(batch.status).toBe(409);
    expect(errorOf(batch).issues?.map((i) => i.path.join('.'))).toEqual(['1.id']);
    expect(await stored('own-innocent')).toBeUndefined();
    expect(await stored('own-fire-1')).toMatchObject({ severity: 'extreme', status: 'open' });
    expect((await alertForIncident(admin, 'own-fire-1'))?.condition).toBe('active');

    // The owner may change it.
    expect(
      (await ingest(server.baseUrl, keyA, '/api/v1/incidents', { ...fire, status: 'closed' })).status,
    ).toBe(202);
    expect(await stored('own-fire-1')).toMatchObject({ status: 'closed' });
  });

  it('refuses a CAP Cancel for an alert another key sent, and an Alertmanager "resolved" from another key', async () => {
    const sent = new Date(Date.now() - 120_000).toISOString();
    const alertDoc = capDoc({
      identifier: 'own-cap-1',
      sent,
      infos: [{ polygon: '-1.265,116.825 -1.265,116.840 -1.275,116.840 -1.265,116.825' }],
    });
    expect(
      (await ingest(server.baseUrl, keyA, '/api/v1/incidents', alertDoc, 'application/cap+xml')).status,
    ).toBe(202);
    const cancel = capDoc({
      identifier: 'own-cap-2',
      sent: new Date(Date.now() - 60_000).toISOString(),
      msgType: 'Cancel',
      references: `bpbd@balikpapan.go.id,own-cap-1,${sent}`,
      infos: [],
    });
    const spoof = await ingest(server.baseUrl, keyB, '/api/v1/incidents', cancel, 'application/cap+xml');
    expect(spoof.status).toBe(409);
    expect(errorOf(spoof).code).toBe('not_owner');
    expect(
      (await ingest(server.baseUrl, keyA, '/api/v1/incidents', cancel, 'application/cap+xml')).status,
    ).toBe(202);

    const firing = amNow('firing');
    expect((await ingest(server.baseUrl, keyA, '/api/v1/ingest/alertmanager', firing)).status).toBe(202);
    const resolved = {
      ...firing,
      status: 'resolved',
      alerts: firing.alerts.map((a) => ({ ...a, status: 'resolved' })),
    };
    const am = await ingest(server.baseUrl, keyB, '/api/v1/ingest/alertmanager', resolved);
    expect(am.status).toBe(409);
    expect(errorOf(am).issues?.map((i) => i.path.join('.'))).toEqual(['alerts.0.fingerprint']);
    expect((await ingest(server.baseUrl, keyA, '/api/v1/ingest/alertmanager', resolved)).status).toBe(202);
  });
});
