/**
 * 256-bit hashes (PDQ, SHA-256) as 32 bytes, their hex form and Hamming distance.
 *
 * A PDQ hash is kept as the 32 bytes of its hex form, so `Buffer.from(hex, 'hex')` and back
 * round-trip. Meta's reference prints sixteen 16-bit words, the last word first, and bit k of
 * the hash lives in word k >> 4 at bit k & 15: read as one big-endian 256-bit number, the hex
 * form has bit k at value 2^k. `pdqBit` names that order.
 */
import { StayDownError } from './errors.js';

export type Hash256 = Uint8Array;

const HEX_256 = /^[0-9a-fA-F]{64}$/;

export function isHash256Hex(hex: string): boolean {
  return HEX_256.test(hex);
}

/** Parses 64 hex characters (either case, as the reference's `sscanf("%04hx")` accepts). */
export function hash256FromHex(hex: string): Hash256 {
  if (typeof hex !== 'string' || !HEX_256.test(hex)) throw new StayDownError('HASH_INVALID', 'a 256-bit hash is 64 hexadecimal characters');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Lower-case hex, 64 characters: the reference's `Hash256::format`. */
export function hash256ToHex(hash: Hash256): string {
  assertHash256(hash);
  return Buffer.from(hash.buffer, hash.byteOffset, 32).toString('hex');
}

export function assertHash256(hash: Hash256): void {
  if (!(hash instanceof Uint8Array) || hash.length !== 32) throw new StayDownError('HASH_INVALID', 'a 256-bit hash is 32 bytes');
}

/** Bit k (0..255) in the reference's numbering: DCT coefficient row k >> 4, column k & 15. */
export function pdqBit(hash: Hash256, k: number): 0 | 1 {
  return ((hash[31 - (k >> 3)] >> (k & 7)) & 1) as 0 | 1;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The hash as eight 32-bit words (big-endian within each word), the index's storage form. */
export function hash256Words(hash: Hash256, into: Uint32Array = new Uint32Array(8)): Uint32Array {
  assertHash256(hash);
  for (let w = 0; w < 8; w++) {
    const b = w * 4;
    into[w] = ((hash[b] << 24) | (hash[b + 1] << 16) | (hash[b + 2] << 8) | hash[b + 3]) >>> 0;
  }
  return into;
}

/** Number of differing bits between two 256-bit hashes. */
export function hammingDistance(a: Hash256, b: Hash256): number {
  const x = hash256Words(a);
  const y = hash256Words(b);
  let distance = 0;
  for (let w = 0; w < 8; w++) distance += popcount32(x[w] ^ y[w]);
  return distance;
}
