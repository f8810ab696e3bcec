/**
 * Tree storage in the manner of Go's golang.org/x/mod/sumdb/tlog: every hash the tree ever needs
 * is stored once, under a linear "stored hash index", so a server keeps them in one table keyed by
 * that index and never rewrites a row. Record n adds its leaf hash plus one hash per perfect subtree
 * it completes (on average two hashes per record). Tree hashes, proofs and tiles are read back
 * from those rows through an async `HashReader`, one batched read per call.
 *
 * Index layout (Go's): the stored hashes of record n come right after those of record n-1; the
 * hash at (level, n) is the root of the perfect subtree of 2^level leaves starting at leaf
 * n * 2^level.
 */
import { bitLength, isSize, largestPowerOfTwoBelow, onesCount, shr, trailingZeros } from './bits.js';
import { TlogError } from './errors.js';
import { EMPTY_TREE_HASH, HASH_SIZE, type Hash, nodeHash, recordHash } from './hash.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';

/** Reads stored hashes by index. Must return exactly one 32-byte hash per index, in order. */
export interface HashReader {
  readHashes(indexes: readonly number[]): Promise<readonly Hash[]>;
}

/** Trees hold fewer than 2^51 records, so every stored hash index stays below 2^53. */
export const MAX_RECORDS = 2 ** 51;

/** The stored hash index of the hash at `level` for the n-th perfect subtree of that level. */
export function storedHashIndex(level: number, n: number): number {
  // The hash at (level, n) is stored right after the leaf hash of record m = (n+1) * 2^level - 1,
  // which sits at sum over k of floor(m / 2^k) = 2m - popcount(m) (Go sums the series in a loop).
  const m = (n + 1) * 2 ** level - 1;
  if (!(m < MAX_RECORDS)) throw new TlogError('INVALID_ARGUMENT', `no stored hash (${level}, ${n}) in a tree of at most 2^51 records`);
  return 2 * m - onesCount(m) + level;
}

/** The inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  if (!isSize(index)) throw new TlogError('INVALID_ARGUMENT', `bad stored hash index ${index}`);
  // Record n's leaf hash sits at storedHashIndex(0, n), and n is at most index / 2.
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    const next = indexN + 1 + trailingZeros(n + 1);
    if (next > index) break;
    n++;
    indexN = next;
  }
  const level = index - indexN;
  return { level, n: shr(n, level) };
}

/** How many hashes a tree of n records stores. */
export function storedHashCount(n: number): number {
  assertSize(n, 'tree size');
  if (n === 0) return 0;
  // Record n-1 stores its leaf hash plus one hash per trailing one bit of n-1.
  return storedHashIndex(0, n - 1) + 1 + trailingZeros(n);
}

/** The hashes to store when record n (0-based) with this entry is appended to a tree of size n. */
export async function storedHashes(n: number, entry: Uint8Array, reader: HashReader): Promise<Hash[]> {
  return storedHashesForRecordHash(n, recordHash(entry), reader);
}

/** As storedHashes, from the record's leaf hash. */
export async function storedHashesForRecordHash(n: number, leafHash: Hash, reader: HashReader): Promise<Hash[]> {
  assertSize(n, 'record number');
  const m = trailingZeros(n + 1);
  // Left siblings, from the largest subtree down: the roots this record's subtrees close.
  const indexes = Array.from({ length: m }, (_, j) => storedHashIndex(m - 1 - j, shr(n, m - 1 - j) - 1));
  const old = await readChecked(reader, indexes);
  const hashes = [leafHash];
  let h = leafHash;
  for (let i = 0; i < m; i++) {
    h = nodeHash(old[m - 1 - i], h);
    hashes.push(h);
  }
  return hashes;
}

export interface AppendResult {
  /** Stored hash index of `hashes[0]`: storedHashCount(size). */
  firstIndex: number;
  /** The hashes to store at firstIndex, firstIndex + 1, ... */
  hashes: Hash[];
  /** Tree size after the append. */
  size: number;
  /** Root hash of the tree after the append, for the next checkpoint. */
  rootHash: Hash;
}

/**
 * Appends records (as leaf hashes) to a tree of `size`: the sequencer's one call per batch. Reads
 * the roots of the tree's perfect subtrees once (at most 53 hashes, one call), then computes every
 * stored hash of the batch and the new root without further reads.
 */
export async function appendRecordHashes(size: number, leafHashes: readonly Hash[], reader: HashReader): Promise<AppendResult> {
  assertSize(size, 'tree size');
  leafHashes.forEach((h, i) => {
    if (h.length !== HASH_SIZE) throw new TlogError('HASH_MALFORMED', `leaf hash ${i} is ${h.length} bytes`);
  });
  // The right border: roots of the perfect subtrees that make up the tree, largest first.
  const border = [...(await readChecked(reader, subtreeIndexes(0, size)))];
  const hashes: Hash[] = [];
  let n = size;
  for (const leaf of leafHashes) {
    let h = leaf;
    hashes.push(h);
    for (let merges = trailingZeros(n + 1); merges > 0; merges--) {
      h = nodeHash(border.pop() as Hash, h);
      hashes.push(h);
    }
    border.push(h);
    n++;
  }
  let rootHash = border.length === 0 ? EMPTY_TREE_HASH : border[border.length - 1];
  for (let i = border.length - 2; i >= 0; i--) rootHash = nodeHash(border[i], rootHash);
  return { firstIndex: storedHashCount(size), hashes, size: n, rootHash };
}

/** The root hash of the tree of n records (the empty-tree hash for n = 0). */
export async function treeHash(n: number, reader: HashReader): Promise<Hash> {
  assertSize(n, 'tree size');
  if (n === 0) return EMPTY_TREE_HASH;
  const hashes = await readChecked(reader, subtreeIndexes(0, n));
  return foldSubtrees(0, n, hashes, { at: 0 });
}

/** The inclusion proof of record n in the tree of t records (RFC 9162 order, leaf sibling first). */
export async function proveRecord(t: number, n: number, reader: HashReader): Promise<Hash[]> {
  assertSize(t, 'tree size');
  assertSize(n, 'record number');
  if (n >= t) throw new TlogError('INVALID_ARGUMENT', `record ${n} is not in a tree of size ${t}`);
  const indexes = leafProofIndexes(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await readChecked(reader, indexes);
  const cursor = { at: 0 };
  const proof = leafProof(0, t, n, hashes, cursor);
  if (cursor.at !== hashes.length) throw new Error('tlog: bad index math in proveRecord');
  return proof;
}

/** The consistency proof from the tree of n records to the tree of t records (1 <= n <= t). */
export async function proveTree(t: number, n: number, reader: HashReader): Promise<Hash[]> {
  assertSize(t, 'tree size');
  assertSize(n, 'old tree size');
  if (n < 1 || n > t) throw new TlogError('INVALID_ARGUMENT', `no consistency proof from size ${n} to size ${t}`);
  const indexes = treeProofIndexes(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = await readChecked(reader, indexes);
  const cursor = { at: 0 };
  const proof = treeProof(0, t, n, hashes, cursor);
  if (cursor.at !== hashes.length) throw new Error('tlog: bad index math in proveTree');
  return proof;
}

/** Checks an inclusion proof (Go's CheckRecord): record n with leaf hash h in tree (t, th). */
export function checkRecord(proof: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  verifyInclusion(n, t, h, proof, th);
}

/** Checks a consistency proof (Go's CheckTree): tree (n, h) is a prefix of tree (t, th). */
export function checkTree(proof: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  verifyConsistency(n, t, proof, h, th);
}

// --- Index plans (Go's subTreeIndex, leafProofIndex, treeProofIndex) --------------------------

/** Stored indexes of the perfect subtrees covering [lo, hi), largest first. */
export function subtreeIndexes(lo: number, hi: number, need: number[] = []): number[] {
  let at = lo;
  while (at < hi) {
    const level = floorLog2(hi - at);
    const k = 2 ** level;
    if (at % k !== 0) throw new Error('tlog: bad math in subtreeIndexes');
    need.push(storedHashIndex(level, shr(at, level)));
    at += k;
  }
  return need;
}

/** Largest level with 2^level <= n (n >= 1). */
function floorLog2(n: number): number {
  return bitLength(n) - 1;
}

function foldSubtrees(lo: number, hi: number, hashes: readonly Hash[], cursor: { at: number }): Hash {
  // [lo, hi) splits into one perfect subtree per set bit of its length.
  const count = onesCount(hi - lo);
  if (count === 0 || cursor.at + count > hashes.length) throw new Error('tlog: bad index math in foldSubtrees');
  const parts = hashes.slice(cursor.at, cursor.at + count);
  cursor.at += count;
  let h = parts[count - 1];
  for (let i = count - 2; i >= 0; i--) h = nodeHash(parts[i], h);
  return h;
}

function leafProofIndexes(lo: number, hi: number, n: number, need: number[]): number[] {
  if (lo + 1 === hi) return need;
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n < lo + k) {
    leafProofIndexes(lo, lo + k, n, need);
    subtreeIndexes(lo + k, hi, need);
  } else {
    subtreeIndexes(lo, lo + k, need);
    leafProofIndexes(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, hashes: readonly Hash[], cursor: { at: number }): Hash[] {
  if (lo + 1 === hi) return [];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n < lo + k) {
    const proof = leafProof(lo, lo + k, n, hashes, cursor);
    proof.push(foldSubtrees(lo + k, hi, hashes, cursor));
    return proof;
  }
  const sibling = foldSubtrees(lo, lo + k, hashes, cursor);
  const proof = leafProof(lo + k, hi, n, hashes, cursor);
  proof.push(sibling);
  return proof;
}

function treeProofIndexes(lo: number, hi: number, n: number, need: number[]): number[] {
  if (n === hi) return lo === 0 ? need : subtreeIndexes(lo, hi, need);
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n <= lo + k) {
    treeProofIndexes(lo, lo + k, n, need);
    subtreeIndexes(lo + k, hi, need);
  } else {
    subtreeIndexes(lo, lo + k, need);
    treeProofIndexes(lo + k, hi, n, need);
  }
  return need;
}

function treeProof(lo: number, hi: number, n: number, hashes: readonly Hash[], cursor: { at: number }): Hash[] {
  if (n === hi) return lo === 0 ? [] : [foldSubtrees(lo, hi, hashes, cursor)];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (n <= lo + k) {
    const proof = treeProof(lo, lo + k, n, hashes, cursor);
    proof.push(foldSubtrees(lo + k, hi, hashes, cursor));
    return proof;
  }
  const sibling = foldSubtrees(lo, lo + k, hashes, cursor);
  const proof = treeProof(lo + k, hi, n, hashes, cursor);
  proof.push(sibling);
  return proof;
}

// --- Helpers ----------------------------------------------------------------------------------

function assertSize(n: number, what: string): void {
  if (!isSize(n)) throw new TlogError('INVALID_ARGUMENT', `${what} ${n} is not a non-negative safe integer`);
}

/** Reads through the reader and checks its answer: one 32-byte hash per index. */
export async function readChecked(reader: HashReader, indexes: readonly number[]): Promise<readonly Hash[]> {
  if (indexes.length === 0) return [];
  const hashes = await reader.readHashes(indexes);
  if (hashes.length !== indexes.length) {
    throw new TlogError('READER_FAILED', `readHashes(${indexes.length} indexes) returned ${hashes.length} hashes`);
  }
  hashes.forEach((h, i) => {
    if (h.length !== HASH_SIZE) throw new TlogError('READER_FAILED', `readHashes returned ${h.length} bytes for index ${indexes[i]}`);
  });
  return hashes;
}

/** Stored hash index of the leaf hash of record n (a convenience for tile and audit code). */
export function leafHashIndex(n: number): number {
  return storedHashIndex(0, n);
}
