import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { createApp } from '../../src/create-app.js';
import { embeddedDatabaseDir } from '../../src/database/data-source.js';
import { testEnvironment } from './test-env.js';

/**
 * Every e2e test file gets a database of its own, copied from a template that is migrated and
 * seeded with the demo world once per run: a copied PGlite folder in embedded mode,
 * `CREATE DATABASE ... TEMPLATE` on a PostgreSQL server when DATABASE_URL is set.
 */
export interface TestDatabase {
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

function run(): { dir: string; id: string } {
  const dir = process.env.EVX_TEST_RUN_DIR;
  const id = process.env.EVX_TEST_RUN_ID;
  if (!dir || !id) throw new Error('EVX_TEST_RUN_DIR is not set: run e2e tests through jest (test/support/global-setup.js)');
  return { dir, id };
}

export function serverUrl(database: string, base = process.env.DATABASE_URL!): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withServerAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The real app boots once on the template, which applies every migration and seeds the demo
 * world exactly as `npm start` does. One worker builds it; the others wait for its marker.
 */
async function ensureTemplate(): Promise<{ dataDir: string; database?: string }> {
  const { dir, id } = run();
  const dataDir = join(dir, 'template');
  const database = process.env.DATABASE_URL ? `evx_template_${id}` : undefined;
  const ready = join(dir, 'template.ready');
  const failed = join(dir, 'template.failed');
  const lock = join(dir, 'template.lock');
  for (;;) {
    if (existsSync(ready)) return { dataDir, database };
    // Another worker's build failed: fail here too instead of waiting for ever.
    if (existsSync(failed)) throw new Error(`building the template database failed in another worker: ${readFileSync(failed, 'utf8')}`);
    try {
      mkdirSync(lock);
      break;
    } catch {
      await sleep(100);
    }
  }
  try {
    if (database) await withServerAdmin((client) => client.query(`CREATE DATABASE "${database}"`));
    const app = await createApp(
      loadConfig(testEnvironment({ dataDir, databaseUrl: database && serverUrl(database) }, { SEED_DEMO: 'true' })),
    );
    await app.init();
    await app.close();
  } catch (error) {
    writeFileSync(failed, String((error as Error).stack ?? error));
    throw error;
  }
  writeFileSync(ready, '');
  return { dataDir, database };
}

/** A database of its own on the server, created empty or from a template, dropped by `drop`. */
async function serverDatabase(prefix: string, dataDir: string, template?: string): Promise<TestDatabase> {
  const name = `${prefix}_${run().id}_${Math.random().toString(36).slice(2, 10)}`;
  await withServerAdmin((client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  return {
    dataDir,
    databaseUrl: serverUrl(name),
    drop: async () => {
      await withServerAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const removeFolder = (dataDir: string) => async () => rmSync(dataDir, { recursive: true, force: true });

/** An empty database (no migrations, no data), for tests of the migrations themselves. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'evx-empty-'));
  if (!process.env.DATABASE_URL) return { dataDir, drop: removeFolder(dataDir) };
  return serverDatabase('evx_empty', dataDir);
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), 'evx-test-'));
  if (!template.database) {
    cpSync(embeddedDatabaseDir(template.dataDir), embeddedDatabaseDir(dataDir), { recursive: true });
    return { dataDir, drop: removeFolder(dataDir) };
  }
  return serverDatabase('evx_test', dataDir, template.database);
}
