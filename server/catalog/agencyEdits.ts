import type { Request } from 'express';
import { z } from 'zod';
import { AgencyInputSchema, type Agency } from '../../shared/schemas/index.js';
import { policiesChanged, policyRemoval } from '../alerts/policies.js';
import { auditEntry, httpActor } from '../auth/audit.js';
import type { Principal } from '../auth/policy.js';
import { listUsers } from '../auth/users.js';
import type { Ctx } from '../context.js';
import { ConflictError, HttpError, ValidationError, zodIssues, type Issue } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { CHANNELS, COLL, putDoc } from '../store/docs.js';
import type { DocPut } from '../store/store.js';
import type { Catalog } from './catalog.js';
import { Overlay, registerInvalidSource, type EntryParser } from './overlay.js';

/** Agencies added, changed or removed through the API; they override shared/reference/agencies.json. */
const DEFS = COLL.agencyDefs;
const CHANNEL = CHANNELS.agencies;
/** Receives every alert no rule routes (alerts/routing.ts), so it can never go. */
const COMMAND_CENTER = 'command-center';

interface AgencyDef {
  id: string;
  agency: Agency | null;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}

/** A stored agency edit, as written by any version: the agency (or null = deleted) must pass the same schema as the API's. */
const AgencyDefSchema = z.object({ agency: AgencyInputSchema.nullable() }).loose();

const parseDef: EntryParser<AgencyDef> = (doc, id) => {
  const r = AgencyDefSchema.safeParse(doc);
  if (!r.success) return { ok: false, issues: zodIssues(r.error) };
  if (r.data.agency && r.data.agency.id !== id)
    return {
      ok: false,
      issues: [{ path: ['agency', 'id'], message: `must be "${id}" (the id it is stored under)` }],
    };
  const d = doc as Partial<AgencyDef>;
  return {
    ok: true,
    value: {
      id,
      agency: r.data.agency,
      updatedAt: String(d.updatedAt ?? ''),
      updatedBy: d.updatedBy ?? null,
      version: Number(d.version ?? 0),
    },
  };
};

const overlays = new WeakMap<Catalog, Overlay<AgencyDef>>();

/** This catalogue's agency overlay: the shipped list with the stored edits, rebuilt in place on `ctx.catalog`. */
export function agencyOverlay(ctx: Ctx): Overlay<AgencyDef> {
  const catalog = ctx.catalog;
  let o = overlays.get(catalog);
  if (!o) {
    o = new Overlay<AgencyDef>(ctx, {
      kind: 'agency',
      coll: DEFS,
      channel: CHANNEL,
      parse: parseDef,
      apply: (defs) => {
        const byId = new Map(catalog.shippedAgencies.map((a) => [a.id, a]));
        for (const d of defs) {
          if (d.agency) byId.set(d.id, d.agency);
          else byId.delete(d.id);
        }
        catalog.agencies = [...byId.values()];
        catalog.agencyById = byId;
      },
    });
    overlays.set(catalog, o);
    registerInvalidSource(ctx, 'agency', o);
  }
  return o;
}

/** Rebuilds this instance's agency list from the shipped one plus the stored edits (for the CLI and tests). */
export function refreshAgencies(ctx: Ctx): Promise<void> {
  return agencyOverlay(ctx).refresh();
}

/** Keeps the agencies current on every instance: reload now and whenever any instance edits one. */
export function watchAgencies(ctx: Ctx): Promise<() => void> {
  return agencyOverlay(ctx).watch();
}

/** What still names an agency: services it owns, users bound to it, routing rules sending alerts to it. */
async function usesOf(ctx: Ctx, id: string): Promise<Issue[]> {
  const issues: Issue[] = [];
  const list = (ids: string[]) =>
    ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
  const services = ctx.catalog.services.filter((s) => s.agencyId === id).map((s) => s.id);
  if (services.length)
    issues.push({
      path: ['services'],
      message: `${services.length} service(s) belong to it: ${list(services)}`,
    });
  const users = (await listUsers(ctx)).filter((u) => u.agencyId === id).map((u) => u.username);
  if (users.length)
    issues.push({ path: ['users'], message: `${users.length} user(s) are bound to it: ${list(users)}` });
  const rules = ctx.catalog.routing.filter((r) => r.agencyId === id);
  if (rules.length)
    issues.push({ path: ['routing'], message: `${rules.length} routing rule(s) send alerts to it` });
  if (id === COMMAND_CENTER)
    issues.push({ path: ['routing'], message: 'the command center receives every alert no rule routes' });
  return issues;
}

/** `POST /agencies`, `PUT /agencies/:id`, `DELETE /agencies/:id` (admins and supervisors). */
export function agencyEditBindings(ctx: Ctx): Binding[] {
  const save = async (
    req: Request,
    p: Principal | null,
    id: string,
    agency: Agency | null,
    action: string,
    extra: DocPut[] = [],
  ) => {
    // The stored version, read apart from the document: a quarantined entry may not even be JSON.
    const curVersion = await ctx.store.version(DEFS, id);
    const def: AgencyDef = {
      id,
      agency,
      updatedAt: ctx.now().toISOString(),
      updatedBy: p?.kind === 'user' ? p.username : null,
      version: (curVersion ?? 0) + 1,
    };
    const before =
      ctx.catalog.agencyById.get(id) ??
      agencyOverlay(ctx)
        .invalid()
        .find((b) => b.id === id)?.raw ??
      null;
    const entry = auditEntry(ctx, {
      action,
      ...httpActor(req, p),
      target: id,
      details: { before, after: agency },
    });
    const result = await ctx.store.commit({
      puts: [
        putDoc(DEFS, id, def, curVersion ?? 'absent'),
        ...extra,
        putDoc(COLL.audit, entry.id, entry, 'absent'),
      ],
    });
    if (!result.ok) throw new ConflictError('The agency changed meanwhile; reload and retry.');
    // This instance answers with the change applied; the others reload on the notice.
    await agencyOverlay(ctx).changed();
  };

  return [
    handle('post /api/v1/agencies', async ({ body: a, principal, req }) => {
      if (ctx.catalog.agencyById.has(a.id) || agencyOverlay(ctx).isInvalid(a.id))
        throw new ConflictError(`Agency "${a.id}" exists; use PUT to change it.`);
      await save(req, principal, a.id, a, 'agency.create');
      return { data: a };
    }),
    handle('put /api/v1/agencies/:id', async ({ params, body: a, principal, req }) => {
      const id = String(params.id);
      if (a.id !== id)
        throw new ValidationError([{ path: ['id'], message: `must be "${id}" (the id in the path)` }]);
      if (!ctx.catalog.agencyById.has(id) && !agencyOverlay(ctx).isInvalid(id))
        throw new HttpError(404, 'not_found', 'No such agency.');
      await save(req, principal, id, a, 'agency.update');
      return { data: a };
    }),
    handle('delete /api/v1/agencies/:id', async ({ params, principal: p, req }) => {
      const id = String(params.id);
      if (!ctx.catalog.agencyById.has(id) && !agencyOverlay(ctx).isInvalid(id))
        throw new HttpError(404, 'not_found', 'No such agency.');
      const issues = ctx.catalog.agencyById.has(id) ? await usesOf(ctx, id) : [];
      if (issues.length)
        throw new HttpError(
          409,
          'in_use',
          `Agency "${id}" is still in use; move or remove what names it first.`,
          { issues },
        );
      // Its own escalation policy goes with it (in the same commit), so a later agency of the same id starts on the default.
      const policy = await policyRemoval(ctx, id, p?.kind === 'user' ? p.username : null);
      await save(req, p, id, null, 'agency.delete', policy ? [policy] : []);
      if (policy) await policiesChanged(ctx);
    }),
  ];
}
