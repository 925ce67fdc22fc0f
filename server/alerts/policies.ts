import { z } from 'zod';
import {
  DEFAULT_POLICY_ID,
  EscalationStepsSchema,
  IdSchema,
  type EscalationPolicy,
  type EscalationStep,
} from '../../shared/schemas/index.js';
import { auditEntry, httpActor } from '../auth/audit.js';
import type { Principal } from '../auth/policy.js';
import type { Ctx, Policies } from '../context.js';
import { ConflictError, HttpError, zodIssues } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { Overlay, registerInvalidSource, type EntryParser } from '../catalog/overlay.js';
import { CHANNELS, COLL, putDoc } from '../store/docs.js';
import type { DocPut } from '../store/store.js';

/** Stored policies (`default` once edited, and each agency's own); `steps: null` marks a deleted one. */
const POLICIES = COLL.escalationPolicies;
const CHANNEL = CHANNELS.escalationPolicies;

interface PolicyDoc {
  id: string;
  agencyId: string | null;
  steps: EscalationStep[] | null;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
}

/** The default policy as PANTAU_ESCALATION_STEPS gives it, before anyone edits it. */
export function envPolicy(ctx: Pick<Ctx, 'config'>): EscalationPolicy {
  return {
    id: DEFAULT_POLICY_ID,
    agencyId: null,
    steps: ctx.config.escalationSteps,
    updatedAt: null,
    updatedBy: null,
    version: 0,
    source: 'env',
  };
}

const present = (d: PolicyDoc): EscalationPolicy | null =>
  d.steps
    ? {
        id: d.id,
        agencyId: d.agencyId,
        steps: d.steps,
        updatedAt: d.updatedAt,
        updatedBy: d.updatedBy,
        version: d.version,
        source: 'store',
      }
    : null;

/** A stored policy, as written by any version: steps (or null = deleted) by the API's rules, under its own id. */
const PolicyDocSchema = z
  .object({ agencyId: IdSchema.nullable(), steps: EscalationStepsSchema.nullable() })
  .loose();

const parsePolicy: EntryParser<PolicyDoc> = (doc, id) => {
  const r = PolicyDocSchema.safeParse(doc);
  if (!r.success) return { ok: false, issues: zodIssues(r.error) };
  const expected = id === DEFAULT_POLICY_ID ? null : id;
  if (r.data.agencyId !== expected)
    return {
      ok: false,
      issues: [
        {
          path: ['agencyId'],
          message: `must be ${expected === null ? 'null' : `"${expected}"`} for policy "${id}"`,
        },
      ],
    };
  const d = doc as Partial<PolicyDoc>;
  return {
    ok: true,
    value: {
      id,
      agencyId: expected,
      steps: r.data.steps,
      updatedAt: String(d.updatedAt ?? ''),
      updatedBy: d.updatedBy ?? null,
      version: Number(d.version ?? 0),
    },
  };
};

/** One stored policy if it is valid; null when absent or invalid (an invalid one counts as none: its agency falls back to the default). */
async function readPolicy(ctx: Pick<Ctx, 'store'>, id: string): Promise<PolicyDoc | null> {
  const json = await ctx.store.get(POLICIES, id);
  if (json === null) return null;
  try {
    const r = parsePolicy(JSON.parse(json) as unknown, id);
    return r.ok ? r.value : null;
  } catch {
    return null;
  }
}

/**
 * This instance's copy of the escalation policies, refreshed from the store whenever any instance
 * edits one (so opening an alert never waits on a read). An invalid stored policy is left out (its
 * agency falls back to the default) and listed for admins.
 */
export class PolicyCache implements Policies {
  private stored: EscalationPolicy | null = null;
  private own = new Map<string, EscalationPolicy>();
  readonly overlay: Overlay<PolicyDoc>;

  constructor(
    private readonly env: EscalationPolicy,
    ctx: Pick<Ctx, 'store' | 'log'>,
  ) {
    this.overlay = new Overlay<PolicyDoc>(ctx, {
      kind: 'escalation-policy',
      coll: POLICIES,
      channel: CHANNEL,
      parse: parsePolicy,
      apply: (docs) => {
        let stored: EscalationPolicy | null = null;
        const own = new Map<string, EscalationPolicy>();
        for (const d of docs) {
          const p = present(d);
          if (!p) continue;
          if (d.id === DEFAULT_POLICY_ID) stored = p;
          else own.set(d.id, p);
        }
        this.stored = stored;
        this.own = own;
      },
    });
  }

  changed(): Promise<void> {
    return this.overlay.changed();
  }

  invalid(): { id: string; raw: string }[] {
    return this.overlay.invalid();
  }

  /** The city-wide default: the stored edit, else the environment's. */
  get default(): EscalationPolicy {
    return this.stored ?? this.env;
  }

  /** The policy a new alert for `agencyId` snapshots: the agency's own, else the default. */
  forAgency(agencyId: string | null): EscalationPolicy {
    return (agencyId ? this.own.get(agencyId) : undefined) ?? this.default;
  }

  /** The default first, then every agency's own policy (of agencies that still exist), by id. */
  list(known: (agencyId: string) => boolean): EscalationPolicy[] {
    const own = [...this.own.values()]
      .filter((p) => p.agencyId && known(p.agencyId))
      .sort((a, b) => a.id.localeCompare(b.id));
    return [this.default, ...own];
  }

  /** Re-reads every stored policy; reloads run one after another so an older read never wins. */
  refresh(): Promise<void> {
    return this.overlay.refresh();
  }
}

/**
 * The policy a new alert for `agencyId` snapshots: from this instance's cache, or — where no
 * cache was set up (a context built by hand, the CLI) — read from the store.
 */
export async function policyFor(ctx: Ctx, agencyId: string | null): Promise<EscalationPolicy> {
  if (ctx.policies) return ctx.policies.forAgency(agencyId);
  const [own, stored] = await Promise.all([
    readPolicy(ctx, agencyId ?? DEFAULT_POLICY_ID),
    readPolicy(ctx, DEFAULT_POLICY_ID),
  ]);
  return (agencyId && own ? present(own) : null) ?? (stored ? present(stored) : null) ?? envPolicy(ctx);
}

/** Sets up `ctx.policies` and keeps it current on every instance: reload now and whenever any instance edits a policy. */
export async function watchPolicies(ctx: Ctx): Promise<() => void> {
  const cache = ctx.policies instanceof PolicyCache ? ctx.policies : new PolicyCache(envPolicy(ctx), ctx);
  registerInvalidSource(ctx, 'escalation-policy', cache.overlay);
  const stop = await cache.overlay.watch();
  ctx.policies = cache;
  return stop;
}

/** The write that removes an agency's own policy (for deleting the agency in the same commit), or null when it has none. */
export async function policyRemoval(
  ctx: Ctx,
  agencyId: string,
  updatedBy: string | null,
): Promise<DocPut | null> {
  const curVersion = await ctx.store.version(POLICIES, agencyId);
  if (curVersion === null) return null;
  const cur = await readPolicy(ctx, agencyId);
  // A valid tombstone needs no second one; an invalid entry is replaced by one (that is how DELETE removes it).
  if (cur && !cur.steps) return null;
  const tomb: PolicyDoc = {
    id: agencyId,
    agencyId,
    steps: null,
    updatedAt: ctx.now().toISOString(),
    updatedBy,
    version: curVersion + 1,
  };
  return putDoc(POLICIES, agencyId, tomb, curVersion);
}

/** Tells every instance (this one included) to reload its policies; this one before answering. */
export async function policiesChanged(ctx: Ctx): Promise<void> {
  if (ctx.policies) await ctx.policies.changed();
  else await ctx.store.publish(CHANNEL, 'changed');
}

/** Every policy in force: the default first (stored, else from the environment), then each known agency's own. */
export async function listPolicies(ctx: Ctx): Promise<EscalationPolicy[]> {
  const cache = ctx.policies;
  if (cache) return cache.list((id) => ctx.catalog.agencyById.has(id));
  const ids = (await ctx.store.entries(POLICIES)).map(([id]) => id);
  const docs = (await Promise.all(ids.map((id) => readPolicy(ctx, id))))
    .flatMap((d) => (d ? [present(d)] : []))
    .filter((p): p is EscalationPolicy => p !== null);
  const def = docs.find((p) => p.id === DEFAULT_POLICY_ID) ?? envPolicy(ctx);
  const own = docs
    .filter((p) => p.agencyId && ctx.catalog.agencyById.has(p.agencyId))
    .sort((a, b) => a.id.localeCompare(b.id));
  return [def, ...own];
}

/** `GET /escalation-policies`, `PUT /escalation-policies/:id`, `DELETE /escalation-policies/:id`. */
export function policyBindings(ctx: Ctx): Binding[] {
  const nameOf = (p: Principal | null) => (p?.kind === 'user' ? p.username : null);
  /** The policy as it stands now for `id` (read from the store, not the cache, so edits race-check properly). */
  const current = async (id: string) => {
    const [doc, version] = await Promise.all([readPolicy(ctx, id), ctx.store.version(POLICIES, id)]);
    const shown = doc ? present(doc) : null;
    return { doc, version, shown: shown ?? (id === DEFAULT_POLICY_ID ? envPolicy(ctx) : null) };
  };
  const checkId = (id: string) => {
    if (id !== DEFAULT_POLICY_ID && !ctx.catalog.agencyById.has(id))
      throw new HttpError(404, 'not_found', 'No such agency.');
  };

  return [
    handle('get /api/v1/escalation-policies', async () => ({ data: { items: await listPolicies(ctx) } })),

    handle('put /api/v1/escalation-policies/:id', async ({ params, body: input, principal: p, req }) => {
      const id = String(params.id);
      checkId(id);
      const { version, shown } = await current(id);
      if (input.expectedVersion !== undefined && input.expectedVersion !== (shown?.version ?? 0)) {
        throw new ConflictError(
          `The policy changed meanwhile (now version ${shown?.version ?? 0}); reload and retry.`,
          { current: shown },
        );
      }
      const next: PolicyDoc = {
        id,
        agencyId: id === DEFAULT_POLICY_ID ? null : id,
        steps: input.steps,
        updatedAt: ctx.now().toISOString(),
        updatedBy: nameOf(p),
        version: (version ?? 0) + 1,
      };
      const entry = auditEntry(ctx, {
        action: 'escalation_policy.update',
        ...httpActor(req, p),
        target: id,
        details: { before: shown, after: present(next) },
      });
      const result = await ctx.store.commit({
        puts: [
          putDoc(POLICIES, id, next, version ?? 'absent'),
          putDoc(COLL.audit, entry.id, entry, 'absent'),
        ],
      });
      if (!result.ok)
        throw new ConflictError('The policy changed meanwhile; reload and retry.', {
          current: (await current(id)).shown,
        });
      await policiesChanged(ctx);
      return { data: present(next) };
    }),

    handle('delete /api/v1/escalation-policies/:id', async ({ params, principal: p, req }) => {
      const id = String(params.id);
      if (id === DEFAULT_POLICY_ID)
        throw new HttpError(
          409,
          'default_policy',
          'The default policy cannot be deleted; change its steps instead.',
        );
      const invalid = ctx.policies?.invalid().find((b) => b.id === id);
      if (!invalid) checkId(id);
      const { shown } = await current(id);
      const removal = await policyRemoval(ctx, id, nameOf(p));
      if (!removal || (!shown && !invalid))
        throw new HttpError(404, 'not_found', 'This agency has no policy of its own.');
      const entry = auditEntry(ctx, {
        action: 'escalation_policy.delete',
        ...httpActor(req, p),
        target: id,
        details: { before: shown ?? invalid?.raw ?? null, after: null },
      });
      const result = await ctx.store.commit({
        puts: [removal, putDoc(COLL.audit, entry.id, entry, 'absent')],
      });
      if (!result.ok) throw new ConflictError('The policy changed meanwhile; reload and retry.');
      await policiesChanged(ctx);
      return undefined; // 204
    }),
  ];
}
