import { DataSource } from 'typeorm';
import { EmbeddedVacuum } from '../src/modules/jobs/embedded-vacuum.js';
import { JobRunner } from '../src/modules/jobs/job-runner.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

/**
 * PGlite runs PostgreSQL without its autovacuum, so the exchange vacuums the embedded database
 * itself; a server vacuums its own tables, and the job is not there.
 */
describe('vacuuming the embedded database', () => {
  let t: TestApp;
  let db: DataSource;
  const statsOf = async () =>
    ((await db.query(`SELECT n_dead_tup::int AS dead, vacuum_count::int + autovacuum_count::int AS vacuums FROM pg_stat_user_tables WHERE relname = 'vacuum_probe'`)) as { dead: number; vacuums: number }[])[0];

  /** One look of the job, as its timer would take it. */
  let look: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    const vacuum = t.app.get(EmbeddedVacuum);
    look = vacuum.run.bind(vacuum);
    // The job's own looks (every half minute) would vacuum a probe between the spec's statements
    // on a slow run: the job stays registered, and only the spec looks.
    vacuum.run = () => Promise.resolve(0);
  });
  afterAll(() => t.close());

  it('vacuums the tables whose dead rows passed the threshold on the embedded database, and leaves a server to its autovacuum', async () => {
    const embedded = !t.database.databaseUrl;
    expect(t.app.get(JobRunner).isRegistered('database:vacuum')).toBe(embedded);
    if (!embedded) return;
    await db.query('CREATE TABLE vacuum_probe (n int)');
    try {
      await db.query('INSERT INTO vacuum_probe SELECT generate_series(1, 500)');
      await db.query('DELETE FROM vacuum_probe');
      // The statistics reach pg_stat_user_tables within a second or so.
      await waitFor(async () => ((await statsOf())?.dead ?? 0) >= 500);
      expect(await statsOf()).toEqual({ dead: 500, vacuums: 0 });
      await lookUntil(async () => (await statsOf()).vacuums > 0, 6);
      expect(await statsOf()).toEqual({ dead: 0, vacuums: 1 });
      // Below the threshold (50 dead rows and a fifth of the live ones), nothing is done.
      await db.query('INSERT INTO vacuum_probe SELECT generate_series(1, 100)');
      await db.query('DELETE FROM vacuum_probe WHERE n <= 40');
      await waitFor(async () => (await statsOf()).dead >= 40);
      await look();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await statsOf()).toEqual({ dead: 40, vacuums: 1 });
    } finally {
      await db.query('DROP TABLE vacuum_probe');
    }
  });

  /** The statistics of a probe table, once they reached pg_stat_user_tables (within a second or so). */
  const probe = async (table: string) =>
    ((await db.query(
      `SELECT n_ins_since_vacuum::int AS inserted, n_mod_since_analyze::int AS changed, analyze_count::int AS analyses, vacuum_count::int AS vacuums FROM pg_stat_user_tables WHERE relname = $1`,
      [table],
    )) as { inserted: number; changed: number; analyses: number; vacuums: number }[])[0];
  /** Looks of the job until `done`, at most `looks` of them (other tables of the app may come first). */
  const lookUntil = async (done: () => Promise<boolean>, looks: number, before?: () => Promise<void>) => {
    for (let taken = 0; taken < looks && !(await done()); taken++) {
      await before?.();
      await look();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('vacuums and analyses a table only ever inserted into, once past the threshold for inserted rows', async () => {
    if (t.database.databaseUrl) return;
    await db.query('CREATE TABLE insert_probe (n int)');
    try {
      await db.query('INSERT INTO insert_probe SELECT generate_series(1, 20000)');
      await waitFor(async () => ((await probe('insert_probe'))?.inserted ?? 0) >= 20000);
      expect(await probe('insert_probe')).toEqual({ inserted: 20000, changed: 20000, analyses: 0, vacuums: 0 });
      await lookUntil(async () => (await probe('insert_probe')).vacuums > 0, 6);
      expect(await probe('insert_probe')).toEqual({ inserted: 0, changed: 0, analyses: 1, vacuums: 1 });
      // The planner now knows the table's size.
      expect(Number((await db.query(`SELECT reltuples FROM pg_class WHERE relname = 'insert_probe'`))[0].reltuples)).toBe(20000);
    } finally {
      await db.query('DROP TABLE insert_probe');
    }
  });

  it('analyses a changed table even while another has dead rows at every look: the looks alternate', async () => {
    if (t.database.databaseUrl) return;
    await db.query('CREATE TABLE busy_probe (n int); CREATE TABLE analyse_probe (n int)');
    try {
      // Past the threshold for statistics (50 and a tenth), not for a vacuum (1,000 and a fifth).
      await db.query('INSERT INTO analyse_probe SELECT generate_series(1, 1200)');
      // Like the log's outbox while steps are taken: rows in and out before every look.
      const churn = async () => {
        await db.query('INSERT INTO busy_probe SELECT generate_series(1, 2000)');
        await db.query('DELETE FROM busy_probe');
        await waitFor(async () => ((await probe('busy_probe'))?.changed ?? 0) >= 4000);
      };
      // Whichever kind of look comes first, both tables have had theirs within four looks.
      await lookUntil(async () => (await probe('analyse_probe'))?.analyses > 0 && (await probe('busy_probe'))?.vacuums > 0, 4, churn);
      expect(await probe('analyse_probe')).toMatchObject({ analyses: 1, vacuums: 0 });
      expect((await probe('busy_probe')).vacuums).toBeGreaterThan(0);
    } finally {
      await db.query('DROP TABLE busy_probe; DROP TABLE analyse_probe');
    }
  });
});
