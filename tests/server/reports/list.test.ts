/**
 * The triage list read through the report indexes: each status filter shows exactly its reports,
 * newest first, and a verified report moves with its alert (acknowledged → in progress, resolved →
 * closed) although its stored status stays verified.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Report } from '../../../shared/schemas/index.js';
import { createIngestKey, type Session } from '../../helpers/api.js';
import { alertForIncident, createUser, dataOf, loginAdmin, loginAs } from '../../helpers/http.js';
import { startRedis, type TestRedis } from '../../helpers/redis.js';
import { ONE_ALERT_PER_INCIDENT, startServer, type TestServer } from '../../helpers/server.js';
import { describeOnStores } from '../../helpers/stores.js';
import { GiveUp, waitFor } from '../../helpers/wait.js';
import { fileOpen311, fileWeb, pause, triageIds, triageList } from './helpers.js';

const KELURAHAN = ['64.71.01.1001', '64.71.02.1003', '64.71.04.1001', '64.71.05.1002'];

describeOnStores('the triage list through the report indexes', (store) => {
  let redis: TestRedis | null = null;
  let server: TestServer;
  let base: string;
  let admin: Session;
  let operator: Session;
  /** Report numbers in filing order (oldest first). */
  const filed: string[] = [];
  const newestFirst = (ids: string[]) => filed.filter((id) => ids.includes(id)).reverse();

  beforeAll(async () => {
    redis = store.redis ? await startRedis() : null;
    server = await startServer({
      env: {
        ...(redis ? { REDIS_URL: redis.url } : {}),
        ...ONE_ALERT_PER_INCIDENT,
        PANTAU_MEDIA_DIR: mkdtempSync(path.join(tmpdir(), 'pantau-media-')),
        PANTAU_REPORTS_PER_HOUR: '1000',
      },
    });
    base = server.baseUrl;
    admin = await loginAdmin(base);
    operator = await loginAs(base, await createUser(admin, 'operator'));
    const key = await createIngestKey(base, ['reports:write']);
    // Twelve reports: floods (routed to BPBD, so a verified one opens an alert) and others,
    // by the form and by Open311, a millisecond or more apart.
    for (let i = 0; i < 12; i++) {
      const category = i % 3 === 1 ? 'banjir' : i % 3 === 0 ? 'sampah' : 'lampu-jalan';
      filed.push(
        i % 4 === 3
          ? await fileOpen311(base, key, {
              service_code: category,
              lat: '-1.2379',
              long: '116.8529',
              description: `Laporan ${i} lewat Open311`,
            })
          : await fileWeb(base, {
              category,
              description: `Laporan ${i} lewat formulir`,
              kelurahan: KELURAHAN[i % KELURAHAN.length] ?? '',
            }),
      );
      await pause(3);
    }
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.dispose();
  });

  it('shows each status exactly, newest first; all shows every report with the status it shows', async () => {
    const at = (i: number) => filed[i] ?? '';
    expect(await triageIds(operator, 'all')).toEqual([...filed].reverse());
    // Untouched: the default filter is the new ones.
    expect(await triageIds(operator)).toEqual([...filed].reverse());

    const verified = [at(1), at(4), at(7)];
    for (const id of verified)
      expect((await operator.request('POST', `/api/v1/reports/${id}/verify`, {})).status).toBe(200);
    const rejected = [at(2), at(9)];
    for (const id of rejected)
      expect(
        (await operator.request('POST', `/api/v1/reports/${id}/reject`, { reason: 'Bukan masalah kota' }))
          .status,
      ).toBe(200);
    expect((await operator.request('POST', `/api/v1/reports/${at(5)}/merge`, { into: at(3) })).status).toBe(
      200,
    );
    const touched = [...verified, ...rejected, at(5)];
    const fresh = filed.filter((id) => !touched.includes(id));

    expect(await triageIds(operator, 'new')).toEqual(newestFirst(fresh));
    expect(await triageIds(operator)).toEqual(newestFirst(fresh));
    expect(await triageIds(operator, 'verified')).toEqual(newestFirst(verified));
    expect(await triageIds(operator, 'rejected')).toEqual(newestFirst(rejected));
    expect(await triageIds(operator, 'merged')).toEqual([at(5)]);
    expect(await triageIds(operator, 'in_progress')).toEqual([]);
    expect(await triageIds(operator, 'closed')).toEqual([]);
    const all = await triageList(operator, 'all');
    expect(all.map(([id]) => id)).toEqual([...filed].reverse());
    const shown = new Map(all);
    for (const id of verified) expect(shown.get(id)).toBe('verified');
    for (const id of rejected) expect(shown.get(id)).toBe('rejected');
    expect(shown.get(at(5))).toBe('merged');
    for (const id of fresh) expect(shown.get(id)).toBe('new');
  });

  it('a verified report follows its alert: acknowledged → in progress, resolved → closed', async () => {
    const at = (i: number) => filed[i] ?? '';
    const incidentOf = async (id: string) => {
      const all = dataOf<{ items: Report[] }>(await operator.request('GET', '/api/v1/reports?status=all'));
      return all.items.find((r) => r.id === id)?.incidentId ?? '';
    };
    const alertOf = async (id: string) => {
      const inc = await incidentOf(id);
      if (!inc) throw new GiveUp(`${id} was not verified`);
      return waitFor(() => alertForIncident(admin, inc), `the alert of ${id}`);
    };
    // at(4) and at(7) are floods: acknowledge both, resolve the older; at(1) stays verified.
    const a4 = await alertOf(at(4));
    const a7 = await alertOf(at(7));
    expect((await admin.request('POST', `/api/v1/alerts/${a4.id}/ack`, {})).status).toBe(200);
    expect((await admin.request('POST', `/api/v1/alerts/${a7.id}/ack`, {})).status).toBe(200);
    expect(await triageIds(operator, 'verified')).toEqual([at(1)]);
    expect(await triageIds(operator, 'in_progress')).toEqual([at(7), at(4)]);
    expect(await triageIds(operator, 'closed')).toEqual([]);

    expect(
      (await admin.request('POST', `/api/v1/alerts/${a4.id}/resolve`, { code: 'true_positive' })).status,
    ).toBe(200);
    expect(await triageIds(operator, 'verified')).toEqual([at(1)]);
    expect(await triageIds(operator, 'in_progress')).toEqual([at(7)]);
    expect(await triageIds(operator, 'closed')).toEqual([at(4)]);
    const shown = new Map(await triageList(operator, 'all'));
    expect([shown.get(at(1)), shown.get(at(7)), shown.get(at(4))]).toEqual([
      'verified',
      'in_progress',
      'closed',
    ]);
    // The merged duplicate stays merged in the queue whatever its original does.
    expect(await triageIds(operator, 'merged')).toEqual([at(5)]);
  });
});
