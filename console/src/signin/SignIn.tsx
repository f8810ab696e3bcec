import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n';
import type { SignOutReason } from '../session/session';
import { LanguageSwitch } from './LanguageSwitch';
import { SignInForm } from './SignInForm';

export function SignInPage({ reason, preload }: { reason?: SignOutReason; preload: () => Promise<unknown> }) {
  const { t } = useI18n();

  useEffect(() => {
    document.title = `${t('signin.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => {
    // The page is usable from here on: what the first-interactive figure measures.
    performance.mark('evx:interactive');
  }, []);

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
        {/* Fetch the signed-in part while the credentials are checked. */}
        <SignInForm onStart={() => void preload().catch(() => undefined)} />
      </main>
    </div>
  );
}
