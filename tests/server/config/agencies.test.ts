import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency } from '../../../shared/schemas/index.js';
import type { Session } from '../../helpers/api.js';
import { createUser, dataOf, errorOf, loginAdmin, loginAs, uid } from '../../helpers/http.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

interface AuditItem {
  action: string;
  target?: string;
  actor: { name: string | null; role: string | null };
  details?: { before: unknown; after: unknown };
}

const agencyBody = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: 'Dinas Uji Coba Kota Balikpapan',
  shortName: 'Dinas Uji',
  kind: 'dinas',
  location: [116.85, -1.25],
  ...over,
});

describe.skipIf(!redisAvailable())('agencies are editable through the API, on every instance', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let adminA: Session;
  let adminB: Session;

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([
      startServer({ env: { REDIS_URL: redis.url } }),
      startServer({ env: { REDIS_URL: redis.url } }),
    ]);
    [adminA, adminB] = await Promise.all([loginAdmin(a.baseUrl), loginAdmin(b.baseUrl)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
  });

  const agencies = async (s: Session) =>
    dataOf<{ items: Agency[] }>(await s.request('GET', '/api/v1/agencies')).items;
  const find = async (s: Session, id: string) => (await agencies(s)).find((x) => x.id === id);
  const audit = async (s: Session) =>
    dataOf<{ items: AuditItem[] }>(await s.request('GET', '/api/v1/audit?limit=1000')).items;

  it('creates an agency on A (defaults applied), lists it on B, edits it on B and shows the edit on A, all audited', async () => {
    const id = 'dinas-uji';
    const created = await adminA.request('POST', '/api/v1/agencies', agencyBody(id));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(dataOf(created)).toMatchObject({ id, verified: true, approximate: false, shortName: 'Dinas Uji' });
    // Listed at once on the instance that made it, and after the notice on the other.
    expect(await find(adminA, id)).toMatchObject({ id, verified: true });
    await waitFor(() => find(adminB, id), 'the new agency on B');
    expect((await adminB.request('POST', '/api/v1/agencies', agencyBody(id))).status).toBe(409);

    const put = await adminB.request(
      'PUT',
      `/api/v1/agencies/${id}`,
      agencyBody(id, { shortName: 'Dinas Uji (baru)', verified: false }),
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(dataOf(put)).toMatchObject({ id, shortName: 'Dinas Uji (baru)', verified: false });
    await waitFor(async () => (await find(adminA, id))?.shortName === 'Dinas Uji (baru)', 'the edit on A');

    // The edited agency is usable at once elsewhere: a liaison can be bound to it on A.
    const liaison = await createUser(adminA, 'liaison', id);
    expect(liaison.agencyId).toBe(id);

    const items = await audit(adminA);
    const create = items.find((e) => e.action === 'agency.create' && e.target === id);
    const update = items.find((e) => e.action === 'agency.update' && e.target === id);
    expect(create).toMatchObject({
      actor: { name: 'admin', role: 'admin' },
      details: { before: null, after: { id, shortName: 'Dinas Uji' } },
    });
    expect(update).toMatchObject({
      details: {
        before: { shortName: 'Dinas Uji' },
        after: { shortName: 'Dinas Uji (baru)', verified: false },
      },
    });
  });

  it('refuses bad input with the problem named, a body id unlike the path, and an unknown id', async () => {
    const bad = await adminA.request(
      'POST',
      '/api/v1/agencies',
      agencyBody('bad agency!', { kind: 'ministry', location: [200, -1.2] }),
    );
    expect(bad.status).toBe(400);
    const paths = (errorOf(bad).issues ?? []).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'kind', 'location.0']));
    expect(
      (await adminA.request('POST', '/api/v1/agencies', { ...agencyBody('extra-field'), colour: 'red' }))
        .status,
    ).toBe(400);
    expect(await find(adminA, 'extra-field')).toBeUndefined();

    const mismatch = await adminA.request('PUT', '/api/v1/agencies/dlh', agencyBody('dishub'));
    expect(mismatch.status).toBe(400);
    expect(errorOf(mismatch).issues?.[0]?.path).toEqual(['id']);
    expect(
      (await adminA.request('PUT', '/api/v1/agencies/no-such-agency', agencyBody('no-such-agency'))).status,
    ).toBe(404);
    expect((await adminA.request('DELETE', '/api/v1/agencies/no-such-agency')).status).toBe(404);
  });

  it('refuses to delete an agency still named by a service or a user (409 in_use), then deletes it everywhere', async () => {
    const id = 'dinas-sementara';
    expect((await adminA.request('POST', '/api/v1/agencies', agencyBody(id))).status).toBe(201);
    const svc = await adminA.request('POST', '/api/v1/services', {
      id: 'svc-sementara',
      agencyId: id,
      name: 'Layanan sementara',
      kind: 'website',
    });
    expect(svc.status, JSON.stringify(svc.body)).toBe(201);
    const liaison = await createUser(adminA, 'liaison', id);
    await waitFor(() => find(adminB, id), 'the agency on B');

    const refused = await adminB.request('DELETE', `/api/v1/agencies/${id}`);
    expect(refused.status).toBe(409);
    const err = errorOf(refused);
    expect(err.code).toBe('in_use');
    expect(err.issues?.map((i) => i.path)).toEqual([['services'], ['users']]);
    expect(err.issues?.[0]?.message).toContain('svc-sementara');
    expect(err.issues?.[1]?.message).toContain(liaison.username);
    expect(await find(adminA, id)).toBeDefined();

    expect((await adminA.request('DELETE', '/api/v1/services/svc-sementara')).status).toBe(204);
    expect((await adminA.request('DELETE', `/api/v1/users/${liaison.id}`)).status).toBe(204);
    // B learns of the service's removal through the catalogue channel before it can agree.
    const deleted = await waitFor(async () => {
      const r = await adminB.request('DELETE', `/api/v1/agencies/${id}`);
      return r.status === 409 ? null : r;
    }, 'the agency to be free on B');
    expect(deleted.status).toBe(204);
    expect(await find(adminB, id)).toBeUndefined();
    await waitFor(async () => (await find(adminA, id)) === undefined, 'the deletion on A');
    expect((await adminA.request('DELETE', `/api/v1/agencies/${id}`)).status).toBe(404);
    // A liaison can no longer be bound to it.
    expect(
      (
        await adminA.request('POST', '/api/v1/users', {
          username: `l-${uid()}`.toLowerCase(),
          password: 'a-long-enough-password',
          role: 'liaison',
          agencyId: id,
        })
      ).status,
    ).toBe(400);
    expect((await audit(adminA)).find((e) => e.action === 'agency.delete' && e.target === id)).toMatchObject({
      details: { before: { id }, after: null },
    });
  });

  it('never deletes the command center, nor an agency routing rules send alerts to', async () => {
    for (const id of ['command-center', 'damkar']) {
      const r = await adminA.request('DELETE', `/api/v1/agencies/${id}`);
      expect(r.status).toBe(409);
      expect(errorOf(r).code).toBe('in_use');
      expect(errorOf(r).issues?.some((i) => i.path[0] === 'routing')).toBe(true);
      expect(await find(adminA, id)).toBeDefined();
    }
  });

  it('lists the new endpoints in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${a.baseUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/v1/agencies'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/v1/agencies/{id}'] ?? {})).toEqual(
      expect.arrayContaining(['put', 'delete']),
    );
    expect(Object.keys(doc.paths['/api/v1/escalation-policies'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/escalation-policies/{id}'] ?? {})).toEqual(
      expect.arrayContaining(['put', 'delete']),
    );
  });

  it('lets supervisors edit agencies but not operators or liaisons', async () => {
    const [supervisor, operator, liaison] = await Promise.all([
      createUser(adminA, 'supervisor').then((u) => loginAs(a.baseUrl, u)),
      createUser(adminA, 'operator').then((u) => loginAs(a.baseUrl, u)),
      createUser(adminA, 'liaison', 'bpbd').then((u) => loginAs(a.baseUrl, u)),
    ]);
    for (const s of [operator, liaison]) {
      const r = await s.request('POST', '/api/v1/agencies', agencyBody('dinas-terlarang'));
      expect(r.status).toBe(403);
      expect(errorOf(r).code).toBe('forbidden');
      expect((await s.request('PUT', '/api/v1/agencies/dlh', agencyBody('dlh'))).status).toBe(403);
      expect((await s.request('DELETE', '/api/v1/agencies/dinas-uji')).status).toBe(403);
      // Every principal still reads the list.
      expect((await agencies(s)).length).toBeGreaterThan(30);
    }
    expect(await find(adminA, 'dinas-terlarang')).toBeUndefined();
    const ok = await supervisor.request('POST', '/api/v1/agencies', agencyBody('dinas-supervisor'));
    expect(ok.status).toBe(201);
    expect(
      await waitFor(() => find(adminB, 'dinas-supervisor'), "the supervisor's agency on B"),
    ).toMatchObject({ id: 'dinas-supervisor', verified: true });
  });
});
