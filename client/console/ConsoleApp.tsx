/** Supervisor/operator console: live alerts and incidents with acknowledge/resolve. */
import { useEffect, useState } from 'react';
import { AuthGate } from '../components/AuthGate.js';
import { ScreenHeader } from '../components/ScreenHeader.js';
import { t, useLang } from '../i18n/index.js';
import type { Session } from '../live/api.js';
import { LiveStoreContext, useLive } from '../live/hooks.js';
import { connectLive } from '../live/socket.js';
import { LiveStore } from '../live/store.js';
import { AlertsTable } from './AlertsTable.js';
import { IncidentsTable } from './IncidentsTable.js';

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
  useEffect(() => {
    const conn = connectLive(store);
    return () => conn.close();
  }, [store]);
  return (
    <LiveStoreContext.Provider value={store}>
      <div className="screen">
        <ScreenHeader title={t('console.title')} user={session.user} onSignOut={onSignOut}>
          <StoreBadges />
        </ScreenHeader>
        <main className="screen-main">
          <AlertsTable />
          <IncidentsTable />
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
