/**
 * The client side of tlog-tiles: proofs computed from downloaded tiles, every tile authenticated
 * against a trusted tree (size and root hash from a verified checkpoint) before any hash of it is
 * used. A port of Go's sumdb/tlog TileHashReader, so an inclusion or consistency proof rebuilt
 * from tiles can be checked by the same code as one sent by a server.
 */
import { trailingZeros } from './bits.js';
import { TlogError } from './errors.js';
import { EMPTY_TREE_HASH, HASH_SIZE, type Hash, hashesEqual, nodeHash, recordHash } from './hash.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';
import { type HashReader, proveRecord, proveTree, storedHashIndex, subtreeIndexes } from './storage.js';
import { type EntryBundleRef, TILE_HEIGHT, TILE_WIDTH, type Tile, hashFromTile, parseEntryBundle, tileForStoredHashIndex, tilePath, tileSubtreeHash } from './tiles.js';

/** A tree as a verified checkpoint states it. */
export interface TreeHead {
  size: number;
  rootHash: Hash;
}

/** Fetches tiles (from a directory, over HTTP, ...). Returns each tile's bytes, in order. */
export interface TileReader {
  readTiles(tiles: readonly Tile[]): Promise<readonly Uint8Array[]>;
}

const key = (t: Tile) => `${t.level}/${t.index}/${t.width}`;

/** The k-th tile ancestor of `tile` in the tree of `size`, or undefined when there is none. */
function tileParent(tile: Tile, k: number, size: number): Tile | undefined {
  const level = tile.level + k;
  const index = Math.floor(tile.index / TILE_WIDTH ** k);
  const max = Math.floor(size / 2 ** (TILE_HEIGHT * level));
  if (index * TILE_WIDTH + TILE_WIDTH >= max) {
    if (index * TILE_WIDTH >= max) return undefined;
    return { level, index, width: max - index * TILE_WIDTH };
  }
  return { level, index, width: TILE_WIDTH };
}

/**
 * A HashReader over tiles of `tree`. Each call fetches the tiles that give the tree hash plus
 * those holding the requested hashes (and their full-tile parents), checks that they hash up to
 * `tree.rootHash`, and only then returns hashes: whatever it returns is proven to be in the tree.
 */
export function tileHashReader(tree: TreeHead, reader: TileReader): HashReader {
  return {
    async readHashes(indexes: readonly number[]): Promise<Hash[]> {
      if (tree.size === 0) throw new TlogError('INVALID_ARGUMENT', 'the empty tree has no stored hashes');
      const order = new Map<string, number>();
      const tiles: Tile[] = [];
      const add = (tile: Tile) => {
        order.set(key(tile), tiles.length);
        tiles.push(tile);
      };
      // The tiles holding the tree hash's subtree roots: authenticated by the root itself.
      const rootIndexes = subtreeIndexes(0, tree.size);
      const rootTileOrder = rootIndexes.map((x) => {
        const tile = tileParent(tileForStoredHashIndex(x).tile, 0, tree.size) as Tile;
        if (!order.has(key(tile))) add(tile);
        return order.get(key(tile)) as number;
      });
      // The tiles holding the requested hashes, each after the full-tile ancestors that vouch for it.
      const limit = storedHashIndex(0, tree.size);
      const indexTileOrder = indexes.map((x) => {
        if (!Number.isSafeInteger(x) || x < 0 || x >= limit) throw new TlogError('INVALID_ARGUMENT', `stored hash ${x} is not in the tree of size ${tree.size}`);
        const tile = tileForStoredHashIndex(x).tile;
        let k = 0;
        while (!order.has(key(tileParent(tile, k, tree.size) as Tile))) k++;
        for (k--; k >= 0; k--) {
          const parent = tileParent(tile, k, tree.size) as Tile;
          if (parent.width !== TILE_WIDTH) throw new Error(`tlog: bad math in tileHashReader: ${tree.size} ${x}`);
          add(parent);
        }
        return order.get(key(tileParent(tile, 0, tree.size) as Tile)) as number;
      });

      const data = await reader.readTiles(tiles);
      if (data.length !== tiles.length) throw new TlogError('TILE_INVALID', `tile reader returned ${data.length} tiles for ${tiles.length}`);
      tiles.forEach((tile, i) => {
        if (data[i].length !== tile.width * HASH_SIZE) {
          throw new TlogError('TILE_INVALID', `tile ${tilePath(tile)} has ${data[i].length} bytes, expected ${tile.width * HASH_SIZE}`);
        }
      });

      // Authenticate: first the tiles of the tree hash, then each full tile against its parent.
      const last = rootIndexes.length - 1;
      let th = hashFromTile(tiles[rootTileOrder[last]], data[rootTileOrder[last]], rootIndexes[last]);
      for (let i = last - 1; i >= 0; i--) th = nodeHash(hashFromTile(tiles[rootTileOrder[i]], data[rootTileOrder[i]], rootIndexes[i]), th);
      if (!hashesEqual(th, tree.rootHash)) {
        throw new TlogError('TILE_INVALID', `the tiles do not hash to the root of the tree of size ${tree.size}`);
      }
      const firstChecked = new Set(rootTileOrder).size;
      for (let i = firstChecked; i < tiles.length; i++) {
        const parent = tileParent(tiles[i], 1, tree.size) as Tile;
        const j = order.get(key(parent));
        if (j === undefined) throw new Error('tlog: bad math in tileHashReader: lost parent');
        const expected = hashFromTile(parent, data[j], storedHashIndex(parent.level * TILE_HEIGHT, tiles[i].index));
        if (!hashesEqual(expected, tileSubtreeHash(data[i]))) {
          throw new TlogError('TILE_INVALID', `tile ${tilePath(tiles[i])} does not match its parent ${tilePath(parent)}`);
        }
      }
      return indexes.map((x, i) => hashFromTile(tiles[indexTileOrder[i]], data[indexTileOrder[i]], x));
    },
  };
}

/** Checks from tiles that leaf `index` of the tree has `leafHash`; returns the inclusion proof. */
export async function verifyInclusionFromTiles(tree: TreeHead, index: number, leafHash: Hash, reader: TileReader): Promise<Hash[]> {
  if (!Number.isSafeInteger(index) || index < 0 || index >= tree.size) {
    throw new TlogError('INCLUSION_PROOF_INVALID', `index ${index} is not in the tree of size ${tree.size}`);
  }
  const proof = await proveRecord(tree.size, index, tileHashReader(tree, reader));
  verifyInclusion(index, tree.size, leafHash, proof, tree.rootHash);
  return proof;
}

/** Checks from the newer tree's tiles that `older` is a prefix of `newer`; returns the proof. */
export async function verifyConsistencyFromTiles(older: TreeHead, newer: TreeHead, reader: TileReader): Promise<Hash[]> {
  if (older.size > newer.size) throw new TlogError('CONSISTENCY_PROOF_INVALID', `tree of size ${older.size} cannot be a prefix of one of size ${newer.size}`);
  if (older.size === 0) return [];
  const proof = await proveTree(newer.size, older.size, tileHashReader(newer, reader));
  verifyConsistency(older.size, newer.size, proof, older.rootHash, newer.rootHash);
  return proof;
}

/**
 * Checks an entry bundle against the tree: each entry's leaf hash must equal the authenticated
 * level-0 tile hash at its index. Returns the entries.
 */
export async function verifyEntryBundle(tree: TreeHead, bundleIndex: number, data: Uint8Array, reader: TileReader): Promise<Buffer[]> {
  const start = bundleIndex * TILE_WIDTH;
  const width = Math.min(TILE_WIDTH, tree.size - start);
  if (!Number.isSafeInteger(bundleIndex) || bundleIndex < 0 || width <= 0) {
    throw new TlogError('INVALID_ARGUMENT', `entry bundle ${bundleIndex} is not in the tree of size ${tree.size}`);
  }
  const entries = parseEntryBundle(data, width);
  const hashes = await tileHashReader(tree, reader).readHashes(entries.map((_, i) => storedHashIndex(0, start + i)));
  entries.forEach((entry, i) => {
    if (!hashesEqual(recordHash(entry), hashes[i])) {
      throw new TlogError('TILE_INVALID', `entry ${start + i} in the bundle does not hash to the leaf hash the tiles hold`);
    }
  });
  return entries;
}

/**
 * A full audit of the entries (`evx log audit`): reads every entry bundle of the tree in order,
 * rebuilds the tree from the entries with O(log n) memory, and checks that it has the
 * checkpoint's root. `onEntries` sees each bundle's entries (e.g. to check them against the
 * application's records). Independent of the tiles, so a tile the reader would not re-check
 * cannot hide a forged entry. Returns the number of entries read.
 */
export async function auditEntryBundles(
  tree: TreeHead,
  readBundle: (bundle: EntryBundleRef) => Promise<Uint8Array>,
  onEntries?: (firstIndex: number, entries: Buffer[]) => void | Promise<void>,
): Promise<number> {
  const border: Hash[] = [];
  let n = 0;
  for (let index = 0; index * TILE_WIDTH < tree.size; index++) {
    const width = Math.min(TILE_WIDTH, tree.size - index * TILE_WIDTH);
    const entries = parseEntryBundle(await readBundle({ index, width }), width);
    for (const entry of entries) {
      let h = recordHash(entry);
      for (let merges = trailingZeros(n + 1); merges > 0; merges--) h = nodeHash(border.pop() as Hash, h);
      border.push(h);
      n++;
    }
    await onEntries?.(index * TILE_WIDTH, entries);
  }
  let root = border.length === 0 ? EMPTY_TREE_HASH : border[border.length - 1];
  for (let i = border.length - 2; i >= 0; i--) root = nodeHash(border[i], root);
  if (!hashesEqual(root, tree.rootHash)) throw new TlogError('TILE_INVALID', `the ${n} entries do not hash to the root of the tree of size ${tree.size}`);
  return n;
}
