import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { DEMO } from './support/demo-accounts.js';
import { startSecondInstance, startTestApp, type TestApp } from './support/test-app.js';

/** A full collection, so the figures are what the app retains, not garbage yet to go. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const MiB = 2 ** 20;

/** The login limiter holds its bound for strangers, and several instances share one count. */
describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a proxy, so each test can come from a client address of its own.
    t = await startTestApp({ LOGIN_RATE_LIMIT: '3', TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  const login = (app: TestApp, ip: string, email: string, password = 'not-the-password') =>
    app.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ email, password });

  it('grows the process by less than 60 MiB under 400 logins with 200 kB e-mails (and 400 with 3 kB ones), never answering 500', async () => {
    collectGarbage();
    const before = process.memoryUsage();
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    for (let i = 0; i < 400; i++) count((await login(t, '203.0.113.1', `${i}${'x'.repeat(200_000)}@stranger.demo`)).status);
    for (let i = 0; i < 400; i++) count((await login(t, '203.0.113.1', `${i}${'y'.repeat(3_000)}@stranger.demo`)).status);
    collectGarbage();
    const after = process.memoryUsage();
    const heapMiB = (after.heapUsed - before.heapUsed) / MiB;
    const rssMiB = (after.rss - before.rss) / MiB;
    // 200 kB cannot be a login (4 KiB body limit: 413); 3 kB is not an e-mail address (400, counted nowhere).
    expect(Object.fromEntries(statuses)).toEqual({ 413: 400, 400: 400 });
    expect(heapMiB).toBeLessThan(60);
    // The resident size also holds what the allocator keeps of the test client's own 80 MB of
    // request bodies (same process) and varies with the machine's load, so its bound is loose:
    // it still catches the defect this test was written for (130 to 854 MiB for 600 logins).
    expect(rssMiB).toBeLessThan(256);
  });

  it('counts e-mail addresses of a possible length and turns strangers away with 429, not 500', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await login(t, '203.0.113.2', `stranger${i}@${'z'.repeat(60)}.${'w'.repeat(60)}.demo`)).status);
    // Ten times the per-account limit from one client address, then 429 for every address.
    expect([...statuses].sort()).toEqual([401, 429]);
  });

  it('shares one count between the instances of a PostgreSQL server, storing only digests (embedded: one instance, counted in memory)', async () => {
    const [{ rows: before }] = await t.app.get(DataSource).query('SELECT count(*)::int AS rows FROM login_attempts');
    // The second instance of a server deployment; embedded mode is one process, so the same one.
    const other = t.database.databaseUrl ? await startSecondInstance(t, { LOGIN_RATE_LIMIT: '3', TRUST_PROXY: 'true' }) : t;
    try {
      expect((await login(t, '198.51.100.1', DEMO.nordtel)).status).toBe(401);
      expect((await login(other, '198.51.100.1', DEMO.nordtel)).status).toBe(401);
      expect((await login(t, '198.51.100.1', DEMO.nordtel)).status).toBe(401);
      const limited = await login(other, '198.51.100.1', DEMO.nordtel, 'demo-password-123');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(t, '198.51.100.1', DEMO.nordtel, 'demo-password-123')).status).toBe(429);
      const keys: { bytes: number }[] = await t.app.get(DataSource).query('SELECT DISTINCT octet_length(key) AS bytes FROM login_attempts');
      const [{ rows: after }] = await t.app.get(DataSource).query('SELECT count(*)::int AS rows FROM login_attempts');
      if (t.database.databaseUrl) {
        expect(keys).toEqual([{ bytes: 32 }]);
        expect(after).toBeGreaterThan(before);
      } else {
        expect({ before, after }).toEqual({ before: 0, after: 0 });
      }
    } finally {
      if (other !== t) await other.close();
    }
  });
});
