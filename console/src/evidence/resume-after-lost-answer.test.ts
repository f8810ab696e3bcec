/**
 * The answer to the last chunk is lost (the connection drops after the exchange made the upload
 * evidence). "Resume upload" must not put the same file on the order twice.
 */
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import type { Evidence, UploadStatus } from '../api/types';
import { uploadEvidence, type Chunk, type UploadTransport } from './upload';

class LossyExchange implements UploadTransport {
  uploads = new Map<string, { size: number; sha256: string; received: number; filename: string }>();
  evidence_: Evidence[] = [];
  started = 0;
  async start(_orderId: string, file: { filename: string; size: number; sha256: string }): Promise<UploadStatus> {
    this.started += 1;
    const id = `upload-${this.started}`;
    this.uploads.set(id, { size: file.size, sha256: file.sha256, received: 0, filename: file.filename });
    return { id, filename: file.filename, size: file.size, received: 0, sha256: file.sha256 };
  }
  async evidence(): Promise<Evidence[]> {
    return this.evidence_;
  }
  async status(_orderId: string, uploadId: string): Promise<UploadStatus> {
    const upload = this.uploads.get(uploadId);
    // As the exchange does (evidence.service.ts `session`): a completed upload's row is gone, 404.
    if (!upload) throw new ApiProblem(404, 'EVIDENCE_NOT_FOUND', 'Evidence not found', 'no upload in progress');
    return { id: uploadId, filename: upload.filename, size: upload.size, received: upload.received, sha256: upload.sha256 };
  }
  async putChunk(_orderId: string, uploadId: string, chunk: Chunk) {
    const upload = this.uploads.get(uploadId)!;
    upload.received = chunk.last + 1;
    if (upload.received < upload.size) return { complete: false as const, status: await this.status('', uploadId) };
    this.uploads.delete(uploadId);
    this.evidence_.push({ id: uploadId, filename: upload.filename, mediaType: 'application/octet-stream', size: upload.size, sha256: upload.sha256, productionSeq: null, createdAt: new Date().toISOString() });
    // The exchange recorded the evidence; its answer never reaches the browser.
    throw ApiProblem.network(new Error('connection reset'));
  }
}

describe('resuming an upload whose last answer was lost', () => {
  it('does not upload the same file a second time', async () => {
    const bytes = new Uint8Array(150_000).map((_, i) => i % 251);
    const blob = new Blob([bytes]);
    const file = { name: 'mailbox.mbox', size: bytes.length, type: '', lastModified: 1, slice: (s: number, e: number) => blob.slice(s, e) };
    const exchange = new LossyExchange();
    await expect(uploadEvidence('order-1', file, exchange, () => {}, { chunkBytes: 100_000 })).rejects.toMatchObject({ code: 'NETWORK' });
    // The user clicks "Resume upload".
    await uploadEvidence('order-1', file, exchange, () => {}, { chunkBytes: 100_000 }).catch(() => undefined);
    expect(exchange.evidence_).toHaveLength(1);
    expect(exchange.started).toBe(1);
  });
});
