/**
 * Evidence upload from the browser through the API's resumable protocol: the SHA-256 of the
 * whole file is computed first by reading it in slices (the API wants it before the first
 * byte), then the file goes up in chunks with `Content-Range`, each with its own
 * `Content-Digest`, so a damaged chunk is refused at once rather than the whole file at the end.
 * After a failure, the next attempt asks the API where to resume.
 */
import { ApiProblem } from '../api/problem';
import type { Evidence, UploadStatus } from '../api/types';
import { Sha256, sha256Once, toBase64 } from './sha256';

export const HASH_SLICE_BYTES = 4 * 1024 * 1024;
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** Chunks refused as out of place in a row before the upload gives up (and can be resumed). */
const MAX_MISPLACED = 5;

/** What the upload needs of a File (a Blob with a name), so tests can hand in their own. */
export interface UploadFile {
  name: string;
  size: number;
  type: string;
  lastModified: number;
  slice(start: number, end: number): Blob;
}

export interface Chunk {
  first: number;
  last: number;
  size: number;
  body: Blob;
  /** `sha-256=:<base64>:` of this chunk (RFC 9530). */
  digest: string;
}

export type ChunkAnswer = { complete: false; status: UploadStatus } | { complete: true; evidence: Evidence };

/** The three calls of the protocol; the browser one is in upload-transport.ts. */
export interface UploadTransport {
  start(orderId: string, file: { filename: string; size: number; sha256: string; mediaType?: string }): Promise<UploadStatus>;
  status(orderId: string, uploadId: string): Promise<UploadStatus>;
  putChunk(orderId: string, uploadId: string, chunk: Chunk, onSent: (bytes: number) => void): Promise<ChunkAnswer>;
  /** The order's evidence as the caller sees it (the provider: all it uploaded). */
  evidence(orderId: string): Promise<Evidence[]>;
}

export interface UploadProgress {
  phase: 'hashing' | 'uploading' | 'done';
  /** Bytes hashed, then bytes the API holds (plus those of the chunk on its way). */
  done: number;
  total: number;
  sha256?: string;
}

/** Uploads started in this session, by order and file, so a retry resumes instead of restarting. */
const pending = new Map<string, { uploadId: string; sha256: string }>();

export function forgetPendingUploads(): void {
  pending.clear();
}

function fileKey(orderId: string, file: UploadFile): string {
  return [orderId, file.name, file.size, file.lastModified].join('\u0000');
}

export function hasPendingUpload(orderId: string, file: UploadFile): boolean {
  return pending.has(fileKey(orderId, file));
}

/** The SHA-256 of a file, read slice by slice; memory stays at one slice whatever the size. */
export async function hashFile(file: UploadFile, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = new Sha256();
  for (let offset = 0; offset < file.size; offset += HASH_SLICE_BYTES) {
    signal?.throwIfAborted();
    const end = Math.min(offset + HASH_SLICE_BYTES, file.size);
    hash.update(new Uint8Array(await file.slice(offset, end).arrayBuffer()));
    onProgress(end);
  }
  return hash.hex();
}

export async function uploadEvidence(
  orderId: string,
  file: UploadFile,
  transport: UploadTransport,
  onProgress: (progress: UploadProgress) => void,
  options: { signal?: AbortSignal; chunkBytes?: number } = {},
): Promise<Evidence> {
  const { signal, chunkBytes = CHUNK_BYTES } = options;
  const key = fileKey(orderId, file);
  let session = pending.get(key);
  let received = 0;
  if (session) {
    try {
      received = (await transport.status(orderId, session.uploadId)).received;
    } catch (error) {
      // The API no longer knows the upload: completed by an answer we never saw (then the evidence
      // is there, and is the answer), or expired (start again).
      if (!(error instanceof ApiProblem && error.status === 404)) throw error;
      const sha256 = session.sha256;
      const done = (await transport.evidence(orderId)).find((item) => item.sha256 === sha256 && item.size === file.size);
      pending.delete(key);
      if (done) {
        onProgress({ phase: 'done', done: file.size, total: file.size, sha256 });
        return done;
      }
      session = undefined;
    }
  }
  if (!session) {
    onProgress({ phase: 'hashing', done: 0, total: file.size });
    const sha256 = await hashFile(file, (bytes) => onProgress({ phase: 'hashing', done: bytes, total: file.size }), signal);
    const started = await transport.start(orderId, { filename: file.name, size: file.size, sha256, ...(file.type ? { mediaType: file.type } : {}) });
    session = { uploadId: started.id, sha256 };
    received = started.received;
    pending.set(key, session);
  }
  const sha256 = session.sha256;
  onProgress({ phase: 'uploading', done: received, total: file.size, sha256 });

  let misplaced = 0;
  for (;;) {
    signal?.throwIfAborted();
    const first = received;
    const last = Math.min(first + chunkBytes, file.size) - 1;
    const body = file.slice(first, last + 1);
    const digest = `sha-256=:${toBase64(await sha256Once(new Uint8Array(await body.arrayBuffer())))}:`;
    let answer: ChunkAnswer;
    try {
      answer = await transport.putChunk(orderId, session.uploadId, { first, last, size: file.size, body, digest }, (sent) =>
        onProgress({ phase: 'uploading', done: first + sent, total: file.size, sha256 }),
      );
    } catch (error) {
      // Out of place (another tab, a lost answer): the API says where it stands; carry on from there.
      if (error instanceof ApiProblem && error.code === 'UPLOAD_OFFSET_MISMATCH' && misplaced < MAX_MISPLACED) {
        misplaced += 1;
        await new Promise((resolve) => setTimeout(resolve, 200 * misplaced));
        received = (await transport.status(orderId, session.uploadId)).received;
        continue;
      }
      throw error;
    }
    if (answer.complete) {
      pending.delete(key);
      onProgress({ phase: 'done', done: file.size, total: file.size, sha256 });
      return answer.evidence;
    }
    misplaced = 0;
    received = answer.status.received;
    onProgress({ phase: 'uploading', done: received, total: file.size, sha256 });
  }
}
