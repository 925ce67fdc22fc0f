/** The wall's governance view: app adoption against the 2018 baseline and the scorecard; mounted only while it shows. */
import { AdoptionBar, adoptionScale } from '../governance/AdoptionBar.js';
import {
  formatAppBaseline,
  formatBaseline,
  formatIndicatorValue,
  formatRate,
  formatTarget,
  indicatorStatus,
  statusLabel,
} from '../governance/format.js';
import { formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { GOVERNANCE_STALE_MS, useGovernance } from '../live/governance.js';
import { useNow } from '../live/hooks.js';
import { tokenFromUrl } from '../live/socket.js';

export type Props = { liveStale: boolean };

export function GovernancePanel({ liveStale }: Props) {
  const { data, fetchedAt, error } = useGovernance(tokenFromUrl());
  const now = useNow(5000);
  const scale = data ? adoptionScale(data.adoption.apps) : 1;
  const stale = liveStale || fetchedAt === null || now - fetchedAt > GOVERNANCE_STALE_MS;
  return (
    <section
      className={`wall-gov${stale ? ' wall-gov--stale' : ''}`}
      aria-labelledby="wall-gov-title"
      data-testid="wall-governance"
      data-visible="true"
      data-stale={stale ? 'true' : 'false'}
    >
      <header className="wall-gov__head">
        <h2 id="wall-gov-title" className="wall-gov__title">
          {t('gov.wallTitle')}
        </h2>
        <span className="wall-gov__asof" data-testid="gov-asof">
          {stale ? <span aria-hidden="true">⚠ </span> : null}
          {data ? t('gov.asOf', { time: formatDateTimeWita(data.adoption.at) }) : t('common.loading')}
          {error && data ? ` · ${t('gov.refreshFailed')}` : null}
        </span>
      </header>
      {!data ? (
        <p className="wall-gov__empty">{error ? t('gov.loadFailed') : t('common.loading')}</p>
      ) : (
        <div className="wall-gov__body">
          <div className="wall-gov__apps">
            <h3 className="wall-gov__sub">{t('gov.adoptionTitle')}</h3>
            <p className="wall-gov__scale">
              <span className="gov-key gov-key--now" aria-hidden="true" />
              {t('gov.legendNow')} · {t('gov.scale', { max: formatRate(scale * 1.1) })}
            </p>
            <ul className="wall-gov__list">
              {data.adoption.apps.map((app) => (
                <li key={app.appId} className="wall-gov__app" data-testid="gov-app" data-app={app.appId}>
                  <div className="wall-gov__app-line">
                    <span className="wall-gov__app-name">{app.name}</span>
                    <span className="wall-gov__app-rate">{formatRate(app.rate)}</span>
                  </div>
                  <AdoptionBar app={app} className="gov-bar--wall" scaleMax={scale} />
                  {/* One line from 5 m: users now, then the 2018 baseline (source and population in the console). */}
                  <div className="wall-gov__app-meta" title={app.baseline?.source}>
                    {app.activeUsers ? (
                      <span className="wall-gov__pop">
                        {t('gov.activeNow', { n: formatNumber(app.activeUsers.value) })}
                      </span>
                    ) : null}
                    <span className="wall-gov__base">
                      <span className="gov-key gov-key--base" aria-hidden="true" />
                      {t('gov.baseline2018')}: {formatAppBaseline(app)}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </div>
          <div className="wall-gov__score">
            <h3 className="wall-gov__sub">{t('gov.scorecardTitle')}</h3>
            <table className="wall-gov__table" data-testid="gov-scorecard">
              <thead>
                <tr>
                  <th scope="col">{t('gov.col.indicator')}</th>
                  <th scope="col">2018</th>
                  <th scope="col">{t('gov.col.now')}</th>
                  <th scope="col">{t('gov.col.target')}</th>
                  <th scope="col">{t('gov.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.scorecard.indicators.map((ind) => {
                  const s = indicatorStatus(ind);
                  return (
                    <tr key={ind.id} data-status={s}>
                      <th scope="row">
                        <span className="wall-gov__ind">{ind.name}</span>
                      </th>
                      <td>{formatBaseline(ind)}</td>
                      <td>{formatIndicatorValue(ind, ind.current?.value)}</td>
                      <td>{formatTarget(ind)}</td>
                      <td>
                        <span className={`gov-status gov-status--${s}`}>{statusLabel(s)}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
