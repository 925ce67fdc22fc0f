import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, EscalationPolicy } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, type Session } from '../../helpers/api.js';
import { createUser, dataOf, errorOf, loginAdmin, loginAs, openAlert, uid } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

const ENV_STEPS = [
  { afterSeconds: 600, action: 'notify_agency_head' },
  { afterSeconds: 1200, action: 'wall_red' },
];
const DINKES_STEPS = [
  { afterSeconds: 60, action: 'notify_agency_head' },
  { afterSeconds: 120, action: 'notify_supervisor' },
  { afterSeconds: 300, action: 'wall_red' },
];

describe.skipIf(!redisAvailable())(
  'escalation policies: default from the environment, per agency, on every instance',
  () => {
    let redis: TestRedis;
    let a: TestServer;
    let b: TestServer;
    let adminA: Session;
    let adminB: Session;
    let key: string;

    beforeAll(async () => {
      redis = await startRedis();
      const env = {
        ...ONE_ALERT_PER_INCIDENT,
        REDIS_URL: redis.url,
        PANTAU_ESCALATION_STEPS: '600:notify_agency_head,1200:wall_red',
      };
      [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
      [adminA, adminB] = await Promise.all([loginAdmin(a.baseUrl), loginAdmin(b.baseUrl)]);
      key = await createIngestKey(b.baseUrl);
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.dispose();
    });

    const policies = async (s: Session) => {
      const r = await s.request('GET', '/api/v1/escalation-policies');
      expect(r.status).toBe(200);
      return dataOf<{ items: EscalationPolicy[] }>(r).items;
    };
    const policyOn = async (s: Session, id: string) => (await policies(s)).find((p) => p.id === id);
    /** Opens an alert for `agencyId` through ingest on B, and reads it back by id. */
    const alertFor = async (agencyId: string): Promise<Alert> => {
      const opened = await openAlert(b.baseUrl, key, adminB, incident(uid(agencyId), { agencyId }));
      expect(opened.agencyId).toBe(agencyId);
      return dataOf<Alert>(await adminA.request('GET', `/api/v1/alerts/${opened.id}`));
    };

    it('lists only the default, from PANTAU_ESCALATION_STEPS, until someone edits', async () => {
      expect(await policies(adminA)).toEqual([
        {
          id: 'default',
          agencyId: null,
          steps: ENV_STEPS,
          updatedAt: null,
          updatedBy: null,
          version: 0,
          source: 'env',
        },
      ]);
      const bpbd = await alertFor('bpbd');
      expect(bpbd.escalation).toEqual({ policyId: 'default', steps: ENV_STEPS, generation: 1 });
    });

    it("snapshots an agency's own policy onto its new alerts, while another agency's alert keeps the default", async () => {
      const put = await adminA.request('PUT', '/api/v1/escalation-policies/dinkes', { steps: DINKES_STEPS });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(dataOf(put)).toMatchObject({
        id: 'dinkes',
        agencyId: 'dinkes',
        steps: DINKES_STEPS,
        version: 1,
        source: 'store',
        updatedBy: 'admin',
      });
      // B (where the incidents come in) learns of it through the channel.
      await waitFor(() => policyOn(adminB, 'dinkes'), 'the dinkes policy on B');
      expect((await policies(adminB)).map((p) => p.id)).toEqual(['default', 'dinkes']);

      const dinkes = await alertFor('dinkes');
      expect(dinkes.escalation).toEqual({ policyId: 'dinkes', steps: DINKES_STEPS, generation: 1 });
      const dishub = await alertFor('dishub');
      expect(dishub.escalation).toEqual({ policyId: 'default', steps: ENV_STEPS, generation: 1 });

      // Editing the policy later leaves the open alert's snapshot alone.
      const later = [{ afterSeconds: 30, action: 'wall_red' }];
      expect(
        (
          await adminB.request('PUT', '/api/v1/escalation-policies/dinkes', {
            steps: later,
            expectedVersion: 1,
          })
        ).status,
      ).toBe(200);
      await waitFor(async () => (await policyOn(adminA, 'dinkes'))?.version === 2, 'version 2 on A');
      expect(
        dataOf<Alert>(await adminA.request('GET', `/api/v1/alerts/${dinkes.id}`)).escalation?.steps,
      ).toEqual(DINKES_STEPS);
      const audit = dataOf<{
        items: { action: string; target?: string; details?: { before: unknown; after: unknown } }[];
      }>(await adminA.request('GET', '/api/v1/audit?limit=1000')).items;
      expect(
        audit.find(
          (e) =>
            e.action === 'escalation_policy.update' &&
            e.target === 'dinkes' &&
            (e.details?.before as { version?: number } | null)?.version === 1,
        ),
      ).toMatchObject({
        details: { before: { steps: DINKES_STEPS }, after: { steps: later, version: 2 } },
      });
    });

    it('refuses bad steps with the problem located, and changes nothing', async () => {
      const cases: [unknown, string][] = [
        [
          {
            steps: [
              { afterSeconds: 300, action: 'wall_red' },
              { afterSeconds: 300, action: 'notify_supervisor' },
            ],
          },
          'steps.1.afterSeconds',
        ],
        [{ steps: [{ afterSeconds: 0, action: 'wall_red' }] }, 'steps.0.afterSeconds'],
        [{ steps: [{ afterSeconds: 1.5, action: 'wall_red' }] }, 'steps.0.afterSeconds'],
        [{ steps: [{ afterSeconds: 60, action: 'call_the_mayor' }] }, 'steps.0.action'],
        [
          {
            steps: Array.from({ length: 11 }, (_, i) => ({ afterSeconds: (i + 1) * 60, action: 'wall_red' })),
          },
          'steps',
        ],
        [{ steps: [], extra: true }, ''],
      ];
      for (const [body, path] of cases) {
        const r = await adminA.request('PUT', '/api/v1/escalation-policies/bpbd', body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(
          errorOf(r).issues?.map((i) => i.path.join('.')),
          JSON.stringify(body),
        ).toContain(path);
      }
      expect(await policyOn(adminA, 'bpbd')).toBeUndefined();
    });

    it('answers 409 to a stale expectedVersion, 404 to an unknown agency, and edits the default', async () => {
      const stale = await adminA.request('PUT', '/api/v1/escalation-policies/default', {
        steps: [{ afterSeconds: 60, action: 'wall_red' }],
        expectedVersion: 3,
      });
      expect(stale.status).toBe(409);
      expect(errorOf(stale).code).toBe('conflict');
      expect((await policyOn(adminA, 'default'))?.source).toBe('env');
      expect(
        (await adminA.request('PUT', '/api/v1/escalation-policies/no-such-agency', { steps: [] })).status,
      ).toBe(404);

      const steps = [{ afterSeconds: 90, action: 'notify_supervisor' }];
      const edited = await adminA.request('PUT', '/api/v1/escalation-policies/default', {
        steps,
        expectedVersion: 0,
      });
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      expect(dataOf(edited)).toMatchObject({
        id: 'default',
        agencyId: null,
        steps,
        version: 1,
        source: 'store',
      });
      // A second writer who read version 0 loses.
      expect(
        (
          await adminB.request('PUT', '/api/v1/escalation-policies/default', {
            steps: [],
            expectedVersion: 0,
          })
        ).status,
      ).toBe(409);
      await waitFor(
        async () => (await policyOn(adminB, 'default'))?.source === 'store',
        'the edited default on B',
      );
      const bpbd = await alertFor('bpbd');
      expect(bpbd.escalation).toEqual({ policyId: 'default', steps, generation: 1 });
    });

    it("deletes an agency's own policy (it falls back to the default), never the default itself", async () => {
      const del = await adminB.request('DELETE', '/api/v1/escalation-policies/dinkes');
      expect(del.status).toBe(204);
      expect(await policyOn(adminB, 'dinkes')).toBeUndefined();
      await waitFor(async () => (await policyOn(adminA, 'dinkes')) === undefined, 'the deletion on A');
      expect((await adminA.request('DELETE', '/api/v1/escalation-policies/dinkes')).status).toBe(404);
      const def = await adminA.request('DELETE', '/api/v1/escalation-policies/default');
      expect(def.status).toBe(409);
      expect(errorOf(def).code).toBe('default_policy');
      const dinkes = await alertFor('dinkes');
      expect(dinkes.escalation?.policyId).toBe('default');
      expect(dinkes.escalation?.steps).toEqual([{ afterSeconds: 90, action: 'notify_supervisor' }]);
      // A new own policy after the deletion starts from what the client saw (no policy, version 0).
      expect(
        (
          await adminA.request('PUT', '/api/v1/escalation-policies/dinkes', {
            steps: DINKES_STEPS,
            expectedVersion: 0,
          })
        ).status,
      ).toBe(200);
      const items = dataOf<{ items: { action: string; target?: string }[] }>(
        await adminA.request('GET', '/api/v1/audit?limit=1000'),
      ).items;
      expect(items.some((e) => e.action === 'escalation_policy.delete' && e.target === 'dinkes')).toBe(true);
    });

    it('works for an agency created through the API, and lets only admins and supervisors edit', async () => {
      const body = {
        id: 'dinas-baru',
        name: 'Dinas Baru',
        shortName: 'Baru',
        kind: 'dinas',
        location: [116.86, -1.24],
      };
      expect((await adminA.request('POST', '/api/v1/agencies', body)).status).toBe(201);
      const put = await waitFor(async () => {
        const r = await adminB.request('PUT', '/api/v1/escalation-policies/dinas-baru', {
          steps: DINKES_STEPS,
        });
        return r.status === 404 ? null : r;
      }, 'the new agency on B');
      expect(put.status).toBe(200);
      const alert = await alertFor('dinas-baru');
      expect(alert.escalation?.policyId).toBe('dinas-baru');

      const [supervisor, operator, liaison] = await Promise.all([
        createUser(adminA, 'supervisor').then((u) => loginAs(a.baseUrl, u)),
        createUser(adminA, 'operator').then((u) => loginAs(a.baseUrl, u)),
        createUser(adminA, 'liaison', 'bpbd').then((u) => loginAs(a.baseUrl, u)),
      ]);
      for (const s of [operator, liaison]) {
        expect((await policies(s)).length).toBeGreaterThan(1);
        const r = await s.request('PUT', '/api/v1/escalation-policies/bpbd', { steps: [] });
        expect(r.status).toBe(403);
        expect(errorOf(r).code).toBe('forbidden');
        expect((await s.request('DELETE', '/api/v1/escalation-policies/dinas-baru')).status).toBe(403);
      }
      expect(await policyOn(adminA, 'bpbd')).toBeUndefined();
      expect(
        (await supervisor.request('PUT', '/api/v1/escalation-policies/bpbd', { steps: [] })).status,
      ).toBe(200);
      expect(await policyOn(adminA, 'bpbd')).toMatchObject({
        steps: [],
        updatedBy: expect.stringMatching(/^supervisor-/) as unknown,
      });
    });
  },
);
