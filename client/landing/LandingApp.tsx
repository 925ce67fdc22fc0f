/** Landing page: what Pantau is, the three screens, and a sign-in form. */
import { useEffect, useState } from 'react';
import { errorMessage, LoginForm } from '../components/LoginForm.js';
import { LangToggle } from '../components/LangToggle.js';
import { t, useLang } from '../i18n/index.js';
import { fetchMe, logout, type Session } from '../live/api.js';

type Phase =
  { kind: 'loading' } | { kind: 'anonymous'; error?: string } | { kind: 'ready'; session: Session };

export function LandingApp() {
  const lang = useLang();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  useEffect(() => {
    document.title = t('landing.documentTitle');
  }, [lang]);
  useEffect(() => {
    fetchMe()
      .then((s) => setPhase(s ? { kind: 'ready', session: s } : { kind: 'anonymous' }))
      .catch((err: unknown) => setPhase({ kind: 'anonymous', error: errorMessage(err) }));
  }, []);

  return (
    <div className="landing">
      <header className="landing__header">
        <div>
          <h1 className="landing__title">{t('app.name')}</h1>
          <p className="landing__tagline">{t('landing.tagline')}</p>
        </div>
        <LangToggle />
      </header>
      <main className="landing__main">
        <nav className="landing__screens" aria-label={t('landing.screens')}>
          <a className="screen-card" href="/wall" data-testid="link-wall">
            <strong>{t('landing.wall')}</strong>
            <span>{t('landing.wallHint')}</span>
          </a>
          <a className="screen-card" href="/console" data-testid="link-console">
            <strong>{t('landing.console')}</strong>
            <span>{t('landing.consoleHint')}</span>
          </a>
          <a className="screen-card" href="/liaison" data-testid="link-liaison">
            <strong>{t('landing.liaison')}</strong>
            <span>{t('landing.liaisonHint')}</span>
          </a>
        </nav>
        <section className="landing__auth">
          {phase.kind === 'loading' ? <p>{t('common.loading')}</p> : null}
          {phase.kind === 'anonymous' ? (
            <>
              {phase.error ? (
                <p className="error-text" role="alert">
                  {phase.error}
                </p>
              ) : null}
              <LoginForm onLoggedIn={(session) => setPhase({ kind: 'ready', session })} />
            </>
          ) : null}
          {phase.kind === 'ready' ? (
            <div className="landing__signed-in">
              <p>
                {t('auth.signedInAs', {
                  user: phase.session.user.username,
                  role: t(`role.${phase.session.user.role}`),
                })}
              </p>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  logout()
                    .catch(() => undefined)
                    .finally(() => setPhase({ kind: 'anonymous' }));
                }}
              >
                {t('auth.signOut')}
              </button>
            </div>
          ) : null}
        </section>
      </main>
      <footer className="landing__footer">{t('landing.footer')}</footer>
    </div>
  );
}
