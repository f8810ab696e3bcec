/**
 * Bit arithmetic on tree sizes and indexes held as JavaScript numbers. JavaScript's bitwise
 * operators work on 32 bits, and a log outgrows that, so every helper here is exact for all safe
 * integers (below 2^53): shifts are powers of two, and 64-bit-style operations split the number
 * into two 32-bit halves. (bigint would be exact too, but is several times slower per hash.)
 */
const TWO_32 = 4294967296;

/** Whether `n` is an integer in [0, 2^53). */
export function isSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** floor(n / 2^k). */
export function shr(n: number, k: number): number {
  return k === 0 ? n : Math.floor(n / 2 ** k);
}

/** n * 2^k. */
export function shl(n: number, k: number): number {
  return n * 2 ** k;
}

/** Number of bits needed to write n (0 for 0), like Go's bits.Len64. */
export function bitLength(n: number): number {
  const high = Math.floor(n / TWO_32);
  return high > 0 ? 64 - Math.clz32(high) : 32 - Math.clz32(n >>> 0);
}

/** Number of trailing zero bits of n > 0, like Go's bits.TrailingZeros64. */
export function trailingZeros(n: number): number {
  const low = n >>> 0;
  if (low !== 0) return 31 - Math.clz32(low & -low);
  return 32 + 31 - Math.clz32(Math.floor(n / TWO_32) & -Math.floor(n / TWO_32));
}

/** Number of set bits of n. */
export function onesCount(n: number): number {
  return popcount32(n >>> 0) + popcount32(Math.floor(n / TWO_32));
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** a XOR b. */
export function xor(a: number, b: number): number {
  const high = (Math.floor(a / TWO_32) ^ Math.floor(b / TWO_32)) >>> 0;
  return high * TWO_32 + (((a >>> 0) ^ (b >>> 0)) >>> 0);
}

/** Whether bit `k` of n is set. */
export function bit(n: number, k: number): boolean {
  return shr(n, k) % 2 === 1;
}

/** The largest power of two strictly below n (n >= 2). */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}
