import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, type Readable } from 'node:stream';
import type { BlobStore, ListedBlob, StagedBlob, StoredBlob } from './blob-store.js';
import type { FilesystemBlobStore } from './filesystem-blob-store.js';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  prefix: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Evidence in an S3-compatible object store, for deployments with more than one disk. Bytes are
 * staged, hashed and checked on local disk exactly as by the filesystem store (a digest mismatch
 * or an interrupted upload never reaches the bucket), then committed: streamed to the bucket
 * under their SHA-256 and removed locally. Resumable parts stay on the instance that receives them.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;

  constructor(
    private readonly settings: S3Settings,
    private readonly local: FilesystemBlobStore,
  ) {
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  stage(body: Readable, maxBytes: number): Promise<StagedBlob> {
    return this.local.stage(body, maxBytes);
  }

  openStaged(staged: StagedBlob): Readable {
    return this.local.openStaged(staged);
  }

  /**
   * Checked bytes go to the bucket under their SHA-256 (multipart for large files); the local copy
   * goes. Written even when the object exists, which makes it young again for the sweeper.
   */
  async commit(staged: StagedBlob): Promise<StoredBlob> {
    try {
      await new Upload({
        client: this.client,
        params: { Bucket: this.settings.bucket, Key: this.objectKey(staged.sha256), Body: this.local.openStaged(staged), ContentLength: staged.size },
        partSize: 16 * 1024 * 1024,
        queueSize: 2,
      }).done();
    } finally {
      await this.local.discard(staged);
    }
    return { key: staged.sha256, sha256: staged.sha256, size: staged.size };
  }

  discard(staged: StagedBlob): Promise<void> {
    return this.local.discard(staged);
  }

  open(key: string): Readable {
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    this.client
      .send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }))
      .then((object) => {
        const stream = object.Body as Readable;
        // A reader that goes away must release the connection to the bucket.
        out.once('close', () => stream.destroy());
        stream.on('error', (error) => out.destroy(error));
        stream.pipe(out);
      })
      .catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
    return out;
  }

  appendPart(id: string, body: Readable, length: number): Promise<{ sha256: string }> {
    return this.local.appendPart(id, body, length);
  }

  truncatePart(id: string, length: number): Promise<void> {
    return this.local.truncatePart(id, length);
  }

  stagePart(id: string): Promise<StagedBlob> {
    return this.local.stagePart(id);
  }

  removePart(id: string): Promise<void> {
    return this.local.removePart(id);
  }

  async *listStored(): AsyncIterable<ListedBlob> {
    const prefix = `${this.settings.prefix}sha256/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(prefix.length) ?? '';
        if (/^[0-9a-f]{64}$/.test(key) && object.LastModified) yield { key, modifiedAt: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  listStaged(): AsyncIterable<ListedBlob> {
    return this.local.listStaged();
  }

  listParts(): AsyncIterable<ListedBlob> {
    return this.local.listParts();
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
  }

  private objectKey(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('not a content address');
    return `${this.settings.prefix}sha256/${key}`;
  }
}
