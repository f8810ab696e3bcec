import { createHash, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import type { Evidence, UploadStatus } from '../api/types';
import { forgetPendingUploads, hasPendingUpload, uploadEvidence, type Chunk, type UploadProgress, type UploadTransport } from './upload';

/** The API's resumable upload, in memory, with the checks the exchange makes. */
class FakeExchange implements UploadTransport {
  uploads = new Map<string, { size: number; sha256: string; parts: Buffer[]; filename: string }>();
  started = 0;
  chunksSeen: { first: number; last: number }[] = [];
  /** Fail the nth PUT (1-based) as a dropped connection. */
  dropChunk: number | null = null;
  puts = 0;

  async start(_orderId: string, file: { filename: string; size: number; sha256: string }): Promise<UploadStatus> {
    this.started += 1;
    const id = `upload-${this.started}`;
    this.uploads.set(id, { size: file.size, sha256: file.sha256, parts: [], filename: file.filename });
    return { id, filename: file.filename, size: file.size, received: 0, sha256: file.sha256 };
  }

  async evidence(): Promise<Evidence[]> {
    return [];
  }

  async status(_orderId: string, uploadId: string): Promise<UploadStatus> {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new ApiProblem(404, 'EVIDENCE_NOT_FOUND', 'Not found', 'no such upload');
    return { id: uploadId, filename: upload.filename, size: upload.size, received: this.received(uploadId), sha256: upload.sha256 };
  }

  async putChunk(_orderId: string, uploadId: string, chunk: Chunk, onSent: (bytes: number) => void) {
    this.puts += 1;
    const upload = this.uploads.get(uploadId)!;
    const bytes = Buffer.from(await chunk.body.arrayBuffer());
    if (this.puts === this.dropChunk) {
      onSent(Math.floor(bytes.length / 2));
      throw ApiProblem.network(new Error('connection reset'));
    }
    if (chunk.first !== this.received(uploadId)) throw new ApiProblem(409, 'UPLOAD_OFFSET_MISMATCH', '', 'out of place');
    expect(chunk.digest).toBe(`sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`);
    expect(chunk.last - chunk.first + 1).toBe(bytes.length);
    this.chunksSeen.push({ first: chunk.first, last: chunk.last });
    onSent(bytes.length);
    upload.parts.push(bytes);
    if (this.received(uploadId) < upload.size) return { complete: false as const, status: await this.status('', uploadId) };
    const whole = Buffer.concat(upload.parts);
    const sha256 = createHash('sha256').update(whole).digest('hex');
    if (sha256 !== upload.sha256) throw new ApiProblem(400, 'EVIDENCE_DIGEST_MISMATCH', '', 'the file does not match');
    this.uploads.delete(uploadId);
    const evidence: Evidence = { id: uploadId, filename: upload.filename, mediaType: 'application/octet-stream', size: whole.length, sha256, productionSeq: null, createdAt: new Date().toISOString() };
    return { complete: true as const, evidence };
  }

  private received(uploadId: string): number {
    return this.uploads.get(uploadId)!.parts.reduce((sum, part) => sum + part.length, 0);
  }
}

function file(bytes: Buffer, name = 'mailbox.mbox') {
  const blob = new Blob([new Uint8Array(bytes)]);
  return { name, size: bytes.length, type: 'application/mbox', lastModified: 1_700_000_000_000, slice: (start: number, end: number) => blob.slice(start, end) };
}

describe('evidence upload from the browser', () => {
  beforeEach(forgetPendingUploads);

  it('hashes the whole file, then sends it in chunks with progress, and gets the same digest back', async () => {
    const bytes = randomBytes(250_000);
    const exchange = new FakeExchange();
    const progress: UploadProgress[] = [];
    const evidence = await uploadEvidence('order-1', file(bytes), exchange, (p) => progress.push(p), { chunkBytes: 100_000 });
    expect(evidence.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(exchange.chunksSeen).toEqual([
      { first: 0, last: 99_999 },
      { first: 100_000, last: 199_999 },
      { first: 200_000, last: 249_999 },
    ]);
    expect(progress[0]).toEqual({ phase: 'hashing', done: 0, total: 250_000 });
    expect(progress.some((p) => p.phase === 'uploading' && p.done === 100_000)).toBe(true);
    expect(progress.at(-1)).toEqual({ phase: 'done', done: 250_000, total: 250_000, sha256: evidence.sha256 });
    const uploading = progress.filter((p) => p.phase === 'uploading').map((p) => p.done);
    expect(uploading).toEqual([...uploading].sort((a, b) => a - b));
  });

  it('resumes after a dropped connection from what the exchange holds, without hashing again', async () => {
    const bytes = randomBytes(300_000);
    const exchange = new FakeExchange();
    exchange.dropChunk = 2;
    const upload = file(bytes);
    await expect(uploadEvidence('order-1', upload, exchange, () => {}, { chunkBytes: 100_000 })).rejects.toMatchObject({ code: 'NETWORK' });
    expect(hasPendingUpload('order-1', upload)).toBe(true);

    const progress: UploadProgress[] = [];
    const evidence = await uploadEvidence('order-1', upload, exchange, (p) => progress.push(p), { chunkBytes: 100_000 });
    expect(exchange.started).toBe(1);
    expect(progress.some((p) => p.phase === 'hashing')).toBe(false);
    expect(progress[0]).toMatchObject({ phase: 'uploading', done: 100_000 });
    expect(exchange.chunksSeen.map((chunk) => chunk.first)).toEqual([0, 100_000, 200_000]);
    expect(evidence.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(hasPendingUpload('order-1', upload)).toBe(false);
  });

  it('starts again when the exchange no longer knows the upload', async () => {
    const bytes = randomBytes(150_000);
    const exchange = new FakeExchange();
    exchange.dropChunk = 2;
    const upload = file(bytes);
    await expect(uploadEvidence('order-1', upload, exchange, () => {}, { chunkBytes: 100_000 })).rejects.toMatchObject({ code: 'NETWORK' });
    exchange.uploads.clear();
    const evidence = await uploadEvidence('order-1', upload, exchange, () => {}, { chunkBytes: 100_000 });
    expect(exchange.started).toBe(2);
    expect(evidence.size).toBe(150_000);
  });

  it('catches up when a chunk arrived although its answer was lost', async () => {
    const bytes = randomBytes(200_000);
    const exchange = new FakeExchange();
    const upload = file(bytes);
    const lossy: UploadTransport = {
      start: (orderId, f) => exchange.start(orderId, f),
      status: (orderId, id) => exchange.status(orderId, id),
      evidence: () => exchange.evidence(),
      async putChunk(orderId, id, chunk, onSent) {
        const answer = await exchange.putChunk(orderId, id, chunk, onSent);
        if (chunk.first === 0 && exchange.chunksSeen.length === 1) throw ApiProblem.network(new Error('answer lost'));
        return answer;
      },
    };
    await expect(uploadEvidence('order-1', upload, lossy, () => {}, { chunkBytes: 100_000 })).rejects.toMatchObject({ code: 'NETWORK' });
    const evidence = await uploadEvidence('order-1', upload, lossy, () => {}, { chunkBytes: 100_000 });
    expect(exchange.chunksSeen.map((chunk) => chunk.first)).toEqual([0, 100_000]);
    expect(evidence.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('forgets unfinished uploads when told to (at sign-out)', async () => {
    const exchange = new FakeExchange();
    exchange.dropChunk = 1;
    const upload = file(randomBytes(10));
    await expect(uploadEvidence('order-1', upload, exchange, () => {})).rejects.toMatchObject({ code: 'NETWORK' });
    expect(hasPendingUpload('order-1', upload)).toBe(true);
    forgetPendingUploads();
    expect(hasPendingUpload('order-1', upload)).toBe(false);
  });
});
