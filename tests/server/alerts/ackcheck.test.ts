import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/schemas/index.js';
import { createIngestKey, incident, ingest, login, type Session } from '../../helpers/api.js';
import { startServer, type TestServer, ONE_ALERT_PER_INCIDENT } from '../../helpers/server.js';

describe('"still working?": an acknowledged alert must be confirmed or it returns to new', () => {
  let server: TestServer;
  let sup: Session;
  let key: string;
  beforeAll(async () => {
    server = await startServer({
      env: {
        ...ONE_ALERT_PER_INCIDENT,
        PANTAU_ACK_CONFIRM_SECONDS: '2',
        PANTAU_ACK_CONFIRM_GRACE_SECONDS: '2',
      },
    });
    sup = await login(server.baseUrl);
    key = await createIngestKey(server.baseUrl);
  });
  afterAll(() => server.stop());

  async function openAndAck(id: string): Promise<Alert> {
    await ingest(server.baseUrl, key, '/api/v1/incidents', incident(id, { category: 'fire' }));
    const list = await sup.request('GET', '/api/v1/alerts');
    const alert = (list.body as { data: { items: Alert[] } }).data.items.find(
      (a) => a.dedupeKey === `incident:${id}`,
    );
    if (!alert) throw new Error('no alert');
    const ack = await sup.request('POST', `/api/v1/alerts/${alert.id}/ack`, { note: 'tim berangkat' });
    expect(ack.status).toBe(200);
    return (ack.body as { data: Alert }).data;
  }
  async function waitFor(id: string, pred: (a: Alert) => boolean): Promise<Alert> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const r = await sup.request('GET', `/api/v1/alerts/${id}`);
      const a = (r.body as { data: Alert }).data;
      if (pred(a)) return a;
      if (Date.now() > deadline)
        throw new Error(`alert ${id} never matched; last: ${JSON.stringify(a.timeline)}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  }

  it('asks, and a confirmation keeps it acknowledged', async () => {
    const a = await openAndAck(`ack-confirm-${Date.now()}`);
    const asked = await waitFor(a.id, (x) => !!x.confirmRequestedAt);
    expect(asked.status).toBe('acknowledged');
    expect(asked.timeline.at(-1)?.action).toBe('confirm_requested');
    const c = await sup.request('POST', `/api/v1/alerts/${a.id}/confirm`, { note: 'masih dikerjakan' });
    expect(c.status).toBe(200);
    const confirmed = (c.body as { data: Alert }).data;
    expect(confirmed.confirmRequestedAt).toBeNull();
    expect(confirmed.timeline.at(-1)).toMatchObject({
      action: 'confirmed',
      by: 'admin',
      note: 'masih dikerjakan',
    });
    // The stale revert timer must not re-open it: still acknowledged after the grace has passed.
    await new Promise((r) => setTimeout(r, 2_600));
    const later = await waitFor(a.id, () => true);
    expect(later.timeline.some((t) => t.action === 'reopened')).toBe(false);
  });

  it('without a confirmation it returns to new and nobody is on it', async () => {
    const a = await openAndAck(`ack-lapse-${Date.now()}`);
    const reopened = await waitFor(a.id, (x) => x.status === 'new');
    expect(reopened.acknowledgedBy).toBeNull();
    expect(reopened.timeline.map((t) => t.action)).toEqual(
      expect.arrayContaining(['acknowledged', 'confirm_requested', 'reopened']),
    );
    expect(reopened.escalation?.generation).toBe(2);
  });

  it('confirming an alert that is not acknowledged is a 409', async () => {
    await ingest(
      server.baseUrl,
      key,
      '/api/v1/incidents',
      incident(`ack-none-${Date.now()}`, { category: 'fire' }),
    );
    const list = await sup.request('GET', '/api/v1/alerts?status=new');
    const fresh = (list.body as { data: { items: Alert[] } }).data.items[0];
    const r = await sup.request('POST', `/api/v1/alerts/${fresh?.id ?? ''}/confirm`, {});
    expect(r.status).toBe(409);
  });
});
