import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AppConfig } from '../../config/app-config.js';
import { BlobTooLargeError } from './blob-store.js';
import { FilesystemBlobStore } from './filesystem-blob-store.js';

describe('the filesystem blob store, which remembers the folders it made', () => {
  let dataDir: string;
  let store: FilesystemBlobStore;
  const put = async (text: string) => store.commit(await store.stage(Readable.from([Buffer.from(text)]), 1024));
  const read = (key: string) => readFileSync(join(dataDir, 'blobs', 'sha256', key.slice(0, 2), key.slice(2, 4), key), 'utf8');

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'evx-blobs-'));
    store = new FilesystemBlobStore({ dataDir } as AppConfig);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores again at an address whose folder was removed behind its back', async () => {
    const first = await put('the same bytes');
    rmSync(join(dataDir, 'blobs', 'sha256'), { recursive: true });
    // Same content, same address: the folder it remembers making is gone.
    const again = await put('the same bytes');
    expect(again.key).toBe(first.key);
    expect(read(again.key)).toBe('the same bytes');
  });

  it('stages bytes already in memory as it stages a stream: same hash, size and address; too many bytes leave nothing', async () => {
    const bytes = Buffer.from('a signed document, rendered in memory');
    const fromBytes = await store.stage(bytes, 1024);
    const fromStream = await store.stage(Readable.from([Buffer.from(bytes)]), 1024);
    expect({ sha256: fromBytes.sha256, size: fromBytes.size }).toEqual({ sha256: fromStream.sha256, size: fromStream.size });
    expect(fromBytes).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    const committed = await store.commit(fromBytes);
    expect(read(committed.key)).toBe('a signed document, rendered in memory');
    await store.discard(fromStream);
    await expect(store.stage(Buffer.alloc(2048), 1024)).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(readdirSync(join(dataDir, 'blobs', 'incoming'))).toEqual([]);
  });

  it('stages again into an incoming folder removed behind its back, losing nothing of the body', async () => {
    await put('first');
    rmSync(join(dataDir, 'blobs', 'incoming'), { recursive: true });
    const second = await put('second');
    expect(read(second.key)).toBe('second');
    expect(second.size).toBe(6);
  });
});
