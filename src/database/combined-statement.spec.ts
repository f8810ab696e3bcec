import { PGlite } from '@electric-sql/pglite';
import type { EntityManager } from 'typeorm';
import { CombinedStatement } from './combined-statement.js';
import { statementName } from './prepared-statements.js';

/** A step's writes as one statement: each part binds its own values; the text depends only on the parts. */
describe('CombinedStatement', () => {
  let db: PGlite;
  let texts: string[];
  let manager: EntityManager;
  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec(`CREATE TABLE steps (id int PRIMARY KEY, note text); CREATE TABLE outbox (step_id int REFERENCES steps (id), note text)`);
    // What TypeORM's manager.query does with a text and its parameters: the rows.
    manager = { query: async (text: string, values: unknown[]) => (texts.push(text), (await db.query(text, values)).rows) } as unknown as EntityManager;
  });
  beforeEach(() => (texts = []));
  afterAll(() => db.close());

  const write = (id: number, note: string) => {
    const statement = new CombinedStatement(manager);
    const $id = statement.bind(id);
    statement.with(`INSERT INTO steps (id, note) VALUES (${$id}, ${statement.bind(note)})`);
    // A row referring to the first part's: its key is checked when the statement ends, so it holds.
    statement.with(`INSERT INTO outbox (step_id, note) VALUES (${$id}, ${statement.bind(`${note}, logged`)})`);
    return statement;
  };

  it('writes every part in one statement, numbering the parameters in the order they were bound, and answers the closing read', async () => {
    const rows = await write(1, 'first').run<{ n: number }>('SELECT count(*)::int AS n FROM steps');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe('WITH w1 AS (INSERT INTO steps (id, note) VALUES ($1, $2)),\nw2 AS (INSERT INTO outbox (step_id, note) VALUES ($1, $3))\nSELECT count(*)::int AS n FROM steps');
    // The read runs on the snapshot the statement started with: it does not see the step it wrote.
    expect(rows).toEqual([{ n: 0 }]);
    expect((await db.query('SELECT s.note, o.note AS logged FROM steps s JOIN outbox o ON o.step_id = s.id')).rows).toEqual([{ note: 'first', logged: 'first, logged' }]);
  });

  it('has the same text for the same parts whatever their values, so it is prepared once', async () => {
    await write(2, 'second').run();
    await write(3, 'third').run();
    expect(texts[0]).toBe(texts[1]);
    expect(statementName(texts[0])).toMatch(/^evx_\d+$/);
  });

  it('writes nothing when one part fails: the statement is one', async () => {
    const statement = write(4, 'fourth');
    statement.with(`INSERT INTO outbox (step_id, note) VALUES (${statement.bind(999)}, 'no such step')`);
    await expect(statement.run()).rejects.toThrow(/foreign key/);
    expect((await db.query('SELECT id FROM steps WHERE id = 4')).rows).toEqual([]);
  });

  it('calls back once a statement of its own has run, never when it failed, and refuses a callback inside a transaction', async () => {
    const heard: string[] = [];
    const ran = write(10, 'alone');
    expect(ran.alone).toBe(true);
    ran.afterRunAlone(() => heard.push('ran'));
    // A failing callback is logged: the writes are committed all the same.
    ran.afterRunAlone(() => {
      throw new Error('listener broke');
    });
    await ran.run();
    expect(heard).toEqual(['ran']);
    const failed = write(10, 'the same key again');
    failed.afterRunAlone(() => heard.push('failed'));
    await expect(failed.run()).rejects.toThrow(/duplicate key/);
    expect(heard).toEqual(['ran']);
    const inTransaction = new CombinedStatement({ ...manager, queryRunner: { isTransactionActive: true } } as unknown as EntityManager);
    expect(inTransaction.alone).toBe(false);
    expect(() => inTransaction.afterRunAlone(() => undefined)).toThrow(/transaction/);
  });

  it('refuses to run without a part', async () => {
    await expect(new CombinedStatement(manager).run()).rejects.toThrow('at least one part');
  });
});
