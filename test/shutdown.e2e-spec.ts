import { jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { WebhookSubscriptionEntity } from '../src/modules/events/entities/webhook-subscription.entity.js';
import { EventStream } from '../src/modules/events/event-stream.js';
import { WebhooksService } from '../src/modules/events/webhooks.service.js';
import { JobRunner } from '../src/modules/jobs/job-runner.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { webhookReceiver } from './support/webhook-receiver.js';

/** Whether `closing` ends within `ms`. */
async function closesWithin(closing: Promise<void>, ms: number): Promise<'closed' | 'hung'> {
  return Promise.race([closing.then(() => 'closed' as const), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref())]);
}

/** Waits until `done()` holds (polling every `everyMs`, at most 300 times); fails naming `what` otherwise. */
async function until(done: () => boolean, what: string, everyMs = 50): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i >= 300) throw new Error(`${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Examplegram subscribes `url` to its received orders, and the Paris prosecutor issues it one. */
async function subscribeAndIssue(t: TestApp, url: string): Promise<void> {
  const providers = await demoDirectory(t);
  ok(await t.http().post('/api/v1/webhooks').set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}` }).send({ url, events: ['order.received'] }), 201);
  const api = ordersClient(t);
  const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
  ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
}

/** Stopping an app under load: the work in flight finishes, and the app's shutdown ends. */
describe('shutdown', () => {
  it('lets a job that waits for a database connection finish before the pool ends, so that the shutdown ends', async () => {
    // Without the log's sequencer, whose own drain before the shutdown would wait for the held
    // connections too and so keep the pool from ending while the job waits.
    const t = await startTestApp({ LOG_SEQUENCE_INTERVAL_MS: '0' });
    try {
      await jobWaitingForAConnection(t);
    } finally {
      await t.database.drop();
    }
  }, 60_000);

  it('ends the open event streams, so that the server closes instead of waiting for their clients', async () => {
    const t = await startTestApp();
    try {
      await t.app.listen(0, '127.0.0.1');
      const port = (t.app.getHttpServer().address() as AddressInfo).port;
      const token = await t.login(DEMO.examplegram);
      const stream = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
      expect(stream.status).toBe(200);
      const body = stream.body!.getReader();
      expect(await closesWithin(t.app.close(), 10_000)).toBe('closed');
      // The client is told the stream ended (it reconnects and resumes with Last-Event-ID).
      for (;;) if ((await body.read()).done) break;
    } finally {
      await t.database.drop();
    }
  }, 60_000);

  it('refuses a new event stream while the server stops, with 503 and Retry-After, so that clients back off', async () => {
    const t = await startTestApp();
    try {
      // The first phase of the shutdown has run; the HTTP server still answers until the next.
      t.app.get(EventStream).beforeApplicationShutdown();
      const refused = await t.http().get('/api/v1/events').set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, accept: 'text/event-stream' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBeDefined();
    } finally {
      await t.close();
    }
  }, 60_000);

  it('lets a webhook attempt under way finish, so that the receiver\'s answer is recorded and the event not sent again', async () => {
    let arrived = 0;
    // Answers four seconds after the request arrives: the app, stopped meanwhile, must wait for it.
    const receiver = await webhookReceiver(async () => {
      arrived += 1;
      await new Promise((resolve) => setTimeout(resolve, 4000));
      return 200;
    });
    let t: TestApp = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    try {
      await subscribeAndIssue(t, receiver.url);
      await until(() => arrived > 0, 'the webhook\'s arrival');
      expect(await closesWithin(t.app.close(), 15_000)).toBe('closed');
      expect(receiver.received.map((r) => r.status)).toEqual([200]);
      t = await t.restart();
      const rows = (await t.app.get(DataSource).query(`SELECT status, attempts, last_answer AS "lastAnswer" FROM webhook_deliveries`)) as { status: string; attempts: number; lastAnswer: string | null }[];
      expect(rows).toEqual([expect.objectContaining({ status: 'DELIVERED', attempts: 1 })]);
    } finally {
      await t.close();
      await receiver.close();
    }
  }, 60_000);
});

describe('shutdown: webhooks claimed as the server stops', () => {
  it('hands back a delivery claimed but not yet sent when the server began to stop, without using up an attempt', async () => {
    const receiver = await webhookReceiver();
    const t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    try {
      const webhooks = t.app.get(WebhooksService);
      const manager = t.app.get(DataSource).manager;
      const exists = manager.exists.bind(manager);
      let stopping: Promise<void> | undefined;
      // The server begins to stop between the claim and the POST (the attempt's look at its subscription).
      const spy = jest.spyOn(manager, 'exists').mockImplementation(async (entity, options) => {
        if (entity === WebhookSubscriptionEntity && stopping === undefined && !(options as { where: { organisationId?: string } }).where.organisationId) stopping = webhooks.beforeApplicationShutdown();
        return exists(entity as never, options as never);
      });
      try {
        await subscribeAndIssue(t, receiver.url);
        await until(() => stopping !== undefined, 'an attempt to deliver');
        await stopping;
      } finally {
        spy.mockRestore();
      }
      expect(receiver.received).toEqual([]);
      const rows = (await t.app.get(DataSource).query(`SELECT status, attempts, locked_until AS "lockedUntil" FROM webhook_deliveries`)) as unknown[];
      expect(rows).toEqual([{ status: 'PENDING', attempts: 0, lockedUntil: null }]);
    } finally {
      await t.close();
      await receiver.close();
    }
  }, 60_000);
});

/** Holds every connection of the pool, lets a job wait for one, and stops the app meanwhile. */
async function jobWaitingForAConnection(t: TestApp): Promise<void> {
  const dataSource = t.app.get(DataSource);
  const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
  // Every connection of the pool is busy (the embedded database has one), as under load.
  const held = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
  let asked = false;
  let ran = false;
  t.app.get(JobRunner).register({
    name: 'test:needs-a-connection',
    everyMs: 0,
    atStart: true,
    run: async () => {
      asked = true;
      await dataSource.query('SELECT 1');
      ran = true;
      return 0;
    },
  });
  await until(() => asked && pool.waitingCount > 0, 'the job\'s request for a connection', 10);

  const closing = t.app.close();
  // The requests holding the connections finish while the app stops: once the pool is ending, or
  // after two seconds if the shutdown waits for them before it ends the pool (as it should).
  for (let waited = 0; !(pool as pg.Pool & { ending: boolean }).ending && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  for (const client of held) client.release();
  // node-postgres never answers a client still waiting when its pool ends: had the pool ended
  // before the job ran, the job, and with it the app's shutdown, would wait for ever.
  expect(await closesWithin(closing, 10_000)).toBe('closed');
  expect(ran).toBe(true);
}
