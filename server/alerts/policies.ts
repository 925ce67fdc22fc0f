import { Router, type Response } from 'express';
import {
  DEFAULT_POLICY_ID,
  EscalationPolicyInputSchema,
  type EscalationPolicy,
  type EscalationStep,
} from '../../shared/schemas/index.js';
import { actorOf, auditEntry } from '../auth/audit.js';
import { principalOf, requireAction } from '../auth/middleware.js';
import type { Ctx } from '../context.js';
import { ConflictError, HttpError } from '../http/errors.js';
import { parseOr400, wrap } from '../http/validate.js';
import { COLL, allDocs, getDoc, getDocs, putDoc } from '../store/docs.js';
import type { DocPut } from '../store/store.js';

/** Stored policies (`default` once edited, and each agency's own); `steps: null` marks a deleted one. */
const POLICIES = 'escalation-policies';
const CHANNEL = 'escalation-policies';

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
  return { id: DEFAULT_POLICY_ID, agencyId: null, steps: ctx.config.escalationSteps, updatedAt: null, updatedBy: null, version: 0, source: 'env' };
}

const present = (d: PolicyDoc): EscalationPolicy | null =>
  d.steps ? { id: d.id, agencyId: d.agencyId, steps: d.steps, updatedAt: d.updatedAt, updatedBy: d.updatedBy, version: d.version, source: 'store' } : null;

/**
 * This instance's copy of the escalation policies, refreshed from the store whenever any instance
 * edits one (so opening an alert never waits on a read).
 */
export class PolicyCache {
  private stored: EscalationPolicy | null = null;
  private own = new Map<string, EscalationPolicy>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly env: EscalationPolicy) {}

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
    const own = [...this.own.values()].filter((p) => p.agencyId && known(p.agencyId)).sort((a, b) => a.id.localeCompare(b.id));
    return [this.default, ...own];
  }

  /** Re-reads every stored policy; reloads run one after another so an older read never wins. */
  refresh(ctx: Pick<Ctx, 'store'>): Promise<void> {
    const run = this.chain.then(async () => {
      const docs = await allDocs<PolicyDoc>(ctx.store, POLICIES);
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
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/**
 * The policy a new alert for `agencyId` snapshots: from this instance's cache, or — where no
 * cache was set up (a context built by hand, the CLI) — read from the store.
 */
export async function policyFor(ctx: Ctx, agencyId: string | null): Promise<EscalationPolicy> {
  if (ctx.policies) return ctx.policies.forAgency(agencyId);
  const [own, stored] = await getDocs<PolicyDoc>(ctx.store, POLICIES, [agencyId ?? DEFAULT_POLICY_ID, DEFAULT_POLICY_ID]);
  return (agencyId && own ? present(own) : null) ?? (stored ? present(stored) : null) ?? envPolicy(ctx);
}

/** Sets up `ctx.policies` and keeps it current on every instance: reload now and whenever any instance edits a policy. */
export async function watchPolicies(ctx: Ctx): Promise<() => void> {
  const cache = ctx.policies ?? new PolicyCache(envPolicy(ctx));
  // Listen first, so an edit made while the first read runs is not missed.
  const stop = ctx.store.subscribe(CHANNEL, () => {
    cache.refresh(ctx).catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'escalation policy reload failed'));
  });
  try {
    await cache.refresh(ctx);
  } catch (err) {
    stop();
    throw err;
  }
  ctx.policies = cache;
  return stop;
}

/** The write that removes an agency's own policy (for deleting the agency in the same commit), or null when it has none. */
export async function policyRemoval(ctx: Ctx, agencyId: string, updatedBy: string | null): Promise<DocPut | null> {
  const cur = await getDoc<PolicyDoc>(ctx.store, POLICIES, agencyId);
  if (!cur?.steps) return null;
  const tomb: PolicyDoc = { ...cur, steps: null, updatedAt: ctx.now().toISOString(), updatedBy, version: cur.version + 1 };
  return putDoc(POLICIES, agencyId, tomb, cur.version);
}

/** Tells every instance (this one included) to reload its policies; this one before answering. */
export async function policiesChanged(ctx: Ctx): Promise<void> {
  await ctx.policies?.refresh(ctx);
  await ctx.store.publish(CHANNEL, 'changed');
}

/** `GET /escalation-policies`, `PUT /escalation-policies/:id`, `DELETE /escalation-policies/:id`. */
export function policyRouter(ctx: Ctx): Router {
  const r = Router();
  const who = (res: Response) => {
    const p = principalOf(res);
    return { p, name: p?.kind === 'user' ? p.username : null };
  };
  /** The policy as it stands now for `id` (read from the store, not the cache, so edits race-check properly). */
  const current = async (id: string) => {
    const doc = await getDoc<PolicyDoc>(ctx.store, POLICIES, id);
    const shown = doc ? present(doc) : null;
    return { doc, shown: shown ?? (id === DEFAULT_POLICY_ID ? envPolicy(ctx) : null) };
  };
  const checkId = (id: string) => {
    if (id !== DEFAULT_POLICY_ID && !ctx.catalog.agencyById.has(id)) throw new HttpError(404, 'not_found', 'No such agency.');
  };

  r.get('/escalation-policies', requireAction('alerts:read'), wrap(async (_req, res) => {
    const cache = ctx.policies;
    if (cache) {
      res.json({ data: cache.list((id) => ctx.catalog.agencyById.has(id)) });
      return;
    }
    const docs = (await allDocs<PolicyDoc>(ctx.store, POLICIES)).map(present).filter((p): p is EscalationPolicy => p !== null);
    const def = docs.find((p) => p.id === DEFAULT_POLICY_ID) ?? envPolicy(ctx);
    const own = docs.filter((p) => p.agencyId && ctx.catalog.agencyById.has(p.agencyId)).sort((a, b) => a.id.localeCompare(b.id));
    res.json({ data: [def, ...own] });
  }));

  r.put('/escalation-policies/:id', requireAction('config:write'), wrap(async (req, res) => {
    const id = String(req.params.id);
    checkId(id);
    const input = parseOr400(EscalationPolicyInputSchema, req.body);
    const { doc, shown } = await current(id);
    if (input.expectedVersion !== undefined && input.expectedVersion !== (shown?.version ?? 0)) {
      throw new ConflictError(`The policy changed meanwhile (now version ${shown?.version ?? 0}); reload and retry.`, { current: shown });
    }
    const { p, name } = who(res);
    const next: PolicyDoc = {
      id,
      agencyId: id === DEFAULT_POLICY_ID ? null : id,
      steps: input.steps,
      updatedAt: ctx.now().toISOString(),
      updatedBy: name,
      version: (doc?.version ?? 0) + 1,
    };
    const entry = auditEntry(ctx, { action: 'escalation_policy.update', actor: actorOf(p), ip: req.ip ?? null, channel: 'http', target: id, details: { before: shown, after: present(next) } });
    const result = await ctx.store.commit({ puts: [putDoc(POLICIES, id, next, doc ? doc.version : 'absent'), putDoc(COLL.audit, entry.id, entry, 'absent')] });
    if (!result.ok) throw new ConflictError('The policy changed meanwhile; reload and retry.', { current: (await current(id)).shown });
    await policiesChanged(ctx);
    res.json({ data: present(next) });
  }));

  r.delete('/escalation-policies/:id', requireAction('config:write'), wrap(async (req, res) => {
    const id = String(req.params.id);
    if (id === DEFAULT_POLICY_ID) throw new HttpError(409, 'default_policy', 'The default policy cannot be deleted; change its steps instead.');
    checkId(id);
    const { p, name } = who(res);
    const { shown } = await current(id);
    const removal = await policyRemoval(ctx, id, name);
    if (!removal || !shown) throw new HttpError(404, 'not_found', 'This agency has no policy of its own.');
    const entry = auditEntry(ctx, { action: 'escalation_policy.delete', actor: actorOf(p), ip: req.ip ?? null, channel: 'http', target: id, details: { before: shown, after: null } });
    const result = await ctx.store.commit({ puts: [removal, putDoc(COLL.audit, entry.id, entry, 'absent')] });
    if (!result.ok) throw new ConflictError('The policy changed meanwhile; reload and retry.');
    await policiesChanged(ctx);
    res.status(204).end();
  }));
  return r;
}
