import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from './support/server-process.js';
import { createEmptyDatabase } from './support/test-database.js';

/** `npm start` as a service manager runs it: the built server, another working directory, nothing made yet. */
describe('start-up', () => {
  it('creates its database, PKI and demo world from any working directory', async () => {
    const database = await createEmptyDatabase();
    const elsewhere = mkdtempSync(join(tmpdir(), 'evx-cwd-'));
    const server = await startServerProcess(database, { SEED_DEMO: 'true' }, { cwd: elsewhere });
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'legal@examplegram.demo', password: 'demo-password-123' }) });
      expect(login.status).toBe(200);
      const root = await fetch(`${server.url}/api/v1/pki/ca`);
      expect(await root.text()).toContain('-----BEGIN CERTIFICATE-----');
    } finally {
      await server.stop();
      rmSync(elsewhere, { recursive: true, force: true });
      await database.drop();
    }
  }, 180_000);
});
