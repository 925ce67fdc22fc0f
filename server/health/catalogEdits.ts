import { stringify } from 'yaml';
import { z } from 'zod';
import { ServiceInputSchema, type Check, type Service } from '../../shared/schemas/index.js';
import { actorOf, auditEntry } from '../auth/audit.js';
import type { Principal } from '../auth/policy.js';
import type { Ctx } from '../context.js';
import { Overlay, registerInvalidSource, type EntryParser } from '../catalog/overlay.js';
import { ConflictError, HttpError, ValidationError, zodIssues, type Issue } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { CHANNELS, COLL, putDoc } from '../store/docs.js';
import { createNetGuard, type NetGuard } from './netGuard.js';
import { defaultCheck, type ServicePlan } from './services.js';

/** Services added, changed or removed through the API; they override the catalogue and the services file. */
const DEFS = COLL.serviceDefs;
const CHANNEL = CHANNELS.catalog;

interface ServiceDef {
  id: string;
  service: Service | null;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}

/** A stored service edit, as written by any version: the service (or null = deleted) must pass the API's schema. */
const ServiceDefSchema = z.object({ service: ServiceInputSchema.nullable() }).loose();

/** The catalogue a service overlay rebuilds, and what runs after each rebuild (the scheduler's seeding). */
export interface ServiceOverlayTarget {
  base: ServicePlan;
  checks: Map<string, Check>;
  onChange: () => Promise<void>;
}

const overlays = new WeakMap<Ctx, Overlay<ServiceDef>>();
/** Per ctx: the operator's own checks (the start-up plan), and the guard for all others. */
const trustedChecks = new WeakMap<Ctx, ReadonlyMap<string, Check>>();
const netGuards = new WeakMap<Ctx, NetGuard>();

function netGuardOf(ctx: Ctx): NetGuard {
  let g = netGuards.get(ctx);
  if (!g) netGuards.set(ctx, (g = createNetGuard(ctx.config.checkAllowedNetworks)));
  return g;
}

/**
 * The outbound guard a scheduled check runs under: none for the operator's own checks (services
 * file, built-in catalogue), the address guard for every check that came through the API. Judged
 * on the check object itself, compared with the start-up plan's, so a check replaced or removed
 * while its run was waiting is never taken for the one it replaced, and anything unknown is guarded.
 */
export function checkGuardFor(ctx: Ctx, serviceId: string, check: Check): NetGuard | undefined {
  return trustedChecks.get(ctx)?.get(serviceId) === check ? undefined : netGuardOf(ctx);
}

/** Where a service's check goes, when it is an address (or `localhost`) the guard refuses; names are judged when connecting. */
function refusedTarget(guard: NetGuard, s: Service): Issue | null {
  const check = defaultCheck(s);
  const target: [Issue['path'], string] | null = !check
    ? null
    : check.type === 'http'
      ? [s.check ? ['check', 'url'] : ['url'], new URL(check.url).hostname]
      : check.type === 'tcp'
        ? [['check', 'host'], check.host]
        : check.type === 'dns'
          ? [['check', 'hostname'], check.hostname]
          : null;
  const why = target && guard.targetRefusal(target[1]);
  return target && why ? { path: target[0], message: why } : null;
}

/**
 * Sets up `ctx`'s service overlay: the start-up plan plus the stored edits, rebuilt in place so every
 * router, the live hub and the scheduler see the same objects. An edit whose check cannot be built,
 * or whose agency is unknown, is quarantined like one that fails its schema.
 */
export function serviceOverlay(ctx: Ctx, target?: ServiceOverlayTarget): Overlay<ServiceDef> {
  const existing = overlays.get(ctx);
  if (existing) return existing;
  if (!target) throw new Error('the service overlay is not set up (main.ts does it at start)');
  trustedChecks.set(ctx, target.base.checks);
  const parse: EntryParser<ServiceDef> = (doc, id) => {
    const r = ServiceDefSchema.safeParse(doc);
    if (!r.success) return { ok: false, issues: zodIssues(r.error) };
    const svc = r.data.service;
    if (svc && svc.id !== id)
      return {
        ok: false,
        issues: [{ path: ['service', 'id'], message: `must be "${id}" (the id it is stored under)` }],
      };
    if (svc && !ctx.catalog.agencyById.has(svc.agencyId))
      return {
        ok: false,
        issues: [{ path: ['service', 'agencyId'], message: `unknown agency "${svc.agencyId}"` }],
      };
    const d = doc as Partial<ServiceDef>;
    return {
      ok: true,
      value: {
        id,
        service: svc,
        updatedAt: String(d.updatedAt ?? ''),
        updatedBy: d.updatedBy ?? null,
        version: Number(d.version ?? 0),
      },
    };
  };
  const o = new Overlay<ServiceDef>(ctx, {
    kind: 'service',
    coll: DEFS,
    channel: CHANNEL,
    parse,
    apply: async (defs) => {
      const { base, checks } = target;
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
      await target.onChange();
    },
  });
  overlays.set(ctx, o);
  registerInvalidSource(ctx, 'service', o);
  return o;
}

/** Keeps the catalogue current on every instance: reload now and whenever any instance edits it. */
export function watchCatalog(ctx: Ctx): Promise<() => void> {
  return serviceOverlay(ctx).watch();
}

/** The whole catalogue in services-file form, checks included (for admins: headers may carry secrets). */
async function exportServices(ctx: Ctx, base: ServicePlan): Promise<{ services: Service[] }> {
  await serviceOverlay(ctx).refresh();
  const defs = new Map(
    serviceOverlay(ctx)
      .valid()
      .map((d) => [d.id, d]),
  );
  const services = ctx.catalog.services.map((s) => {
    const def = defs.get(s.id)?.service;
    if (def) return def;
    const check = base.checks.get(s.id);
    return check ? { ...s, check } : s;
  });
  return { services };
}

/** `GET /services/export?format=yaml|json`, `POST /services`, `PUT /services/:id`, `DELETE /services/:id`. */
export function catalogEditBindings(ctx: Ctx, base: ServicePlan): Binding[] {
  const save = async (
    id: string,
    service: Service | null,
    p: Principal | null,
    ip: string | null,
    action: string,
  ) => {
    // The stored version, read apart from the document: a quarantined entry may not even be JSON.
    const curVersion = await ctx.store.version(DEFS, id);
    const overlay = serviceOverlay(ctx);
    const now = ctx.now().toISOString();
    const def: ServiceDef = {
      id,
      service,
      updatedAt: now,
      updatedBy: p?.kind === 'user' ? p.username : null,
      version: (curVersion ?? 0) + 1,
    };
    const before = ctx.catalog.serviceById.get(id) ?? overlay.invalid().find((b) => b.id === id)?.raw ?? null;
    const entry = auditEntry(ctx, {
      action,
      actor: actorOf(p),
      ip,
      channel: 'http',
      target: id,
      details: { before, after: service },
    });
    const result = await ctx.store.commit({
      puts: [putDoc(DEFS, id, def, curVersion ?? 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')],
    });
    if (!result.ok) throw new ConflictError('The service changed meanwhile; retry.');
    // This instance answers with the change applied; the others reload on the notice.
    await overlay.changed();
  };
  const known = (id: string) => ctx.catalog.serviceById.has(id) || serviceOverlay(ctx).isInvalid(id);
  /** What the body schema cannot tell: a known agency, and a check target the guard allows. */
  const accept = (s: Service): Service => {
    if (!ctx.catalog.agencyById.has(s.agencyId))
      throw new ValidationError([{ path: ['agencyId'], message: `unknown agency "${s.agencyId}"` }]);
    const refused = refusedTarget(netGuardOf(ctx), s);
    if (refused) throw new ValidationError([refused]);
    return s;
  };

  return [
    handle('get /api/v1/services/export', async ({ query, res }) => {
      const doc = await exportServices(ctx, base);
      if (query.format === 'json') {
        res.setHeader('Content-Disposition', 'attachment; filename="pantau-services.json"');
        res.json(doc);
        return;
      }
      res.setHeader('Content-Disposition', 'attachment; filename="pantau-services.yaml"');
      res.type('application/yaml').send(stringify(doc));
    }),
    handle('post /api/v1/services', async ({ body, principal, req }) => {
      const s = accept(body);
      if (known(s.id)) throw new ConflictError(`Service "${s.id}" exists; use PUT to change it.`);
      await save(s.id, s, principal, req.ip ?? null, 'service.create');
      return { data: s };
    }),
    handle('put /api/v1/services/:id', async ({ params, body, principal, req }) => {
      const id = params.id ?? '';
      const s = accept(body);
      if (s.id !== id)
        throw new ValidationError([{ path: ['id'], message: `must be "${id}" (the id in the path)` }]);
      if (!known(id)) throw new HttpError(404, 'not_found', 'No such service.');
      await save(id, s, principal, req.ip ?? null, 'service.update');
      return { data: s };
    }),
    handle('delete /api/v1/services/:id', async ({ params, principal, req }) => {
      const id = params.id ?? '';
      if (!known(id)) throw new HttpError(404, 'not_found', 'No such service.');
      await save(id, null, principal, req.ip ?? null, 'service.delete');
    }),
  ];
}
