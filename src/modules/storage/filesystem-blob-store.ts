import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, open, readdir, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '../../config/app-config.js';
import { BlobTooLargeError, type BlobStore, type ListedBlob, type StagedBlob, type StoredBlob } from './blob-store.js';

const COALESCE_BYTES = 1024 * 1024;

@Injectable()
/** The default store: files under DATA_DIR/blobs, content-addressed (`sha256/ab/cd/<sha256>`). */
export class FilesystemBlobStore implements BlobStore {
  private readonly root: string;
  /**
   * Folders known to exist: the commit makes its folder inside the step's transaction. Nothing of
   * ours removes a folder; one removed behind our back is made again when opening or renaming into
   * it fails with ENOENT.
   *
   * Small operations run synchronously: the folder, a document's bytes already in memory, and the
   * commit's look-up and rename. Through node:fs/promises each is a round trip through libuv's
   * thread pool, and staging and committing a 66 KiB document cost 1.8 ms of CPU (0.62 ms of the
   * event loop) against 0.28 ms (0.22 ms of the loop) in plain calls, measured here; under load
   * the whole machine's CPU is the limit. Uploads, which may be gigabytes, still stream.
   */
  private readonly folders = new Set<string>();

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.root = join(config.dataDir, 'blobs');
  }

  private folder(path: string): void {
    if (this.folders.has(path)) return;
    mkdirSync(path, { recursive: true });
    this.folders.add(path);
  }

  /** Runs `act` in `folder`; a folder removed since we made it is made again and `act` run once more. */
  private async inFolder<T>(folder: string, act: () => T | Promise<T>): Promise<T> {
    this.folder(folder);
    try {
      return await act();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.folders.delete(folder);
      this.folder(folder);
      return act();
    }
  }

  async stage(body: Readable | Uint8Array, maxBytes: number): Promise<StagedBlob> {
    const incoming = join(this.root, 'incoming');
    const id = randomUUID();
    const temporary = join(incoming, id);
    if (body instanceof Uint8Array) return this.stageBytes(body, maxBytes, { id, incoming, temporary });
    // Opened before a byte is read, so that opening can be tried again without losing the body.
    const file = await this.inFolder(incoming, () => open(temporary, 'wx'));
    const hash = createHash('sha256');
    let size = 0;
    // Hashes as bytes arrive and hands the disk 1 MiB at a time (socket chunks are 64 KiB).
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) return callback(new BlobTooLargeError(maxBytes));
        hash.update(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < COALESCE_BYTES) return callback();
        const block = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        callback(null, block);
      },
      flush(callback) {
        callback(null, pendingBytes ? Buffer.concat(pending, pendingBytes) : undefined);
      },
    });
    try {
      // An aborted or oversized upload rejects here, and its partial file is removed below.
      // 1 MiB buffers: with the 16 KiB default, writing is what limits an upload (335 MiB/s against 2.4 GiB/s here).
      await pipeline(body, meter, file.createWriteStream({ highWaterMark: COALESCE_BYTES }));
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
    return { id, sha256: hash.digest('hex'), size };
  }

  /**
   * Bytes already in memory (every signed document) in one plain write: a stream through a
   * Transform and a file handle took the event loop about 0.9 ms a document here, a promised
   * write 0.35 ms and the whole CPU more (see `folders`).
   */
  private async stageBytes(bytes: Uint8Array, maxBytes: number, at: { id: string; incoming: string; temporary: string }): Promise<StagedBlob> {
    if (bytes.length > maxBytes) throw new BlobTooLargeError(maxBytes);
    try {
      await this.inFolder(at.incoming, () => writeFileSync(at.temporary, bytes, { flag: 'wx' }));
    } catch (error) {
      rmSync(at.temporary, { force: true });
      throw error;
    }
    return { id: at.id, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  }

  openStaged(staged: StagedBlob): Readable {
    return createReadStream(this.stagedPath(staged.id), { highWaterMark: COALESCE_BYTES });
  }

  async commit(staged: StagedBlob): Promise<StoredBlob> {
    const target = this.path(staged.sha256);
    // Same bytes, same address: a second copy of identical content keeps the first file, made
    // young again so that the sweeper's grace period covers the row about to adopt it.
    if (statSync(target, { throwIfNoEntry: false })) {
      rmSync(this.stagedPath(staged.id), { force: true });
      const now = new Date();
      utimesSync(target, now, now);
    } else {
      // A staged file that is gone fails again on the second try, as it should.
      await this.inFolder(join(target, '..'), () => renameSync(this.stagedPath(staged.id), target));
    }
    return { key: staged.sha256, sha256: staged.sha256, size: staged.size };
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(this.stagedPath(staged.id), { force: true });
  }

  open(key: string): Readable {
    return createReadStream(this.path(key), { highWaterMark: 1024 * 1024 });
  }

  async appendPart(id: string, offset: number, body: Readable, length: number): Promise<{ sha256: string }> {
    await mkdir(join(this.root, 'parts'), { recursive: true });
    // What an earlier chunk left past the offset (it failed after writing) goes first.
    await this.truncatePart(id, offset);
    const hash = createHash('sha256');
    let count = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        count += chunk.length;
        if (count > length) return callback(new BlobTooLargeError(length));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(body, meter, createWriteStream(this.partPath(id), { flags: offset === 0 ? 'w' : 'a', highWaterMark: COALESCE_BYTES }));
    if (count !== length) throw new Error(`the chunk had ${count} bytes where Content-Range announced ${length}`);
    return { sha256: hash.digest('hex') };
  }

  async truncatePart(id: string, length: number): Promise<void> {
    await truncate(this.partPath(id), length).catch(() => undefined);
  }

  async stagePart(id: string): Promise<StagedBlob> {
    // Copied, not renamed nor linked: the part survives until the evidence is committed, and a
    // later truncation of the part can never reach bytes already staged or stored.
    await mkdir(join(this.root, 'incoming'), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const stagedId = randomUUID();
    await pipeline(createReadStream(this.partPath(id), { highWaterMark: COALESCE_BYTES }), meter, createWriteStream(this.stagedPath(stagedId), { highWaterMark: COALESCE_BYTES }));
    return { id: stagedId, sha256: hash.digest('hex'), size };
  }

  async removePart(id: string): Promise<void> {
    await rm(this.partPath(id), { force: true });
  }

  async *listStored(): AsyncIterable<ListedBlob> {
    const top = join(this.root, 'sha256');
    for (const a of await entries(top)) {
      for (const b of await entries(join(top, a))) {
        for (const key of await entries(join(top, a, b))) {
          if (!/^[0-9a-f]{64}$/.test(key)) continue;
          const modifiedAt = await modified(join(top, a, b, key));
          if (modifiedAt) yield { key, modifiedAt };
        }
      }
    }
  }

  listStaged(): AsyncIterable<ListedBlob> {
    return listFolder(join(this.root, 'incoming'));
  }

  listParts(): AsyncIterable<ListedBlob> {
    return listFolder(join(this.root, 'parts'));
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private stagedPath(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('not a staging id');
    return join(this.root, 'incoming', id);
  }

  private partPath(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('not an upload id');
    return join(this.root, 'parts', id);
  }

  private path(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('not a content address');
    return join(this.root, 'sha256', key.slice(0, 2), key.slice(2, 4), key);
  }
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

async function modified(path: string): Promise<Date | null> {
  return stat(path).then(
    (info) => info.mtime,
    () => null,
  );
}

async function* listFolder(dir: string): AsyncIterable<ListedBlob> {
  for (const key of await entries(dir)) {
    const modifiedAt = await modified(join(dir, key));
    if (modifiedAt) yield { key, modifiedAt };
  }
}
