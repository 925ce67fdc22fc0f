/** The header of the console and liaison screens, with "Profil saya" (loaded on first use). */
import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import { t } from '../i18n/index.js';
import type { SessionUser } from '../live/api.js';
import { formatAge, formatTimeWita } from '../i18n/format.js';
import { useLive, useLiveHealth } from '../live/hooks.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LangToggle } from './LangToggle.js';
import { LastUpdated } from './LastUpdated.js';

const ProfileDialog = lazy(() => import('./ProfileDialog.js'));

export type Props = { title: string; user: SessionUser; onSignOut: () => void; children?: ReactNode };

export function ScreenHeader({ title, user, onSignOut, children }: Props) {
  const connection = useLive((s) => s.connection);
  const { health, stale, dataAt: lastUpdateAt, now } = useLiveHealth();
  const feedStalled = health === 'feedStalled';
  const [profileOpen, setProfileOpen] = useState(false);
  // Stable, so the dialog's focus trap is set up once per opening.
  const closeProfile = useCallback(() => setProfileOpen(false), []);
  return (
    <>
      <header className="screen-header" data-live-health={health}>
        <div className="screen-header__brand">
          <a href="/" className="screen-header__home">
            {t('app.name')}
          </a>
          <h1 className="screen-header__title">{title}</h1>
          {children}
        </div>
        <div className="screen-header__status">
          <ConnectionIndicator state={connection} feedStalled={feedStalled} compact />
          <LastUpdated lastUpdateAt={lastUpdateAt} stale={stale} now={now} />
          <LangToggle />
          <span className="screen-header__user">
            {t('auth.signedInAs', { user: user.username, role: t(`role.${user.role}`) })}
          </span>
          <button
            type="button"
            className="btn"
            aria-haspopup="dialog"
            aria-expanded={profileOpen}
            data-testid="open-profile"
            onClick={() => setProfileOpen(true)}
          >
            {t('profile.open')}
          </button>
          <button type="button" className="btn" onClick={onSignOut}>
            {t('auth.signOut')}
          </button>
        </div>
      </header>
      {feedStalled ? (
        <div className="feed-stalled" role="alert" data-testid="feed-stalled">
          <span aria-hidden="true">⚠ </span>
          {t('stale.feedBanner', {
            time:
              lastUpdateAt === null ? t('live.never') : `${formatTimeWita(lastUpdateAt)} ${t('time.zone')}`,
            age: lastUpdateAt === null ? '—' : formatAge(now - lastUpdateAt),
          })}
        </div>
      ) : null}
      {profileOpen ? (
        <Suspense fallback={null}>
          <ProfileDialog onClose={closeProfile} />
        </Suspense>
      ) : null}
    </>
  );
}
