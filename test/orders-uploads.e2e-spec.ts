import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EvidenceSweeper } from '../src/modules/evidence/evidence-sweeper.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Resumable uploads: chunks in order, each checked, the whole file checked at the end. */
describe('orders: resumable evidence uploads', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let orderId: string;
  const file = randomBytes(300_000);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes);
  const bearer = async () => ({ authorization: `Bearer ${await t.login(DEMO.examplegram)}` });
  const put = async (uploadId: string, start: number, end: number, extra: Record<string, string> = {}, bytes = file.subarray(start, end + 1)) =>
    t
      .http()
      .put(`/api/v1/orders/${orderId}/evidence/uploads/${uploadId}`)
      .set({ ...(await bearer()), 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${file.length}`, ...extra })
      .send(bytes);
  const start = async (declared = sha256(file).digest('hex')) =>
    t.http().post(`/api/v1/orders/${orderId}/evidence/uploads`).set(await bearer()).send({ filename: 'drive.tar', size: file.length, sha256: declared, mediaType: 'application/x-tar' });

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    api = ordersClient(t);
    const providers = await demoDirectory(t);
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    orderId = created.body.id;
    expect((await api.act(DEMO.parisProsecutor, orderId, 'issue')).status).toBe(200);
  });
  afterAll(() => t.close());

  it('takes chunks in order, refuses one out of place or not matching its digest, resumes, and checks the whole file', async () => {
    const started = await start();
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ received: 0, size: file.length });
    const id = started.body.id as string;

    const first = await put(id, 0, 99_999, { 'content-digest': `sha-256=:${sha256(file.subarray(0, 100_000)).digest('base64')}:` });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 100_000 });
    // Out of place: 409 naming where to resume.
    const gap = await put(id, 150_000, 199_999);
    expect(gap.body).toMatchObject({ status: 409, code: 'UPLOAD_OFFSET_MISMATCH', received: 100_000 });
    // A chunk that does not match its Content-Digest is not kept.
    const corrupt = await put(id, 100_000, 199_999, { 'content-digest': `sha-256=:${sha256(Buffer.from('else')).digest('base64')}:` });
    expect(corrupt.body).toMatchObject({ status: 400, code: 'EVIDENCE_DIGEST_MISMATCH', errors: [{ field: 'Content-Digest' }] });
    // A body shorter than its range is not kept either.
    const short = await put(id, 100_000, 199_999, {}, file.subarray(100_000, 150_000));
    expect(short.status).toBe(400);
    // Resuming: the status says where; the rest arrives.
    expect((await t.http().get(`/api/v1/orders/${orderId}/evidence/uploads/${id}`).set(await bearer())).body).toMatchObject({ received: 100_000 });
    expect((await put(id, 100_000, 199_999)).body).toMatchObject({ received: 200_000 });
    const last = await put(id, 200_000, file.length - 1);
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({ id, filename: 'drive.tar', mediaType: 'application/x-tar', size: file.length, sha256: sha256(file).digest('hex') });
    // It is evidence now, and the upload is over.
    expect((await api.get(DEMO.examplegram, `orders/${orderId}/evidence`)).body.items.map((e: { id: string }) => e.id)).toContain(id);
    expect((await t.http().get(`/api/v1/orders/${orderId}/evidence/uploads/${id}`).set(await bearer())).status).toBe(404);
  });

  it('keeps nothing when the whole file does not match the SHA-256 declared at the start', async () => {
    const before = (await api.get(DEMO.examplegram, `orders/${orderId}/evidence`)).body.items.length;
    const started = await start(sha256(Buffer.from('another file')).digest('hex'));
    const id = started.body.id as string;
    expect((await put(id, 0, 149_999)).status).toBe(200);
    const last = await put(id, 150_000, file.length - 1);
    expect(last.body).toMatchObject({ status: 400, code: 'EVIDENCE_DIGEST_MISMATCH', errors: [{ field: 'sha256' }] });
    expect((await api.get(DEMO.examplegram, `orders/${orderId}/evidence`)).body.items.length).toBe(before);
  });

  it('is the addressee\'s alone', async () => {
    const started = await start();
    const other = await t
      .http()
      .put(`/api/v1/orders/${orderId}/evidence/uploads/${started.body.id}`)
      .set({ authorization: `Bearer ${await t.login(DEMO.parisProsecutor)}`, 'content-type': 'application/octet-stream', 'content-range': `bytes 0-9/${file.length}` })
      .send(file.subarray(0, 10));
    expect(other.body).toMatchObject({ status: 404 });
    const stranger = await t.http().post(`/api/v1/orders/${orderId}/evidence/uploads`).set({ authorization: `Bearer ${await t.login(DEMO.nordtel)}` }).send({ filename: 'x', size: 1, sha256: 'a'.repeat(64) });
    expect(stranger.body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
  });

  it('drops an upload the order can no longer take, part file and all, in the hourly uploads sweep', async () => {
    const started = await start();
    expect((await put(started.body.id, 0, 9_999)).status).toBe(200);
    const parts = join(t.database.dataDir, 'blobs', 'parts');
    expect(readdirSync(parts)).toContain(started.body.id);
    expect((await api.act(DEMO.parisProsecutor, orderId, 'withdraw', { reason: 'Case closed' })).status).toBe(200);
    await t.app.get(EvidenceSweeper).sweep();
    expect(readdirSync(parts)).not.toContain(started.body.id);
    expect((await t.http().get(`/api/v1/orders/${orderId}/evidence/uploads/${started.body.id}`).set(await bearer())).status).toBe(404);
  });
});
