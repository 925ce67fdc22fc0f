import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROUTES as TABLE } from '../../shared/api/index.js';
import type { RouteSpec } from '../../shared/api/route.js';

/** The table as plain specs (its literal types are for the server's handlers). */
const ROUTES: readonly RouteSpec[] = TABLE;
import { mountedRoutes } from '../../server/http/contract.js';
import { createIngestKey, incident, ingest, login, type Session } from '../helpers/api.js';
import { createUser, loginAs } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
}

describe('the route table and the generated API description', () => {
  let server: TestServer;
  let admin: Session;
  let doc: Doc;

  beforeAll(async () => {
    // Started under PANTAU_CONTRACT_CHECK (tests/helpers/server.ts): a mounted route missing from the
    // table stops the start, and an answer that does not match its schema fails this file at stop.
    server = await startServer();
    admin = await login(server.baseUrl);
    const r = await fetch(`${server.baseUrl}/api/v1/openapi.json`);
    expect(r.status).toBe(200);
    doc = (await r.json()) as Doc;
  });
  afterAll(() => server?.stop());

  it('declares every route once, and the OpenAPI 3.1 document describes each with its answer schema', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(doc.openapi).toBe('3.1.0');
    for (const r of ROUTES) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      for (const [status, res] of Object.entries(r.responses)) {
        const content = op?.responses[status]?.content;
        if (res.schema)
          expect(content?.['application/json']?.schema, `${r.method} ${r.path} ${status}`).toBeDefined();
      }
    }
    // Every alert command has its route.
    for (const action of ['ack', 'resolve', 'snooze', 'assign', 'escalate', 'confirm'])
      expect(doc.paths[`/api/v1/alerts/{id}/${action}`]?.post).toBeDefined();
    expect(Object.values(doc.paths).flatMap((p) => Object.keys(p)).length).toBeGreaterThanOrEqual(60);
  });

  it('declares every list answer as `{ data: { items } }`, never a bare `{ data: [...] }`', () => {
    const bare = ROUTES.flatMap((r) =>
      Object.entries(r.responses)
        .filter(([, res]) => res.schema instanceof z.ZodObject && res.schema.shape.data instanceof z.ZodArray)
        .map(([status]) => `${r.method} ${r.path} ${status}`),
    );
    expect(bare).toEqual([]);
  });

  it('answers every list and detail route as declared, for an admin and for a liaison', async () => {
    const key = await createIngestKey(server.baseUrl);
    await ingest(server.baseUrl, key, '/api/v1/incidents', [
      incident('contract-1', { severity: 'severe', category: 'flood' }),
      incident('contract-2', { severity: 'minor' }),
    ]);
    const liaison = await loginAs(server.baseUrl, await createUser(admin, 'liaison', 'bpbd'));
    // Every JSON read without a path parameter (probes and the API description included).
    const gets = ROUTES.filter(
      (r) => r.method === 'get' && !r.path.includes(':') && r.responses[200]?.schema,
    );
    expect(gets.length).toBeGreaterThan(15);
    for (const who of [admin, liaison])
      for (const r of gets) {
        const res = await who.request('GET', r.path);
        expect(res.status, `${r.path}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(500);
      }
    const alerts = (await admin.request('GET', '/api/v1/alerts')).body as {
      data: { items: { id: string }[] };
    };
    const id = alerts.data.items[0]?.id ?? '';
    expect(id).not.toBe('');
    expect((await admin.request('GET', `/api/v1/alerts/${id}`)).status).toBe(200);
    expect((await admin.request('POST', `/api/v1/alerts/${id}/ack`, { note: 'di jalan' })).status).toBe(200);
    expect((await admin.request('GET', '/api/v1/agencies/bpbd/response-times')).status).toBe(200);
    expect((await admin.request('GET', '/api/v1/agencies/bpbd/sla')).status).toBe(200);
  });
});

describe('mounted routes as Express has them', () => {
  it('lists nested routers with their mount paths and every method', () => {
    const app = express();
    const api = express.Router();
    const inner = express.Router();
    inner.get('/things/:id', (_q, s) => void s.end());
    inner.post('/things/:id', (_q, s) => void s.end());
    api.use(inner);
    api.delete('/other', (_q, s) => void s.end());
    app.use('/api/v1', api);
    app.get('/healthz', (_q, s) => void s.end());
    expect(mountedRoutes(app)).toEqual([
      { method: 'get', path: '/api/v1/things/:id' },
      { method: 'post', path: '/api/v1/things/:id' },
      { method: 'delete', path: '/api/v1/other' },
      { method: 'get', path: '/healthz' },
    ]);
  });
});
