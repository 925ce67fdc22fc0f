import type { IntegrityBaseline } from '../../../shared/schemas/index.js';
import { auditEntry, httpActor } from '../../auth/audit.js';
import type { Ctx } from '../../context.js';
import { HttpError } from '../../errors.js';
import { requireStore } from '../../http/ingestGuards.js';
import { handle, type Binding } from '../../http/routes.js';
import { COLL, putDoc } from '../../store/docs.js';
import { commitWithRetry } from '../../store/retry.js';
import { markIntegrity } from '../health.js';
import { checksOf } from '../services.js';
import type { Fingerprint } from './drift.js';
import { recordChanges } from './incidents.js';
import { verdictOf, type IntegrityRecord, type KindChange } from './ledger.js';
import { hasIntegrity, integrityRecordOf } from './run.js';

/** A fingerprint as the audit log keeps it (the sketch left out). */
const summary = (f: Fingerprint | null) =>
  f && { url: f.url, textHash: f.textHash, scripts: f.scripts, domains: f.domains };

/**
 * `POST /services/:id/integrity/baseline`: a supervisor accepts the home page as last seen as the
 * new baseline (audited, in the same commit); an open drift finding closes with it.
 */
export function integrityBindings(ctx: Ctx): Binding[] {
  return [
    handle(
      'post /api/v1/services/:id/integrity/baseline',
      async ({ params, principal, req }) => {
        const id = params.id ?? '';
        const service = ctx.catalog.serviceById.get(id);
        if (!service) throw new HttpError(404, 'not_found', `No service "${id}".`);
        if (!hasIntegrity(checksOf(ctx).get(id)))
          throw new HttpError(409, 'not_integrity_check', `Service "${id}" has no integrity check.`);
        // A run may write the record meanwhile: read, decide and commit again until the commit wins.
        const { prev, next, now } = await commitWithRetry(async () => {
          const prev = await integrityRecordOf(ctx, id);
          if (!prev.observed)
            throw new HttpError(
              409,
              'not_observed',
              `Service "${id}" has had no integrity run that read its page yet.`,
            );
          const now = ctx.now().toISOString();
          const { drift: _accepted, ...open } = prev.open;
          const next: IntegrityRecord = {
            ...prev,
            baseline: prev.observed,
            baselineAt: now,
            open,
            version: prev.version + 1,
          };
          const entry = auditEntry(ctx, {
            action: 'service.integrity.baseline',
            ...httpActor(req, principal),
            target: id,
            details: { before: summary(prev.baseline), after: summary(prev.observed) },
          });
          const result = await ctx.store.commit({
            puts: [
              putDoc(COLL.integrityStates, id, next, prev.version),
              putDoc(COLL.audit, entry.id, entry, 'absent'),
            ],
          });
          return { result, value: { prev, next, now } };
        });
        const drift = prev.open.drift;
        const observed = next.baseline;
        const closing: KindChange[] = drift ? [{ kind: 'drift', action: 'close', state: drift }] : [];
        await recordChanges(ctx, service, closing);
        await markIntegrity(ctx, id, verdictOf(next));
        const data: IntegrityBaseline = {
          serviceId: id,
          url: observed?.url ?? '',
          observedAt: prev.observedAt ?? now,
          acceptedAt: now,
          scriptSources: observed?.scripts.length ?? 0,
          outboundDomains: observed?.domains.length ?? 0,
        };
        return { data };
      },
      { before: [requireStore(ctx.store)] },
    ),
  ];
}
