import { DataSource } from 'typeorm';
import { EmbeddedVacuum } from '../src/modules/jobs/embedded-vacuum.js';
import { JobRunner } from '../src/modules/jobs/job-runner.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * PGlite runs PostgreSQL without its autovacuum, so the exchange vacuums the embedded database
 * itself; a server vacuums its own tables, and the job is not there.
 */
describe('vacuuming the embedded database', () => {
  let t: TestApp;
  let db: DataSource;
  const statsOf = async () =>
    ((await db.query(`SELECT n_dead_tup::int AS dead, vacuum_count::int + autovacuum_count::int AS vacuums FROM pg_stat_user_tables WHERE relname = 'vacuum_probe'`)) as { dead: number; vacuums: number }[])[0];

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
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
      for (let i = 0; i < 50 && ((await statsOf())?.dead ?? 0) < 500; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await statsOf()).toEqual({ dead: 500, vacuums: 0 });
      await t.app.get(EmbeddedVacuum).run();
      for (let i = 0; i < 50 && (await statsOf()).vacuums === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await statsOf()).toEqual({ dead: 0, vacuums: 1 });
      // Below the threshold (50 dead rows and a fifth of the live ones), nothing is done.
      await db.query('INSERT INTO vacuum_probe SELECT generate_series(1, 100)');
      await db.query('DELETE FROM vacuum_probe WHERE n <= 40');
      for (let i = 0; i < 50 && (await statsOf()).dead < 40; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      await t.app.get(EmbeddedVacuum).run();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await statsOf()).toEqual({ dead: 40, vacuums: 1 });
    } finally {
      await db.query('DROP TABLE vacuum_probe');
    }
  });

  it('analyses a table that is only inserted into once its rows changed past the threshold for statistics, without vacuuming it', async () => {
    if (t.database.databaseUrl) return;
    const analysesOf = async () =>
      ((await db.query(`SELECT n_mod_since_analyze::int AS changed, analyze_count::int AS analyses, vacuum_count::int AS vacuums FROM pg_stat_user_tables WHERE relname = 'analyse_probe'`)) as { changed: number; analyses: number; vacuums: number }[])[0];
    await db.query('CREATE TABLE analyse_probe (n int)');
    try {
      // More rows than any table of the app changed meanwhile: the most changed is analysed first.
      await db.query('INSERT INTO analyse_probe SELECT generate_series(1, 20000)');
      for (let i = 0; i < 50 && ((await analysesOf())?.changed ?? 0) < 20000; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await analysesOf()).toEqual({ changed: 20000, analyses: 0, vacuums: 0 });
      await t.app.get(EmbeddedVacuum).run();
      for (let i = 0; i < 50 && (await analysesOf()).analyses === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await analysesOf()).toEqual({ changed: 0, analyses: 1, vacuums: 0 });
      // The planner now knows the table's size.
      expect(Number((await db.query(`SELECT reltuples FROM pg_class WHERE relname = 'analyse_probe'`))[0].reltuples)).toBe(20000);
    } finally {
      await db.query('DROP TABLE analyse_probe');
    }
  });
});
