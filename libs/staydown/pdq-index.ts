/**
 * In-memory index of 256-bit hashes answering "every entry within Hamming distance d", exactly.
 *
 * Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
 * Multi-Index Hashing", CVPR 2012; also what Meta's `pdq/cpp/index/mih.h` does): the hash is
 * cut into m chunks, and by the pigeonhole principle two hashes within distance d agree to
 * within floor(d / m) bits on at least one chunk. So a query looks up, chunk by chunk, every
 * value within that radius of its own chunk, and checks each candidate's full distance with
 * popcount. With 16 chunks of 16 bits and d = 31 that is 17 buckets per chunk, about 4,000
 * candidates among a million random hashes. The README has the figures behind the choice.
 *
 * Storage is typed arrays, not objects: per chunk a table of bucket heads, and per entry one
 * record holding its eight 32-bit words and, for each chunk, the next entry in the same bucket.
 * Following a bucket's chain and checking the candidate read the same record, so a candidate
 * costs about one cache miss. Adding and removing are O(1) plus a walk of one bucket per
 * chunk, and a million entries need no per-entry JavaScript objects.
 */
import { assertHash256, popcount32, type Hash256 } from './hash256.js';

export interface PdqIndexOptions {
  /** Bits per chunk: 16 (16 chunks, the default) or 8 (32 chunks). */
  chunkBits?: 8 | 16;
  /** Entries to make room for at once; the index grows by doubling beyond it. */
  capacity?: number;
}

export interface PdqIndexMatch<Id> {
  id: Id;
  distance: number;
}

const EMPTY = -1;
/** Past this many differing bits per chunk, enumerating bucket neighbours costs more than a scan. */
const MAX_PROBE_RADIUS = 2;

export class PdqIndex<Id extends string | number | bigint = string> {
  readonly chunkBits: 8 | 16;
  private readonly chunks: number;
  private readonly chunkMask: number;
  /** Int32s per record: eight hash words, then one bucket link per chunk. */
  private readonly stride: number;
  private capacity: number;
  private records: Int32Array;
  /** heads[c << chunkBits | value]: the first slot whose chunk c has that value. */
  private readonly heads: Int32Array;
  /** The query that last reported each slot, so that a match found through two chunks counts once. */
  private reported: Uint32Array;
  private query = 0;
  private readonly ids: (Id | undefined)[] = [];
  private readonly slots = new Map<Id, number>();
  private readonly free: number[] = [];
  private used = 0;
  private readonly queryWords = new Int32Array(8);

  constructor(options: PdqIndexOptions = {}) {
    this.chunkBits = options.chunkBits ?? 16;
    this.chunks = 256 / this.chunkBits;
    this.chunkMask = (1 << this.chunkBits) - 1;
    this.stride = 8 + this.chunks;
    this.capacity = Math.max(16, options.capacity ?? 1024);
    this.records = new Int32Array(this.capacity * this.stride);
    this.heads = new Int32Array(this.chunks << this.chunkBits).fill(EMPTY);
    this.reported = new Uint32Array(this.capacity);
  }

  get size(): number {
    return this.slots.size;
  }

  has(id: Id): boolean {
    return this.slots.has(id);
  }

  /** Adds an entry; an entry with the same id is replaced. */
  add(id: Id, hash: Hash256): void {
    assertHash256(hash);
    this.remove(id);
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.capacity) this.grow();
    const record = slot * this.stride;
    wordsOf(hash, this.records, record);
    for (let c = 0; c < this.chunks; c++) {
      const bucket = (c << this.chunkBits) | this.chunkOf(this.records, record, c);
      this.records[record + 8 + c] = this.heads[bucket];
      this.heads[bucket] = slot;
    }
    this.ids[slot] = id;
    this.slots.set(id, slot);
  }

  /** Removes an entry; false when there was none with that id. */
  remove(id: Id): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const { records, stride } = this;
    for (let c = 0; c < this.chunks; c++) {
      const bucket: number = (c << this.chunkBits) | this.chunkOf(records, slot * stride, c);
      const after = records[slot * stride + 8 + c];
      if (this.heads[bucket] === slot) {
        this.heads[bucket] = after;
        continue;
      }
      let at: number = this.heads[bucket];
      while (records[at * stride + 8 + c] !== slot) at = records[at * stride + 8 + c];
      records[at * stride + 8 + c] = after;
    }
    this.ids[slot] = undefined;
    this.slots.delete(id);
    this.free.push(slot);
    return true;
  }

  /** Every entry within `maxDistance` bits of `hash`, nearest first (ties in no set order). */
  match(hash: Hash256, maxDistance = 31): PdqIndexMatch<Id>[] {
    assertHash256(hash);
    if (!Number.isInteger(maxDistance) || maxDistance < 0) throw new RangeError('maxDistance must be a non-negative integer');
    const q = wordsOf(hash, this.queryWords, 0);
    const found: PdqIndexMatch<Id>[] = [];
    if (++this.query === 0xffffffff) {
      this.reported.fill(0);
      this.query = 1;
    }
    const radius = Math.floor(maxDistance / this.chunks);
    if (radius > MAX_PROBE_RADIUS) {
      for (let slot = 0; slot < this.used; slot++) if (this.ids[slot] !== undefined) this.check(slot, q, maxDistance, found);
      return found.sort((a, b) => a.distance - b.distance);
    }
    for (let c = 0; c < this.chunks; c++) {
      const value = this.chunkOf(q, 0, c);
      this.probe(c, value, q, maxDistance, found);
      if (radius === 0) continue;
      for (let b1 = 0; b1 < this.chunkBits; b1++) {
        const v1 = value ^ (1 << b1);
        this.probe(c, v1, q, maxDistance, found);
        if (radius === 2) for (let b2 = b1 + 1; b2 < this.chunkBits; b2++) this.probe(c, v1 ^ (1 << b2), q, maxDistance, found);
      }
    }
    return found.sort((a, b) => a.distance - b.distance);
  }

  private probe(c: number, value: number, q: Int32Array, maxDistance: number, found: PdqIndexMatch<Id>[]): void {
    const { records, stride } = this;
    for (let slot = this.heads[(c << this.chunkBits) | value]; slot !== EMPTY; slot = records[slot * stride + 8 + c]) {
      this.check(slot, q, maxDistance, found);
    }
  }

  private check(slot: number, q: Int32Array, maxDistance: number, found: PdqIndexMatch<Id>[]): void {
    const records = this.records;
    const base = slot * this.stride;
    let distance = 0;
    for (let w = 0; w < 8 && distance <= maxDistance; w++) distance += popcount32(records[base + w] ^ q[w]);
    // Most candidates fail on distance; only a match needs the once-only test.
    if (distance <= maxDistance && this.reported[slot] !== this.query) {
      this.reported[slot] = this.query;
      found.push({ id: this.ids[slot]!, distance });
    }
  }

  private chunkOf(words: Int32Array, base: number, c: number): number {
    const bit = c * this.chunkBits;
    return (words[base + (bit >>> 5)] >>> (bit & 31)) & this.chunkMask;
  }

  private grow(): void {
    this.capacity *= 2;
    const records = new Int32Array(this.capacity * this.stride);
    records.set(this.records);
    this.records = records;
    const reported = new Uint32Array(this.capacity);
    reported.set(this.reported);
    this.reported = reported;
  }
}

/** The 32 bytes as eight big-endian 32-bit words at `into[at..at+8)`. */
function wordsOf(hash: Hash256, into: Int32Array, at: number): Int32Array {
  for (let w = 0; w < 8; w++) {
    const b = w * 4;
    into[at + w] = (hash[b] << 24) | (hash[b + 1] << 16) | (hash[b + 2] << 8) | hash[b + 3];
  }
  return into;
}
