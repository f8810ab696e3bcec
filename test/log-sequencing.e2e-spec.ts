import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { merkleTreeHash, openCheckpoint, parseVerifierKey, recordHash, treeHash } from '../libs/tlog/index.js';
import { AppConfig } from '../src/config/app-config.js';
import { LogRepository } from '../src/modules/log/log.repository.js';
import { LogSequencer } from '../src/modules/log/log-sequencer.service.js';
import { DocumentsService } from '../src/modules/documents/documents.service.js';
import { ExchangePkiService } from '../src/modules/pki/exchange-pki.service.js';
import { verifyBundle } from '../libs/bundle/index.js';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, startSecondInstance, type TestApp } from './support/test-app.js';

/**
 * The log's outbox and sequencer under load: steps from two instances on one database are
 * logged once each, in one gap-free sequence under one signed history; a step whose transaction
 * rolls back is never logged. With DATABASE_URL the second instance is a second app on the same
 * PostgreSQL database; on the embedded database (one process only) it is a second sequencer
 * racing the first on the same data.
 */
describe('transparency log: sequencing', () => {
  const server = Boolean(process.env.DATABASE_URL);
  let a: TestApp;
  let b: TestApp | undefined;
  let db: DataSource;
  let providerId: string;

  const count = async (sql: string) => Number((await db.query(sql))[0].n);

  async function cycle(t: TestApp): Promise<void> {
    const api = ordersClient(t);
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providerId, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
  }

  async function drained(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await count('SELECT count(*) AS n FROM log_pending')) === 0) return;
      await sleep(50);
    }
    throw new Error('the outbox was not drained within 10 s');
  }

  beforeAll(async () => {
    a = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', LOG_SEQUENCE_INTERVAL_MS: '20' });
    if (server) b = await startSecondInstance(a, { ORDER_CLOCK_INTERVAL_MS: '0', LOG_SEQUENCE_INTERVAL_MS: '20' });
    db = a.app.get(DataSource);
    providerId = (await demoDirectory(a)).Examplegram;
    // One login per app before the cycles run side by side (a burst would meet the login rate limit).
    for (const app of [a, b]) await app?.login(DEMO.parisProsecutor);
  });
  afterAll(async () => {
    await b?.close();
    await a.close();
  });

  it('logs every step of two instances exactly once, at indexes 0..n-1, under checkpoints that all extend one history', async () => {
    // The second sequencer on the embedded database: another instance of the service on the same data.
    const rival = server
      ? b!.app.get(LogSequencer)
      : new LogSequencer(Object.assign(Object.create(AppConfig.prototype), a.app.get(AppConfig), { logSequenceIntervalMs: 0 }), db, a.app.get(LogRepository), a.app.get(ExchangePkiService));
    let racing = true;
    const race = (async () => {
      while (racing) {
        await Promise.all([rival.run(), a.app.get(LogSequencer).run()]);
        // PGlite answers within microtasks: let the requests in.
        await sleep(1);
      }
    })();
    await Promise.all([...Array.from({ length: 8 }, () => cycle(a)), ...Array.from({ length: 8 }, () => cycle(b ?? a))]);
    racing = false;
    await race;
    await drained();

    const steps = await count('SELECT count(*) AS n FROM order_steps');
    const entries = (await db.query('SELECT index, step_id, entry FROM log_entries ORDER BY index')) as { index: string; step_id: string; entry: Buffer }[];
    expect(entries.map((e) => Number(e.index))).toEqual(Array.from({ length: steps }, (_, i) => i));
    expect(new Set(entries.map((e) => e.step_id)).size).toBe(steps);
    // Each entry is its step's hash.
    const mismatched = await count(`SELECT count(*) AS n FROM log_entries e JOIN order_steps s ON s.id = e.step_id WHERE e.entry <> decode(s.hash, 'hex')`);
    expect(mismatched).toBe(0);

    // Every checkpoint is signed by the log key over the tree of the entries before it.
    const key = parseVerifierKey(a.app.get(ExchangePkiService).logKey().verifierKey);
    const leaves = entries.map((e) => recordHash(e.entry));
    const reader = a.app.get(LogRepository).hashReader();
    const checkpoints = (await db.query('SELECT size, root_hash, note FROM log_checkpoints ORDER BY size')) as { size: string; root_hash: Buffer; note: string }[];
    expect(Number(checkpoints.at(-1)!.size)).toBe(steps);
    for (const row of checkpoints) {
      const size = Number(row.size);
      const { checkpoint } = openCheckpoint(row.note, { origin: key.name, logVerifiers: [key] });
      expect(checkpoint.size).toBe(size);
      expect(checkpoint.rootHash).toEqual(merkleTreeHash(leaves.slice(0, size)));
      expect(row.root_hash).toEqual(checkpoint.rootHash);
      if (size > 0) expect(await treeHash(size, reader)).toEqual(checkpoint.rootHash);
    }
  });

  it('never logs a step whose transaction rolled back, and logs the next one', async () => {
    const api = ordersClient(a);
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providerId, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    await drained();
    const documents = a.app.get(DocumentsService);
    const commit = documents.commit.bind(documents);
    const before = await count('SELECT count(*) AS n FROM order_steps');
    // The issue step is written (with its outbox row), then moving its EPOC's bytes fails: all rolls back.
    documents.commit = async () => {
      throw new Error('the document could not be moved to its address');
    };
    try {
      expect((await api.act(DEMO.parisProsecutor, created.id, 'issue')).status).toBe(500);
    } finally {
      documents.commit = commit;
    }
    expect(await count('SELECT count(*) AS n FROM order_steps')).toBe(before);
    expect(await count('SELECT count(*) AS n FROM log_pending')).toBe(0);
    await cycle(a);
    await drained();
    expect(await count('SELECT count(*) AS n FROM log_entries')).toBe(before + 2);
    expect(await count('SELECT count(*) AS n FROM order_steps s WHERE NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.step_id = s.id)')).toBe(0);
  });
});

/**
 * A bundle never ships without its proofs: when the order's steps are not sequenced yet (here the
 * sequencer never runs by itself), the bundle request runs it, then proves every step.
 */
describe('transparency log: a bundle asked for before its steps are logged', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', LOG_SEQUENCE_INTERVAL_MS: '0' });
    ws = new OpensslWorkspace();
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  it('sequences them first and carries a proof for each', async () => {
    const api = ordersClient(t);
    const providers = await demoDirectory(t);
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
    const upload = await t
      .http()
      .post(`/api/v1/orders/${created.id}/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="subscriber.txt"' })
      .send(Buffer.from('Subscriber: suspect.account.42\n'));
    expect(upload.status).toBe(201);
    ok(await api.act(DEMO.examplegram, created.id, 'production', { evidenceIds: [upload.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] }));
    const before = ok(await api.get(DEMO.parisProsecutor, `orders/${created.id}/steps`)).body.items as { log: unknown }[];
    expect(before.map((step) => step.log)).toEqual([null, null, null]);

    const bundle = await t.http().get(`/api/v1/orders/${created.id}/bundle`).set({ authorization: `Bearer ${await t.login(DEMO.parisProsecutor)}` }).buffer(true).parse(binaryParser);
    expect(bundle.status).toBe(200);
    const report = await verifyBundle(ws.file('bundle.zip', bundle.body as Buffer), { logKey: t.app.get(ExchangePkiService).logKey().verifierKey });
    expect(report.failures).toEqual([]);
    expect(report.checks.find((check) => check.name === 'transparency log')?.detail).toMatch(/^3 steps, each proven an entry of the log/);
    const after = ok(await api.get(DEMO.parisProsecutor, `orders/${created.id}/steps`)).body.items as { log: { index: number } | null }[];
    expect(after.every((step) => step.log !== null)).toBe(true);
  });
});

