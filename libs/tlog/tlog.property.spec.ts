import fc from 'fast-check';
import { recordHash } from './hash.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';
import { proveRecord, proveTree, treeHash } from './storage.js';
import { MemoryHashStore, sampleEntries } from './testing.js';
import { type TileReader, verifyConsistencyFromTiles, verifyInclusionFromTiles } from './tile-reader.js';
import { readTileData, tilePath } from './tiles.js';

const MAX = 5000;
const entries = sampleEntries(MAX, 'property');
const leaves = entries.map(recordHash);
const store = new MemoryHashStore();

beforeAll(async () => {
  await store.append(entries);
});

/** A copy of `bytes` with one bit flipped. */
function flip(bytes: Buffer, position: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[Math.floor(position / 8) % copy.length] ^= 1 << position % 8;
  return copy;
}

const fails = (run: () => void) => {
  try {
    run();
    return false;
  } catch {
    return true;
  }
};

// A tree size, biased towards the edges of powers of two and of tiles.
const treeSize = fc.oneof(fc.integer({ min: 1, max: MAX }), fc.constantFrom(1, 2, 3, 255, 256, 257, 511, 512, 513, 1024, 4095, 4096, 4097, MAX));

describe('proofs from stored hashes, on random trees', () => {
  it('inclusion proofs verify, and any single-bit change to the proof, leaf or root fails', async () => {
    await fc.assert(
      fc.asyncProperty(treeSize, fc.nat(), fc.nat(), fc.constantFrom('proof', 'leaf', 'root', 'index'), async (size, at, bit, target) => {
        const index = at % size;
        const proof = await proveRecord(size, index, store);
        const root = await treeHash(size, store);
        expect(fails(() => verifyInclusion(index, size, leaves[index], proof, root))).toBe(false);
        if (target === 'proof' && proof.length === 0) return;
        const mutated = {
          proof: target === 'proof' ? proof.map((h, i) => (i === bit % proof.length ? flip(h, bit >> 4) : h)) : proof,
          leaf: target === 'leaf' ? flip(leaves[index], bit) : leaves[index],
          root: target === 'root' ? flip(root, bit) : root,
          index: target === 'index' ? (index ^ (1 << bit % 13)) % Math.max(size, 2) : index,
        };
        if (target === 'index' && (mutated.index === index || size === 1)) return;
        expect(fails(() => verifyInclusion(mutated.index, size, mutated.leaf, mutated.proof, mutated.root))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency proofs verify, and any single-bit change to the proof or either root fails', async () => {
    await fc.assert(
      fc.asyncProperty(treeSize, fc.nat(), fc.nat(), fc.constantFrom('proof', 'root1', 'root2'), async (size2, at, bit, target) => {
        const size1 = 1 + (at % size2);
        const proof = await proveTree(size2, size1, store);
        const root1 = await treeHash(size1, store);
        const root2 = await treeHash(size2, store);
        expect(fails(() => verifyConsistency(size1, size2, proof, root1, root2))).toBe(false);
        if (target === 'proof' && proof.length === 0) return;
        const p = target === 'proof' ? proof.map((h, i) => (i === bit % proof.length ? flip(h, bit >> 4) : h)) : proof;
        const r1 = target === 'root1' ? flip(root1, bit) : root1;
        const r2 = target === 'root2' ? flip(root2, bit) : root2;
        expect(fails(() => verifyConsistency(size1, size2, p, r1, r2))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('tiles give the same proofs, and a bit flipped in any tile fetched is caught', async () => {
    await fc.assert(
      fc.asyncProperty(treeSize, fc.nat(), fc.nat(), fc.nat(), async (size, at, pick, bit) => {
        const index = at % size;
        const tree = { size, rootHash: await treeHash(size, store) };
        const fetched: string[] = [];
        const honest: TileReader = {
          readTiles: async (tiles) => {
            fetched.push(...tiles.map(tilePath));
            return Promise.all(tiles.map((t) => readTileData(t, store)));
          },
        };
        expect(await verifyInclusionFromTiles(tree, index, leaves[index], honest)).toEqual(await proveRecord(size, index, store));
        const older = { size: 1 + (pick % size), rootHash: await treeHash(1 + (pick % size), store) };
        expect(await verifyConsistencyFromTiles(older, tree, honest)).toEqual(older.size === size ? [] : await proveTree(size, older.size, store));

        // A tree of one leaf needs no tile: its root is the leaf hash.
        expect(fetched.length === 0).toBe(size === 1);
        if (size === 1) return;
        const victim = fetched[pick % fetched.length];
        const tampered: TileReader = {
          readTiles: async (tiles) => Promise.all(tiles.map(async (t) => (tilePath(t) === victim ? flip(await readTileData(t, store), bit) : readTileData(t, store)))),
        };
        await expect(verifyInclusionFromTiles(tree, index, leaves[index], tampered).then(() => verifyConsistencyFromTiles(older, tree, tampered))).rejects.toThrow();
      }),
      { numRuns: 150 },
    );
  });
});
