/**
 * Test support for specs (here and in the application's tests) and benchmarks: an in-memory
 * stored-hash table that counts its reads, and Ed25519 note and cosignature keys held in memory.
 * Nothing here is for production: the server keeps hashes in its database and signs through
 * its KeyStore.
 */
import { type Hash, recordHash } from './hash.js';
import { type HashReader, appendRecordHashes } from './storage.js';

/** The stored-hash table of a log, in an array; counts readHashes calls and hashes read. */
export class MemoryHashStore implements HashReader {
  readonly hashes: Hash[] = [];
  size = 0;
  reads = 0;
  hashesRead = 0;

  async readHashes(indexes: readonly number[]): Promise<Hash[]> {
    this.reads++;
    this.hashesRead += indexes.length;
    return indexes.map((i) => {
      const h = this.hashes[i];
      if (!h) throw new Error(`no stored hash ${i} (have ${this.hashes.length})`);
      return h;
    });
  }

  /** Appends entries (log entries, not leaf hashes) as a sequencer would; returns the new root. */
  async append(entries: readonly Uint8Array[]): Promise<Hash> {
    const result = await appendRecordHashes(this.size, entries.map(recordHash), this);
    if (result.firstIndex !== this.hashes.length) throw new Error('stored hashes out of step');
    for (const h of result.hashes) this.hashes.push(h);
    this.size = result.size;
    return result.rootHash;
  }
}

/** n distinct 32-byte entries, like the SHA-256 step hashes the exchange logs. */
export function sampleEntries(n: number, seed = 'entry'): Buffer[] {
  return Array.from({ length: n }, (_, i) => recordHash(Buffer.from(`${seed} ${i}`)));
}
