import { jest } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { WebhooksService } from '../src/modules/events/webhooks.service.js';
import { JobRunner } from '../src/modules/jobs/job-runner.js';
import { DEMO } from './support/demo-accounts.js';
import { DAY, HOUR, demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { webhookReceiver } from './support/webhook-receiver.js';
import { waitFor } from './support/wait-for.js';

const eventsOf = (received: { body: string }[]) => received.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> });

/** Issue 11: the exchange speaks first. Events in the steps' transactions, webhooks, the stream, the clock. */
describe('events: outbox, webhooks, stream', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  let clock: ReturnType<typeof fixClock>;
  const bearer = async (email: string) => ({ authorization: `Bearer ${await t.login(email)}` });
  const subscribe = async (email: string, body: Record<string, unknown>) => t.http().post('/api/v1/webhooks').set(await bearer(email)).send(body);
  const eventCount = async () => Number((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM events'))[0].n);
  const issuedSubscriberOrder = async () => {
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    return ok(await api.act(DEMO.parisProsecutor, created.id, 'issue')).body as { id: string; reference: string; version: number; dueAt: string };
  };

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_DELAYS: '100ms,100ms,100ms', EVENT_STREAM_KEEP_ALIVE_MS: '300' });
    api = ordersClient(t);
    clock = fixClock(t);
    providers = await demoDirectory(t);
  });
  afterAll(() => t.close());

  it('writes the events of a step in its transaction: a committed step has them, a refused or rolled-back one none', async () => {
    const order = await issuedSubscriberOrder();
    const rows = (await t.app.get(DataSource).query(`SELECT type, organisation_id FROM events WHERE order_id = $1 ORDER BY created_at, type`, [order.id])) as { type: string }[];
    // CREATE and ISSUE tell the issuer; ISSUE also tells the provider it received the order.
    expect(rows.map((row) => row.type).sort()).toEqual(['order.received', 'order.updated', 'order.updated', 'order.updated']);
    // The provider hears of the order first, then of its new state: a step's events are written
    // (and numbered) in that order, whoever receives them.
    const provider = (await t.app.get(DataSource).query(`SELECT e.type FROM events e JOIN organisations o ON o.id = e.organisation_id WHERE e.order_id = $1 AND o.name = 'Examplegram' ORDER BY e.written`, [order.id])) as { type: string }[];
    expect(provider.map((row) => row.type)).toEqual(['order.received', 'order.updated']);
    // Across recipients too: every event of the first kind is written before any of the second,
    // whichever organisation's id sorts first.
    const issueStep = (await t.app.get(DataSource).query(`SELECT type FROM events WHERE order_id = $1 AND type IN ('order.received', 'order.updated') AND body::jsonb #>> '{data,action}' = 'ISSUE' ORDER BY written`, [order.id])) as { type: string }[];
    expect(issueStep.map((row) => row.type)).toEqual(['order.received', 'order.updated', 'order.updated']);
    const before = await eventCount();
    expect((await api.act(DEMO.examplegram, order.id, 'withdraw', { reason: 'not ours to withdraw' })).status).toBe(403);
    expect((await api.act(DEMO.parisProsecutor, order.id, 'clarification', { message: 'x' })).status).toBe(409);
    // A production whose evidence check fails under the lock rolls back with its events.
    const bogus = await api.act(DEMO.examplegram, order.id, 'production', { evidenceIds: ['00000000-0000-4000-8000-000000000000'], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }], manifest: [] });
    expect(bogus.status).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('wakes the webhook deliveries only when numbering the events queued one (their claim is costly to plan)', async () => {
    const wake = jest.spyOn(t.app.get(JobRunner), 'wake');
    const numbered = async (orderId: string) => {
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
        const [{ n }] = (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM events WHERE order_id = $1 AND seq IS NULL', [orderId])) as { n: number }[];
        if (n === 0) return new Promise((resolve) => setTimeout(resolve, 100));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('events not numbered');
    };
    const deliveriesWoken = () => wake.mock.calls.filter(([name]) => name === 'webhooks:deliver').length;
    const receiver = await webhookReceiver();
    try {
      wake.mockClear();
      await numbered((await issuedSubscriberOrder()).id);
      expect(deliveriesWoken()).toBe(0);
      const subscription = ok(await subscribe(DEMO.examplegram, { url: receiver.url, events: ['order.received'] }), 201).body;
      wake.mockClear();
      const order = await issuedSubscriberOrder();
      await numbered(order.id);
      expect(deliveriesWoken()).toBeGreaterThan(0);
      await receiver.until((received) => eventsOf(received).some((event) => event.data.orderId === order.id));
      ok(await t.http().delete(`/api/v1/webhooks/${subscription.id}`).set(await bearer(DEMO.examplegram)), 204);
    } finally {
      wake.mockRestore();
      await receiver.close();
    }
  });

  it('delivers signed webhooks (Standard Webhooks v1): the provider learns of an order in its inbox; the secret is shown once', async () => {
    const receiver = await webhookReceiver();
    try {
      const created = ok(await subscribe(DEMO.examplegram, { url: receiver.url }), 201).body;
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const listed = ok(await t.http().get('/api/v1/webhooks').set(await bearer(DEMO.examplegram))).body.items;
      expect(listed).toEqual([expect.objectContaining({ id: created.id, url: receiver.url })]);
      expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6));
      // Only an organisation's own admin subscribes.
      expect((await subscribe(DEMO.parisProsecutor, { url: receiver.url })).status).toBe(403);

      const order = await issuedSubscriberOrder();
      const got = await receiver.until((received) => eventsOf(received).some((event) => event.type === 'order.received' && event.data.orderId === order.id));
      const received = got.find((r) => JSON.parse(r.body).type === 'order.received')!;
      const event = JSON.parse(received.body);
      // Thin: names the order, never its content.
      expect(event.data).toEqual({ orderId: order.id, reference: order.reference, status: 'ISSUED', version: order.version, action: 'ISSUE', dueAt: order.dueAt });
      expect(received.body).not.toContain('suspect.account.42');
      // The signature verifies with the library receivers use, and by hand as the spec writes it.
      expect(new Webhook(created.secret).verify(received.body, received.headers as Record<string, string>)).toEqual(event);
      const key = Buffer.from(created.secret.slice('whsec_'.length), 'base64');
      const expected = createHmac('sha256', key).update(`${received.headers['webhook-id']}.${received.headers['webhook-timestamp']}.${received.body}`).digest('base64');
      expect(received.headers['webhook-signature']).toBe(`v1,${expected}`);
      // The issuer does not see the provider's events, and the provider saw no draft.
      expect(eventsOf(got).every((e) => e.data.status !== 'DRAFT')).toBe(true);
      // The receiver records the POST before it answers: the delivery is written as delivered just after.
      const deliveriesOf = async () => ok(await t.http().get(`/api/v1/webhooks/${created.id}/deliveries`).set(await bearer(DEMO.examplegram))).body.items as { eventId: string; status: string }[];
      let deliveries = await deliveriesOf();
      await waitFor(async () => (deliveries = await deliveriesOf()).some((d) => d.eventId === received.headers['webhook-id'] && d.status === 'DELIVERED'), 15_000, 50);
      expect(deliveries).toEqual(expect.arrayContaining([expect.objectContaining({ eventId: received.headers['webhook-id'], type: 'order.received', status: 'DELIVERED', attempts: 1, lastAnswer: 'HTTP 200' })]));
      expect((await t.http().get(`/api/v1/webhooks/${created.id}/deliveries`).set(await bearer(DEMO.nordtel))).status).toBe(404);
      ok(await t.http().delete(`/api/v1/webhooks/${created.id}`).set(await bearer(DEMO.examplegram)), 204);
    } finally {
      await receiver.close();
    }
  });

  it('retries with the same webhook-id until a 2xx, marks FAILED after the last retry, and stops on 410', async () => {
    const flaky = await webhookReceiver(({ count }) => (count <= 2 ? 503 : 200));
    const down = await webhookReceiver(() => 500);
    const gone = await webhookReceiver(() => 410);
    try {
      const ids = {
        flaky: ok(await subscribe(DEMO.examplegram, { url: flaky.url, events: ['order.received'] }), 201).body.id,
        down: ok(await subscribe(DEMO.examplegram, { url: down.url, events: ['order.received'] }), 201).body.id,
        gone: ok(await subscribe(DEMO.examplegram, { url: gone.url, events: ['order.received'] }), 201).body.id,
      };
      await issuedSubscriberOrder();
      const attempts = await flaky.until((received) => received.length >= 3);
      expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(attempts.map((r) => r.status)).toEqual([503, 503, 200]);
      // Down for good: the first attempt and the three retries, then FAILED.
      await down.until((received) => received.length >= 4);
      const deliveries = async (id: string) => (await t.http().get(`/api/v1/webhooks/${id}/deliveries`).set(await bearer(DEMO.examplegram))).body.items;
      for (let i = 0; i < 100 && (await deliveries(ids.down))[0]?.status !== 'FAILED'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await deliveries(ids.down))[0]).toMatchObject({ status: 'FAILED', attempts: 4, lastAnswer: 'HTTP 500' });
      expect(down.received).toHaveLength(4);
      // 410 Gone: the subscription is disabled; nothing more goes to it.
      await gone.until((received) => received.length >= 1);
      for (let i = 0; i < 100 && (await deliveries(ids.gone))[0]?.status !== 'FAILED'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      const listed = ok(await t.http().get('/api/v1/webhooks').set(await bearer(DEMO.examplegram))).body.items;
      expect(listed.find((w: { id: string }) => w.id === ids.gone)).toMatchObject({ disabledReason: expect.stringContaining('410') });
      await issuedSubscriberOrder();
      await flaky.until((received) => received.length >= 4);
      expect(gone.received).toHaveLength(1);
      // A subscription a 410 disabled can still be deleted, and leaves the list.
      for (const id of Object.values(ids)) ok(await t.http().delete(`/api/v1/webhooks/${id}`).set(await bearer(DEMO.examplegram)), 204);
      expect(ok(await t.http().get('/api/v1/webhooks').set(await bearer(DEMO.examplegram))).body.items).toEqual([]);
    } finally {
      await Promise.all([flaky.close(), down.close(), gone.close()]);
    }
  });

  it('never sends to a deleted subscription, bounds each attempt as a whole, and keeps the secret sealed in an idempotent answer', async () => {
    const receiver = await webhookReceiver();
    // Answers 200 at once, then sends its body a byte at a time for as long as it is allowed.
    const dripping: { close: () => void }[] = [];
    const { createServer } = await import('node:http');
    const drip = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => response.write('.'), 100);
      dripping.push({ close: () => clearInterval(timer) });
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => drip.listen(0, '127.0.0.1', resolve));
    const dripUrl = `http://127.0.0.1:${(drip.address() as AddressInfo).port}/hooks`;
    try {
      // The answer to a keyed request is stored for replays: sealed, so the secret is not in clear.
      const key = `webhook-${Date.now()}`;
      const created = ok(await t.http().post('/api/v1/webhooks').set({ ...(await bearer(DEMO.examplegram)), 'idempotency-key': key }).send({ url: receiver.url }), 201).body;
      const replayed = ok(await t.http().post('/api/v1/webhooks').set({ ...(await bearer(DEMO.examplegram)), 'idempotency-key': key }).send({ url: receiver.url }), 201);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.body.secret).toBe(created.secret);
      const stored = (await t.app.get(DataSource).query('SELECT response_body FROM idempotency_keys')) as { response_body: string | null }[];
      expect(stored.some((row) => row.response_body?.includes(created.secret.slice(6, 30)))).toBe(false);

      // A delivery left PENDING for a subscription deleted meanwhile (the race of a deletion with
      // the dispatcher) is never sent.
      ok(await t.http().delete(`/api/v1/webhooks/${created.id}`).set(await bearer(DEMO.examplegram)), 204);
      const [event] = (await t.app.get(DataSource).query('SELECT id FROM events ORDER BY written DESC LIMIT 1')) as { id: string }[];
      await t.app.get(DataSource).query(`INSERT INTO webhook_deliveries (id, subscription_id, event_id, status, attempts, next_attempt_at, created_at) VALUES (gen_random_uuid(), $1, $2, 'PENDING', 0, now(), now())`, [created.id, event.id]);
      await t.app.get(WebhooksService).deliverDue();
      await t.app.get(WebhooksService).settle();
      expect(receiver.received).toHaveLength(0);

      // A receiver that answers and then drips its body does not hold the attempt: delivered at once.
      const slow = ok(await subscribe(DEMO.examplegram, { url: dripUrl, events: ['order.received'] }), 201).body;
      await issuedSubscriberOrder();
      // From the issue's answer: the event is queued by then, and only the delivery is timed.
      const started = Date.now();
      const deliveries = async () => (await t.http().get(`/api/v1/webhooks/${slow.id}/deliveries`).set(await bearer(DEMO.examplegram))).body.items;
      while (Date.now() - started < 20_000 && (await deliveries())[0]?.status !== 'DELIVERED') await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await deliveries())[0]).toMatchObject({ status: 'DELIVERED', attempts: 1, lastAnswer: 'HTTP 200' });
      expect(Date.now() - started).toBeLessThan(8_000);
      ok(await t.http().delete(`/api/v1/webhooks/${slow.id}`).set(await bearer(DEMO.examplegram)), 204);

      // At most twenty active subscriptions per organisation, also when they are asked for at once.
      const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => subscribe(DEMO.nordtel, { url: `${receiver.url}/${i}` })));
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(20);
      expect(answers.filter((answer) => answer.status !== 201).map((answer) => answer.body.code)).toEqual(Array(4).fill('WEBHOOK_LIMIT_REACHED'));
      for (const answer of answers.filter((a) => a.status === 201)) ok(await t.http().delete(`/api/v1/webhooks/${answer.body.id}`).set(await bearer(DEMO.nordtel)), 204);
    } finally {
      for (const d of dripping) d.close();
      drip.closeAllConnections();
      await new Promise((resolve) => drip.close(resolve));
      await receiver.close();
    }
  });

  it('streams the organisation\'s events (SSE), and resumes after Last-Event-ID', async () => {
    await t.app.listen(0, '127.0.0.1');
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const token = await t.login(DEMO.examplegram);
    const open = (lastEventId?: string) => {
      const events: { id: string; data: Record<string, unknown> }[] = [];
      const request = httpRequest({ port, host: '127.0.0.1', path: '/api/v1/events', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
      const ready = new Promise<{ status: number; type: string }>((resolve) => {
        request.on('response', (response) => {
          let buffer = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            buffer += chunk;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const id = /^id: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (id && data) events.push({ id, data: JSON.parse(data) });
            }
          });
          resolve({ status: response.statusCode!, type: String(response.headers['content-type']) });
        });
      });
      request.end();
      return { events, ready, close: () => request.destroy() };
    };
    const until = async (events: unknown[], count: number) => {
      for (let i = 0; i < 300 && events.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      return events;
    };
    const first = open();
    expect(await first.ready).toEqual({ status: 200, type: expect.stringContaining('text/event-stream') });
    const one = await issuedSubscriberOrder();
    await until(first.events, 2);
    expect(first.events.map((e) => e.data.type)).toEqual(['order.received', 'order.updated']);
    expect(first.events.every((e) => (e.data.data as { orderId: string }).orderId === one.id)).toBe(true);
    first.close();
    // Offline meanwhile: a reconnection names the last event it saw and gets what followed, in order.
    const two = await issuedSubscriberOrder();
    ok(await api.act(DEMO.examplegram, two.id, 'acknowledge'));
    const resumed = open(first.events.at(-1)!.id);
    await resumed.ready;
    await until(resumed.events, 3);
    expect(resumed.events.map((e) => `${e.data.type} ${(e.data.data as { action: string }).action}`)).toEqual(['order.received ISSUE', 'order.updated ISSUE', 'order.updated ACKNOWLEDGE']);
    resumed.close();
    // A quiet spell: the keep-alive is a comment, with no id a client would resume from.
    let raw = '';
    const quiet = httpRequest({ port, host: '127.0.0.1', path: '/api/v1/events', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    quiet.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (raw += chunk));
    });
    quiet.end();
    for (let i = 0; i < 100 && !raw.includes('keep-alive'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    quiet.destroy();
    expect(raw).toContain(': keep-alive\n');
    expect(raw).not.toMatch(/^id:/m);
    // Another organisation's stream carries none of this, and an unknown Last-Event-ID is refused.
    const stranger = await t.http().get('/api/v1/events').set({ ...(await bearer(DEMO.nordtel)), 'last-event-id': first.events[0].id });
    expect(stranger.body).toMatchObject({ status: 400, errors: [{ field: 'Last-Event-ID' }] });
  });

  it('lists only the orders changed after updatedSince', async () => {
    const since = clock.now().toISOString();
    clock.advance(1000);
    const order = await issuedSubscriberOrder();
    const changed = ok(await api.get(DEMO.examplegram, `orders?box=inbox&updatedSince=${encodeURIComponent(since)}`)).body.items.map((o: { id: string }) => o.id);
    expect(changed).toEqual([order.id]);
    clock.advance(1000);
    const later = clock.now().toISOString();
    expect(ok(await api.get(DEMO.examplegram, `orders?box=inbox&updatedSince=${encodeURIComponent(later)}`)).body.items).toEqual([]);
    clock.advance(1000);
    ok(await api.act(DEMO.examplegram, order.id, 'acknowledge'));
    expect(ok(await api.get(DEMO.examplegram, `orders?box=inbox&updatedSince=${encodeURIComponent(later)}`)).body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await api.get(DEMO.examplegram, 'orders?updatedSince=yesterday')).body).toMatchObject({ status: 400, errors: [{ field: 'updatedSince' }] });
  });

  it('reminds every party before a deadline and says when it passed, each once, from the clock job', async () => {
    const receiver = await webhookReceiver();
    try {
      const provider = ok(await subscribe(DEMO.examplegram, { url: receiver.url, events: ['order.due_soon', 'order.overdue'] }), 201).body;
      const order = await issuedSubscriberOrder();
      clock.advance(9 * DAY);
      await clock.sweep();
      clock.advance(DAY - HOUR);
      await clock.sweep();
      await clock.sweep();
      clock.advance(HOUR + 1);
      await clock.sweep();
      const got = eventsOf(await receiver.until((received) => eventsOf(received).filter((e) => e.data.orderId === order.id).length >= 3));
      // Webhooks promise delivery, not order: compare by when each was sent.
      const mine = got.filter((e) => e.data.orderId === order.id).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
      expect(mine.map((e) => e.type)).toEqual(['order.due_soon', 'order.due_soon', 'order.overdue']);
      expect(mine.every((e) => e.data.dueAt === order.dueAt)).toBe(true);
      // Swept again: nothing is sent twice.
      await clock.sweep();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eventsOf(receiver.received).filter((e) => e.data.orderId === order.id)).toHaveLength(3);
      await t.http().delete(`/api/v1/webhooks/${provider.id}`).set(await bearer(DEMO.examplegram));
    } finally {
      await receiver.close();
    }
  });

  it('leaves updatedAt alone when the clock job only sends reminders, so updatedSince never sees an order go back in time', async () => {
    clock.advance(30 * DAY);
    const issued = await issuedSubscriberOrder();
    const before = ok(await api.get(DEMO.examplegram, `orders/${issued.id}`)).body as { updatedAt: string; version: number };
    clock.advance(11 * DAY);
    await clock.sweep();
    const after = ok(await api.get(DEMO.examplegram, `orders/${issued.id}`)).body as { updatedAt: string; version: number };
    expect(after.version).toBe(before.version);
    expect(after.updatedAt).toBe(before.updatedAt);
    // Withdrawn, the order has no deadline running: its event says so.
    ok(await api.act(DEMO.parisProsecutor, issued.id, 'withdraw', { reason: 'Obtained otherwise.' }));
    const [withdrawn] = (await t.app.get(DataSource).query(`SELECT body FROM events WHERE order_id = $1 AND type = 'order.updated' ORDER BY written DESC LIMIT 1`, [issued.id])) as { body: string }[];
    expect(JSON.parse(withdrawn.body).data).toMatchObject({ status: 'WITHDRAWN', action: 'WITHDRAW', dueAt: null });
  });
});

describe('events: webhook addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_RETRY_DELAYS: '50ms' });
  });
  afterAll(() => t.close());

  it('refuses plain http, loopback, private and metadata addresses, and names that resolve to them when it sends', async () => {
    const token = await t.login(DEMO.examplegram);
    const subscribe = (url: string) => t.http().post('/api/v1/webhooks').set({ authorization: `Bearer ${token}` }).send({ url });
    for (const url of ['http://example.org/hooks', 'https://127.0.0.1/hooks', 'https://10.0.0.1/hooks', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hooks', 'https://[::ffff:127.0.0.1]/hooks']) {
      const refused = await subscribe(url);
      expect({ url, status: refused.status, field: refused.body.errors?.[0]?.field }).toEqual({ url, status: 400, field: 'url' });
    }
    // A name that resolves to loopback passes the form check; the address is checked when sending.
    const rebinding = ok(await subscribe('https://localhost/hooks'), 201).body;
    const api = ordersClient(t);
    const providers = await demoDirectory(t);
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
    let deliveries: { status: string; lastAnswer: string }[] = [];
    for (let i = 0; i < 200 && deliveries[0]?.status !== 'FAILED'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      deliveries = (await t.http().get(`/api/v1/webhooks/${rebinding.id}/deliveries`).set({ authorization: `Bearer ${token}` })).body.items;
    }
    expect(deliveries[0]).toMatchObject({ status: 'FAILED', lastAnswer: expect.stringMatching(/private|loopback|not allowed/i) });
  });

  it('answers 404 for the demo clock when DEMO_CLOCK is off', async () => {
    const response = await t.http().post('/api/v1/demo/clock').set({ authorization: `Bearer ${await t.login(DEMO.operator)}` }).send({ advance: 'PT1H' });
    expect(response.status).toBe(404);
  });
});

describe('events: the demo clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_CLOCK: 'true', ORDER_CLOCK_INTERVAL_MS: '0' });
  });
  afterAll(() => t.close());

  it('lets the operator move time forward: an emergency order goes overdue, a preservation expires, at once', async () => {
    const api = ordersClient(t);
    const providers = await demoDirectory(t);
    const operator = { authorization: `Bearer ${await t.login(DEMO.operator)}` };
    // An emergency subscriber production police may issue alone (8 hours), and a preservation.
    const emergency = ok(
      await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], emergency: { ground: 'LIFE', justification: 'A threat to kill tonight.' } })),
      201,
    ).body;
    ok(await api.act(DEMO.ofacOfficer, emergency.id, 'issue'));
    ok(await api.act(DEMO.parisJudge, emergency.id, 'validate', { decision: 'APPROVE' }));
    const preservation = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { type: 'PRESERVATION', dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, preservation.id, 'issue'));
    expect((await t.http().post('/api/v1/demo/clock').set({ authorization: `Bearer ${await t.login(DEMO.ofacOfficer)}` }).send({ advance: 'PT9H' })).status).toBe(403);
    expect((await t.http().post('/api/v1/demo/clock').set(operator).send({ advance: '9 hours' })).body).toMatchObject({ status: 400, errors: [{ field: 'advance' }] });
    const moved = ok(await t.http().post('/api/v1/demo/clock').set(operator).send({ advance: 'PT9H' })).body;
    expect(Date.parse(moved.now) - Date.now()).toBeGreaterThan(8.9 * HOUR);
    expect(ok(await api.get(DEMO.examplegram, `orders/${emergency.id}`)).body).toMatchObject({ overdue: true });
    const overdue = (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events WHERE order_id = $1 AND type = 'order.overdue'`, [emergency.id]))[0].n;
    expect(overdue).toBeGreaterThan(0);
    ok(await t.http().post('/api/v1/demo/clock').set(operator).send({ advance: 'P60D' }));
    expect(ok(await api.get(DEMO.examplegram, `orders/${preservation.id}`)).body).toMatchObject({ status: 'EXPIRED' });
    const expiring = (await t.app.get(DataSource).query(`SELECT type FROM events WHERE order_id = $1 ORDER BY created_at`, [preservation.id])) as { type: string }[];
    expect(expiring.map((row) => row.type)).toEqual(expect.arrayContaining(['preservation.expiring', 'order.updated']));
  });

});
