/**
 * The shared "notice and stay down" list: for each removed item, a reference (the caller's id,
 * e.g. an order and item) and its hashes, never the content. A provider asks `match` before it
 * publishes: the SHA-256 of the bytes matches exactly; the PDQ hash of an image matches within
 * Hamming distance 31 (Meta's recommended threshold), through a multi-index hash.
 */
import { StayDownError } from './errors.js';
import { assertHash256, hash256FromHex, type Hash256 } from './hash256.js';
import { PdqIndex, type PdqIndexOptions } from './pdq-index.js';
import { PDQ_MATCH_DISTANCE } from './pdq.js';

export interface StayDownEntry<Id> {
  id: Id;
  /** SHA-256 of the removed bytes, hex or 32 bytes. */
  sha256?: string | Hash256;
  /** PDQ hash of the removed image, hex or 32 bytes. */
  pdq?: string | Hash256;
}

export interface StayDownQuery {
  sha256?: string | Hash256;
  /** One PDQ hash, or several (e.g. the eight of `pdqHashDihedral`): the nearest counts. */
  pdq?: string | Hash256 | readonly (string | Hash256)[];
}

export interface StayDownMatch<Id> {
  id: Id;
  /** The SHA-256 is the same: these are the very bytes that were removed. */
  sha256: boolean;
  /** Distance of the nearest PDQ hash within the threshold, or null when none is. */
  pdqDistance: number | null;
}

export class StayDownList<Id extends string | number | bigint = string> {
  /** Every entry, with its SHA-256 as a 32-character binary string (half the memory of hex). */
  private readonly entries = new Map<Id, string | null>();
  /** SHA-256 → the id, or the ids when the same bytes were removed more than once. */
  private readonly bySha256 = new Map<string, Id | Id[]>();
  private readonly pdq: PdqIndex<Id>;

  constructor(options: PdqIndexOptions = {}) {
    this.pdq = new PdqIndex<Id>(options);
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: Id): boolean {
    return this.entries.has(id);
  }

  /** Adds an entry, replacing any entry with the same id. */
  add(entry: StayDownEntry<Id>): void {
    if (entry.sha256 === undefined && entry.pdq === undefined) throw new StayDownError('ENTRY_INVALID', 'an entry needs a SHA-256 or a PDQ hash');
    const sha256 = entry.sha256 === undefined ? null : keyOf(entry.sha256);
    const pdq = entry.pdq === undefined ? undefined : bytesOf(entry.pdq);
    this.remove(entry.id);
    if (sha256 !== null) {
      const ids = this.bySha256.get(sha256);
      this.bySha256.set(sha256, ids === undefined ? entry.id : Array.isArray(ids) ? [...ids, entry.id] : [ids, entry.id]);
    }
    if (pdq !== undefined) this.pdq.add(entry.id, pdq);
    this.entries.set(entry.id, sha256);
  }

  remove(id: Id): boolean {
    const sha256 = this.entries.get(id);
    if (sha256 === undefined) return false;
    this.entries.delete(id);
    if (sha256 !== null) {
      const ids = this.bySha256.get(sha256);
      const rest = Array.isArray(ids) ? ids.filter((other) => other !== id) : [];
      if (rest.length === 0) this.bySha256.delete(sha256);
      else this.bySha256.set(sha256, rest.length === 1 ? rest[0] : rest);
    }
    this.pdq.remove(id);
    return true;
  }

  /**
   * Every entry the query matches: exact SHA-256 matches first, then by PDQ distance.
   * `maxDistance` is Meta's 31 unless the caller has measured a better one for its content.
   */
  match(query: StayDownQuery, maxDistance = PDQ_MATCH_DISTANCE): StayDownMatch<Id>[] {
    const matches = new Map<Id, StayDownMatch<Id>>();
    const entry = (id: Id) => matches.get(id) ?? matches.set(id, { id, sha256: false, pdqDistance: null }).get(id)!;
    if (query.sha256 !== undefined) {
      const ids = this.bySha256.get(keyOf(query.sha256));
      for (const id of ids === undefined ? [] : Array.isArray(ids) ? ids : [ids]) entry(id).sha256 = true;
    }
    const pdqs = query.pdq === undefined ? [] : Array.isArray(query.pdq) ? query.pdq : [query.pdq];
    for (const pdq of pdqs as (string | Hash256)[]) {
      for (const { id, distance } of this.pdq.match(bytesOf(pdq), maxDistance)) {
        const match = entry(id);
        if (match.pdqDistance === null || distance < match.pdqDistance) match.pdqDistance = distance;
      }
    }
    return [...matches.values()].sort((a, b) => Number(b.sha256) - Number(a.sha256) || (a.pdqDistance ?? 257) - (b.pdqDistance ?? 257));
  }
}

function keyOf(hash: string | Hash256): string {
  const bytes = bytesOf(hash);
  return Buffer.from(bytes.buffer, bytes.byteOffset, 32).toString('latin1');
}

function bytesOf(hash: string | Hash256): Hash256 {
  if (typeof hash === 'string') return hash256FromHex(hash);
  assertHash256(hash);
  return hash;
}
