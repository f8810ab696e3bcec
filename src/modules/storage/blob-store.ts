import type { Readable } from 'node:stream';

export interface StoredBlob {
  /** Content address: the SHA-256 of the bytes, hex. */
  key: string;
  sha256: string;
  size: number;
}

/** Thrown while streaming when the body passes `maxBytes`; nothing is kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the body exceeds ${maxBytes} bytes`);
  }
}

/** Bytes received and hashed, not yet at their content address: checked first, then committed or discarded. */
export interface StagedBlob {
  id: string;
  sha256: string;
  size: number;
}

/** Something the store holds, with when it was last written (the sweeper's grace period starts there). */
export interface ListedBlob {
  key: string;
  modifiedAt: Date;
}

/**
 * Where evidence and document bytes live, under the SHA-256 of their content. Incoming bytes are
 * staged (streamed to a private file while hashed, memory flat whatever the size; bytes already in
 * memory are written at once), checked by the
 * caller, and only then committed: a failed check discards its own staged file and can never
 * touch a blob that was already stored (the same bytes may be another order's evidence or a
 * signed document).
 *
 * A committed blob is kept only once a row refers to it (`StorageService.adopt`, in the same
 * transaction as that row); the sweeper removes what no row adopted, and staged or part files a
 * crash left behind, after a grace period longer than any request.
 */
export interface BlobStore {
  /** `body` streamed, or bytes already in memory (a rendered document), written at once. */
  stage(body: Readable | Uint8Array, maxBytes: number): Promise<StagedBlob>;
  openStaged(staged: StagedBlob): Readable;
  /** Moves checked bytes to their content address (refreshing the address's time if it exists). */
  commit(staged: StagedBlob): Promise<StoredBlob>;
  discard(staged: StagedBlob): Promise<void>;
  open(key: string): Readable;
  /**
   * Resumable uploads: appends a chunk at `offset` (where the part ends) to part `id`, exactly
   * `length` bytes, answering the chunk's SHA-256. Parts live where every instance reaches them
   * (the shared blob folder, or the bucket), so any instance may take the next chunk.
   */
  appendPart(id: string, offset: number, body: Readable, length: number): Promise<{ sha256: string }>;
  /** Cuts part `id` back to `length` bytes (a chunk that failed its check). */
  truncatePart(id: string, length: number): Promise<void>;
  /**
   * A complete part's bytes as a staged blob, hashed once more at disk speed. The part stays until
   * `removePart`, called once the evidence is committed, so a crash in between leaves the upload
   * resumable.
   */
  stagePart(id: string): Promise<StagedBlob>;
  removePart(id: string): Promise<void>;
  /** For the sweeper: what is stored, staged and in parts, and removal of a stored blob. */
  listStored(): AsyncIterable<ListedBlob>;
  listStaged(): AsyncIterable<ListedBlob>;
  listParts(): AsyncIterable<ListedBlob>;
  remove(key: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');
