/** The environment every test app starts with, before a test's own overrides. */
export function testEnvironment(database: { dataDir: string; databaseUrl?: string }, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATA_DIR: database.dataDir,
    // Fixed, so the keys wrapped in the template database open in every copy of it.
    KEY_ENCRYPTION_KEY: Buffer.alloc(32, 'test-only-kek').toString('base64'),
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl, JWT_SECRET: 'test-secret-not-for-production-0123456789' } : {}),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}
