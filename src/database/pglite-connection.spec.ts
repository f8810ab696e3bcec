import { jest } from '@jest/globals';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { BatchingPgliteConnection, PgliteQueue, pgliteClientClass } from './pglite-connection.js';

/** The embedded database seen through node-postgres as the app sees it: one connection, messages batched. */
describe('the batching PGlite connection', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db.close());

  const connect = async () => {
    const client = new pg.Client({ connection: new BatchingPgliteConnection(new PgliteQueue(db)) } as pg.ClientConfig);
    await client.connect();
    return client;
  };

  it('answers parameterised queries, reports an error with all its fields, and goes on after it', async () => {
    const client = await connect();
    await client.query('CREATE TABLE t (id int PRIMARY KEY, label text NOT NULL)');
    await client.query('INSERT INTO t VALUES ($1, $2)', [1, 'one']);
    const duplicate = await client.query('INSERT INTO t VALUES ($1, $2)', [1, 'again']).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't' });
    // After the error PostgreSQL skipped to the Sync of the same batch: the session is usable.
    expect((await client.query('SELECT label FROM t WHERE id = $1', [1])).rows).toEqual([{ label: 'one' }]);
    const inTransaction = await client.query('BEGIN').then(() => client.query('SELECT 1/0')).catch((error: unknown) => error);
    expect(inTransaction).toMatchObject({ code: '22012' });
    await client.query('ROLLBACK');
    expect((await client.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
    await client.end();
  });

  it('hands a query to the database in one call, not one per message', async () => {
    const client = await connect();
    const calls: number[] = [];
    const original = db.execProtocolStream.bind(db);
    const spy = jest.spyOn(db, 'execProtocolStream').mockImplementation((message, options) => {
      calls.push(message.length);
      return original(message, options);
    });
    try {
      await client.query('SELECT $1::int + $2::int AS sum', [1, 2]);
    } finally {
      spy.mockRestore();
    }
    expect(calls).toHaveLength(1);
    await client.end();
  });

  it('lets the event loop turn between batches, so that timers, sockets and workers are heard while queries follow one another', async () => {
    const client = await connect();
    let done = 0;
    const heardAfter = new Promise<number>((resolve) => setImmediate(() => resolve(done)));
    for (let i = 0; i < 50; i++) {
      await client.query('SELECT $1::int AS i', [i]);
      done += 1;
    }
    // Without a turn before each batch, PGlite answers within the microtasks of the caller and the
    // event loop waits for all fifty.
    expect(await heardAfter).toBeLessThan(2);
    await client.end();
  });

  it('runs what was sent before the queue closed and refuses what comes after, so that PGlite is never closed under a batch', async () => {
    const queue = new PgliteQueue(db);
    const client = new pg.Client({ connection: new BatchingPgliteConnection(queue) } as pg.ClientConfig);
    await client.connect();
    // The refusal also ends the client, as a lost socket would ('error': TypeORM listens for it).
    client.on('error', () => undefined);
    const before = client.query('SELECT 1 AS one');
    await queue.close();
    expect((await before).rows).toEqual([{ one: 1 }]);
    await expect(client.query('SELECT 2 AS two')).rejects.toThrow('The embedded database is closed.');
    expect(db.closed).toBe(false);
  });

  it('serves the next client of the pool after one ended', async () => {
    const pool = new pg.Pool({ Client: pgliteClientClass(new PgliteQueue(db)), max: 1, idleTimeoutMillis: 0 } as pg.PoolConfig);
    const first = await pool.connect();
    expect((await first.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    first.release(true); // ended, as after an error
    const second = await pool.connect();
    expect((await second.query('SELECT $1::text AS again', ['yes'])).rows).toEqual([{ again: 'yes' }]);
    second.release();
    await pool.end();
  });

  it('rolls back the transaction of a client that ended inside one, as a server does for a closed socket', async () => {
    const pool = new pg.Pool({ Client: pgliteClientClass(new PgliteQueue(db)), max: 1, idleTimeoutMillis: 0 } as pg.PoolConfig);
    const first = await pool.connect();
    await first.query('CREATE TABLE IF NOT EXISTS half_done (n int)');
    await first.query('BEGIN');
    await first.query('INSERT INTO half_done VALUES (1)');
    first.release(new Error('the connection failed')); // ended by the pool
    const second = await pool.connect();
    await second.query('BEGIN');
    await second.query('COMMIT');
    expect((await second.query('SELECT count(*)::int AS n FROM half_done')).rows).toEqual([{ n: 0 }]);
    second.release();
    await pool.end();
  });

  it('answers a query already sent before its client ends, instead of leaving it unsettled', async () => {
    const client = await connect();
    const waiting = client.query('SELECT pg_sleep(0.2)').then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await client.end();
    expect(await waiting).toBe('answered');
  });
});
