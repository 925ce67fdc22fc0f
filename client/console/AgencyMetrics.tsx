/** SLA (uptime per window) and MTTA/MTTR per agency; each agency's figures are fetched when its row is opened. */
import { useMemo, useState } from 'react';
import { ExportButton } from '../components/ExportButton.js';
import { errorMessage } from '../components/LoginForm.js';
import { formatAge } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { fetchResponseTimes, fetchSla, type AgencyResponseTimes, type Sla } from '../live/queries.js';

const WINDOWS = ['24h', '7d', '30d', '365d'] as const;

type Loaded = { sla: Sla; rt: AgencyResponseTimes } | { error: string } | 'loading';

function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)} %`;
}

function dur(s: number | null | undefined): string {
  return s === null || s === undefined ? '—' : formatAge(s * 1000);
}

export function AgencyMetrics() {
  const agencies = useLive((s) => s.agencies);
  const services = useLive((s) => s.services);
  const list = useMemo(() => {
    const owning = new Set([...services.values()].map((s) => s.agencyId));
    return [...agencies.values()]
      .filter((a) => owning.has(a.id))
      .sort((a, b) => a.shortName.localeCompare(b.shortName));
  }, [agencies, services]);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Loaded>>(new Map());

  const load = (id: string): void => {
    const cur = loaded.get(id);
    if (cur && (cur === 'loading' || !('error' in cur))) return;
    setLoaded((m) => new Map(m).set(id, 'loading'));
    Promise.all([fetchSla(id), fetchResponseTimes(id)])
      .then(([sla, rt]) => setLoaded((m) => new Map(m).set(id, { sla, rt })))
      .catch((e: unknown) => setLoaded((m) => new Map(m).set(id, { error: errorMessage(e) })));
  };

  const header = (): string[] => [
    t('col.agency'),
    ...WINDOWS.map((w) => `SLA ${w}`),
    'MTTA',
    'MTTR',
    t('metrics.alerts'),
  ];
  const rows = (): string[][] =>
    list.map((a) => {
      const l = loaded.get(a.id);
      if (!l || l === 'loading' || 'error' in l) return [a.shortName, ...WINDOWS.map(() => ''), '', '', ''];
      return [
        a.shortName,
        ...WINDOWS.map((w) => pct(l.sla.windows[w]?.agency.uptime)),
        dur(l.rt.overall.mttaSeconds),
        dur(l.rt.overall.mttrSeconds),
        String(l.rt.overall.alerts),
      ];
    });

  return (
    <section className="panel" aria-labelledby="metrics-title">
      <div className="panel__head">
        <h2 id="metrics-title">{t('metrics.title')}</h2>
        <button type="button" className="btn btn--small" onClick={() => list.forEach((a) => load(a.id))}>
          {t('metrics.loadAll')}
        </button>
        <ExportButton name="sla" label={t('metrics.title')} header={header} rows={rows} />
      </div>
      <p className="muted panel__body">{t('metrics.hint')}</p>
      <div className="table-wrap">
        <table className="table" data-testid="metrics-table">
          <thead>
            <tr>
              <th scope="col">{t('col.agency')}</th>
              {WINDOWS.map((w) => (
                <th key={w} scope="col">
                  {t('metrics.uptime', { window: w })}
                </th>
              ))}
              <th scope="col">
                <abbr title={t('metrics.mttaLong')}>MTTA</abbr>
              </th>
              <th scope="col">
                <abbr title={t('metrics.mttrLong')}>MTTR</abbr>
              </th>
              <th scope="col">{t('metrics.alerts')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => {
              const l = loaded.get(a.id);
              return (
                <tr key={a.id} data-agency={a.id}>
                  <th scope="row">{a.shortName}</th>
                  {!l ? (
                    <td colSpan={7}>
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => load(a.id)}
                        aria-label={t('metrics.loadOne', { agency: a.name })}
                      >
                        {t('metrics.load')}
                      </button>
                    </td>
                  ) : l === 'loading' ? (
                    <td colSpan={7}>{t('common.loading')}</td>
                  ) : 'error' in l ? (
                    <td colSpan={7} className="error-text">
                      {l.error}
                    </td>
                  ) : (
                    <>
                      {WINDOWS.map((w) => (
                        <td key={w}>{pct(l.sla.windows[w]?.agency.uptime)}</td>
                      ))}
                      <td>{dur(l.rt.overall.mttaSeconds)}</td>
                      <td>{dur(l.rt.overall.mttrSeconds)}</td>
                      <td>{l.rt.overall.alerts}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
