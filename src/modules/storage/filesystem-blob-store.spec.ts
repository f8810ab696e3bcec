import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AppConfig } from '../../config/app-config.js';
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

  it('stages again into an incoming folder removed behind its back, losing nothing of the body', async () => {
    await put('first');
    rmSync(join(dataDir, 'blobs', 'incoming'), { recursive: true });
    const second = await put('second');
    expect(read(second.key)).toBe('second');
    expect(second.size).toBe(6);
  });
});
