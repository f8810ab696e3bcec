/**
 * C2SP tlog-tiles: the log served as static, cacheable files. A tile is 256 consecutive hashes
 * of one level of tiling (level 0: leaf hashes; level L: roots of full tiles of level L-1), i.e.
 * hashes at tree height 8L; the rightmost tile of each level is partial (1-255 hashes) until it
 * fills. Entry bundles hold the entries behind a level-0 tile. Paths are `tile/<L>/<N>[.p/<W>]`
 * and `tile/entries/<N>[.p/<W>]`, with N written in three-digit groups (x001/x234/067).
 */
import { isSize, shl, shr } from './bits.js';
import { TlogError } from './errors.js';
import { HASH_SIZE, type Hash, nodeHash } from './hash.js';
import { type HashReader, readChecked, splitStoredHashIndex, storedHashIndex } from './storage.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** A tile level must be below 64 (the spec's bound). */
export const MAX_TILE_LEVEL = 63;
/** Entries in a bundle are prefixed by a big-endian uint16 length. */
export const MAX_ENTRY_SIZE = 0xffff;

/** A hash tile: `width` hashes (256 when full) of tile `index` at `level`. */
export interface Tile {
  level: number;
  index: number;
  width: number;
}

/** An entry bundle: the entries behind level-0 tile `index`, `width` of them. */
export interface EntryBundleRef {
  index: number;
  width: number;
}

export type TileResource = { kind: 'tile'; tile: Tile } | { kind: 'entries'; bundle: EntryBundleRef };

// --- Paths ------------------------------------------------------------------------------------

function formatIndex(n: number): string {
  let rest = n;
  let text = String(rest % 1000).padStart(3, '0');
  while (rest >= 1000) {
    rest = Math.floor(rest / 1000);
    text = `x${String(rest % 1000).padStart(3, '0')}/${text}`;
  }
  return text;
}

function checkCoordinates(index: number, width: number): void {
  if (!isSize(index) || !Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new TlogError('INVALID_ARGUMENT', `no tile ${index} of width ${width}`);
  }
}

function suffix(width: number): string {
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]`, relative to the log's prefix. */
export function tilePath(tile: Tile): string {
  checkCoordinates(tile.index, tile.width);
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL) throw new TlogError('INVALID_ARGUMENT', `no tile level ${tile.level}`);
  return `tile/${tile.level}/${formatIndex(tile.index)}${suffix(tile.width)}`;
}

/** `tile/entries/<N>[.p/<W>]`, relative to the log's prefix. */
export function entryBundlePath(bundle: EntryBundleRef): string {
  checkCoordinates(bundle.index, bundle.width);
  return `tile/entries/${formatIndex(bundle.index)}${suffix(bundle.width)}`;
}

/**
 * Parses a path relative to the log's prefix (no leading slash). Only the canonical spelling is
 * accepted: no leading zeros, no empty or extra segments, no `.p/256`, N in the fewest groups.
 */
export function parseTilePath(path: string): TileResource {
  const bad = () => new TlogError('TILE_PATH_MALFORMED', `malformed tile path ${JSON.stringify(path.slice(0, 200))}`);
  const parts = path.split('/');
  if (parts.length < 3 || parts[0] !== 'tile') throw bad();
  const isEntries = parts[1] === 'entries';
  let level = 0;
  if (!isEntries) {
    if (!/^(0|[1-9][0-9]?)$/.test(parts[1])) throw bad();
    level = Number(parts[1]);
    if (level > MAX_TILE_LEVEL) throw bad();
  }
  let groups = parts.slice(2);
  let width = TILE_WIDTH;
  if (groups.length >= 2 && groups[groups.length - 2].endsWith('.p')) {
    const w = groups[groups.length - 1];
    if (!/^[1-9][0-9]{0,2}$/.test(w) || Number(w) >= TILE_WIDTH) throw bad();
    width = Number(w);
    groups = [...groups.slice(0, -2), groups[groups.length - 2].slice(0, -2)];
  }
  if (groups.length > 6) throw bad(); // 1000^6 is beyond 2^53
  let index = 0;
  for (const [i, group] of groups.entries()) {
    const last = i === groups.length - 1;
    if (!(last ? /^[0-9]{3}$/ : /^x[0-9]{3}$/).test(group)) throw bad();
    index = index * 1000 + Number(last ? group : group.slice(1));
  }
  if (!isSize(index)) throw bad();
  const resource: TileResource = isEntries ? { kind: 'entries', bundle: { index, width } } : { kind: 'tile', tile: { level, index, width } };
  const canonical = resource.kind === 'entries' ? entryBundlePath(resource.bundle) : tilePath(resource.tile);
  if (canonical !== path) throw bad();
  return resource;
}

// --- Which tiles a tree has -------------------------------------------------------------------

/** Hashes at tile level `level` in a tree of `size` leaves. */
function hashesAtLevel(size: number, level: number): number {
  return shr(size, TILE_HEIGHT * level);
}

/** Every tile of the tree of `size`: the full ones and, per level, the one partial tile. */
export function tilesForSize(size: number): Tile[] {
  return newTiles(0, size);
}

/**
 * The tiles to publish when the log moves from a checkpoint at oldSize to one at newSize: tiles
 * that became full, and the partial tile of each level at newSize where it changed. (Go's
 * sumdb.NewTiles also lists every intermediate partial width; tlog-tiles only needs the partial
 * tiles of sizes that have a checkpoint.)
 */
export function newTiles(oldSize: number, newSize: number): Tile[] {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) throw new TlogError('INVALID_ARGUMENT', `no tiles from size ${oldSize} to ${newSize}`);
  const tiles: Tile[] = [];
  for (let level = 0; hashesAtLevel(newSize, level) > 0; level++) {
    const oldCount = hashesAtLevel(oldSize, level);
    const newCount = hashesAtLevel(newSize, level);
    for (let index = Math.floor(oldCount / TILE_WIDTH); index < Math.floor(newCount / TILE_WIDTH); index++) {
      tiles.push({ level, index, width: TILE_WIDTH });
    }
    const width = newCount % TILE_WIDTH;
    if (width > 0 && newCount > oldCount) tiles.push({ level, index: Math.floor(newCount / TILE_WIDTH), width });
  }
  return tiles;
}

/** Whether a tree of `size` has this tile (full, or partial of exactly this width or less). */
export function tileExists(tile: Tile, size: number): boolean {
  return tile.index * TILE_WIDTH + tile.width <= hashesAtLevel(size, tile.level);
}

/** Whether a tree of `size` has this entry bundle. */
export function entryBundleExists(bundle: EntryBundleRef, size: number): boolean {
  return tileExists({ level: 0, ...bundle }, size);
}

// --- Tile data from stored hashes (server side) -----------------------------------------------

/** The stored hash indexes a tile lists, in order. */
export function tileStoredHashIndexes(tile: Tile): number[] {
  checkCoordinates(tile.index, tile.width);
  const start = tile.index * TILE_WIDTH;
  return Array.from({ length: tile.width }, (_, i) => storedHashIndex(TILE_HEIGHT * tile.level, start + i));
}

/** A tile's bytes (width x 32), read from the stored hashes in one call. */
export async function readTileData(tile: Tile, reader: HashReader): Promise<Buffer> {
  return Buffer.concat(await readChecked(reader, tileStoredHashIndexes(tile)));
}

/**
 * The tile of least width that holds stored hash `index`, and the byte range of the tile data
 * whose subtree hash it is (a stored hash between tile levels is the hash of a run of 2^k hashes).
 */
export function tileForStoredHashIndex(index: number): { tile: Tile; start: number; end: number } {
  const split = splitStoredHashIndex(index);
  const level = Math.floor(split.level / TILE_HEIGHT);
  const within = split.level - level * TILE_HEIGHT; // height inside the tile
  const tileIndex = shr(shl(split.n, within), TILE_HEIGHT);
  const n = split.n - shr(shl(tileIndex, TILE_HEIGHT), within); // position inside the tile, at its height
  const width = shl(n + 1, within);
  return { tile: { level, index: tileIndex, width }, start: shl(n, within) * HASH_SIZE, end: shl(n + 1, within) * HASH_SIZE };
}

/** The subtree hash of 2^k consecutive hashes of tile data. */
export function tileSubtreeHash(data: Uint8Array): Hash {
  if (data.length === HASH_SIZE) return Buffer.from(data);
  const half = data.length / 2;
  if (data.length === 0 || half % HASH_SIZE !== 0) throw new Error('tlog: bad math in tileSubtreeHash');
  return nodeHash(tileSubtreeHash(data.subarray(0, half)), tileSubtreeHash(data.subarray(half)));
}

/** Stored hash `index` computed from `tile`'s data (tile must be the one holding it, or wider). */
export function hashFromTile(tile: Tile, data: Uint8Array, index: number): Hash {
  if (data.length < tile.width * HASH_SIZE) throw new TlogError('TILE_INVALID', `tile ${tilePath(tile)} has ${data.length} bytes, expected ${tile.width * HASH_SIZE}`);
  const holder = tileForStoredHashIndex(index);
  if (holder.tile.level !== tile.level || holder.tile.index !== tile.index || tile.width < holder.tile.width) {
    throw new TlogError('TILE_INVALID', `stored hash ${index} is in ${tilePath(holder.tile)}, not ${tilePath(tile)}`);
  }
  return tileSubtreeHash(data.subarray(holder.start, holder.end));
}

// --- Entry bundles ----------------------------------------------------------------------------

/** Entries, each prefixed by its length as a big-endian uint16. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  if (entries.length === 0 || entries.length > TILE_WIDTH) throw new TlogError('INVALID_ARGUMENT', `an entry bundle holds 1 to 256 entries, not ${entries.length}`);
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_SIZE) throw new TlogError('INVALID_ARGUMENT', `entry of ${entry.length} bytes does not fit a bundle`);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(entry.length);
    parts.push(length, entry);
  }
  return Buffer.concat(parts);
}

/** Parses an entry bundle, exactly `width` entries when given, no trailing bytes. */
export function parseEntryBundle(data: Uint8Array, width?: number): Buffer[] {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const entries: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new TlogError('ENTRY_BUNDLE_MALFORMED', `entry bundle ends inside a length prefix at byte ${at}`);
    const length = bytes.readUInt16BE(at);
    at += 2;
    if (at + length > bytes.length) throw new TlogError('ENTRY_BUNDLE_MALFORMED', `entry ${entries.length} runs past the end of the bundle`);
    entries.push(Buffer.from(bytes.subarray(at, at + length)));
    at += length;
    if (entries.length > TILE_WIDTH) throw new TlogError('ENTRY_BUNDLE_MALFORMED', 'entry bundle holds more than 256 entries');
  }
  if (width !== undefined && entries.length !== width) throw new TlogError('ENTRY_BUNDLE_MALFORMED', `entry bundle holds ${entries.length} entries, expected ${width}`);
  return entries;
}
