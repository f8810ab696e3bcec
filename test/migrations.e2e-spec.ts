import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { createDataSource } from '../src/database/data-source.js';
import { createEmptyDatabase, type TestDatabase } from './support/test-database.js';

/** Every migration applies on an empty database, matches the entities, and reverts cleanly. */
describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const tables = async () =>
    (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).map(
      (row: { table_name: string }) => row.table_name,
    );

  beforeAll(async () => {
    database = await createEmptyDatabase();
    dataSource = await createDataSource(database);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('apply in order and leave nothing for the entities to add', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await tables()).toEqual(expect.arrayContaining(['organisations', 'establishments', 'users']));
  });

  it('revert one by one down to an empty schema, and apply again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
