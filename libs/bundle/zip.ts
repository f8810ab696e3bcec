/**
 * Reading a zip without trusting it (yauzl): the entries as they are in the central directory,
 * each read as a stream so a multi-gigabyte evidence file never sits in memory.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface ZipEntryInfo {
  name: string;
  /** 0: stored, 8: deflated. */
  compressionMethod: number;
  uncompressedSize: number;
  extraFieldLength: number;
  index: number;
}

export class ZipReader {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    readonly entries: ZipEntryInfo[],
    private readonly raw: Map<string, yauzl.Entry>,
  ) {}

  static open(path: string): Promise<ZipReader> {
    return new Promise((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
        if (error || !zip) return reject(error ?? new Error('unreadable zip'));
        const entries: ZipEntryInfo[] = [];
        const raw = new Map<string, yauzl.Entry>();
        zip.on('entry', (entry: yauzl.Entry) => {
          entries.push({ name: entry.fileName, compressionMethod: entry.compressionMethod, uncompressedSize: entry.uncompressedSize, extraFieldLength: entry.extraFieldLength, index: entries.length });
          if (raw.has(entry.fileName)) return reject(new Error(`the zip holds ${entry.fileName} twice`));
          raw.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.on('end', () => resolve(new ZipReader(zip, entries, raw)));
        zip.on('error', reject);
        zip.readEntry();
      });
    });
  }

  has(name: string): boolean {
    return this.raw.has(name);
  }

  stream(name: string): Promise<Readable> {
    const entry = this.raw.get(name);
    if (!entry) return Promise.reject(new Error(`${name} is missing`));
    return new Promise((resolve, reject) => this.zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new Error(name)) : resolve(stream))));
  }

  /** A small entry, whole. */
  async read(name: string, limit = 64 * 1024 * 1024): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await this.stream(name)) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new Error(`${name} is larger than ${limit} bytes`);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  /** SHA-256 (hex) and size of an entry, streamed. */
  async digest(name: string): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of await this.stream(name)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { sha256: hash.digest('hex'), size };
  }

  close(): void {
    this.zip.close();
  }
}
