/**
 * Agency × service grid coloured by state, with a glyph and the state in words (never colour
 * alone). The console variant makes cells buttons with the failure reason on hover/focus; the wall
 * variant is read-only and large enough for 5 m.
 */
import { useMemo } from 'react';
import type { Agency, Service, ServiceState, ServiceStatus } from '../../shared/schemas/index.js';
import { formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { SERVICE_GLYPHS, SERVICE_STATUS_RANK } from '../map/palette.js';

export type Props = {
  variant: 'console' | 'wall';
  selected?: string | null;
  onSelect?: (serviceId: string) => void;
};

type Row = { agency: Agency; services: { service: Service; state: ServiceState | undefined }[] };

/** Agencies with services, worst first; services inside a row worst first, then by name. */
export function gridRows(
  agencies: ReadonlyMap<string, Agency>,
  services: ReadonlyMap<string, Service>,
  states: ReadonlyMap<string, ServiceState>,
): Row[] {
  const byAgency = new Map<string, Row['services']>();
  for (const s of services.values()) {
    const list = byAgency.get(s.agencyId) ?? [];
    list.push({ service: s, state: states.get(s.id) });
    byAgency.set(s.agencyId, list);
  }
  const rank = (st: ServiceState | undefined): number => SERVICE_STATUS_RANK[st?.status ?? 'unknown'];
  const rows: Row[] = [];
  for (const [agencyId, list] of byAgency) {
    const agency = agencies.get(agencyId);
    if (!agency) continue;
    list.sort((a, b) => rank(a.state) - rank(b.state) || a.service.name.localeCompare(b.service.name));
    rows.push({ agency, services: list });
  }
  return rows.sort(
    (a, b) =>
      rank(a.services[0]?.state) - rank(b.services[0]?.state) ||
      a.agency.shortName.localeCompare(b.agency.shortName),
  );
}

export function ServicesGrid({ variant, selected, onSelect }: Props) {
  const agencies = useLive((s) => s.agencies);
  const services = useLive((s) => s.services);
  const states = useLive((s) => s.serviceStates);
  const rows = useMemo(() => gridRows(agencies, services, states), [agencies, services, states]);
  if (rows.length === 0) return <p className="panel__empty">{t('services.none')}</p>;

  return (
    <table className={`svc-grid svc-grid--${variant}`} data-testid="services-grid">
      <caption className="sr-only">{t('services.gridCaption')}</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">{t('col.agency')}</th>
          <th scope="col">{t('services.title')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.agency.id}>
            <th scope="row" className="svc-grid__agency" title={r.agency.name}>
              {r.agency.shortName}
            </th>
            <td className="svc-grid__cells">
              <ul className="svc-grid__list">
                {r.services.map(({ service, state }) => (
                  <li key={service.id}>
                    <Cell
                      service={service}
                      state={state}
                      variant={variant}
                      selected={selected === service.id}
                      onSelect={onSelect}
                    />
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type CellProps = {
  service: Service;
  state: ServiceState | undefined;
  variant: Props['variant'];
  selected: boolean;
  onSelect: Props['onSelect'];
};

function Cell({ service, state, variant, selected, onSelect }: CellProps) {
  const status: ServiceStatus = state?.status ?? 'unknown';
  const body = (
    <>
      <span className="svc-cell__glyph" aria-hidden="true">
        {SERVICE_GLYPHS[status]}
      </span>
      <span className="svc-cell__name">{service.name}</span>
      <span className="svc-cell__status">{t(`service.${status}`)}</span>
    </>
  );
  const cls = `svc-cell svc-cell--${status}${selected ? ' svc-cell--selected' : ''}`;
  if (variant === 'wall' || !onSelect) {
    return (
      <div className={cls} data-service={service.id} data-status={status}>
        {body}
      </div>
    );
  }
  const tipId = `tip-${service.id}`;
  return (
    <span className="svc-cell-wrap">
      <button
        type="button"
        className={cls}
        data-service={service.id}
        data-status={status}
        aria-describedby={tipId}
        aria-pressed={selected}
        onClick={() => onSelect(service.id)}
      >
        {body}
      </button>
      <span role="tooltip" id={tipId} className="svc-tip">
        {state?.reason ? (
          <strong>{t(`reason.${state.reason}`)}</strong>
        ) : (
          <strong>{t(`service.${status}`)}</strong>
        )}
        {state?.message ? <span>{state.message}</span> : null}
        {state?.lastCheckedAt ? (
          <span>{t('services.lastChecked', { time: formatDateTimeWita(state.lastCheckedAt) })}</span>
        ) : null}
        {state?.latencyMs !== null && state?.latencyMs !== undefined ? (
          <span>{t('services.latency', { ms: formatNumber(Math.round(state.latencyMs)) })}</span>
        ) : null}
        {state?.flapping ? <span>{t('services.flapping')}</span> : null}
      </span>
    </span>
  );
}
