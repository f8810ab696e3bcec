import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { lockEmbeddedDatabase } from './embedded-lock.js';
import { PgliteQueue, pgliteClientClass } from './pglite-connection.js';
import { preparingClientClass } from './prepared-statements.js';
import { ENTITIES } from './entities.js';

export interface DatabaseLocation {
  /** A PostgreSQL server; when absent, the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
}

/** Where the embedded database keeps its files inside the data folder. */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, 'pgdata');
}

/**
 * Options shared by both back ends. Migrations are explicit classes (not a glob) so the same
 * list runs from `dist/`, from ts sources under jest, and from the generator. Schema changes
 * only ever come from migrations: `synchronize` stays off.
 */
function baseOptions() {
  return {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    // No uuid-ossp: PGlite lacks it, and gen_random_uuid() is core since PostgreSQL 13.
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: false,
  };
}

/** How long PostgreSQL lets a session sit idle inside a transaction before it ends it (server mode). */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * Builds (but does not initialise) the DataSource for the configured back end.
 *
 * Embedded mode runs PGlite behind exactly one connection of ours (pglite-connection.ts):
 * that serialises every transaction, which is correct, but it means a query issued outside a
 * transaction's EntityManager while that transaction is open waits forever. Services pass the
 * manager down (docs/architecture.md). Destroying the DataSource also closes PGlite, so its files
 * are flushed and the process can exit.
 */
export async function createDataSource(location: DatabaseLocation): Promise<DataSource> {
  if (location.databaseUrl) {
    return new DataSource({
      ...baseOptions(),
      url: location.databaseUrl,
      poolSize: 10,
      // A session that sits in a transaction without sending anything for this long belongs to an
      // instance that froze (a paused VM, a stopped process) with its row locks held: PostgreSQL
      // ends it, so the instances that took over are not blocked until the frozen one wakes up.
      // No transaction of ours waits on its client for more than a moment (uploads stream outside
      // transactions).
      extra: { Client: preparingClientClass(pg.Client), application_name: 'evidence-exchange', options: `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_TIMEOUT_MS}` },
    } as DataSourceOptions);
  }
  const dir = embeddedDatabaseDir(location.dataDir);
  mkdirSync(dir, { recursive: true });
  const unlock = lockEmbeddedDatabase(join(location.dataDir, 'pgdata.lock'), dir);
  let pglite: PGlite;
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await initialiseEmbedded(dir);
    pglite = await PGlite.create(dir);
  } catch (error) {
    unlock();
    throw error;
  }
  const session = new PgliteQueue(pglite);
  const dataSource = new DataSource({
    ...baseOptions(),
    poolSize: 1,
    extra: { Client: preparingClientClass(pgliteClientClass(session)), idleTimeoutMillis: 0 },
  } as DataSourceOptions);
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    try {
      if (dataSource.isInitialized) await destroy();
    } finally {
      try {
        // What was sent runs first; what comes later is refused (a job still running, a client's ROLLBACK).
        await session.close();
        if (!pglite.closed) await pglite.close();
      } finally {
        unlock();
      }
    }
  };
  return dataSource;
}

/**
 * Creates a new embedded database (PostgreSQL's initdb) in a worker thread that exits when done.
 * initdb leaves about 500 MB of WebAssembly memory behind in the instance that ran it; opened
 * afresh, the same database takes about 300 MB. Measured here: 772 MB RSS after creating in
 * process, 303 MB after reopening in a new isolate.
 */
async function initialiseEmbedded(dir: string): Promise<void> {
  // An eval'd worker resolves bare specifiers from the working directory, which need not be the
  // project's (a service manager, a container's WORKDIR): name the package's file instead.
  const pglite = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const worker = new Worker(
    `import(${JSON.stringify(pglite)}).then(async ({ PGlite }) => { const db = await PGlite.create(${JSON.stringify(dir)}); await db.query('SELECT 1'); await db.close(); });`,
    { eval: true },
  );
  const [code] = (await Promise.race([once(worker, 'exit'), once(worker, 'error').then(([error]) => Promise.reject(error))])) as [number];
  if (code !== 0) throw new Error(`creating the embedded database in ${dir} failed (worker exit code ${code})`);
}
