import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config.js';
import { createApp } from '../../src/create-app.js';
import { DEMO_PASSWORD } from '../../src/modules/demo/demo-world.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testEnvironment } from './test-env.js';

export interface TestApp {
  app: NestFastifyApplication;
  database: TestDatabase;
  /** A supertest client against the app's HTTP server (no port is opened). */
  http(): ReturnType<typeof request>;
  /** Logs in (demo password by default) and returns the bearer token. */
  login(email: string, password?: string): Promise<string>;
  /** Stops the app and starts a new one on the same database and data folder (a restart). */
  restart(): Promise<TestApp>;
  close(): Promise<void>;
}

/**
 * Boots the real application (createApp → configureApp, as main.ts does) on a database of its
 * own, copied from the migrated and seeded template.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  return bootOn(await createTestDatabase(), overrides);
}

/**
 * Another app on an existing test database (a second instance on the same PostgreSQL server);
 * its `close` leaves the database to the app that created it.
 */
export async function startTestAppOn(database: TestDatabase, overrides: Record<string, string> = {}): Promise<TestApp> {
  return bootOn({ ...database, drop: async () => undefined }, overrides);
}

async function bootOn(database: TestDatabase, overrides: Record<string, string>): Promise<TestApp> {
  const config = loadConfig(testEnvironment(database, overrides));
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    database,
    http,
    async login(email, password = DEMO_PASSWORD) {
      const key = `${email}\u0000${password}`;
      const cached = tokens.get(key);
      if (cached) return cached;
      const response = await http().post('/api/v1/auth/login').send({ email, password });
      if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
      tokens.set(key, response.body.accessToken);
      return response.body.accessToken as string;
    },
    async restart() {
      await app.close();
      return bootOn(database, overrides);
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
