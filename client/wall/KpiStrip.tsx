/** The KPI strip: services up, open incidents by severity, alerts needing action, app usage. */
import { useMemo } from 'react';
import type {
  Alert,
  Kpis,
  Service,
  ServiceState,
  ServiceStatus,
  UsageSample,
} from '../../shared/schemas/index.js';
import { formatAge, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { SERVICE_GLYPHS, SEVERITY_GLYPHS, SEVERITY_ORDER } from '../map/palette.js';
import { alertCounts } from './alerts.js';
import { appUsers } from './usage.js';

export type Props = {
  kpis: Kpis | null;
  services: ReadonlyMap<string, Service>;
  serviceStates: ReadonlyMap<string, ServiceState>;
  usage: ReadonlyMap<string, UsageSample>;
  alerts: ReadonlyMap<string, Alert>;
  serverNow: number;
};

/** An alert needing action for longer than this is shown as overdue. */
const UNACK_OVERDUE_MS = 15 * 60_000;

function ClockIcon() {
  return (
    <svg viewBox="0 0 24 24" className="kpi__icon" aria-hidden="true">
      <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="2.6" />
      <path
        d="M12 6.5V12l3.8 2.4"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.6"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** Services per status (no state yet counts as unknown). */
export function countByStatus(
  services: ReadonlyMap<string, Service>,
  states: ReadonlyMap<string, ServiceState>,
): Record<ServiceStatus, number> {
  const counts: Record<ServiceStatus, number> = { up: 0, degraded: 0, down: 0, maintenance: 0, unknown: 0 };
  for (const id of services.keys()) counts[states.get(id)?.status ?? 'unknown'] += 1;
  return counts;
}

const NOT_UP: readonly ServiceStatus[] = ['down', 'degraded', 'maintenance', 'unknown'];

export function KpiStrip({ kpis, services, serviceStates, usage, alerts, serverNow }: Props) {
  const dash = t('kpi.none');
  const total = kpis?.servicesTotal ?? 0;
  const up = kpis?.servicesUp ?? 0;
  const down = kpis?.servicesDown ?? 0;
  const upShare = total > 0 ? up / total : 0;
  const bySev = kpis?.openIncidentsBySeverity ?? {};
  const openTotal = SEVERITY_ORDER.reduce((n, s) => n + (bySev[s] ?? 0), 0);
  // Counted here from the live alerts: the headline is what needs action now (active, nobody on
  // it); what cleared with nobody looking is said apart.
  const counts = useMemo(() => alertCounts(alerts.values()), [alerts]);
  const unack = counts.needsAction;
  const oldestMs = counts.oldestNeedsActionAt === null ? null : serverNow - counts.oldestNeedsActionAt;
  const overdue = oldestMs !== null && oldestMs > UNACK_OVERDUE_MS;
  const users = appUsers(usage, serverNow);
  const byStatus = countByStatus(services, serviceStates);
  // The server's KPI is the authority for "down"; the rest of the breakdown is local.
  byStatus.down = down;
  const notUp = NOT_UP.filter((st) => byStatus[st] > 0);

  return (
    <section className="kpis" aria-label={t('kpi.label')}>
      <div className={`kpi${down > 0 ? ' kpi--bad' : ''}`}>
        <h2 className="kpi__label">{t('kpi.servicesUp')}</h2>
        <div className="kpi__value">
          <span data-testid="kpi-services-up">{kpis ? formatNumber(up) : dash}</span>
          <span className="kpi__of">/</span>
          <span className="kpi__total" data-testid="kpi-services-total">
            {kpis ? formatNumber(total) : dash}
          </span>
        </div>
        <div className="kpi__bar" aria-hidden="true">
          <meter className="kpi__meter" min={0} max={1} value={upShare} />
        </div>
        <div className="kpi__sub kpi__breakdown" data-testid="kpi-services-breakdown">
          {!kpis
            ? dash
            : notUp.length === 0
              ? t('kpi.allUp')
              : notUp.map((st) => (
                  <span
                    key={st}
                    className={`kpi__piece kpi__piece--${st}`}
                    data-testid={st === 'down' ? 'kpi-services-down' : undefined}
                  >
                    <span className="kpi__piece-glyph" aria-hidden="true">
                      {SERVICE_GLYPHS[st]}
                    </span>
                    {formatNumber(byStatus[st])} {t(`service.${st}`).toLowerCase()}
                  </span>
                ))}
        </div>
      </div>

      <div className={`kpi kpi--wide${(bySev.extreme ?? 0) + (bySev.severe ?? 0) > 0 ? ' kpi--bad' : ''}`}>
        <h2 className="kpi__label">{t('kpi.openIncidents')}</h2>
        <div className="kpi__row">
          <div className="kpi__value" data-testid="kpi-incidents-open">
            {kpis ? formatNumber(openTotal) : dash}
          </div>
          <ul className="sev-chips">
            {SEVERITY_ORDER.map((s) => (
              <li key={s} className={`sev-chip sev-chip--${s}${(bySev[s] ?? 0) === 0 ? ' is-zero' : ''}`}>
                <span className="sev-chip__glyph" aria-hidden="true">
                  {SEVERITY_GLYPHS[s]}
                </span>
                <span className="sev-chip__count" data-testid={`kpi-incidents-${s}`}>
                  {formatNumber(bySev[s] ?? 0)}
                </span>
                <span className="sev-chip__label">{t(`severity.${s}`)}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>

      <div className={`kpi${overdue ? ' kpi--bad' : unack > 0 ? ' kpi--warn' : ''}`}>
        <h2 className="kpi__label">{t('kpi.needsAction')}</h2>
        <div className="kpi__row kpi__row--top">
          <div className="kpi__value" data-testid="kpi-unack">
            {kpis ? formatNumber(unack) : dash}
          </div>
          {kpis && counts.clearedUnattended > 0 ? (
            <div className="kpi__aside" data-testid="kpi-cleared" data-n={counts.clearedUnattended}>
              {t('kpi.clearedUnattended', { n: formatNumber(counts.clearedUnattended) })}
            </div>
          ) : null}
        </div>
        <div className="kpi__sub" data-testid="kpi-unack-oldest">
          {oldestMs !== null && unack > 0 ? (
            <span className={overdue ? 'kpi__alarm' : undefined}>
              {overdue ? <ClockIcon /> : null}
              {t('kpi.oldest', { age: formatAge(oldestMs) })}
            </span>
          ) : kpis ? (
            // Cleared ones may still wait for an acknowledgement: "all acknowledged" would be untrue.
            t(counts.clearedUnattended > 0 ? 'kpi.nothingActive' : 'kpi.allAcknowledged')
          ) : (
            dash
          )}
        </div>
      </div>

      <div className="kpi">
        <h2 className="kpi__label">{t('kpi.activeUsers')}</h2>
        <div className="kpi__row kpi__row--top">
          <div className="kpi__value" data-testid="kpi-app-users">
            {users === null ? dash : formatNumber(users.users)}
          </div>
          {users ? (
            <div className="kpi__aside kpi__aside--muted" data-testid="kpi-app-count">
              {t('kpi.activeUsersApps', { n: formatNumber(users.apps) })}
            </div>
          ) : null}
        </div>
        <div className="kpi__sub kpi__sub--muted">{t('kpi.appUsersBaseline')}</div>
      </div>
    </section>
  );
}
