/** "Whole agency" or "one service": the scope of a silence or a maintenance window. */
import { t } from '../../i18n/index.js';
import type { Agency } from '../../../shared/schemas/index.js';
import type { ServiceRow } from './configApi.js';
import type { FormError, Issue } from './errors.js';
import { agencyOptions } from './lookups.js';
import { SelectField, TextField } from './ui.js';

export type Scope = { kind: 'agency' | 'service'; agencyId: string; serviceId: string };
export const EMPTY_SCOPE: Scope = { kind: 'agency', agencyId: '', serviceId: '' };

type Props = {
  value: Scope;
  onChange: (s: Scope) => void;
  agencies: readonly Agency[] | null;
  services: readonly ServiceRow[] | null;
  error: FormError | null;
};

/** The agencies and services a scope is chosen from (null while loading). */
export type ScopeLookups = Pick<Props, 'agencies' | 'services'>;

export function ScopePicker({ value, onChange, agencies, services, error }: Props) {
  return (
    <>
      <SelectField
        label={t('cfg.scope')}
        name="scopeKind"
        value={value.kind}
        onChange={(v) => onChange({ ...value, kind: v === 'service' ? 'service' : 'agency' })}
        options={[
          { value: 'agency', label: t('cfg.scope.agency') },
          { value: 'service', label: t('cfg.scope.service') },
        ]}
      />
      {value.kind === 'agency' ? (
        <SelectField
          label={t('cfg.users.agencyId')}
          name="agencyId"
          value={value.agencyId}
          onChange={(v) => onChange({ ...value, agencyId: v })}
          options={agencyOptions(agencies)}
          error={error}
          required
        />
      ) : (
        <SelectField
          label={t('cfg.scope.service')}
          name="serviceId"
          value={value.serviceId}
          onChange={(v) => onChange({ ...value, serviceId: v })}
          options={[
            { value: '', label: t('cfg.choose') },
            ...(services ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })),
          ]}
          error={error}
          required
        />
      )}
    </>
  );
}

/** The fields a silence and a maintenance window open with: the scope, then the reason. */
export function ScopeReasonFields({
  scope,
  onScope,
  reason,
  onReason,
  reasonLabel,
  agencies,
  services,
  error,
}: ScopeLookups & {
  scope: Scope;
  onScope: (s: Scope) => void;
  reason: string;
  onReason: (v: string) => void;
  reasonLabel: string;
  error: FormError | null;
}) {
  return (
    <>
      <ScopePicker value={scope} onChange={onScope} agencies={agencies} services={services} error={error} />
      <TextField
        label={reasonLabel}
        name="reason"
        value={reason}
        onChange={onReason}
        error={error}
        required
      />
    </>
  );
}

/** The scope as request fields. */
export function scopeBody(s: Scope): { agencyId?: string; serviceId?: string } {
  if (s.kind === 'agency') return s.agencyId ? { agencyId: s.agencyId } : {};
  return s.serviceId ? { serviceId: s.serviceId } : {};
}

/** The checks a silence and a maintenance window share: a scope is chosen, the reason has 3+ characters. */
export function scopeReasonIssues(scope: Scope, reason: string): Issue[] {
  const issues: Issue[] = [];
  const sc = scopeBody(scope);
  if (!sc.agencyId && !sc.serviceId)
    issues.push({
      path: [scope.kind === 'agency' ? 'agencyId' : 'serviceId'],
      message: t('cfg.silence.scopeRequired'),
    });
  if (reason.trim().length < 3) issues.push({ path: ['reason'], message: t('cfg.silence.reasonShort') });
  return issues;
}

/** A row's scope in words. */
export function scopeText(
  row: { agencyId?: string | null; serviceId?: string | null },
  agencies: readonly Agency[] | null,
  services: readonly ServiceRow[] | null,
): string {
  if (row.serviceId)
    return `${t('cfg.scope.service')}: ${services?.find((s) => s.id === row.serviceId)?.name ?? row.serviceId}`;
  if (row.agencyId)
    return `${t('cfg.scope.agency')}: ${agencies?.find((a) => a.id === row.agencyId)?.shortName ?? row.agencyId}`;
  return '—';
}
