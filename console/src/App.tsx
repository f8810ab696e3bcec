/**
 * The console's root. Signed out, only this chunk and the sign-in form are loaded; everything
 * a signed-in user sees is in the shell chunk, fetched while the credentials are checked. When
 * a session lapses the shell stays, with what was typed, under a sign-in dialog.
 */
import { lazy, Suspense } from 'react';
import { I18nProvider } from './i18n/i18n';
import { Loading } from './ui/feedback';
import { useSession } from './session/session';
import { SignInPage } from './signin/SignIn';

const loadShell = () => import('./shell/Shell');
const Shell = lazy(loadShell);

export function App() {
  return (
    <I18nProvider>
      <Root />
    </I18nProvider>
  );
}

function Root() {
  const session = useSession();
  if (session.phase === 'signed-out') return <SignInPage reason={session.reason} preload={loadShell} />;
  return (
    <Suspense fallback={<Loading />}>
      {/* Keyed by the person: another one signing in where a session lapsed starts afresh. */}
      <Shell key={session.me.user.id} me={session.me} expiresAt={session.phase === 'signed-in' ? session.expiresAt : 0} renewable={session.phase === 'signed-in' && session.renewable} expired={session.phase === 'expired'} />
    </Suspense>
  );
}
