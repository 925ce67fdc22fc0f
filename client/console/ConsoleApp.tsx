/**
 * Supervisor/operator console: live alerts and incidents (tables and a map) with every action the
 * user's role allows, services, who is on call, governance and settings. The tab and the filters live in the URL.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { AuthGate } from '../components/AuthGate.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { t, useLang } from '../i18n/index.js';
import type { Session } from '../live/api.js';
import { LiveStoreContext, useLive, useNow } from '../live/hooks.js';
import { connectLive } from '../live/socket.js';
import { LiveStore } from '../live/store.js';
import { AlertDrawer } from './AlertDrawer.js';
import { AlertsTable } from './AlertsTable.js';
import { IncidentDrawer } from './IncidentDrawer.js';
import { IncidentsTable } from './IncidentsTable.js';
import { ServicesPage } from './ServicesPage.js';
import { GovernancePage } from './GovernancePage.js';
import { ReportsPage } from './ReportsPage.js';
import { roleCan } from '../../shared/schemas/index.js';
import { useAreaNames } from '../map/useAreaNames.js';
import { hasConfig } from './config/sections.js';
import { alertsByIncident } from './filters.js';
import { CONSOLE_TABS, consoleHref, useConsoleUrl, type ConsoleQuery, type ConsoleTab } from './query.js';
import './console.css';

// The settings pages load on first use: most console sessions never open them.
const ConfigPage = lazy(() => import('./config/ConfigPage.js').then((m) => ({ default: m.ConfigPage })));
// The map too: maplibre is the console's largest dependency.
const ConsoleMap = lazy(() => import('./ConsoleMap.js').then((m) => ({ default: m.ConsoleMap })));
// The on-call page and its schedule editor.
const OnCallPage = lazy(() => import('./oncall/OnCallPage.js').then((m) => ({ default: m.OnCallPage })));

/** What the drawer shows, if anything, and the tab it was opened on (another tab closes it). */
type DrawerTarget = { kind: 'alert' | 'incident'; id: string; tab: ConsoleTab } | null;

export function ConsoleApp() {
  const lang = useLang();
  useEffect(() => {
    document.title = t('console.documentTitle');
  }, [lang]);
  return (
    <AuthGate heading={t('console.loginHeading')}>
      {(session, signOut) => <LiveConsole session={session} onSignOut={signOut} />}
    </AuthGate>
  );
}

function LiveConsole({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [store] = useState(() => new LiveStore());
  const role = session.user.role;
  const tabs = useMemo(
    () =>
      CONSOLE_TABS.filter(
        (k) => (k !== 'config' || hasConfig(role)) && (k !== 'reports' || roleCan(role, 'reports:triage')),
      ),
    [role],
  );
  const { tab, query, update, setTab } = useConsoleUrl(tabs);
  const areaNames = useAreaNames();
  const [opened, setDrawer] = useState<DrawerTarget>(null);
  // Back/Forward to another tab leaves a drawer of the previous one closed.
  const drawer = opened?.tab === tab ? opened : null;
  const closeDrawer = useCallback(() => setDrawer(null), []);
  const openAlert = useCallback((id: string) => setDrawer({ kind: 'alert', id, tab }), [tab]);
  const openIncident = useCallback((id: string) => setDrawer({ kind: 'incident', id, tab }), [tab]);
  const openPin = useCallback(
    (kind: 'alert' | 'incident', id: string) => setDrawer({ kind, id, tab }),
    [tab],
  );
  // "buka peta": the map tab centred on the alert (a history entry, so Back returns to the table).
  const showOnMap = useCallback(
    (id: string) => {
      setDrawer(null);
      update({ focus: id }, 'map');
    },
    [update],
  );
  useEffect(() => {
    const conn = connectLive(store);
    return () => conn.close();
  }, [store]);
  return (
    <LiveStoreContext.Provider value={store}>
      <div className="screen">
        <ScreenHeader title={t('console.title')} user={session.user} onSignOut={onSignOut}>
          <StoreBadges />
          <ReplayLink />
        </ScreenHeader>
        <nav className="tabs" aria-label={t('console.sections')}>
          {tabs.map((k) => (
            <button
              key={k}
              type="button"
              className={`tabs__tab${tab === k ? ' tabs__tab--active' : ''}`}
              aria-current={tab === k ? 'page' : undefined}
              onClick={() => setTab(k)}
              data-testid={`tab-${k}`}
            >
              {t(`console.tab.${k}`)}
            </button>
          ))}
        </nav>
        <main className="screen-main">
          {tab === 'alerts' ? (
            <AlertsTable
              user={session.user}
              areaNames={areaNames}
              query={query}
              update={update}
              onOpen={openAlert}
            />
          ) : null}
          {tab === 'incidents' ? (
            <IncidentsTable
              areaNames={areaNames}
              query={query}
              update={update}
              onOpenIncident={openIncident}
            />
          ) : null}
          {tab === 'map' ? (
            <Suspense fallback={<p className="panel__empty">{t('common.loading')}</p>}>
              <ConsoleMap areaNames={areaNames} query={query} update={update} onOpen={openPin} />
            </Suspense>
          ) : null}
          {tab === 'reports' ? <ReportsPage user={session.user} /> : null}
          {tab === 'services' ? <ServicesPage /> : null}
          {tab === 'oncall' ? (
            <Suspense fallback={<p className="panel__empty">{t('common.loading')}</p>}>
              <OnCallPage user={session.user} />
            </Suspense>
          ) : null}
          {tab === 'governance' ? <GovernancePage /> : null}
          {tab === 'config' ? (
            <Suspense fallback={<p className="panel__empty">{t('common.loading')}</p>}>
              <ConfigPage user={session.user} />
            </Suspense>
          ) : null}
        </main>
        <Drawer
          target={drawer}
          session={session}
          areaNames={areaNames}
          query={query}
          onClose={closeDrawer}
          onOpenAlert={openAlert}
          onShowOnMap={showOnMap}
        />
      </div>
    </LiveStoreContext.Provider>
  );
}

/** The alert or incident drawer over any tab. */
function Drawer({
  target,
  session,
  areaNames,
  query,
  onClose,
  onOpenAlert,
  onShowOnMap,
}: {
  target: DrawerTarget;
  session: Session;
  areaNames: ReadonlyMap<string, string>;
  query: ConsoleQuery;
  onClose: () => void;
  onOpenAlert: (id: string) => void;
  onShowOnMap: (id: string) => void;
}) {
  const alerts = useLive((s) => s.alerts);
  const incidents = useLive((s) => s.incidents);
  const byIncident = useMemo(
    () => (target?.kind === 'incident' ? alertsByIncident(alerts.values()) : null),
    [alerts, target?.kind],
  );
  if (!target) return null;
  if (target.kind === 'incident') {
    return (
      <IncidentDrawer
        key={`incident:${target.id}`}
        incidentId={target.id}
        incident={incidents.get(target.id)}
        alert={byIncident?.get(target.id)}
        areaNames={areaNames}
        onClose={onClose}
        onOpenAlert={onOpenAlert}
      />
    );
  }
  return (
    <AlertDrawer
      key={`alert:${target.id}`}
      alertId={target.id}
      live={alerts.get(target.id)}
      user={session.user}
      areaNames={areaNames}
      onClose={onClose}
      mapHref={consoleHref('map', { ...query, focus: target.id }, window.location.search)}
      onShowOnMap={() => onShowOnMap(target.id)}
    />
  );
}

function StoreBadges() {
  const demo = useLive((s) => s.demo);
  const storeKind = useLive((s) => s.storeKind);
  return (
    <>
      {demo ? <span className="pill pill--demo">{t('wall.demo')}</span> : null}
      {storeKind === 'memory' ? (
        <span className="pill pill--warn" title={t('console.memoryStoreHint')}>
          {t('console.memoryStore')}
        </span>
      ) : null}
    </>
  );
}

/** After-action review: the wall as it was an hour ago (kept current while the console stays open), with its replay controls. */
function ReplayLink() {
  const now = useNow(60_000);
  return (
    <a
      className="btn btn--small"
      href={`/wall?at=${encodeURIComponent(new Date(now - 3_600_000).toISOString())}`}
      target="_blank"
      rel="noopener"
      data-testid="open-replay"
    >
      {t('replay.open')}
    </a>
  );
}
