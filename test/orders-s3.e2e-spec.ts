import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { verifyBundle } from '../libs/bundle/index.js';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The S3-compatible blob store, against s3rver (a local S3 emulator): evidence and documents in a bucket. */
describe('orders: evidence in an S3-compatible bucket', () => {
  let t: TestApp;
  let s3: S3rver;
  let bucketDir: string;
  let ws: OpensslWorkspace;
  const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : []);

  beforeAll(async () => {
    bucketDir = mkdtempSync(join(tmpdir(), 'evx-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', directory: bucketDir, silent: true, configureBuckets: [{ name: 'evidence' }] });
    const { port } = await s3.run();
    t = await startTestApp({
      ORDER_CLOCK_INTERVAL_MS: '0',
      BLOB_STORE: 's3',
      S3_BUCKET: 'evidence',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'exchange/',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    ws = new OpensslWorkspace();
    fixClock(t);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
    await s3.close();
    rmSync(bucketDir, { recursive: true, force: true });
  });

  it('stores documents and evidence in the bucket, nothing on local disk, and bundles them', async () => {
    const api = ordersClient(t);
    const providers = await demoDirectory(t);
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    expect((await api.act(DEMO.parisProsecutor, created.body.id, 'issue')).status).toBe(200);
    const evidence = Buffer.alloc(7 * 1024 * 1024, 'e'); // more than one multipart part
    const uploaded = await t
      .http()
      .post(`/api/v1/orders/${created.body.id}/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="export.bin"' })
      .send(evidence);
    expect(uploaded.status).toBe(201);
    expect((await api.act(DEMO.examplegram, created.body.id, 'production', { evidenceIds: [uploaded.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] })).status).toBe(200);

    const inBucket = files(bucketDir).map((path) => path.replace(bucketDir, ''));
    expect(inBucket.some((path) => path.includes(`exchange/sha256/${uploaded.body.sha256}`))).toBe(true);
    expect(files(join(t.database.dataDir, 'blobs', 'sha256'))).toEqual([]);

    const documents = (await api.get(DEMO.examplegram, `orders/${created.body.id}/documents`)).body.items;
    const pdf = await t.http().get(`/api/v1/orders/${created.body.id}/documents/${documents[0].id}`).set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}` }).buffer(true).parse(binaryParser);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const bundle = await t.http().get(`/api/v1/orders/${created.body.id}/bundle`).set({ authorization: `Bearer ${await t.login(DEMO.parisProsecutor)}` }).buffer(true).parse(binaryParser);
    expect(bundle.status).toBe(200);
    const report = await verifyBundle(ws.file('bundle.zip', bundle.body as Buffer));
    expect(report.failures).toEqual([]);
  });

  it('keeps a resumable upload\'s chunks in the bucket, so any instance may take the next; a refused chunk leaves nothing', async () => {
    const api = ordersClient(t);
    const providers = await demoDirectory(t);
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    expect((await api.act(DEMO.parisProsecutor, created.body.id, 'issue')).status).toBe(200);
    const file = randomBytes(250_000);
    const token = await t.login(DEMO.examplegram);
    const started = await t.http().post(`/api/v1/orders/${created.body.id}/evidence/uploads`).set({ authorization: `Bearer ${token}` }).send({ filename: 'chat.json', size: file.length, sha256: createHash('sha256').update(file).digest('hex') });
    expect(started.status).toBe(201);
    const put = (start: number, end: number, extra: Record<string, string> = {}) =>
      t.http().put(`/api/v1/orders/${created.body.id}/evidence/uploads/${started.body.id}`).set({ authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${file.length}`, ...extra }).send(file.subarray(start, end + 1));
    const parts = () => files(bucketDir).filter((path) => path.includes(`exchange/parts/${started.body.id}/`) && path.endsWith('._S3rver_object'));

    expect((await put(0, 99_999)).body).toMatchObject({ received: 100_000 });
    expect(parts()).toHaveLength(1);
    // A chunk whose digest is wrong is sent to the bucket first, then taken out again.
    const wrong = await put(100_000, 199_999, { 'content-digest': `sha-256=:${createHash('sha256').update('else').digest('base64')}:` });
    expect(wrong.body).toMatchObject({ code: 'EVIDENCE_DIGEST_MISMATCH' });
    expect(parts()).toHaveLength(1);
    expect((await put(100_000, 199_999)).body).toMatchObject({ received: 200_000 });
    const last = await put(200_000, file.length - 1);
    expect(last.status).toBe(201);
    expect(last.body.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    // The chunks go once the evidence is committed; the file is stored by its digest.
    expect(parts()).toEqual([]);
    expect(files(bucketDir).some((path) => path.includes(`exchange/sha256/${last.body.sha256}`))).toBe(true);
  });
});
