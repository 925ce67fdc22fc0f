/** Shows a login form until `/api/v1/auth/me` answers with a user, then renders the screen. */
import { useEffect, useState, type ReactNode } from 'react';
import { t } from '../i18n/index.js';
import { fetchMe, logout, type Session } from '../live/api.js';
import { errorMessage, LoginForm } from './LoginForm.js';

export type Props = {
  heading: string;
  children: (session: Session, signOut: () => void) => ReactNode;
};

type Phase =
  | { kind: 'loading' }
  | { kind: 'anonymous' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; session: Session };

export function AuthGate({ heading, children }: Props) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    fetchMe()
      .then((session) => {
        if (!cancelled) setPhase(session ? { kind: 'ready', session } : { kind: 'anonymous' });
      })
      .catch((err: unknown) => {
        if (!cancelled) setPhase({ kind: 'error', message: errorMessage(err) });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const signOut = (): void => {
    logout()
      .catch(() => undefined)
      .finally(() => setPhase({ kind: 'anonymous' }));
  };

  switch (phase.kind) {
    case 'loading':
      return <p className="page-loading">{t('common.loading')}</p>;
    case 'error':
      return (
        <div className="auth-shell">
          <p className="error-text" role="alert">
            {phase.message}
          </p>
          <LoginForm heading={heading} onLoggedIn={(session) => setPhase({ kind: 'ready', session })} />
        </div>
      );
    case 'anonymous':
      return (
        <div className="auth-shell">
          <LoginForm heading={heading} onLoggedIn={(session) => setPhase({ kind: 'ready', session })} />
        </div>
      );
    case 'ready':
      return <>{children(phase.session, signOut)}</>;
  }
}
