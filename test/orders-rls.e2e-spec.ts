import { DataSource } from 'typeorm';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Row-level security, the second wall: the database shows a reader only the orders it is party to. */
describe('orders: row-level security', () => {
  let t: TestApp;
  let db: DataSource;
  let orderId: string;
  const organisationOf = async (email: string) => (await t.http().get('/api/v1/me').set({ authorization: `Bearer ${await t.login(email)}` })).body.organisation.id as string;
  /** What a query sees as evx_reader for `organisationId` (null: no organisation set). */
  const asReader = (organisationId: string | null, sql: string, parameters: unknown[] = []) =>
    db.transaction(async (manager) => {
      await manager.query(`SELECT set_config('role', 'evx_reader', true), set_config('evx.organisation_id', $1, true)`, [organisationId ?? '']);
      return manager.query(sql, parameters) as Promise<Record<string, unknown>[]>;
    });

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    db = t.app.get(DataSource);
    fixClock(t);
    const api = ordersClient(t);
    const providers = await demoDirectory(t);
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    orderId = created.body.id;
    expect((await api.act(DEMO.parisProsecutor, orderId, 'issue')).status).toBe(200);
    // A draft the provider must not see even in the database.
    expect((await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram))).status).toBe(201);
  });
  afterAll(() => t.close());

  it('reads as a role that is neither superuser nor exempt from row-level security', async () => {
    expect(await db.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'evx_reader'`)).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it('shows each organisation only its orders, whatever the query asks for', async () => {
    const total = Number((await db.query('SELECT count(*)::int AS n FROM orders'))[0].n);
    expect(total).toBeGreaterThanOrEqual(2);
    const counts = async (organisationId: string | null) => {
      const [row] = await asReader(
        organisationId,
        `SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM order_steps)::int AS steps,
                (SELECT count(*) FROM order_documents)::int AS documents, (SELECT count(*) FROM order_parties)::int AS parties`,
      );
      return row;
    };
    // Neither a query without a filter nor one aimed at the order by id crosses the wall.
    expect(await counts(await organisationOf(DEMO.nordtel))).toEqual({ orders: 0, steps: 0, documents: 0, parties: 0 });
    expect(await counts(null)).toEqual({ orders: 0, steps: 0, documents: 0, parties: 0 });
    expect(await asReader(await organisationOf(DEMO.nordtel), 'SELECT id FROM orders WHERE id = $1', [orderId])).toEqual([]);
    // The provider sees the issued order, not the draft; the issuer sees both.
    const provider = await counts(await organisationOf(DEMO.examplegram));
    expect(provider).toMatchObject({ orders: 1, steps: 2 });
    expect(provider.documents).toBeGreaterThan(0);
    expect((await counts(await organisationOf(DEMO.parisProsecutor))).orders).toBe(2);
  });

  it('checks a party by key for each row it reads, never by hashing the organisation\'s whole history, whatever the statistics', async () => {
    // A plan made for any value, as a prepared statement gets after five runs and keeps for the
    // connection's life; on a new database the planner would hash every order_parties row of
    // the organisation at each read, which grows with its history.
    const provider = await organisationOf(DEMO.examplegram);
    const plans = await db.transaction(async (manager) => {
      await manager.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await manager.query(`SELECT set_config('role', 'evx_reader', true), set_config('evx.organisation_id', $1, true)`, [provider]);
      const explained: string[] = [];
      for (const [name, sql] of [
        ['evx_spec_read', 'SELECT id FROM orders WHERE id = $1'],
        ['evx_spec_lock', 'SELECT id FROM orders WHERE id = $1 FOR UPDATE'],
        ['evx_spec_steps', 'SELECT seq FROM order_steps WHERE order_id = $1'],
        ['evx_spec_documents', 'SELECT id FROM order_documents WHERE order_id = $1'],
        ['evx_spec_evidence', 'SELECT id FROM evidence WHERE order_id = $1'],
      ]) {
        await manager.query(`PREPARE ${name}(uuid) AS ${sql}`);
        const rows = (await manager.query(`EXPLAIN EXECUTE ${name}('${orderId}')`)) as { 'QUERY PLAN': string }[];
        await manager.query(`DEALLOCATE ${name}`);
        explained.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
      }
      return explained;
    });
    for (const plan of plans) {
      expect(plan).toContain('SubPlan');
      expect(plan).not.toContain('hashed SubPlan');
    }
  });

  it('takes the row lock of a step as the party too: a stranger locks nothing, a party locks the order and still cannot write it', async () => {
    const lock = `SELECT id FROM orders WHERE id = $1 FOR UPDATE`;
    expect(await asReader(await organisationOf(DEMO.nordtel), lock, [orderId])).toEqual([]);
    expect(await asReader(null, lock, [orderId])).toEqual([]);
    expect(await asReader(await organisationOf(DEMO.examplegram), lock, [orderId])).toEqual([{ id: orderId }]);
    await expect(asReader(await organisationOf(DEMO.examplegram), `UPDATE orders SET id = id WHERE id = $1`, [orderId])).rejects.toThrow(/row-level security|permission denied/);
  });

  it('shows a stranger none of an order\'s evidence, steps or documents through the app either', async () => {
    for (const path of ['steps', 'documents', 'evidence', 'verification', 'bundle']) {
      const response = await t.http().get(`/api/v1/orders/${orderId}/${path}`).set({ authorization: `Bearer ${await t.login(DEMO.nordtel)}` });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('lets the reader read, never write', async () => {
    await expect(asReader(await organisationOf(DEMO.examplegram), `UPDATE orders SET status = 'CLOSED' WHERE id = $1`, [orderId])).rejects.toThrow(/permission denied/);
    await expect(asReader(await organisationOf(DEMO.examplegram), `DELETE FROM order_parties`)).rejects.toThrow(/permission denied/);
  });

  it('reads an order as a party in one statement (evx_order_as_party): the same wall, and the owner back after it', async () => {
    const owner = ((await db.query('SELECT current_user AS name'))[0] as { name: string }).name;
    const read = (organisationId: string) => db.query(`SELECT (r.entry).id, (r.entry).status, r.parties, current_user AS reader FROM evx_order_as_party($1, $2) r`, [organisationId, orderId]) as Promise<Record<string, unknown>[]>;
    expect(await read(await organisationOf(DEMO.nordtel))).toEqual([]);
    expect(await read(await organisationOf(DEMO.examplegram))).toEqual([{ id: orderId, status: 'ISSUED', parties: ['ADDRESSEE'], reader: 'evx_reader' }]);
    expect(await read(await organisationOf(DEMO.parisProsecutor))).toEqual([{ id: orderId, status: 'ISSUED', parties: ['ISSUING'], reader: 'evx_reader' }]);
    // The switch ends with the statement: the next one runs as the owner again, and sees every order.
    expect(await db.query('SELECT current_user AS name, (SELECT count(*) FROM orders)::int >= 2 AS every_order')).toEqual([{ name: owner, every_order: true }]);
    // The app reads through it: a stranger's look at the order is a 404, the provider's a 200.
    expect((await t.http().get(`/api/v1/orders/${orderId}`).set({ authorization: `Bearer ${await t.login(DEMO.nordtel)}` })).status).toBe(404);
    expect((await t.http().get(`/api/v1/orders/${orderId}`).set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}` })).status).toBe(200);
  });

  it('takes a step\'s lock as a party in one statement (evx_lock_as_party), then leaves the transaction to the owner', async () => {
    const lockAs = (organisationId: string) =>
      db.transaction(async (manager) => {
        const rows = (await manager.query(`SELECT version, parties FROM evx_lock_as_party($1, $2)`, [organisationId, orderId])) as Record<string, unknown>[];
        // A row this transaction locked carries its transaction id as xmax (checked as the owner, after the switch back).
        const [after] = (await manager.query(
          `SELECT current_user AS name, current_setting('evx.organisation_id', true) AS organisation,
                  (SELECT o.xmax::text::bigint = pg_current_xact_id()::text::bigint % 4294967296 FROM orders o WHERE o.id = $1) AS "lockedHere"`,
          [orderId],
        )) as Record<string, unknown>[];
        return { rows, after };
      });
    const owner = ((await db.query('SELECT current_user AS name'))[0] as { name: string }).name;
    expect(await lockAs(await organisationOf(DEMO.nordtel))).toEqual({ rows: [], after: { name: owner, organisation: '', lockedHere: false } });
    expect(await lockAs(await organisationOf(DEMO.examplegram))).toEqual({ rows: [{ version: 2, parties: ['ADDRESSEE'] }], after: { name: owner, organisation: '', lockedHere: true } });
    // On a server, the lock holds against another session: its NOWAIT lock of the same row fails.
    // (Read before the transaction: on the embedded database, its one session is the transaction's.)
    const provider = await organisationOf(DEMO.examplegram);
    await db.transaction(async (manager) => {
      await manager.query(`SELECT version FROM evx_lock_as_party($1, $2)`, [provider, orderId]);
      if (t.database.databaseUrl) await expect(db.query(`SELECT id FROM orders WHERE id = $1 FOR UPDATE NOWAIT`, [orderId])).rejects.toThrow(/could not obtain lock/);
    });
  });
});
