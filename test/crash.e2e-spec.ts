import { setTimeout as sleep } from 'node:timers/promises';
import { acknowledged, checkChains, recoverySeconds, Servers, startLoad, tally } from './chaos.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/**
 * The short version of `npm run chaos` (test/chaos.ts): one kill -9 of the built server under
 * load. Every step a client was told about is in its order's chain afterwards, every chain
 * verifies, and the clients, retrying with the same Idempotency-Keys, complete again.
 */
describe('kill -9 under load', () => {
  let database: TestDatabase;
  let servers: Servers;
  beforeAll(async () => {
    database = await createTestDatabase();
    servers = new Servers(database);
    await servers.start();
  }, 120_000);
  afterAll(async () => {
    await servers.current?.crash();
    await database.drop();
  });

  it('loses no acknowledged step, keeps every chain valid, and lets clients complete again', async () => {
    const load = startLoad(servers, 16 * 1024);
    await sleep(4_000);
    const crashedAt = Date.now();
    await servers.current.crash();
    await servers.start();
    const recovered = await recoverySeconds(crashedAt, 60_000);
    load.stop();
    await load.done;
    const chains = await checkChains(servers);
    process.stdout.write(`crash: ${chains.acknowledgedSteps} steps acknowledged over ${chains.orders} orders, ${chains.lost.length} lost; clients completing again ${recovered.toFixed(1)} s after the crash\n`);
    expect(chains.orders).toBeGreaterThan(0);
    expect(chains.lost).toEqual([]);
    expect(chains.invalid).toEqual([]);
    expect(chains.foundSteps).toBe(chains.acknowledgedSteps);
    expect(recovered).toBeLessThan(60);
    expect({ serverErrors: tally.serverErrors, unexpected: tally.unexpected }).toEqual({ serverErrors: 0, unexpected: [] });
    expect(acknowledged.size).toBe(chains.orders);
  }, 120_000);
});
