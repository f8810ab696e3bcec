import fc from 'fast-check';
import { recordHash } from './hash.js';
import { consistencyProof, inclusionProof, merkleTreeHash } from './merkle.js';
import { leafHashIndex, storedHashCount, storedHashIndex, treeHash } from './storage.js';
import { MemoryHashStore, sampleEntries } from './testing.js';
import { type TileReader, auditEntryBundles, tileHashReader, verifyConsistencyFromTiles, verifyEntryBundle, verifyInclusionFromTiles } from './tile-reader.js';
import {
  type Tile,
  encodeEntryBundle,
  entryBundlePath,
  hashFromTile,
  newTiles,
  parseEntryBundle,
  parseTilePath,
  readTileData,
  tileExists,
  tileForStoredHashIndex,
  tilePath,
  tilesForSize,
} from './tiles.js';

describe('tile paths', () => {
  it('are written as c2sp.org/tlog-tiles says', () => {
    expect(tilePath({ level: 0, index: 0, width: 256 })).toBe('tile/0/000');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 1000, width: 17 })).toBe('tile/2/x001/000.p/17');
    expect(tilePath({ level: 63, index: 999, width: 1 })).toBe('tile/63/999.p/1');
    expect(entryBundlePath({ index: 1234067, width: 256 })).toBe('tile/entries/x001/x234/067');
    expect(entryBundlePath({ index: 5, width: 112 })).toBe('tile/entries/005.p/112');
    expect(() => tilePath({ level: 64, index: 0, width: 256 })).toThrow();
    expect(() => tilePath({ level: 0, index: 0, width: 0 })).toThrow();
    expect(() => tilePath({ level: 0, index: -1, width: 256 })).toThrow();
  });

  it('parse back to the same coordinates, for any tile', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 63 }),
        fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        fc.integer({ min: 1, max: 256 }),
        (level, index, width) => {
          expect(parseTilePath(tilePath({ level, index, width }))).toEqual({ kind: 'tile', tile: { level, index, width } });
          expect(parseTilePath(entryBundlePath({ index, width }))).toEqual({ kind: 'entries', bundle: { index, width } });
        },
      ),
    );
  });

  it.each([
    '',
    'tile',
    'tile/0',
    'tile/0/',
    '/tile/0/000',
    'tile/0/000/',
    'tile//000',
    'tile/00/000',
    'tile/01/000',
    'tile/64/000',
    'tile/-1/000',
    'tile/+1/000',
    'tile/data/000',
    'tile/8/0/000', // Go sumdb's form, with the height
    'tile/0/0',
    'tile/0/00',
    'tile/0/0000',
    'tile/0/x000/001',
    'tile/0/x001',
    'tile/0/001/x001',
    'tile/0/x001/x002',
    'tile/0/x1000/000',
    'tile/0/X001/000',
    'tile/0/ 01',
    'tile/0/000.p',
    'tile/0/000.p/',
    'tile/0/000.p/0',
    'tile/0/000.p/05',
    'tile/0/000.p/256',
    'tile/0/000.p/1/2',
    'tile/0/000.q/1',
    'tile/0/000.p/1.0',
    'tile/entries',
    'tile/entries/',
    'tile/entries/0001',
    'tile/entries/000.p/256',
    'tile/0/x009/x007/x199/x254/x740/x992/000', // beyond 2^53
  ])('refuses %j', (path) => {
    expect(() => parseTilePath(path)).toThrow(expect.objectContaining({ code: 'TILE_PATH_MALFORMED' }));
  });
});

describe('which tiles a tree has', () => {
  const count = (tiles: Tile[]) => tiles.map((t) => `${t.level}:${t.width === 256 ? 'full' : t.width}`).reduce<Record<string, number>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});

  it('matches the examples of the specification', () => {
    // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile
    // of width 112, one full level 1 tile, one partial level 1 tile of width 17, and one partial
    // level 2 tile of width 1"
    expect(count(tilesForSize(70_000))).toEqual({ '0:full': 273, '0:112': 1, '1:full': 1, '1:17': 1, '2:1': 1 });
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
    expect(tilesForSize(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(tilesForSize(0)).toEqual([]);
  });

  it('publishes, across checkpoints, every full tile once and each checkpoint size its partial tiles', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 6 }), (steps) => {
        const sizes = [0];
        for (const step of steps) sizes.push(sizes[sizes.length - 1] + step * step);
        const published: Tile[] = [];
        for (let i = 1; i < sizes.length; i++) {
          const fresh = newTiles(sizes[i - 1], sizes[i]);
          expect(fresh.filter((tile) => !tileExists(tile, sizes[i]))).toEqual([]);
          published.push(...fresh);
          // Everything the checkpoint at sizes[i] needs has been published by now.
          const have = new Set(published.map(tilePath));
          expect(tilesForSize(sizes[i]).filter((tile) => !have.has(tilePath(tile)))).toEqual([]);
        }
        const full = published.filter((t) => t.width === 256).map(tilePath);
        expect(new Set(full).size).toBe(full.length);
      }),
      { numRuns: 40 },
    );
  });

  it('knows which tiles exist at a size', () => {
    expect(tileExists({ level: 0, index: 0, width: 256 }, 255)).toBe(false);
    expect(tileExists({ level: 0, index: 0, width: 255 }, 255)).toBe(true);
    expect(tileExists({ level: 0, index: 0, width: 200 }, 255)).toBe(true);
    expect(tileExists({ level: 1, index: 0, width: 1 }, 255)).toBe(false);
    expect(tileExists({ level: 1, index: 0, width: 1 }, 256)).toBe(true);
  });
});

describe('tiles from stored hashes', () => {
  const size = 70_000;
  const entries = sampleEntries(size);
  const leaves = entries.map(recordHash);
  const store = new MemoryHashStore();
  const tiles = new Map<string, Buffer>();
  const reader: TileReader & { fetched: number } = {
    fetched: 0,
    async readTiles(wanted) {
      this.fetched += wanted.length;
      return wanted.map((t) => {
        const data = tiles.get(tilePath(t));
        if (!data) throw new Error(`missing ${tilePath(t)}`);
        return data;
      });
    },
  };
  let root: Buffer;

  beforeAll(async () => {
    root = await store.append(entries);
    for (const tile of tilesForSize(size)) tiles.set(tilePath(tile), await readTileData(tile, store));
  });

  it('hold leaf hashes at level 0 and full-tile roots above', () => {
    expect(tiles.get('tile/0/000')).toEqual(Buffer.concat(leaves.slice(0, 256)));
    expect(tiles.get('tile/0/273.p/112')).toEqual(Buffer.concat(leaves.slice(273 * 256)));
    const level1 = tiles.get('tile/1/000') as Buffer;
    expect(level1.length).toBe(256 * 32);
    expect(level1.subarray(32 * 7, 32 * 8)).toEqual(merkleTreeHash(leaves, 7 * 256, 8 * 256));
    expect(tiles.get('tile/2/000.p/1')).toEqual(merkleTreeHash(leaves, 0, 65536));
  });

  it('give back every stored hash of the tree', async () => {
    const count = storedHashCount(size);
    const published = new Map(tilesForSize(size).map((t) => [`${t.level}/${t.index}`, t]));
    const wrong: number[] = [];
    for (let index = 0; index < count; index += 7) {
      const { tile: holder } = tileForStoredHashIndex(index);
      // Read from the tile as published (full, or the partial one of the tree).
      const tile = published.get(`${holder.level}/${holder.index}`) as Tile;
      const [want] = await store.readHashes([index]);
      if (!hashFromTile(tile, tiles.get(tilePath(tile)) as Buffer, index).equals(want)) wrong.push(index);
    }
    expect(wrong).toEqual([]);
  });

  it('prove inclusion and consistency, with the tiles authenticated against the root', async () => {
    const tree = { size, rootHash: root };
    for (const index of [0, 1, 255, 256, 12345, 65535, 65536, 69999]) {
      const proof = await verifyInclusionFromTiles(tree, index, leaves[index], reader);
      expect(proof).toEqual(inclusionProof(leaves, index));
    }
    for (const older of [1, 255, 256, 257, 65536, 69000, size]) {
      const proof = await verifyConsistencyFromTiles({ size: older, rootHash: await treeHash(older, store) }, tree, reader);
      expect(proof).toEqual(older === size ? [] : consistencyProof(leaves, older));
    }
    await expect(verifyInclusionFromTiles(tree, 5, leaves[6], reader)).rejects.toMatchObject({ code: 'INCLUSION_PROOF_INVALID' });
    await expect(verifyConsistencyFromTiles({ size: 300, rootHash: merkleTreeHash(leaves, 0, 301) }, tree, reader)).rejects.toMatchObject({
      code: 'CONSISTENCY_PROOF_INVALID',
    });
  });

  it('refuse a tile that does not hash up to the root, even one Go would not re-check', async () => {
    const tree = { size: 3000, rootHash: merkleTreeHash(leaves, 0, 3000) };
    const small = new Map<string, Buffer>();
    for (const tile of tilesForSize(3000)) small.set(tilePath(tile), await readTileData(tile, store));
    const tampered = (path: string, at: number): TileReader => ({
      async readTiles(wanted) {
        return wanted.map((t) => {
          const data = Buffer.from(small.get(tilePath(t)) as Buffer);
          if (tilePath(t) === path) data[at] ^= 1;
          return data;
        });
      },
    });
    const honest = tileHashReader(tree, tampered('none', 0));
    expect(await honest.readHashes([leafHashIndex(5)])).toEqual([leaves[5]]);
    // Tile 0 is fetched after the tiles of the tree hash, which repeat one tile: Go's loop would skip it.
    await expect(tileHashReader(tree, tampered('tile/0/000', 5 * 32)).readHashes([leafHashIndex(5)])).rejects.toMatchObject({ code: 'TILE_INVALID' });
    await expect(tileHashReader(tree, tampered('tile/0/011.p/184', 0)).readHashes([leafHashIndex(5)])).rejects.toMatchObject({ code: 'TILE_INVALID' });
    await expect(tileHashReader(tree, tampered('tile/1/000.p/11', 31)).readHashes([leafHashIndex(2999)])).rejects.toMatchObject({ code: 'TILE_INVALID' });
    await expect(tileHashReader({ size: 3000, rootHash: leaves[0] }, tampered('none', 0)).readHashes([0])).rejects.toMatchObject({ code: 'TILE_INVALID' });
    const short: TileReader = { readTiles: async (wanted) => wanted.map(() => Buffer.alloc(32)) };
    await expect(tileHashReader(tree, short).readHashes([0])).rejects.toMatchObject({ code: 'TILE_INVALID' });
    await expect(honest.readHashes([storedHashIndex(0, 3000)])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('fetch few tiles per proof', async () => {
    reader.fetched = 0;
    await verifyInclusionFromTiles({ size, rootHash: root }, 31337, leaves[31337], reader);
    // Tree-hash tiles (3 levels) plus the leaf's level-0 tile.
    expect(reader.fetched).toBeLessThanOrEqual(5);
  });

  it('check entry bundles against the level-0 tiles', async () => {
    const tree = { size, rootHash: root };
    const bundle = encodeEntryBundle(entries.slice(256, 512));
    expect(await verifyEntryBundle(tree, 1, bundle, reader)).toEqual(entries.slice(256, 512));
    const last = encodeEntryBundle(entries.slice(273 * 256));
    expect((await verifyEntryBundle(tree, 273, last, reader)).length).toBe(112);
    const swapped = encodeEntryBundle([...entries.slice(256, 300), entries[301], entries[300], ...entries.slice(302, 512)]);
    await expect(verifyEntryBundle(tree, 1, swapped, reader)).rejects.toMatchObject({ code: 'TILE_INVALID' });
    await expect(verifyEntryBundle(tree, 273, bundle, reader)).rejects.toMatchObject({ code: 'ENTRY_BUNDLE_MALFORMED' });
    await expect(verifyEntryBundle(tree, 274, bundle, reader)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('a full audit of the entries', () => {
  const entries = sampleEntries(1000, 'audit');
  const bundles = (list: Buffer[]) => async (b: { index: number; width: number }) => encodeEntryBundle(list.slice(b.index * 256, b.index * 256 + b.width));

  it('rebuilds the tree from the entry bundles and finds the checkpoint root', async () => {
    for (const size of [0, 1, 255, 256, 257, 1000]) {
      const tree = { size, rootHash: merkleTreeHash(entries.slice(0, size).map(recordHash)) };
      const seen: number[] = [];
      expect(await auditEntryBundles(tree, bundles(entries), (first, list) => void seen.push(first, list.length))).toBe(size);
      expect(seen.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0)).toBe(size);
    }
  });

  it('refuses a changed, missing or extra entry', async () => {
    const tree = { size: 1000, rootHash: merkleTreeHash(entries.map(recordHash)) };
    const changed = [...entries];
    changed[517] = Buffer.alloc(32, 1);
    await expect(auditEntryBundles(tree, bundles(changed))).rejects.toMatchObject({ code: 'TILE_INVALID' });
    const short = async (b: { index: number; width: number }) => encodeEntryBundle(entries.slice(b.index * 256, b.index * 256 + b.width - 1));
    await expect(auditEntryBundles(tree, short)).rejects.toMatchObject({ code: 'ENTRY_BUNDLE_MALFORMED' });
    await expect(auditEntryBundles({ size: 999, rootHash: tree.rootHash }, bundles(entries))).rejects.toMatchObject({ code: 'TILE_INVALID' });
  });
});

describe('entry bundles', () => {
  it('length-prefix each entry with a big-endian uint16', () => {
    const bundle = encodeEntryBundle([Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(300, 7)]);
    expect(bundle.subarray(0, 6)).toEqual(Buffer.from([0, 2, 0x61, 0x62, 0, 0]));
    expect(bundle.readUInt16BE(6)).toBe(300);
    expect(parseEntryBundle(bundle, 3)).toEqual([Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(300, 7)]);
  });

  it('refuse truncated, padded, overfull or miscounted bundles', () => {
    const good = encodeEntryBundle([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]);
    expect(() => parseEntryBundle(good.subarray(0, good.length - 1))).toThrow(/past the end/);
    expect(() => parseEntryBundle(good.subarray(0, 35))).toThrow(/length prefix/);
    expect(() => parseEntryBundle(Buffer.concat([good, Buffer.from([0])]))).toThrow(/length prefix/);
    expect(() => parseEntryBundle(good, 3)).toThrow(/expected 3/);
    expect(() => parseEntryBundle(Buffer.alloc(2 * 257))).toThrow(/more than 256/);
    expect(() => encodeEntryBundle([Buffer.alloc(65536)])).toThrow();
    expect(() => encodeEntryBundle([])).toThrow();
  });
});
