/**
 * Inbox, outbox and validation queue. A provider's open orders (and a validation queue) are read
 * in full, page by page through the API's cursor, and sorted here by deadline, since the API
 * lists newest first; everything else pages through the API's cursor as it comes. Either way
 * the table holds at most PAGE_SIZE rows, so a thousand orders stay quick to use.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ORDER_STATUSES } from '../../../libs/domain/order-lifecycle.js';
import { api, unwrap } from '../api/client';
import type { Me, Order, OrderStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { Page } from '../shell/page';
import { DateTime, ProblemAlert } from '../ui/feedback';
import { useNow } from '../ui/use-now';
import { compareByDeadline, compareForValidation } from './deadlines';
import { DeadlineCell } from './DeadlineCell';
import { useProviders } from './directory';
import { useOrderFeed } from './live';

export type ListView = 'inbox' | 'outbox' | 'validation';

export const PAGE_SIZE = 50;
/** Events that come together (a step notifies every party at once) reload the list once. */
const REFRESH_DELAY_MS = 250;
const FETCH_SIZE = 200;
/** A full read stops here (and says so): 25 requests. */
export const FULL_READ_CAP = 5000;

/** What a provider (or reviewer) still has to answer. */
const AWAITING_ANSWER: readonly OrderStatus[] = ['ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED', 'PRESERVED'];
/** A removal order the host State's competent authority may still scrutinise after the provider removed the content (Reg. 2021/784 Art 4(4)). */
const AWAITING_SCRUTINY: readonly OrderStatus[] = ['REMOVED'];
/** What a central or designated authority still has to certify or pass on. */
const AWAITING_HOP: readonly OrderStatus[] = ['AWAITING_CERTIFICATION', 'AWAITING_TRANSMISSION', 'AWAITING_RECOGNITION'];

/** The states whose orders a user's "awaiting" inbox lists, from the roles that answer them. */
export function awaitingStatuses(me: Me): OrderStatus[] {
  const roles = me.user.roles;
  return [
    ...(roles.includes('CERTIFIER') ? AWAITING_HOP : []),
    ...(roles.includes('RESPONDER') || roles.includes('REVIEWER') ? AWAITING_ANSWER : []),
    ...(roles.includes('REVIEWER') ? AWAITING_SCRUTINY : []),
  ];
}

type Filter = 'awaiting' | 'all' | OrderStatus;

interface Query {
  box: 'inbox' | 'outbox';
  /** Read every page of these statuses and sort here; or page through the API (`paged`). */
  mode: { kind: 'full'; statuses: readonly OrderStatus[]; compare: (a: Order, b: Order) => number } | { kind: 'paged'; status?: OrderStatus };
}

function queryFor(view: ListView, filter: Filter, awaiting: readonly OrderStatus[]): Query {
  if (view === 'validation') return { box: 'inbox', mode: { kind: 'full', statuses: ['PENDING_VALIDATION'], compare: compareForValidation } };
  const box = view === 'outbox' ? 'outbox' : 'inbox';
  if (filter === 'awaiting') return { box, mode: { kind: 'full', statuses: awaiting, compare: compareByDeadline } };
  return { box, mode: { kind: 'paged', ...(filter === 'all' ? {} : { status: filter }) } };
}

async function readAll(box: 'inbox' | 'outbox', status: OrderStatus): Promise<{ items: Order[]; capped: boolean }> {
  const items: Order[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(api.GET('/api/v1/orders', { params: { query: { box, status, limit: FETCH_SIZE, ...(cursor ? { cursor } : {}) } } }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < FULL_READ_CAP);
  return { items, capped: cursor !== undefined };
}

interface ListState {
  orders: Order[];
  capped: boolean;
  nextCursor: string | null;
}

async function readView(query: Query, cursor: string | undefined): Promise<ListState> {
  if (query.mode.kind === 'full') {
    const parts = await Promise.all(query.mode.statuses.map((status) => readAll(query.box, status)));
    const byId = new Map(parts.flatMap((part) => part.items).map((order) => [order.id, order]));
    return { orders: [...byId.values()].sort(query.mode.compare), capped: parts.some((part) => part.capped), nextCursor: null };
  }
  const status = query.mode.status;
  const result = await unwrap(api.GET('/api/v1/orders', { params: { query: { box: query.box, limit: PAGE_SIZE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } } }));
  return { orders: result.items, capped: false, nextCursor: result.nextCursor };
}

export function OrderList({ view, me }: { view: ListView; me: Me }) {
  const { t, label } = useI18n();
  const awaiting = awaitingStatuses(me);
  const answering = awaiting.length > 0;
  const [filter, setFilter] = useState<Filter>(view === 'inbox' && answering ? 'awaiting' : 'all');
  const titles: Record<ListView, 'nav.inbox' | 'nav.outbox' | 'nav.validation'> = { inbox: 'nav.inbox', outbox: 'nav.outbox', validation: 'nav.validation' };
  const title = t(titles[view]);
  const filterOptions: { value: Filter; label: string }[] =
    view === 'validation'
      ? []
      : [
          ...(view === 'inbox' && answering ? [{ value: 'awaiting' as const, label: t('list.filter.awaiting') }] : []),
          { value: 'all', label: t('list.filter.all') },
          ...ORDER_STATUSES.map((status) => ({ value: status, label: label('status', status) })),
        ];
  const query = queryFor(view, filter, awaiting);

  return (
    <Page
      title={title}
      actions={
        view === 'outbox' ? (
          <Link className="button button--primary" to="/orders/new">
            {t('nav.newOrder')}
          </Link>
        ) : undefined
      }
    >
      <p className="muted">{t(`list.intro.${view}`)}</p>
      {filterOptions.length > 0 && (
        <div className="toolbar">
          <label htmlFor="list-filter">{t('list.filter')}</label>
          <select id="list-filter" value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
            {filterOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {query.mode.kind === 'full' && <span className="muted">{t('list.sortedByDeadline')}</span>}
        </div>
      )}
      <OrderTable key={filter} query={query} title={title} showProvider={view !== 'inbox' || !answering} />
    </Page>
  );
}

/** One query's orders, a page at a time; remounted (fresh state) when the query changes. */
function OrderTable({ query, title, showProvider }: { query: Query; title: string; showProvider: boolean }) {
  const { t } = useI18n();
  const [state, setState] = useState<ListState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [page, setPage] = useState(0);
  /** The page to read, and the API cursor that starts it (paged mode). */
  const [position, setPosition] = useState<{ page: number; cursor: string | undefined; generation: number }>({ page: 0, cursor: undefined, generation: 0 });
  /** Cursors of the API pages visited (paged mode): index n starts page n. */
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const now = useNow(1000);
  const providers = useProviders();
  const providerName = useCallback((id: string) => providers?.find((provider) => provider.id === id)?.name ?? '', [providers]);
  const full = query.mode.kind === 'full';
  const queryRef = useRef(query);

  useEffect(() => {
    let live = true;
    readView(queryRef.current, position.cursor).then(
      (next) => {
        if (!live) return;
        setState(next);
        setError(null);
        if (queryRef.current.mode.kind === 'paged') setPage(position.page);
      },
      (problem: unknown) => live && setError(problem),
    );
    return () => {
      live = false;
    };
  }, [position]);

  // Refresh in place: the same page, without a loading flash; a burst of events reloads once.
  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useOrderFeed(() => {
    clearTimeout(refresh.current);
    refresh.current = setTimeout(() => setPosition((current) => ({ ...current, generation: current.generation + 1 })), REFRESH_DELAY_MS);
  });
  useEffect(() => () => clearTimeout(refresh.current), []);

  const rows = state ? (full ? state.orders.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE) : state.orders) : [];
  const pageCount = state && full ? Math.max(1, Math.ceil(state.orders.length / PAGE_SIZE)) : null;
  const hasNext = state ? (full ? page + 1 < (pageCount ?? 1) : state.nextCursor !== null) : false;

  const goNext = () => {
    if (!state || !hasNext) return;
    if (full) return setPage(page + 1);
    const cursor = state.nextCursor ?? undefined;
    setCursors((list) => [...list.slice(0, page + 1), cursor]);
    setPosition((current) => ({ page: page + 1, cursor, generation: current.generation + 1 }));
  };
  const goPrevious = () => {
    if (page === 0) return;
    if (full) return setPage(page - 1);
    setPosition((current) => ({ page: page - 1, cursor: cursors[page - 1], generation: current.generation + 1 }));
  };

  return (
    <>
      <ProblemAlert problem={error} />
      {!state && !error && (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      )}
      {state && state.orders.length === 0 && <p className="empty">{t('list.empty')}</p>}
      {state && state.orders.length > 0 && (
        <>
          <div className="table-wrap" role="region" aria-labelledby="orders-caption" tabIndex={0}>
            <table className="orders">
              <caption id="orders-caption">
                {full
                  ? t('list.caption.full', { title, count: state.orders.length, page: page + 1, pages: pageCount ?? 1 })
                  : t('list.caption.paged', { title, page: page + 1 })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('order.reference')}</th>
                  <th scope="col">{t('order.caseReference')}</th>
                  <th scope="col">{t('order.status')}</th>
                  <th scope="col">{t('order.kind')}</th>
                  {showProvider && <th scope="col">{t('order.provider')}</th>}
                  <th scope="col">{t('order.receivedAt')}</th>
                  <th scope="col">{t('order.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((order) => (
                  <OrderRow key={order.id} order={order} now={now} showProvider={showProvider} providerName={providerName(order.providerId)} />
                ))}
              </tbody>
            </table>
          </div>
          {state.capped && <p className="alert alert--warning">{t('list.capped', { count: FULL_READ_CAP })}</p>}
          <nav className="pager" aria-label={t('list.pages')}>
            <button type="button" className="button" onClick={goPrevious} disabled={page === 0}>
              {t('list.previous')}
            </button>
            <span>{pageCount ? t('list.pageOf', { page: page + 1, pages: pageCount }) : t('list.page', { page: page + 1 })}</span>
            <button type="button" className="button" onClick={goNext} disabled={!hasNext}>
              {t('list.next')}
            </button>
          </nav>
        </>
      )}
    </>
  );
}

function OrderRow({ order, now, showProvider, providerName }: { order: Order; now: Date; showProvider: boolean; providerName: string }) {
  const { label } = useI18n();
  return (
    <tr className={order.emergency ? 'row--emergency' : undefined}>
      <th scope="row">
        <Link to={`/orders/${order.id}`} className="reference">
          {order.reference}
        </Link>
      </th>
      <td>{order.caseReference}</td>
      <td>
        <span className={`status status--${order.status.toLowerCase()}`}>{label('status', order.status)}</span>
      </td>
      <td>
        {label('orderType', order.type)} · {label('form', order.form)}
      </td>
      {showProvider && <td>{providerName}</td>}
      <td>
        <DateTime iso={order.receivedAt} />
      </td>
      <td>
        <DeadlineCell order={order} now={now} />
      </td>
    </tr>
  );
}

