import { recordHash } from './hash.js';
import { consistencyProof, inclusionProof, merkleTreeHash } from './merkle.js';
import {
  appendRecordHashes,
  checkRecord,
  checkTree,
  proveRecord,
  proveTree,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashes,
  treeHash,
} from './storage.js';
import { MemoryHashStore, sampleEntries } from './testing.js';

describe('stored hash indexes', () => {
  it('lay out records as Go sumdb/tlog does', () => {
    // Record 0: leaf (0). Record 1: leaf (2), level-1 node (3). Record 2: leaf (4).
    // Record 3: leaf (5), level 1 (6), level 2 (7).
    expect(storedHashIndex(0, 0)).toBe(0);
    expect(storedHashIndex(0, 1)).toBe(1);
    expect(storedHashIndex(1, 0)).toBe(2);
    expect(storedHashIndex(0, 2)).toBe(3);
    expect(storedHashIndex(0, 3)).toBe(4);
    expect(storedHashIndex(1, 1)).toBe(5);
    expect(storedHashIndex(2, 0)).toBe(6);
    expect([1, 2, 3, 4, 5, 8].map(storedHashCount)).toEqual([1, 3, 4, 7, 8, 15]);
  });

  it("equal Go's loop definition, up to huge trees", () => {
    // StoredHashIndex as Go writes it: climb to the last record of the subtree, sum its halvings.
    const goStoredHashIndex = (level: number, n: number) => {
      let m = n;
      for (let l = level; l > 0; l--) m = 2 * m + 1;
      let i = 0;
      for (; m > 0; m = Math.floor(m / 2)) i += m;
      return i + level;
    };
    const wrong: string[] = [];
    for (let level = 0; level < 40; level++) {
      for (const n of [0, 1, 2, 3, 255, 256, 12345, 2 ** 20 + 3, Math.floor(2 ** 50 / 2 ** level) - 1]) {
        // Beyond 2^51 records the indexes no longer fit in 53 bits.
        if ((n + 1) * 2 ** level > 2 ** 51) continue;
        if (storedHashIndex(level, n) !== goStoredHashIndex(level, n)) wrong.push(`${level}/${n}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(() => storedHashIndex(40, 2 ** 20)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('split back into level and n, for every index up to 100 000 and for huge ones', () => {
    const wrong: number[] = [];
    for (let index = 0; index < 100_000; index++) {
      const { level, n } = splitStoredHashIndex(index);
      if (storedHashIndex(level, n) !== index) wrong.push(index);
    }
    expect(wrong).toEqual([]);
    for (const n of [2 ** 40 + 12345, 2 ** 50 - 1, 2 ** 51 - 9]) {
      for (const level of [0, 1, 9, 30]) {
        const index = storedHashIndex(level, Math.floor(n / 2 ** level));
        expect(splitStoredHashIndex(index)).toEqual({ level, n: Math.floor(n / 2 ** level) });
      }
    }
  });

  it('count what the records store: one leaf plus one hash per completed subtree', () => {
    let total = 0;
    const wrong: number[] = [];
    for (let n = 0; n < 5000; n++) {
      if (storedHashCount(n) !== total) wrong.push(n);
      let stored = 1;
      for (let m = n + 1; m % 2 === 0; m /= 2) stored++;
      total += stored;
    }
    expect(wrong).toEqual([]);
  });
});

describe('a log kept as stored hashes', () => {
  const entries = sampleEntries(300);
  const leaves = entries.map(recordHash);

  it('storedHashes (one record at a time) and appendRecordHashes (batches) store the same rows', async () => {
    const single = new MemoryHashStore();
    for (let n = 0; n < entries.length; n++) {
      const hashes = await storedHashes(n, entries[n], single);
      expect(single.hashes.length).toBe(storedHashCount(n));
      single.hashes.push(...hashes);
    }
    const batched = new MemoryHashStore();
    let offset = 0;
    for (const batch of [1, 2, 5, 64, 100, 128]) {
      await batched.append(entries.slice(offset, offset + batch));
      offset += batch;
    }
    expect(batched.size).toBe(300);
    expect(Buffer.concat(batched.hashes).equals(Buffer.concat(single.hashes))).toBe(true);
    expect(batched.hashes.length).toBe(storedHashCount(300));
  });

  it('reads once per batch and returns the new root without another read', async () => {
    const store = new MemoryHashStore();
    await store.append(entries.slice(0, 77));
    const before = store.reads;
    const result = await appendRecordHashes(77, leaves.slice(77, 300), store);
    expect(store.reads - before).toBe(1);
    expect(result.rootHash).toEqual(merkleTreeHash(leaves));
    expect(result.firstIndex).toBe(storedHashCount(77));
    expect(result.size).toBe(300);
  });

  it('computes tree hashes, inclusion and consistency proofs equal to the in-memory reference', async () => {
    const store = new MemoryHashStore();
    await store.append(entries);
    for (let t = 1; t <= 300; t += t < 20 ? 1 : 37) {
      const root = await treeHash(t, store);
      expect(root).toEqual(merkleTreeHash(leaves, 0, t));
      for (let n = 0; n < t; n += Math.max(1, Math.floor(t / 7))) {
        const proof = await proveRecord(t, n, store);
        expect(proof).toEqual(inclusionProof(leaves, n, t));
        expect(() => checkRecord(proof, t, root, n, leaves[n])).not.toThrow();
      }
      for (let n = 1; n <= t; n += Math.max(1, Math.floor(t / 5))) {
        const proof = await proveTree(t, n, store);
        expect(proof).toEqual(consistencyProof(leaves, n, t));
        expect(() => checkTree(proof, t, root, n, merkleTreeHash(leaves, 0, n))).not.toThrow();
      }
    }
  });

  it('answers each proof with a single batched read', async () => {
    const store = new MemoryHashStore();
    await store.append(entries);
    store.reads = 0;
    await proveRecord(300, 123, store);
    await proveTree(300, 57, store);
    await treeHash(299, store);
    expect(store.reads).toBe(3);
  });

  it('refuses arguments outside the tree and a reader that answers wrongly', async () => {
    const store = new MemoryHashStore();
    await store.append(entries.slice(0, 10));
    await expect(proveRecord(10, 10, store)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(proveTree(10, 0, store)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(proveTree(10, 11, store)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(treeHash(-1, store)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(treeHash(2 ** 53, store)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const short = { readHashes: async (indexes: readonly number[]) => (await store.readHashes(indexes)).slice(1) };
    await expect(treeHash(7, short)).rejects.toMatchObject({ code: 'READER_FAILED' });
    const truncated = { readHashes: async (indexes: readonly number[]) => (await store.readHashes(indexes)).map((h) => h.subarray(1)) };
    await expect(proveRecord(7, 3, truncated)).rejects.toMatchObject({ code: 'READER_FAILED' });
  });

  it('gives the empty tree the empty-tree hash', async () => {
    expect(await treeHash(0, new MemoryHashStore())).toEqual(merkleTreeHash([]));
  });
});
