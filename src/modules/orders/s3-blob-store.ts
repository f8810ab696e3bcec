import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { BlobStore, StoredBlob } from './blob-store.js';
import { FilesystemBlobStore } from './blob-store.js';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  prefix: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Evidence in an S3-compatible object store, for deployments with more than one instance or
 * more than one disk. Bytes are first received, hashed and checked on local disk exactly as by
 * the filesystem store (so a digest mismatch or an interrupted upload never reaches the bucket),
 * then streamed to the bucket under their SHA-256 and removed locally.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;

  constructor(
    private readonly settings: S3Settings,
    private readonly local: FilesystemBlobStore,
    private readonly localRoot: string,
  ) {
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  async put(body: Readable, maxBytes: number): Promise<StoredBlob> {
    return this.toBucket(await this.local.put(body, maxBytes));
  }

  open(key: string): Readable {
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    this.client
      .send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }))
      .then((object) => {
        const stream = object.Body as Readable;
        stream.on('error', (error) => out.destroy(error));
        stream.pipe(out);
      })
      .catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
    return out;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
  }

  appendPart(id: string, body: Readable, length: number): Promise<{ sha256: string }> {
    return this.local.appendPart(id, body, length);
  }

  truncatePart(id: string, length: number): Promise<void> {
    return this.local.truncatePart(id, length);
  }

  async commitPart(id: string): Promise<StoredBlob> {
    return this.toBucket(await this.local.commitPart(id));
  }

  removePart(id: string): Promise<void> {
    return this.local.removePart(id);
  }

  /** Streams a checked local blob to the bucket (multipart for large files), then drops the local copy. */
  private async toBucket(stored: StoredBlob): Promise<StoredBlob> {
    const path = join(this.localRoot, 'sha256', stored.key.slice(0, 2), stored.key.slice(2, 4), stored.key);
    await new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: this.objectKey(stored.key), Body: createReadStream(path, { highWaterMark: 1024 * 1024 }), ContentLength: stored.size },
      partSize: 16 * 1024 * 1024,
      queueSize: 2,
    }).done();
    await this.local.remove(stored.key);
    return stored;
  }

  private objectKey(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('not a content address');
    return `${this.settings.prefix}sha256/${key}`;
  }
}
