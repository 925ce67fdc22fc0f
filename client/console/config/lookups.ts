/** Agency and service pickers shared by the sections. */
import { t } from '../../i18n/index.js';
import type { Agency } from '../../../shared/schemas/index.js';
import type { ServiceRow } from './configApi.js';
import { listAgencies, listServices } from './configApi.js';
import { useResource } from './ui.js';

/** The agencies, for pickers and names. */
export function useAgencies() {
  return useResource<Agency[]>(listAgencies, 'agencies');
}

/** The services, for pickers and names. */
export function useServices() {
  return useResource<ServiceRow[]>(listServices, 'services');
}

/** Options for an agency picker, with an empty "choose" entry first. */
export function agencyOptions(
  agencies: readonly Agency[] | null,
  emptyLabel = t('cfg.choose'),
): { value: string; label: string }[] {
  return [
    { value: '', label: emptyLabel },
    ...(agencies ?? []).map((a) => ({ value: a.id, label: `${a.shortName} — ${a.name}` })),
  ];
}

/** An agency's short name, or its id when unknown. */
export function agencyName(agencies: readonly Agency[] | null, id: string | null | undefined): string {
  if (!id) return '—';
  return agencies?.find((a) => a.id === id)?.shortName ?? id;
}
