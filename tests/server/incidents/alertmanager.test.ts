import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/schemas/index.js';
import { amCategory, amSeverity, parseAlertmanager } from '../../../server/incidents/alertmanager.js';
import { HttpError, ValidationError } from '../../../server/errors.js';
import { createIngestKey, ingest, type Session } from '../../helpers/api.js';
import {
  alertForIncident,
  allAlerts,
  allIncidents,
  dataOf,
  errorOf,
  loginAdmin,
} from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { AM_FIRING, sample } from './fixtures.js';

type Notification = { status: string; alerts: Record<string, unknown>[] } & Record<string, unknown>;
const firing = (): Notification => JSON.parse(sample(AM_FIRING)) as Notification;
const ID = 'am:1a30ba71cca2921f:2023-02-06T13:08:45.828Z';
const CITY_CENTRE = [116.8468, -1.2379];

/** The sample with its one alert changed (and the notification status following it). */
function variant(alert: Record<string, unknown>, top: Record<string, unknown> = {}): Notification {
  const n = firing();
  return { ...n, ...top, alerts: [{ ...n.alerts[0], ...alert }] };
}

describe('parseAlertmanager', () => {
  it('maps the v4 sample: id from fingerprint and startsAt, summary as title, critical → extreme, probe → outage', () => {
    expect(parseAlertmanager(firing())).toEqual([
      {
        id: ID,
        title: 'BlackBox Probe Failure: https://server.example.org',
        description: 'Instance https://server.example.org has been down for over 5m. Job: http_checks',
        category: 'service_outage',
        severity: 'extreme',
        location: CITY_CENTRE,
        occurredAt: '2023-02-06T13:08:45.828Z',
        status: 'open',
        attributes: {
          alertname: 'ProbeFailure',
          instance: 'https://server.example.org',
          job: 'http_checks',
          severityLabel: 'critical',
          fingerprint: '1a30ba71cca2921f',
          groupKey: '{}/{severity="critical"}:{alertname="ProbeFailure"}',
          receiver: 'pantau',
          generatorURL: 'http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1',
          locationApproximate: true,
        },
      },
    ]);
  });

  it('ignores unknown fields, reads agency and lat/lon labels, maps resolved to closed', () => {
    const n = variant(
      {
        status: 'resolved',
        endsAt: '2023-02-06T14:00:00+07:00',
        labels: {
          alertname: 'WebDefaced',
          severity: 'warning',
          agency: 'diskominfo',
          lat: '-1.27',
          lon: '116.83',
        },
        annotations: {},
        futureField: { x: 1 },
      },
      { notification_reason: 'resolved', routeLabels: { team: 'kominfo' }, status: 'resolved' },
    );
    const [inc] = parseAlertmanager(n);
    expect(inc).toMatchObject({
      title: 'WebDefaced',
      category: 'cyber',
      severity: 'moderate',
      agencyId: 'diskominfo',
      location: [116.83, -1.27],
      status: 'closed',
      attributes: { endsAt: '2023-02-06T07:00:00.000Z' },
    });
    expect(inc?.attributes?.locationApproximate).toBeUndefined();
  });

  it('maps severities and categories as documented', () => {
    expect(['critical', 'error', 'warning', 'info', 'Critical', 'bogus', undefined].map(amSeverity)).toEqual([
      'extreme',
      'severe',
      'moderate',
      'minor',
      'extreme',
      'unknown',
      'unknown',
    ]);
    expect(amCategory({ alertname: 'ProbeFailure' })).toBe('service_outage');
    expect(amCategory({ alertname: 'TargetDown' })).toBe('service_outage');
    expect(amCategory({ alertname: 'SuspiciousLogins', job: 'auth' })).toBe('cyber');
    expect(amCategory({ alertname: 'X', category: 'cyber_ddos' })).toBe('cyber_ddos');
    expect(amCategory({ alertname: 'X', category: 'flood' })).toBe('cyber');
  });

  it('refuses another version with 422 and a malformed notification with 400 naming each path', () => {
    for (const version of ['3', 4, undefined]) {
      const err = (() => {
        try {
          parseAlertmanager({ ...firing(), version });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(HttpError);
      expect([
        (err as HttpError).status,
        (err as HttpError).code,
        (err as HttpError).extra.issues?.[0]?.path,
      ]).toEqual([422, 'unsupported_version', ['version']]);
    }
    const bad = variant({ fingerprint: 'has space', startsAt: 'soon' });
    expect(() => parseAlertmanager(bad)).toThrow(ValidationError);
    try {
      parseAlertmanager(bad);
    } catch (e) {
      expect((e as ValidationError).extra.issues?.map((i) => i.path)).toEqual([
        ['alerts', 0, 'startsAt'],
        ['alerts', 0, 'fingerprint'],
      ]);
    }
    expect(() => parseAlertmanager([firing()])).toThrow(ValidationError);
  });
});

const variants = [
  { name: 'the embedded store', redis: false },
  { name: 'Redis', redis: true },
] as const;

for (const v of variants) {
  describe.skipIf(v.redis && !redisAvailable())(`POST /api/v1/ingest/alertmanager on ${v.name}`, () => {
    let redis: TestRedis | null = null;
    let server: TestServer;
    let base: string;
    let key: string;
    let admin: Session;
    const post = (body: unknown) => ingest(base, key, '/api/v1/ingest/alertmanager', body);
    const find = async (id: string): Promise<Incident | undefined> =>
      (await allIncidents(admin)).items.find((i) => i.id === id);

    beforeAll(async () => {
      redis = v.redis ? await startRedis() : null;
      server = await startServer({ env: redis ? { REDIS_URL: redis.url } : {} });
      base = server.baseUrl;
      key = await createIngestKey(base);
      admin = await loginAdmin(base);
    });
    afterAll(async () => {
      await server?.stop();
      await redis?.dispose();
    });

    it('firing opens an incident and an alert; a redelivery is a repeat; resolved closes and clears', async () => {
      const r = await post(firing());
      expect(r.status).toBe(202);
      expect(dataOf(r)).toEqual({ ids: [ID], created: 1, updated: 0, repeated: 0 });
      expect(await find(ID)).toMatchObject({
        title: 'BlackBox Probe Failure: https://server.example.org',
        category: 'service_outage',
        severity: 'extreme',
        agencyId: 'diskominfo',
        status: 'open',
        point: CITY_CENTRE,
        occurredAt: '2023-02-06T13:08:45.828Z',
        repeatCount: 0,
        attributes: { locationApproximate: true, fingerprint: '1a30ba71cca2921f' },
      });
      expect((await find(ID))?.source).toMatch(/^alertmanager:test-/);
      expect(await alertForIncident(admin, ID)).toMatchObject({
        severity: 'extreme',
        agencyId: 'diskominfo',
        condition: 'active',
        status: 'new',
        count: 1,
      });

      const again = await post(firing());
      expect(dataOf(again)).toEqual({ ids: [ID], created: 0, updated: 0, repeated: 1 });
      expect((await allIncidents(admin)).items.filter((i) => i.id === ID).map((i) => i.repeatCount)).toEqual([
        1,
      ]);
      expect((await allAlerts(admin)).filter((a) => a.dedupeKey === `incident:${ID}`)).toHaveLength(1);

      const resolved = await post(
        variant({ status: 'resolved', endsAt: '2023-02-06T13:20:00Z' }, { status: 'resolved' }),
      );
      expect(dataOf(resolved)).toEqual({ ids: [ID], created: 0, updated: 1, repeated: 0 });
      expect(await find(ID)).toMatchObject({
        status: 'closed',
        repeatCount: 1,
        attributes: { endsAt: '2023-02-06T13:20:00.000Z' },
      });
      expect(await alertForIncident(admin, ID)).toMatchObject({ condition: 'cleared' });
    });

    it('keeps an acknowledged alert acknowledged when its source resolves', async () => {
      const fire = variant({
        fingerprint: 'ack0000000000001',
        startsAt: '2024-05-01T01:02:03Z',
        labels: { alertname: 'BruteForce', severity: 'error', agency: 'diskominfo' },
      });
      const id = 'am:ack0000000000001:2024-05-01T01:02:03.000Z';
      expect((await post(fire)).status).toBe(202);
      const alert = await alertForIncident(admin, id);
      expect(alert).toMatchObject({ severity: 'severe', condition: 'active' });
      const ack = await admin.request('POST', `/api/v1/alerts/${alert?.id ?? ''}/ack`, { note: 'ditangani' });
      expect(ack.status).toBe(200);
      const resolved = {
        ...fire,
        status: 'resolved',
        alerts: fire.alerts.map((a) => ({ ...a, status: 'resolved' })),
      };
      expect((await post(resolved)).status).toBe(202);
      expect(await find(id)).toMatchObject({ status: 'closed', category: 'cyber' });
      expect(await alertForIncident(admin, id)).toMatchObject({
        condition: 'cleared',
        status: 'acknowledged',
      });
    });

    it('refuses wrong versions and bodies, writing nothing', async () => {
      const before = (await allIncidents(admin)).total;
      const v3 = await post({
        ...firing(),
        version: '3',
        alerts: [{ ...firing().alerts[0], fingerprint: 'v3' }],
      });
      expect([v3.status, errorOf(v3).code]).toEqual([422, 'unsupported_version']);
      const bad = await post({
        ...firing(),
        alerts: [{ ...firing().alerts[0], fingerprint: 'fine0001' }, { labels: {} }],
      });
      expect([bad.status, errorOf(bad).code]).toEqual([400, 'invalid_request']);
      expect(errorOf(bad).issues?.map((i) => i.path)).toContainEqual(['alerts', 1, 'startsAt']);
      const xml = await ingest(base, key, '/api/v1/ingest/alertmanager', '<alert/>', 'application/xml');
      expect(xml.status).toBe(415);
      expect((await allIncidents(admin)).total).toBe(before);
      expect(await find('am:fine0001:2023-02-06T13:08:45.828Z')).toBeUndefined();
    });
  });
}
