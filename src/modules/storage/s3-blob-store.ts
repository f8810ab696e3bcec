import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { once } from 'node:events';
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
 * under their SHA-256 and removed locally. Resumable uploads keep their chunks in the bucket too.
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

  stage(body: Readable | Uint8Array, maxBytes: number): Promise<StagedBlob> {
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

  /**
   * Each chunk becomes an object `parts/<id>/<offset>` in the bucket, so the next chunk may reach
   * any instance: it is received and checked on this instance's disk first, then sent.
   */
  async appendPart(id: string, offset: number, body: Readable, length: number): Promise<{ sha256: string }> {
    const staged = await this.local.stage(body, length);
    try {
      if (staged.size !== length) throw new Error(`the chunk had ${staged.size} bytes where Content-Range announced ${length}`);
      await this.truncatePart(id, offset);
      await new Upload({ client: this.client, params: { Bucket: this.settings.bucket, Key: this.partKey(id, offset), Body: this.local.openStaged(staged), ContentLength: staged.size } }).done();
      return { sha256: staged.sha256 };
    } finally {
      await this.local.discard(staged);
    }
  }

  /** Drops the chunks at or past `length` (a chunk that failed its check after it was sent). */
  async truncatePart(id: string, length: number): Promise<void> {
    for (const chunk of await this.partChunks(id)) if (chunk.offset >= length) await this.deleteObject(chunk.key);
  }

  /** The chunks, in order, into one staged file hashed on the way; the chunks stay until `removePart`. */
  async stagePart(id: string): Promise<StagedBlob> {
    const chunks = await this.partChunks(id);
    const joined = new PassThrough({ highWaterMark: 1024 * 1024 });
    void (async () => {
      for (const chunk of chunks) {
        const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: chunk.key }));
        for await (const data of object.Body as Readable) if (!joined.write(data)) await once(joined, 'drain');
      }
      joined.end();
    })().catch((error: unknown) => joined.destroy(error instanceof Error ? error : new Error(String(error))));
    return this.local.stage(joined, Number.MAX_SAFE_INTEGER);
  }

  async removePart(id: string): Promise<void> {
    for (const chunk of await this.partChunks(id)) await this.deleteObject(chunk.key);
  }

  async *listStored(): AsyncIterable<ListedBlob> {
    const prefix = `${this.settings.prefix}sha256/`;
    for await (const object of this.listObjects(prefix)) {
      const key = object.key.slice(prefix.length);
      if (/^[0-9a-f]{64}$/.test(key)) yield { key, modifiedAt: object.modifiedAt };
    }
  }

  private async *listObjects(prefix: string): AsyncIterable<{ key: string; size: number; modifiedAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key && object.LastModified) yield { key: object.Key, size: object.Size ?? 0, modifiedAt: object.LastModified };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async partChunks(id: string): Promise<{ key: string; offset: number }[]> {
    const chunks: { key: string; offset: number }[] = [];
    for await (const object of this.listObjects(`${this.partPrefix(id)}`)) chunks.push({ key: object.key, offset: Number(object.key.split('/').at(-1)) });
    return chunks.sort((a, b) => a.offset - b.offset);
  }

  private partPrefix(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('not an upload id');
    return `${this.settings.prefix}parts/${id}/`;
  }

  /** Zero-padded so that the bucket lists a part's chunks in order. */
  private partKey(id: string, offset: number): string {
    return `${this.partPrefix(id)}${String(offset).padStart(16, '0')}`;
  }

  private async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  listStaged(): AsyncIterable<ListedBlob> {
    return this.local.listStaged();
  }

  /** The uploads with chunks in the bucket, each with the time of its latest chunk. */
  async *listParts(): AsyncIterable<ListedBlob> {
    const latest = new Map<string, Date>();
    for await (const object of this.listObjects(`${this.settings.prefix}parts/`)) {
      const id = object.key.split('/').at(-2) ?? '';
      if (!latest.has(id) || latest.get(id)! < object.modifiedAt) latest.set(id, object.modifiedAt);
    }
    for (const [key, modifiedAt] of latest) yield { key, modifiedAt };
  }

  async remove(key: string): Promise<void> {
    await this.deleteObject(this.objectKey(key));
  }

  private objectKey(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('not a content address');
    return `${this.settings.prefix}sha256/${key}`;
  }
}
