import { Router } from 'express';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ServiceSchema, type Check, type Service } from '../../shared/schemas/index.js';
import { actorOf, auditEntry } from '../auth/audit.js';
import { principalOf, requireAction } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { ConflictError, HttpError, ValidationError } from '../http/errors.js';
import { parseOr400, wrap } from '../http/validate.js';
import { COLL, allDocs, getDoc, putDoc } from '../store/docs.js';
import { defaultCheck, type ServicePlan } from './services.js';

/** Services added, changed or removed through the API; they override the catalogue and the services file. */
const DEFS = 'service-defs';
const CHANNEL = 'catalog';

interface ServiceDef {
  id: string;
  service: Service | null;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}

/** A service as the API and the services file take it (same shape both ways). */
const ServiceInputSchema = ServiceSchema.extend({ verified: z.boolean().default(true) }).strict();

/**
 * Rebuilds this instance's catalogue and check map from the start-up plan plus the stored edits,
 * in place, so every router, the live hub and the scheduler see the same objects.
 */
export async function refreshCatalog(ctx: Ctx, base: ServicePlan, checks: Map<string, Check>): Promise<void> {
  const defs = await allDocs<ServiceDef>(ctx.store, DEFS);
  const byId = new Map(base.catalog.services.map((s) => [s.id, s]));
  const nextChecks = new Map(base.checks);
  for (const d of defs) {
    if (!d.service) {
      byId.delete(d.id);
      nextChecks.delete(d.id);
      continue;
    }
    const { check: _c, ...shown } = d.service;
    byId.set(d.id, shown);
    const check = defaultCheck(d.service);
    if (check) nextChecks.set(d.id, check);
    else nextChecks.delete(d.id);
  }
  ctx.catalog.services = [...byId.values()];
  ctx.catalog.serviceById = byId;
  checks.clear();
  for (const [id, c] of nextChecks) checks.set(id, c);
}

/** Keeps the catalogue current on every instance: reload now and whenever any instance edits it. */
export async function watchCatalog(ctx: Ctx, base: ServicePlan, checks: Map<string, Check>, onChange: () => Promise<void>): Promise<() => void> {
  await refreshCatalog(ctx, base, checks);
  return ctx.store.subscribe(CHANNEL, () => {
    refreshCatalog(ctx, base, checks)
      .then(onChange)
      .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'catalog reload failed'));
  });
}

/** The whole catalogue in services-file form, checks included (for admins: headers may carry secrets). */
async function exportServices(ctx: Ctx, base: ServicePlan): Promise<{ services: Service[] }> {
  const defs = new Map((await allDocs<ServiceDef>(ctx.store, DEFS)).map((d) => [d.id, d]));
  const services = ctx.catalog.services.map((s) => {
    const def = defs.get(s.id)?.service;
    if (def) return def;
    const check = base.checks.get(s.id);
    return check ? { ...s, check } : s;
  });
  return { services };
}

/** `POST /services`, `PUT /services/:id`, `DELETE /services/:id`, `GET /services/export?format=yaml|json`. */
export function catalogEditRouter(ctx: Ctx, base: ServicePlan): Router {
  const r = Router();
  const save = async (id: string, service: Service | null, res: Parameters<Parameters<typeof wrap>[0]>[1], ip: string | null, action: string) => {
    const cur = await getDoc<ServiceDef>(ctx.store, DEFS, id);
    const now = ctx.now().toISOString();
    const p = principalOf(res);
    const def: ServiceDef = { id, service, updatedAt: now, updatedBy: p?.kind === 'user' ? p.username : null, version: (cur?.version ?? 0) + 1 };
    const entry = auditEntry(ctx, { action, actor: actorOf(p), ip, channel: 'http', target: id, details: { before: cur?.service ?? ctx.catalog.serviceById.get(id) ?? null, after: service } });
    const result = await ctx.store.commit({ puts: [putDoc(DEFS, id, def, cur ? cur.version : 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')] });
    if (!result.ok) throw new ConflictError('The service changed meanwhile; retry.');
    await ctx.store.publish(CHANNEL, id);
  };
  const parse = (body: unknown): Service => {
    const s = parseOr400(ServiceInputSchema, body);
    if (!ctx.catalog.agencyById.has(s.agencyId)) throw new ValidationError([{ path: ['agencyId'], message: `unknown agency "${s.agencyId}"` }]);
    return s;
  };

  r.get('/services/export', requireAction('config:write'), wrap(async (req, res) => {
    const doc = await exportServices(ctx, base);
    if (req.query.format === 'json') {
      res.setHeader('Content-Disposition', 'attachment; filename="pantau-services.json"');
      res.json(doc);
      return;
    }
    res.setHeader('Content-Disposition', 'attachment; filename="pantau-services.yaml"');
    res.type('application/yaml').send(stringify(doc));
  }));
  r.post('/services', requireAction('config:write'), wrap(async (req, res) => {
    const s = parse(req.body);
    if (ctx.catalog.serviceById.has(s.id)) throw new ConflictError(`Service "${s.id}" exists; use PUT to change it.`);
    await save(s.id, s, res, req.ip ?? null, 'service.create');
    res.status(201).json({ data: s });
  }));
  r.put('/services/:id', requireAction('config:write'), wrap(async (req, res) => {
    const id = String(req.params.id);
    const s = parse(req.body);
    if (s.id !== id) throw new ValidationError([{ path: ['id'], message: `must be "${id}" (the id in the path)` }]);
    if (!ctx.catalog.serviceById.has(id)) throw new HttpError(404, 'not_found', 'No such service.');
    await save(id, s, res, req.ip ?? null, 'service.update');
    res.json({ data: s });
  }));
  r.delete('/services/:id', requireAction('config:write'), wrap(async (req, res) => {
    const id = String(req.params.id);
    if (!ctx.catalog.serviceById.has(id)) throw new HttpError(404, 'not_found', 'No such service.');
    await save(id, null, res, req.ip ?? null, 'service.delete');
    res.status(204).end();
  }));
  return r;
}
