/**
 * "Layanan": the agency × service grid with the chosen service's details BESIDE it (a sticky side
 * panel on wide screens, right below the grid on narrow ones), then SLA and MTTA/MTTR per agency,
 * loaded with the page. `#services/<service id>` opens a service directly.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { isHijacked, type Agency, type ServiceState } from '../../shared/schemas/index.js';
import { HijackedBadge, ServiceStatusBadge } from '../components/Badges.js';
import { ServicesGrid } from '../components/ServicesGrid.js';
import { formatAge, formatDateTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive, useNow } from '../live/hooks.js';
import { SERVICE_STATUS_RANK } from '../map/palette.js';
import { AgencyMetrics } from './AgencyMetrics.js';
import { ServiceHistory } from './ServiceHistory.js';
import { useAgencyMetrics } from './useAgencyMetrics.js';
import '../styles/console-services.css';

/** Where the detail panel sits beside the grid (same breakpoint as console-services.css). */
const SIDE_BY_SIDE = '(min-width: 1200px)';

function serviceFromHash(): string | null {
  const [tab, id] = window.location.hash.slice(1).split('/');
  return tab === 'services' && id ? decodeURIComponent(id) : null;
}

export function ServicesPage() {
  const services = useLive((s) => s.services);
  const agencies = useLive((s) => s.agencies);
  const [selected, setSelected] = useState<string | null>(serviceFromHash);
  const detailRef = useRef<HTMLElement>(null);
  const owning: Agency[] = useMemo(() => {
    const ids = new Set([...services.values()].map((s) => s.agencyId));
    return [...agencies.values()]
      .filter((a) => ids.has(a.id))
      .sort((a, b) => a.shortName.localeCompare(b.shortName));
  }, [agencies, services]);
  const agencyIds = useMemo(() => owning.map((a) => a.id), [owning]);
  const selectedAgency = selected ? (services.get(selected)?.agencyId ?? null) : null;
  const metrics = useAgencyMetrics(agencyIds, selectedAgency);

  const choose = (id: string | null): void => {
    setSelected(id);
    window.history.replaceState(null, '', id ? `#services/${encodeURIComponent(id)}` : '#services');
  };

  // On a narrow screen the details sit below the grid: bring them into view when a service is picked.
  useEffect(() => {
    if (!selected || window.matchMedia(SIDE_BY_SIDE).matches) return;
    const el = detailRef.current;
    if (el && el.getBoundingClientRect().top > window.innerHeight * 0.5)
      el.scrollIntoView({ block: 'start' });
  }, [selected]);

  return (
    <>
      <div className="svc-layout" data-selected={selected ?? ''}>
        <section className="panel panel--open svc-layout__grid" aria-labelledby="services-title">
          <div className="panel__head">
            <h2 id="services-title">{t('services.title')}</h2>
          </div>
          <div className="panel__body">
            <p className="muted">{t('services.hint')}</p>
            <ServicesGrid variant="console" selected={selected} onSelect={choose} />
          </div>
        </section>
        <aside
          ref={detailRef}
          className="svc-layout__detail"
          aria-label={t('svc.detail')}
          data-testid="service-detail-panel"
        >
          {selected && services.has(selected) ? (
            <ServiceHistory
              key={selected}
              serviceId={selected}
              figures={selectedAgency ? metrics.figures.get(selectedAgency) : undefined}
              onClose={() => choose(null)}
            />
          ) : (
            <ServicesOverview onSelect={choose} />
          )}
        </aside>
      </div>
      <AgencyMetrics agencies={owning} metrics={metrics} />
    </>
  );
}

/** Worst first, a hijacked site before a dead one. */
const rankOf = (s: ServiceState | undefined): number =>
  isHijacked(s?.integrity) ? -1 : SERVICE_STATUS_RANK[s?.status ?? 'unknown'];

/** The side panel before a service is picked: what to do, and the services that are not up. */
function ServicesOverview({ onSelect }: { onSelect: (id: string) => void }) {
  const services = useLive((s) => s.services);
  const states = useLive((s) => s.serviceStates);
  const agencies = useLive((s) => s.agencies);
  // Server time: the state's `since` is the server's clock.
  const now = useNow(15_000) + useLive((s) => s.serverOffsetMs);
  const troubled = useMemo(
    () =>
      [...services.values()]
        .map((service) => ({ service, state: states.get(service.id) }))
        .filter((x) => x.state && (x.state.status !== 'up' || isHijacked(x.state.integrity)))
        .sort(
          (a, b) =>
            rankOf(a.state) - rankOf(b.state) || (a.state?.since ?? '').localeCompare(b.state?.since ?? ''),
        ),
    [services, states],
  );
  return (
    <section className="panel svc-detail" aria-labelledby="svc-overview-title">
      <div className="panel__head">
        <h2 id="svc-overview-title">{t('svc.detail')}</h2>
      </div>
      <div className="panel__body">
        <p className="muted">{t('svc.pick')}</p>
        {troubled.length === 0 ? (
          <p>{t('svc.allUp')}</p>
        ) : (
          <>
            <h3 className="svc-detail__subtitle">{t('svc.attention', { count: troubled.length })}</h3>
            <ul className="svc-attention" data-testid="svc-attention">
              {troubled.map(({ service, state }) =>
                state ? (
                  <li key={service.id}>
                    <button
                      type="button"
                      className="svc-attention__item"
                      data-service={service.id}
                      onClick={() => onSelect(service.id)}
                    >
                      {isHijacked(state.integrity) ? (
                        <HijackedBadge size="sm" />
                      ) : (
                        <ServiceStatusBadge status={state.status} size="sm" />
                      )}
                      <strong>{service.name}</strong>
                      <span className="muted">
                        {agencies.get(service.agencyId)?.shortName ?? service.agencyId} ·{' '}
                        {t('svc.sinceShort', {
                          time: formatDateTimeWita(state.since),
                          age: formatAge(now - Date.parse(state.since)),
                        })}
                      </span>
                    </button>
                  </li>
                ) : null,
              )}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
