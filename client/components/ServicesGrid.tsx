/**
 * Agency × service grid coloured by state, with a glyph and the state in words (never colour
 * alone). The console variant makes cells buttons with the failure reason on hover/focus; the wall
 * variant is read-only and large enough for 5 m.
 */
import { useMemo } from 'react';
import {
  isHijacked,
  type Agency,
  type Service,
  type ServiceState,
  type ServiceStatus,
} from '../../shared/schemas/index.js';
import { formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { HIJACKED_GLYPH, SERVICE_GLYPHS, SERVICE_STATUS_RANK } from '../map/palette.js';

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
  // A hijacked site comes before a dead one: it is up, and serving someone else's content.
  const rank = (st: ServiceState | undefined): number =>
    isHijacked(st?.integrity) ? -1 : SERVICE_STATUS_RANK[st?.status ?? 'unknown'];
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
  const hijacked = isHijacked(state?.integrity);
  const body = (
    <>
      <span className="svc-cell__glyph" aria-hidden="true">
        {hijacked ? HIJACKED_GLYPH : SERVICE_GLYPHS[status]}
      </span>
      <span className="svc-cell__name">{service.name}</span>
      <span className="svc-cell__status">{hijacked ? t('integrity.hijacked') : t(`service.${status}`)}</span>
    </>
  );
  const cls = `svc-cell svc-cell--${hijacked ? 'hijacked' : status}${selected ? ' svc-cell--selected' : ''}`;
  const integrity = state?.integrity?.verdict;
  if (variant === 'wall' || !onSelect) {
    return (
      <div className={cls} data-service={service.id} data-status={status} data-integrity={integrity}>
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
        data-integrity={integrity}
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
        {state?.integrity ? (
          <span>
            {t(`integrity.${state.integrity.verdict}`, { time: formatDateTimeWita(state.integrity.since) })}
          </span>
        ) : null}
      </span>
    </span>
  );
}
