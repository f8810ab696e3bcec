/**
 * Everything a signed-in user sees: the menu by role, and the page the address names. A person
 * who must first enrol a second factor sees that page alone; a session that lapsed keeps the
 * page, inert, under a sign-in dialog.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Me } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { watchFeedState } from '../orders/live';
import { OrderList, type ListView } from '../orders/OrderList';
import { Link, matchRoute, navigate, usePath } from '../router';
import { RENEW_BEFORE_MS, signOut } from '../session/session';
import { LanguageSwitch } from '../signin/LanguageSwitch';
import { SessionDialog } from './SessionDialog';
import { Loading } from '../ui/feedback';
import { useNow } from '../ui/use-now';
import { homeFor, navigationFor } from './navigation';

const OrderPage = lazy(() => import('../orders/OrderPage'));
const DraftPage = lazy(() => import('../drafting/DraftPage'));
const OrganisationsPage = lazy(() => import('../operator/OrganisationsPage'));
const OrganisationPage = lazy(() => import('../operator/OrganisationPage'));
const WebhooksPage = lazy(() => import('../operator/WebhooksPage'));
const SecurityPage = lazy(() => import('../account/SecurityPage'));

export interface ShellProps {
  me: Me;
  expiresAt: number;
  /** The token will be renewed before it expires (false: the longest session is near). */
  renewable: boolean;
  /** The session lapsed: the page stays, inert, under the sign-in dialog. */
  expired: boolean;
}

export default function Shell({ me, expiresAt, renewable, expired }: ShellProps) {
  const { t } = useI18n();
  const path = usePath();
  const items = navigationFor(me);
  const pathname = path.split('?')[0];
  const enrolling = me.totpEnrolmentRequired;

  useEffect(() => {
    if (enrolling) {
      if (pathname !== '/account') navigate('/account', { replace: true });
    } else if (pathname === '/' || pathname === '') navigate(homeFor(me), { replace: true });
  }, [pathname, me, enrolling]);

  return (
    <>
      <div className="shell" inert={expired}>
        <a className="skip-link" href="#main">
          {t('common.skipToContent')}
        </a>
        <header className="topbar">
          <span className="brand">{t('app.name')}</span>
          <span className="whoami">
            <span className="whoami__name">{me.user.name}</span>
            <span className="whoami__org">{me.organisation.name}</span>
          </span>
          <LanguageSwitch />
          {!expired && <SessionClock expiresAt={expiresAt} renewable={renewable} />}
          {!enrolling && <FeedState />}
          <button type="button" className="button button--quiet" onClick={() => signOut('user')}>
            {t('nav.signOut')}
          </button>
        </header>
        {enrolling ? (
          <main id="main" tabIndex={-1}>
            <Suspense fallback={<Loading />}>
              <SecurityPage me={me} />
            </Suspense>
          </main>
        ) : (
          <Body me={me} path={path} pathname={pathname} items={items} />
        )}
      </div>
      {expired && <SessionDialog me={me} />}
    </>
  );
}

function Body({ me, path, pathname, items }: { me: Me; path: string; pathname: string; items: ReturnType<typeof navigationFor> }) {
  const { t } = useI18n();
  return (
    <>
      <nav className="mainnav" aria-label={t('nav.label')}>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={pathname === item.to ? 'page' : undefined}>
                {t(item.label)}
              </Link>
            </li>
          ))}
          {/* Everyone's own account, whatever the role: last, apart from the work. */}
          <li className="mainnav__account">
            <Link to="/account" aria-current={pathname === '/account' ? 'page' : undefined}>
              {t('nav.security')}
            </Link>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Route me={me} path={path} />
        </Suspense>
      </main>
    </>
  );
}

function Route({ me, path }: { me: Me; path: string }) {
  const { t } = useI18n();
  const pathname = path.split('?')[0];
  const views: Record<string, ListView> = { '/inbox': 'inbox', '/outbox': 'outbox', '/validation': 'validation' };
  if (views[pathname]) return <OrderList key={pathname} view={views[pathname]} me={me} />;
  const drafting = navigationFor(me).some((item) => item.to === '/orders/new');
  if (drafting && matchRoute('/orders/new', path)) return <DraftPage key="new" me={me} />;
  const edit = drafting ? matchRoute('/orders/:id/edit', path) : null;
  if (edit) return <DraftPage key={`edit-${edit.id}`} me={me} orderId={edit.id} />;
  const order = matchRoute('/orders/:id', path);
  if (order) return <OrderPage key={order.id} me={me} orderId={order.id} />;
  if (matchRoute('/account', path)) return <SecurityPage me={me} />;
  if (matchRoute('/organisations', path)) return <OrganisationsPage me={me} />;
  if (matchRoute('/webhooks', path) && me.user.roles.includes('ORG_ADMIN')) return <WebhooksPage me={me} />;
  const organisation = matchRoute('/organisations/:id', path);
  if (organisation) return <OrganisationPage key={organisation.id} me={me} organisationId={organisation.id} />;
  if (pathname === '/' || pathname === '') return null;
  return (
    <div>
      <h1>{t('common.notFound')}</h1>
      <p>
        <Link to={homeFor(me)}>{t('common.backHome')}</Link>
      </p>
    </div>
  );
}

/** Said while the event stream is down: the pages still refresh, by polling, but later. */
function FeedState() {
  const { t } = useI18n();
  const [down, setDown] = useState(false);
  useEffect(() => watchFeedState((state) => setDown(state === 'reconnecting')), []);
  return (
    <span className="feed-state" role="status">
      {down ? t('feed.reconnecting') : ''}
    </span>
  );
}

/**
 * Shown in the last two minutes of a token that will not be renewed (the longest session is
 * near, or the tab sat unused past the renewal), so an expiry does not surprise anyone mid-form.
 */
function SessionClock({ expiresAt, renewable }: { expiresAt: number; renewable: boolean }) {
  const { t } = useI18n();
  const now = useNow(5000);
  const left = expiresAt - now.getTime();
  if (left > 120_000 || (renewable && left > RENEW_BEFORE_MS - 10_000)) return null;
  return (
    <span className="session-clock" role="status">
      {t('session.endsSoon')}
    </span>
  );
}
