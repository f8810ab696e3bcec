import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { signIn, type SignOutReason } from '../session/session';
import { LanguageSwitch } from './LanguageSwitch';

export function SignInPage({ reason, preload }: { reason?: SignOutReason; preload: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('signin.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    emailRef.current?.focus();
    // The page is usable from here on: what the first-interactive figure measures.
    performance.mark('evx:interactive');
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    // Fetch the signed-in part while the credentials are checked.
    void preload().catch(() => undefined);
    try {
      await signIn(email.trim(), password);
    } catch (problem) {
      setBusy(false);
      if (problem instanceof ApiProblem && problem.status === 401) setError(t('signin.wrong'));
      else if (problem instanceof ApiProblem && problem.status === 429) setError(t('signin.rateLimited'));
      else if (problem instanceof ApiProblem && problem.status === 400) setError(t('signin.invalid'));
      else setError(t('problem.network'));
    }
  };

  return (
    <div className="signin-page">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="signin">
        <h1>{t('signin.title')}</h1>
        <p className="muted">{t('signin.intro')}</p>
        {reason === 'expired' && (
          <p className="alert alert--warning" role="status">
            {t('signin.expired')}
          </p>
        )}
        {reason === 'user' && (
          <p className="alert alert--info" role="status">
            {t('signin.signedOut')}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="signin-email">{t('signin.email')}</label>
            <input
              id="signin-email"
              ref={emailRef}
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              required
              aria-describedby={error ? 'signin-error' : undefined}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="signin-password">{t('signin.password')}</label>
            <input
              id="signin-password"
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              required
              aria-describedby={error ? 'signin-error' : undefined}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          {error && (
            <p className="alert alert--error" id="signin-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('signin.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
