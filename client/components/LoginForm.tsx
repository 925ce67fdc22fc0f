/** Username/password form; calls back with the new session. */
import { useState, type FormEvent } from 'react';
import { t } from '../i18n/index.js';
import { ApiError, login, type Session } from '../live/api.js';

export type Props = { onLoggedIn: (session: Session) => void; heading?: string };

export function LoginForm({ onLoggedIn, heading }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    login(username.trim(), password)
      .then((session) => onLoggedIn(session))
      .catch((err: unknown) => {
        setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : errorMessage(err));
        setBusy(false);
      });
  };

  return (
    <form className="login" onSubmit={submit} data-testid="login-form">
      <h2 className="login__title">{heading ?? t('login.title')}</h2>
      <div className="field">
        <label htmlFor="login-username">{t('login.username')}</label>
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <button className="btn btn--primary login__submit" type="submit" disabled={busy}>
        {busy ? t('login.busy') : t('login.submit')}
      </button>
    </form>
  );
}

/** A user-facing message for any failure: the server's message when it sent one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    return err.message || t('error.generic');
  }
  return t('error.generic');
}
