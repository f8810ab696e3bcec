import { rmSync } from 'node:fs';
import pg from 'pg';

/** Removes the run's template (folder, or database on a server) and anything left behind. */
export default async function globalTeardown() {
  const runDir = process.env.EVX_TEST_RUN_DIR;
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  if (!process.env.DATABASE_URL || !process.env.EVX_TEST_RUN_ID) return;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`evx\\_%${process.env.EVX_TEST_RUN_ID}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
