/** The header of the console and liaison screens. */
import type { ReactNode } from 'react';
import { t } from '../i18n/index.js';
import type { SessionUser } from '../live/api.js';
import { useLive, useNow } from '../live/hooks.js';
import { isStale } from '../live/store.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LangToggle } from './LangToggle.js';
import { LastUpdated } from './LastUpdated.js';

export type Props = { title: string; user: SessionUser; onSignOut: () => void; children?: ReactNode };

export function ScreenHeader({ title, user, onSignOut, children }: Props) {
  const connection = useLive((s) => s.connection);
  const lastUpdateAt = useLive((s) => s.lastUpdateAt);
  const now = useNow(1000);
  const stale = isStale({ connection, lastUpdateAt }, now);
  return (
    <header className="screen-header">
      <div className="screen-header__brand">
        <a href="/" className="screen-header__home">
          {t('app.name')}
        </a>
        <h1 className="screen-header__title">{title}</h1>
        {children}
      </div>
      <div className="screen-header__status">
        <ConnectionIndicator state={connection} compact />
        <LastUpdated lastUpdateAt={lastUpdateAt} stale={stale} now={now} />
        <LangToggle />
        <span className="screen-header__user">
          {t('auth.signedInAs', { user: user.username, role: t(`role.${user.role}`) })}
        </span>
        <button type="button" className="btn" onClick={onSignOut}>
          {t('auth.signOut')}
        </button>
      </div>
    </header>
  );
}
