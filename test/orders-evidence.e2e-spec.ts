import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The minimal evidence upload of issue 5: streamed, hashed, checked; nothing kept when it fails. */
describe('orders: evidence upload', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let orderId: string;
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes);
  const blobs = () => join(t.database.dataDir, 'blobs');
  /** Every file under the blob store, incoming ones included. */
  const storedFiles = (dir = blobs()): string[] =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? storedFiles(join(dir, entry.name)) : [join(dir, entry.name)])) : [];
  const upload = async (email: string, id: string, body: Buffer, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(`/api/v1/orders/${id}/evidence`)
      .set({ authorization: `Bearer ${await t.login(email)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="export.zip"', ...headers })
      .send(body);
  const evidenceCount = async () => (await api.get(DEMO.examplegram, `orders/${orderId}/evidence`)).body.items.length as number;

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', EVIDENCE_MAX_BYTES: String(64 * 1024), EVIDENCE_MAX_ORDER_BYTES: String(100 * 1024) });
    api = ordersClient(t);
    fixClock(t);
    const providers = await demoDirectory(t);
    const created = await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    orderId = created.body.id;
    expect((await api.act(DEMO.parisProsecutor, orderId, 'issue')).status).toBe(200);
  });
  afterAll(() => t.close());

  it('stores what it received under its SHA-256 and answers the digest, size and a safe filename', async () => {
    const body = Buffer.from('subscriber: Jane Doe\n');
    const response = await upload(DEMO.examplegram, orderId, body, { 'content-disposition': 'attachment; filename="../../etc/passwd"', 'repr-digest': `sha-256=:${sha256(body).digest('base64')}:` });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ filename: 'passwd', size: body.length, sha256: sha256(body).digest('hex'), productionSeq: null });
    expect(storedFiles().map((file) => file.split('/').pop())).toContain(sha256(body).digest('hex'));
    const listed = (await api.get(DEMO.examplegram, `orders/${orderId}/evidence`)).body.items;
    expect(listed.map((e: { id: string }) => e.id)).toContain(response.body.id);
    // The issuing side sees only what the provider produced, never a file it has not delivered yet.
    expect((await api.get(DEMO.parisProsecutor, `orders/${orderId}/evidence`)).body.items).toEqual([]);
  });

  it('keeps nothing when Repr-Digest does not match: no row, no file', async () => {
    const before = { rows: await evidenceCount(), files: storedFiles().length };
    const body = Buffer.from('the bytes that arrived');
    const response = await upload(DEMO.examplegram, orderId, body, { 'repr-digest': `sha-256=:${sha256(Buffer.from('the bytes announced')).digest('base64')}:` });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'EVIDENCE_DIGEST_MISMATCH', errors: [{ field: 'Repr-Digest' }] });
    expect({ rows: await evidenceCount(), files: storedFiles().length }).toEqual(before);
    const malformed = await upload(DEMO.examplegram, orderId, body, { 'repr-digest': 'md5=:abc:' });
    expect(malformed.body).toMatchObject({ status: 400, errors: [{ field: 'Repr-Digest' }] });
  });

  it('refuses a file over EVIDENCE_MAX_BYTES while streaming, and keeps nothing', async () => {
    const before = { rows: await evidenceCount(), files: storedFiles().length };
    const response = await upload(DEMO.examplegram, orderId, Buffer.alloc(64 * 1024 + 1, 1));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('EVIDENCE_TOO_LARGE');
    expect({ rows: await evidenceCount(), files: storedFiles().length }).toEqual(before);
  });

  it('enforces the limit while streaming a body of unknown length, and the limit of the whole order', async () => {
    const before = { rows: await evidenceCount(), files: storedFiles().length };
    // Chunked: no Content-Length, so only the stream can tell.
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = await t.login(DEMO.examplegram);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: `/api/v1/orders/${orderId}/evidence`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('error', reject);
      for (let i = 0; i < 17; i++) request.write(Buffer.alloc(4 * 1024, 3)); // 68 KiB in chunks
      request.end();
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'EVIDENCE_TOO_LARGE' });
    expect({ rows: await evidenceCount(), files: storedFiles().length }).toEqual(before);
    // 60 KiB fits a file; a second one does not fit what is left of the order's 100 KiB.
    expect((await upload(DEMO.examplegram, orderId, Buffer.alloc(60 * 1024, 4))).status).toBe(201);
    const over = await upload(DEMO.examplegram, orderId, Buffer.alloc(60 * 1024, 5));
    expect(over.body).toMatchObject({ status: 413, code: 'EVIDENCE_TOO_LARGE' });
    expect(over.body.detail).toContain('EVIDENCE_MAX_ORDER_BYTES');
  });

  it('keeps nothing of an upload cut off half-way', async () => {
    const before = { rows: await evidenceCount(), files: storedFiles().length };
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const token = await t.login(DEMO.examplegram);
    const cut = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/v1/orders/${orderId}/evidence`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': String(32 * 1024) },
    });
    cut.on('error', () => undefined);
    cut.write(Buffer.alloc(8 * 1024, 2));
    await sleep(200);
    cut.destroy();
    // The server notices the broken stream, removes the partial file and writes no row.
    for (let i = 0; i < 50 && storedFiles().length !== before.files; i++) await sleep(50);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect({ rows: await evidenceCount(), files: storedFiles().length }).toEqual(before);
  });

  it('takes evidence only from the addressee, and only while the order can be produced', async () => {
    const body = Buffer.from('x');
    expect((await upload(DEMO.parisProsecutor, orderId, body)).body).toMatchObject({ status: 403, code: 'ORDER_ACTION_FORBIDDEN' });
    expect((await upload(DEMO.nordtel, orderId, body)).body).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
    expect((await api.act(DEMO.parisProsecutor, orderId, 'withdraw', { reason: 'no longer needed' })).status).toBe(200);
    expect((await upload(DEMO.examplegram, orderId, body)).body).toMatchObject({ status: 409, code: 'ORDER_INVALID_TRANSITION' });
  });
});
