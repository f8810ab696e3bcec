import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { JobRunner } from '../src/modules/jobs/job-runner.js';
import { startTestApp } from './support/test-app.js';

/** Stopping an app under load: the work in flight finishes, and the app's shutdown ends. */
describe('shutdown', () => {
  it('lets a job that waits for a database connection finish before the pool ends, so that the shutdown ends', async () => {
    // Without the log's sequencer, whose own drain before the shutdown would wait for the held
    // connections too and so keep the pool from ending while the job waits.
    const t = await startTestApp({ LOG_SEQUENCE_INTERVAL_MS: '0' });
    const dataSource = t.app.get(DataSource);
    const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
    // Every connection of the pool is busy (the embedded database has one), as under load.
    const held = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
    let asked = false;
    let ran = false;
    t.app.get(JobRunner).register({
      name: 'test:needs-a-connection',
      everyMs: 0,
      run: async () => {
        asked = true;
        await dataSource.query('SELECT 1');
        ran = true;
        return 0;
      },
    });
    for (let i = 0; !asked || pool.waitingCount === 0; i++) {
      if (i > 200) throw new Error('the job never asked for a connection');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const closing = t.app.close().then(() => 'closed' as const);
    // The requests holding the connections finish while the app stops: once the pool is ending, or
    // after two seconds if the shutdown waits for them before it ends the pool (as it should).
    for (let waited = 0; !(pool as pg.Pool & { ending: boolean }).ending && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const client of held) client.release();
    // node-postgres never answers a client still waiting when its pool ends: had the pool ended
    // before the job ran, the job, and with it the app's shutdown, would wait for ever.
    const outcome = await Promise.race([closing, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref())]);
    expect(outcome).toBe('closed');
    expect(ran).toBe(true);
    await t.database.drop();
  }, 60_000);
});
