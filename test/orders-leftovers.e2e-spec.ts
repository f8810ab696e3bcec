import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PdfRenderer } from '../src/modules/documents/pdf-renderer.js';
import { StorageService } from '../src/modules/storage/storage.service.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Nothing left behind: documents a refused or losing step prepared are discarded, bytes a crash
 * left are swept, and concurrent uploads never take more than the order's room together.
 */
describe('orders: nothing left behind', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  const blobs = () => join(t.database.dataDir, 'blobs');
  const files = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)])) : [];
  const stored = () => files(join(blobs(), 'sha256')).map((file) => file.split('/').pop()!);
  const staged = () => files(join(blobs(), 'incoming'));
  const adopted = async () => new Set(((await t.app.get(DataSource).query('SELECT sha256 FROM blobs')) as { sha256: string }[]).map((row) => row.sha256));
  /** Every stored blob is adopted by a row; nothing is left staged. */
  const expectNothingLeft = async () => {
    const rows = await adopted();
    expect(stored().filter((key) => !rows.has(key))).toEqual([]);
    expect(staged()).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', EVIDENCE_MAX_BYTES: String(12 * 1024 * 1024), EVIDENCE_MAX_ORDER_BYTES: String(31 * 1024 * 1024 + 512 * 1024) });
    api = ordersClient(t);
    fixClock(t);
    providers = await demoDirectory(t);
  });
  afterAll(() => t.close());

  it('keeps only the winner\'s documents when many validations of one order race, and none for a stale If-Match', async () => {
    const drafted = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram)), 201).body;
    ok(await api.act(DEMO.ofacOfficer, drafted.id, 'submit'));
    const stale = await api.act(DEMO.parisJudge, drafted.id, 'validate', { decision: 'APPROVE' }, { 'if-match': '"1"' });
    expect(stale.body).toMatchObject({ status: 412, code: 'ORDER_VERSION_MISMATCH' });
    const before = stored().length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.act(DEMO.parisJudge, drafted.id, 'validate', { decision: 'APPROVE' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    // The winner's EPOC, the addressee's and the enforcing authority's copy: two PDFs, all adopted.
    const documents = ok(await api.get(DEMO.ofacOfficer, `orders/${drafted.id}/documents`)).body.items;
    expect(documents).toHaveLength(2);
    expect(stored().length - before).toBe(2);
    await expectNothingLeft();
  });

  it('discards the document already made when the other document of the step fails, and the step is not taken', async () => {
    const drafted = ok(await api.create(DEMO.ofacOfficer, orderBody(providers.Examplegram)), 201).body;
    ok(await api.act(DEMO.ofacOfficer, drafted.id, 'submit'));
    const renderer = t.app.get(PdfRenderer);
    const render = renderer.render.bind(renderer);
    // The EPOC is made, signed and staged; the enforcing authority's copy then fails.
    const spy = jest.spyOn(renderer, 'render').mockImplementation(async (task) => {
      if (task.model.audience === 'ADDRESSEE') return render(task);
      throw new Error('the render thread died');
    });
    try {
      const before = stored().length;
      const failed = await api.act(DEMO.parisJudge, drafted.id, 'validate', { decision: 'APPROVE' });
      expect(failed.status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(stored().length).toBe(before);
      expect(staged()).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(ok(await api.get(DEMO.ofacOfficer, `orders/${drafted.id}`)).body).toMatchObject({ version: 2 });
    ok(await api.act(DEMO.parisJudge, drafted.id, 'validate', { decision: 'APPROVE' }));
    expect(ok(await api.get(DEMO.ofacOfficer, `orders/${drafted.id}/documents`)).body.items).toHaveLength(2);
    await expectNothingLeft();
  });

  it('sweeps what a crash left: staged bytes and stored blobs no row adopted, once older than the grace period', async () => {
    const drafted = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, drafted.id, 'issue'));
    const kept = new Set(stored());
    // A crash between the blob's commit and the transaction's, and one in the middle of a stream.
    const orphan = createHash('sha256').update('orphan').digest('hex');
    mkdirSync(join(blobs(), 'sha256', orphan.slice(0, 2), orphan.slice(2, 4)), { recursive: true });
    writeFileSync(join(blobs(), 'sha256', orphan.slice(0, 2), orphan.slice(2, 4), orphan), 'orphan');
    const partial = join(blobs(), 'incoming', '00000000-0000-4000-8000-000000000001');
    writeFileSync(partial, 'half an upload');
    const storage = t.app.get(StorageService);
    // Young leftovers may belong to a request still running: kept.
    expect(await storage.sweep()).toEqual({ staged: 0, stored: 0 });
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(partial, hourAgo, hourAgo);
    utimesSync(join(blobs(), 'sha256', orphan.slice(0, 2), orphan.slice(2, 4), orphan), hourAgo, hourAgo);
    for (const key of kept) utimesSync(join(blobs(), 'sha256', key.slice(0, 2), key.slice(2, 4), key), hourAgo, hourAgo);
    expect(await storage.sweep(new Date())).toEqual({ staged: 1, stored: 1 });
    expect(new Set(stored())).toEqual(kept);
    await expectNothingLeft();
    // Every signed document is still there to read.
    const documents = ok(await api.get(DEMO.parisProsecutor, `orders/${drafted.id}/documents`)).body.items;
    ok(await t.http().get(`/api/v1/orders/${drafted.id}/documents/${documents[0].id}`).set({ authorization: `Bearer ${await t.login(DEMO.parisProsecutor)}` }));
  });

  it('reserves each upload\'s room under the order\'s lock: four concurrent 10 MiB uploads never exceed a 31.5 MiB order', async () => {
    const drafted = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, drafted.id, 'issue'));
    const token = await t.login(DEMO.examplegram);
    const upload = (index: number) =>
      t
        .http()
        .post(`/api/v1/orders/${drafted.id}/evidence`)
        .set({ authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="part-${index}.bin"` })
        .send(Buffer.alloc(10 * 1024 * 1024, index));
    const answers = await Promise.all([0, 1, 2, 3].map(upload));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 201, 413]);
    const listed = ok(await api.get(DEMO.examplegram, `orders/${drafted.id}/evidence`)).body.items as { size: number }[];
    expect(listed.reduce((sum, item) => sum + item.size, 0)).toBeLessThanOrEqual(31 * 1024 * 1024 + 512 * 1024);
    // The reservations are gone with their uploads: the room left is the order's room minus what is stored.
    expect(await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM evidence_uploads WHERE order_id = $1`, [drafted.id])).toEqual([{ n: 0 }]);
    await expectNothingLeft();
  });

  it('sweeps at start-up, in the background, what a crash of this instance left', async () => {
    mkdirSync(join(blobs(), 'incoming'), { recursive: true });
    const partial = join(blobs(), 'incoming', '00000000-0000-4000-8000-000000000002');
    writeFileSync(partial, 'half an upload, from before the crash');
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(partial, hourAgo, hourAgo);
    t = await t.restart();
    api = ordersClient(t);
    for (let i = 0; existsSync(partial); i++) {
      if (i > 200) throw new Error('the start-up sweep never removed the leftover');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expectNothingLeft();
  });
});
