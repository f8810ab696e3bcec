import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteClientClass } from './pglite-connection.js';
import { preparingClientClass, statementName } from './prepared-statements.js';

/** The app's parameterised statements are prepared once per connection (names given by the client class). */
describe('prepared statements', () => {
  let db: PGlite;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await PGlite.create();
    pool = new pg.Pool({ Client: preparingClientClass(pgliteClientClass(db)), max: 1, idleTimeoutMillis: 0 } as pg.PoolConfig);
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

  it('serves the embedded session\'s next client, which starts with none of the ended one\'s statements', async () => {
    const first = await pool.connect();
    await first.query('SELECT $1::text AS from_the_spec_again', ['one']);
    first.release(true); // ended, as after an error: its statements stay in PGlite's one session
    const second = await pool.connect();
    expect(await prepared(second)).toEqual([]);
    expect((await second.query('SELECT $1::text AS from_the_spec_again', ['two'])).rows).toEqual([{ from_the_spec_again: 'two' }]);
    second.release();
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
