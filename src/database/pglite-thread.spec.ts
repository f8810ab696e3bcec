import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { BatchingPgliteConnection } from './pglite-connection.js';
import { PgliteThread } from './pglite-thread.js';

/**
 * The embedded database in its own thread, seen through node-postgres as the app sees it: one
 * connection whose messages are batched, answers parsed on this side.
 */
describe('PGlite in its own thread', () => {
  let dir: string;
  let thread: PgliteThread;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evx-pglite-thread-'));
    thread = await PgliteThread.open(dir);
  });
  afterAll(async () => {
    await thread.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = async () => {
    const client = new pg.Client({ connection: new BatchingPgliteConnection(thread) } as pg.ClientConfig);
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

  it('answers batches in the order they were sent, even when sent at once', async () => {
    const text = (data: Uint8Array) => Buffer.from(data).toString('latin1');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => thread.exec(new Uint8Array(serialize.query(`SELECT 'answer-${i}-' AS a`)))));
    answers.forEach((data, i) => expect(text(data)).toContain(`answer-${i}-`));
  });

  it('closes after the queries already sent, and refuses later ones with an error instead of waiting forever', async () => {
    const other = mkdtempSync(join(tmpdir(), 'evx-pglite-thread-'));
    try {
      const closing = await PgliteThread.open(other);
      const client = new pg.Client({ connection: new BatchingPgliteConnection(closing) } as pg.ClientConfig);
      await client.connect();
      const inFlight = client.query('SELECT count(*)::int AS n FROM generate_series(1, 200000)');
      const closed = closing.close();
      expect((await inFlight).rows).toEqual([{ n: 200000 }]);
      await closed;
      expect(closing.closed).toBe(true);
      await expect(closing.exec(new Uint8Array([0x53, 0, 0, 0, 4]))).rejects.toThrow(/^PGlite is clos/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
