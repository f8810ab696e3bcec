/**
 * An organisation's administrator subscribes its systems to the exchange's events (Standard
 * Webhooks): the secret is shown once, when the subscription is made; each subscription's
 * deliveries can be read, newest first; a subscription can be stopped (its log stays).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, transitionHeaders, unwrap } from '../api/client';
import { ApiProblem, placeFieldErrors } from '../api/problem';
import { useSubmission } from '../api/submission';
import type { CreatedWebhook, Delivery, Me, Webhook, WebhookEventType } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Page } from '../shell/page';
import { ChoiceGroup, TextField } from '../ui/fields';
import { DateTime, ProblemAlert, Status } from '../ui/feedback';

export const WEBHOOK_EVENTS: readonly WebhookEventType[] = ['order.received', 'order.updated', 'order.due_soon', 'order.overdue', 'preservation.expiring', 'order.challenged'];

export default function WebhooksPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);

  const [generation, setGeneration] = useState(0);
  const load = useCallback(async () => setGeneration((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/webhooks')).then(
      (list) => {
        if (!live) return;
        setWebhooks(list.items);
        setProblem(null);
      },
      (error: unknown) => {
        if (!live) return;
        setProblem(error);
        setWebhooks((current) => current ?? []);
      },
    );
    return () => {
      live = false;
    };
  }, [generation]);

  return (
    <Page title={t('webhooks.title')}>
      <Status message={message} />
      <p className="muted">{t('webhooks.intro', { name: me.organisation.name })}</p>
      <CreateForm
        onCreated={async (webhook) => {
          setCreated(webhook);
          setMessage(t('webhooks.created', { url: webhook.url }));
          await load();
        }}
      />
      {created && (
        <section className="panel panel--secret" aria-labelledby="secret-title">
          <h2 id="secret-title">{t('webhooks.secretTitle')}</h2>
          <p className="alert alert--warning">{t('webhooks.secretOnce')}</p>
          <label htmlFor="webhook-secret">{t('webhooks.secretFor', { url: created.url })}</label>
          <input id="webhook-secret" className="secret" readOnly value={created.secret} onFocus={(event) => event.target.select()} />
          <p className="hint">{t('webhooks.secretHint')}</p>
          <button type="button" className="button" onClick={() => setCreated(null)}>
            {t('webhooks.secretKept')}
          </button>
        </section>
      )}
      <section className="panel" aria-labelledby="webhooks-list-title">
        <h2 id="webhooks-list-title">{t('webhooks.list')}</h2>
        <ProblemAlert problem={problem} />
        {webhooks === null ? (
          <p className="muted" role="status">
            {t('common.loading')}
          </p>
        ) : webhooks.length === 0 ? (
          <p className="muted">{t('webhooks.none')}</p>
        ) : (
          <ul className="webhooks">
            {webhooks.map((webhook) => (
              <WebhookItem
                key={webhook.id}
                webhook={webhook}
                onDeleted={async () => {
                  setMessage(t('webhooks.deleted', { url: webhook.url }));
                  await load();
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function CreateForm({ onCreated }: { onCreated(webhook: CreatedWebhook): Promise<void> }) {
  const { t, label } = useI18n();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();
  const placed = problem ? placeFieldErrors(problem.errors, ['url', 'events']) : { byField: {} as Record<string, string[]>, unplaced: [] };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body = { url: url.trim(), ...(events.length > 0 ? { events: events as WebhookEventType[] } : {}) };
    try {
      // A subscription whose answer was lost, sent again, is made once (and its secret answered again).
      const webhook = await submission.send({ method: 'POST', path: '/api/v1/webhooks', body }, (key) => unwrap(api.POST('/api/v1/webhooks', { headers: transitionHeaders(undefined, key), body })));
      setUrl('');
      setEvents([]);
      await onCreated(webhook);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">{t('webhooks.add')}</h2>
      <form onSubmit={submit} noValidate>
        <TextField name="url" type="url" label={t('webhooks.url')} value={url} onChange={setUrl} errors={placed.byField.url} hint={t('webhooks.urlHint')} required />
        <ChoiceGroup
          kind="checkbox"
          name="events"
          label={t('webhooks.events')}
          hint={t('webhooks.eventsHint')}
          values={events}
          onChange={setEvents}
          options={WEBHOOK_EVENTS.map((type) => ({ value: type, label: `${label('eventType', type)} (${type})` }))}
          errors={placed.byField.events}
        />
        {problem && <ProblemAlert problem={new ApiProblem(problem.status, problem.code, problem.title, problem.detail, placed.unplaced, problem.errorId)} />}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('webhooks.subscribe')}
        </button>
      </form>
    </section>
  );
}

function WebhookItem({ webhook, onDeleted }: { webhook: Webhook; onDeleted(): Promise<void> }) {
  const { t, label } = useI18n();
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const remove = async () => {
    setProblem(null);
    try {
      // DELETE needs no key: deleting twice leaves the same state, and the exchange reads Idempotency-Key on POST and PATCH only.
      await unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } } }));
      await onDeleted();
    } catch (error) {
      setProblem(error);
    }
  };
  const headingId = `webhook-${webhook.id}`;
  return (
    <li className="webhook" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <code>{webhook.url}</code>
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('webhooks.events')}</dt>
          <dd>{webhook.events.map((type) => label('eventType', type)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('order.createdAt')}</dt>
          <dd>
            <DateTime iso={webhook.createdAt} />
          </dd>
        </div>
        <div>
          <dt>{t('webhooks.state')}</dt>
          <dd>{webhook.disabledReason ? <span className="mark mark--warning">{t('webhooks.disabled', { reason: webhook.disabledReason })}</span> : t('webhooks.active')}</dd>
        </div>
      </dl>
      <div className="button-row">
        <button type="button" className="button" aria-expanded={showDeliveries} aria-controls={`${headingId}-deliveries`} onClick={() => setShowDeliveries(!showDeliveries)}>
          {showDeliveries ? t('webhooks.hideDeliveries') : t('webhooks.showDeliveries')}
        </button>
        {confirming ? (
          <>
            <button type="button" className="button button--danger" onClick={() => void remove()}>
              {t('webhooks.confirmDelete')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
            {t('webhooks.delete')}
          </button>
        )}
      </div>
      <ProblemAlert problem={problem} />
      <div id={`${headingId}-deliveries`}>{showDeliveries && <Deliveries webhook={webhook} />}</div>
    </li>
  );
}

const DELIVERY_PAGE = 20;

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { t, label } = useI18n();
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const fetchPage = useCallback(
    (after: string | null) => unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: webhook.id }, query: { limit: DELIVERY_PAGE, ...(after ? { cursor: after } : {}) } } })),
    [webhook.id],
  );
  useEffect(() => {
    let live = true;
    fetchPage(null).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
      },
      (error: unknown) => {
        if (!live) return;
        setProblem(error);
        setItems([]);
      },
    );
    return () => {
      live = false;
    };
  }, [fetchPage]);
  const more = async (after: string) => {
    try {
      const page = await fetchPage(after);
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(error);
    }
  };
  if (items === null) return <p className="muted">{t('common.loading')}</p>;
  const captionId = `deliveries-${webhook.id}`;
  return (
    <>
      <ProblemAlert problem={problem} />
      {items.length === 0 ? (
        <p className="muted">{t('webhooks.noDeliveries')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table>
            <caption id={captionId}>{t('webhooks.deliveries', { url: webhook.url })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.event')}</th>
                <th scope="col">{t('webhooks.deliveryStatus')}</th>
                <th scope="col">{t('webhooks.attempts')}</th>
                <th scope="col">{t('webhooks.lastAnswer')}</th>
                <th scope="col">{t('webhooks.when')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.eventId}>
                  <th scope="row">
                    {label('eventType', delivery.type)}
                    <br />
                    <code className="hash">{delivery.eventId}</code>
                  </th>
                  <td>
                    <span className={`delivery delivery--${delivery.status.toLowerCase()}`}>{label('deliveryStatus', delivery.status)}</span>
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>{delivery.lastAnswer ?? '—'}</td>
                  <td>
                    {delivery.deliveredAt ? (
                      <DateTime iso={delivery.deliveredAt} />
                    ) : delivery.nextAttemptAt ? (
                      <>
                        {t('webhooks.nextAttempt')} <DateTime iso={delivery.nextAttemptAt} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="button" onClick={() => void more(cursor)}>
          {t('webhooks.moreDeliveries')}
        </button>
      )}
    </>
  );
}
