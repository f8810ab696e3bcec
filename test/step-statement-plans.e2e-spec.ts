import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A step's statement (the step, its log entry, the order's row, its events, its documents, the
 * parties read back) is prepared once per connection, and PostgreSQL plans it for its first five
 * calls and then keeps one generic plan, unless an estimate that depends on the parameters makes
 * the generic plan look dearer: then it plans it anew at every call, which cost about a quarter
 * of the database's work for an acknowledgement. Nothing in a step's statement may depend on the
 * length of an array it is given.
 */
describe('a step statement is planned once per connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
  });
  afterAll(() => t.close());

  /** The app's pool of server connections; none on the embedded database (one connection). */
  const serverPool = () => (t.database.databaseUrl ? ((t.app.get(DataSource).driver as PostgresDriver).master as pg.Pool & { options: { max: number; idleTimeoutMillis: number } }) : undefined);

  /** The step statements prepared on every connection the app holds, with how often each was planned each way. */
  const stepPlans = async () => {
    const query = `SELECT statement, generic_plans::int AS generic, custom_plans::int AS custom
                     FROM pg_prepared_statements WHERE statement LIKE 'WITH w1 AS (INSERT INTO order_steps%'`;
    const pool = serverPool();
    if (!pool) return (await t.app.get(DataSource).query(query)) as { statement: string; generic: number; custom: number }[];
    // Every pooled connection at once, so that each is asked about its own statements.
    const taken = await Promise.allSettled(Array.from({ length: pool.totalCount }, () => pool.connect()));
    const clients = taken.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    try {
      expect(clients).toHaveLength(taken.length);
      return (await Promise.all(clients.map((client) => client.query(query)))).flatMap((result) => result.rows as { statement: string; generic: number; custom: number }[]);
    } finally {
      for (const client of clients) client.release();
    }
  };

  it('plans the statements of creation, issue and acknowledgement generically from their sixth call on a connection', async () => {
    const api = ordersClient(t);
    const providers = await demoDirectory(t);
    // PostgreSQL keeps plans per connection: with N connections in the pool, 5 × N + 1 runs of a
    // statement put six or more on one of them, whichever the pool hands out (embedded, N is 1).
    const pool = serverPool();
    const connections = pool?.options.max ?? 1;
    // The count holds only if no connection was replaced meanwhile (its plans go with it). An idle
    // connection is closed after ten seconds, and a slow run outlasts that: no idle time-out for
    // the count, and every connection taken and given back once so none keeps an old timer.
    const idleTimeout = pool?.options.idleTimeoutMillis ?? 10_000; // pg-pool's default
    if (pool) {
      pool.options.idleTimeoutMillis = 0;
      for (const client of await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()))) client.release();
    }
    let replaced = 0;
    const onRemove = () => void replaced++;
    pool?.on('remove', onRemove);
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next++ < 5 * connections + 1) {
            const drafted = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body as { id: string };
            ok(await api.act(DEMO.parisProsecutor, drafted.id, 'issue'));
            ok(await api.act(DEMO.examplegram, drafted.id, 'acknowledge'));
          }
        }),
      );
    } finally {
      pool?.off('remove', onRemove);
      if (pool) pool.options.idleTimeoutMillis = idleTimeout;
    }
    expect(replaced).toBe(0);
    const plans = await stepPlans();
    // Three statements (creation, issue, acknowledgement), each run six times or more on some
    // connection, and none planned for its parameters more than five times: the rest were generic.
    const settled = plans.filter((plan) => plan.generic + plan.custom > 5);
    expect(new Set(settled.map((plan) => plan.statement)).size).toBeGreaterThanOrEqual(3);
    expect(plans.filter((plan) => plan.custom > 5)).toEqual([]);
  });
});
