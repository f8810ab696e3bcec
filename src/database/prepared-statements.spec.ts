import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PgliteQueue, pgliteClientClass } from './pglite-connection.js';
import { PLANNED_AT_EACH_CALL, preparingClientClass, statementName } from './prepared-statements.js';

/** The app's parameterised statements are prepared once per connection (names given by the client class). */
describe('prepared statements', () => {
  let db: PGlite;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await PGlite.create();
    pool = new pg.Pool({ Client: preparingClientClass(pgliteClientClass(new PgliteQueue(db))), max: 1, idleTimeoutMillis: 0 } as pg.PoolConfig);
  });
  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  const prepared = async (client: pg.PoolClient) => (await client.query(`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%from_the_spec%'`)).rows as { name: string; statement: string }[];

  it('names a text the same every time, and another text otherwise', () => {
    const text = 'SELECT $1::int AS from_the_spec_a';
    expect(statementName(text)).toMatch(/^evx_\d+$/);
    expect(statementName(text)).toBe(statementName(text));
    expect(statementName('SELECT $1::int AS from_the_spec_b')).not.toBe(statementName(text));
  });

  it('prepares a parameterised query once per connection and runs plain queries as they are', async () => {
    const client = await pool.connect();
    for (const n of [1, 2, 3]) expect((await client.query('SELECT $1::int * 2 AS from_the_spec', [n])).rows).toEqual([{ from_the_spec: n * 2 }]);
    await client.query(`SELECT 1 AS from_the_spec_plain; SELECT 2 AS from_the_spec_plain`);
    expect(await prepared(client)).toEqual([{ name: statementName('SELECT $1::int * 2 AS from_the_spec'), statement: 'SELECT $1::int * 2 AS from_the_spec' }]);
    client.release();
  });

  it('leaves unnamed the texts whose best plan or whose text depends on the data: pages, lists of placeholders, marked reports', () => {
    expect(statementName('SELECT id FROM t WHERE org = $1 ORDER BY created_at DESC LIMIT 51')).toBeUndefined();
    expect(statementName('SELECT id FROM t WHERE org = $1 OFFSET 20')).toBeUndefined();
    expect(statementName('SELECT id FROM t WHERE org = $1 LIMIT $2')).toBeUndefined();
    expect(statementName('SELECT id FROM t WHERE id IN ($1, $2, $3)')).toBeUndefined();
    expect(statementName(`/* ${PLANNED_AT_EACH_CALL} */ SELECT count(*) FROM t WHERE org = $1`)).toBeUndefined();
    expect(statementName('INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)')).toBeUndefined();
    // A lookup by key and a row's insert stay named.
    expect(statementName('SELECT id FROM t WHERE id = $1 LIMIT 1')).toMatch(/^evx_\d+$/);
    expect(statementName('SELECT id FROM t WHERE id IN ($1)')).toMatch(/^evx_\d+$/);
    expect(statementName('INSERT INTO "t"("a", "b", "c") VALUES ($1, $2, DEFAULT) ON CONFLICT DO NOTHING')).toMatch(/^evx_\d+$/);
  });

  it('gives the pool\'s next client the statements the ended one prepared, outside the transaction the ended one left', async () => {
    const first = await pool.connect();
    await first.query('BEGIN');
    // Prepared, then failing on its value: the transaction is aborted while the answer is on its way.
    const failing = first.query('SELECT $1::int AS from_the_spec_in_flight', ['not a number']).catch((error: { code?: string }) => error.code);
    first.release(true); // ended with its answer in flight
    const second = await pool.connect();
    // Inside the aborted transaction this would fail (25P02); with the statement unprepared, 42P05.
    expect((await second.query('SELECT $1::int AS from_the_spec_in_flight', [7])).rows).toEqual([{ from_the_spec_in_flight: 7 }]);
    expect(await failing).toBe('22P02');
    second.release();
  });

  it('fails a value node-postgres cannot serialise before anything is sent, and keeps its record in step with the session', async () => {
    const client = await pool.connect();
    const text = 'SELECT $1::jsonb AS from_the_spec_record';
    expect((await client.query(text, ['{"a": 1}'])).rows).toEqual([{ from_the_spec_record: { a: 1 } }]);
    await client.query('BEGIN');
    await expect(client.query(text, [{ a: BigInt(10) }])).rejects.toThrow(/BigInt/);
    // Nothing reached the session: the transaction goes on, and the next call of the text works.
    expect((await client.query(text, ['{"a": 2}'])).rows).toEqual([{ from_the_spec_record: { a: 2 } }]);
    await client.query('COMMIT');
    // Should the record and the session part all the same, the session's answer puts it right.
    const name = statementName(text)!;
    await client.query(`DEALLOCATE ${name}`);
    await expect(client.query(text, ['{"a": 3}'])).rejects.toMatchObject({ code: '26000' });
    expect((await client.query(text, ['{"a": 4}'])).rows).toEqual([{ from_the_spec_record: { a: 4 } }]);
    delete (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements[name];
    await expect(client.query(text, ['{"a": 5}'])).rejects.toMatchObject({ code: '42P05' });
    expect((await client.query(text, ['{"a": 6}'])).rows).toEqual([{ from_the_spec_record: { a: 6 } }]);
    client.release();
  });

  it('sends nothing more from an embedded client once it ended: what it had queued is failed, not committed on its own', async () => {
    const first = await pool.connect();
    await first.query('CREATE TABLE from_the_spec_ended (n int)');
    await first.query('BEGIN');
    await first.query('INSERT INTO from_the_spec_ended VALUES ($1)', [1]);
    const inFlight = first.query('SELECT $1::int AS from_the_spec_n', [0]).catch(() => 'failed');
    const queued = first.query('INSERT INTO from_the_spec_ended VALUES ($1)', [2]).catch(() => 'failed');
    first.release(true);
    await Promise.all([inFlight, queued]);
    expect(await queued).toBe('failed');
    const second = await pool.connect();
    expect((await second.query('SELECT n FROM from_the_spec_ended WHERE n > $1', [0])).rows).toEqual([]);
    second.release();
  });

  it('hears a connection lost between two statements, which would otherwise end the process', async () => {
    const client = await pool.connect();
    expect(() => client.emit('error', new Error('terminating connection due to administrator command'))).not.toThrow();
    client.release(true);
  });

  it('keeps row-level security exact: the same prepared read sees what the current role may see, past the generic plan', async () => {
    const client = await pool.connect();
    await client.query(`
      CREATE TABLE spec_rows (organisation text NOT NULL, label text NOT NULL);
      INSERT INTO spec_rows VALUES ('a', 'of a'), ('b', 'of b');
      ALTER TABLE spec_rows ENABLE ROW LEVEL SECURITY;
      CREATE ROLE spec_reader NOLOGIN;
      GRANT SELECT ON spec_rows TO spec_reader;
      CREATE POLICY spec_own ON spec_rows FOR SELECT TO spec_reader USING (organisation = current_setting('spec.organisation', true));`);
    const read = async () => (await client.query('SELECT label FROM spec_rows WHERE label LIKE $1 ORDER BY label', ['of %'])).rows.map((row: { label: string }) => row.label);
    for (let round = 0; round < 8; round++) {
      expect(await read()).toEqual(['of a', 'of b']);
      await client.query('BEGIN');
      await client.query(`SELECT set_config('role', 'spec_reader', true), set_config('spec.organisation', $1, true)`, [round % 2 ? 'a' : 'b']);
      expect(await read()).toEqual([round % 2 ? 'of a' : 'of b']);
      await client.query('COMMIT');
    }
    client.release();
  });
});
