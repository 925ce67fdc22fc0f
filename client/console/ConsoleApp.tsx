/** Supervisor/operator console: live alerts and incidents with acknowledge/resolve. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { AuthGate } from '../components/AuthGate.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { t, useLang } from '../i18n/index.js';
import type { Session } from '../live/api.js';
import { LiveStoreContext, useLive, useNow } from '../live/hooks.js';
import { connectLive } from '../live/socket.js';
import { LiveStore } from '../live/store.js';
import { AlertsTable } from './AlertsTable.js';
import { IncidentsTable } from './IncidentsTable.js';
import { ServicesPage } from './ServicesPage.js';
import { GovernancePage } from './GovernancePage.js';
import { useAreaNames } from '../map/useAreaNames.js';
import { hasConfig } from './config/sections.js';

// The settings pages load on first use: most console sessions never open them.
const ConfigPage = lazy(() => import('./config/ConfigPage.js').then((m) => ({ default: m.ConfigPage })));

type Tab = 'alerts' | 'incidents' | 'services' | 'governance' | 'config';
const TABS: readonly Tab[] = ['alerts', 'incidents', 'services', 'governance', 'config'];

/** The tab named by the hash (`#services`, `#config/users`), if this user has it. */
function tabFromHash(tabs: readonly Tab[]): Tab {
  const h = window.location.hash.slice(1).split('/')[0] ?? '';
  return (tabs as readonly string[]).includes(h) ? (h as Tab) : 'alerts';
}

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
  const tabs = TABS.filter((k) => k !== 'config' || hasConfig(session.user.role));
  const [tab, setTab] = useState<Tab>(() => tabFromHash(tabs));
  const areaNames = useAreaNames();
  const choose = (next: Tab): void => {
    setTab(next);
    window.history.replaceState(null, '', `#${next}`);
  };
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
              onClick={() => choose(k)}
              data-testid={`tab-${k}`}
            >
              {t(`console.tab.${k}`)}
            </button>
          ))}
        </nav>
        <main className="screen-main">
          {tab === 'alerts' ? <AlertsTable user={session.user} areaNames={areaNames} /> : null}
          {tab === 'incidents' ? <IncidentsTable areaNames={areaNames} /> : null}
          {tab === 'services' ? <ServicesPage /> : null}
          {tab === 'governance' ? <GovernancePage /> : null}
          {tab === 'config' ? (
            <Suspense fallback={<p className="panel__empty">{t('common.loading')}</p>}>
              <ConfigPage user={session.user} />
            </Suspense>
          ) : null}
        </main>
      </div>
    </LiveStoreContext.Provider>
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
