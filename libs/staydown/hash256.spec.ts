import fc from 'fast-check';
import { hammingDistance, hash256FromHex, hash256ToHex, isHash256Hex, pdqBit } from './hash256.js';

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
/** An independent count: the hex forms as 256-bit integers, XOR, count the ones. */
const oracle = (a: Uint8Array, b: Uint8Array) => [...(BigInt(`0x${hash256ToHex(a)}`) ^ BigInt(`0x${hash256ToHex(b)}`)).toString(2)].filter((c) => c === '1').length;

describe('256-bit hashes', () => {
  it('round-trips through 64 lower-case hex characters', () => {
    fc.assert(
      fc.property(hash, (bytes) => {
        const hex = hash256ToHex(bytes);
        expect(hex).toMatch(/^[0-9a-f]{64}$/);
        expect(hash256FromHex(hex)).toEqual(bytes);
        expect(hash256FromHex(hex.toUpperCase())).toEqual(bytes);
      }),
    );
  });

  it('numbers bits as the reference prints them: bit k is 2^k of the hex number', () => {
    // Reference: bit k sits in 16-bit word k >> 4 at k & 15, words printed from 15 down to 0.
    const one = (k: number) => hash256FromHex((1n << BigInt(k)).toString(16).padStart(64, '0'));
    for (const k of [0, 1, 15, 16, 17, 127, 128, 254, 255]) {
      const bits = Array.from({ length: 256 }, (_, i) => pdqBit(one(k), i));
      expect(bits.indexOf(1)).toBe(k);
      expect(bits.lastIndexOf(1)).toBe(k);
    }
    expect(pdqBit(hash256FromHex('8' + '0'.repeat(63)), 255)).toBe(1);
    expect(pdqBit(hash256FromHex('0'.repeat(60) + '0001'), 0)).toBe(1);
  });

  it('refuses anything but 64 hex characters', () => {
    for (const bad of ['', 'ab', '0'.repeat(63), '0'.repeat(65), 'g'.repeat(64), ` ${'0'.repeat(63)}`]) {
      expect(isHash256Hex(bad)).toBe(false);
      expect(() => hash256FromHex(bad)).toThrow(expect.objectContaining({ code: 'HASH_INVALID' }));
    }
    expect(() => hash256ToHex(new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'HASH_INVALID' }));
  });

  it('counts differing bits like an independent big-integer count', () => {
    fc.assert(fc.property(hash, hash, (a, b) => expect(hammingDistance(a, b)).toBe(oracle(a, b))));
  });

  it('is a metric: zero to itself, symmetric, triangle inequality', () => {
    fc.assert(
      fc.property(hash, hash, hash, (a, b, c) => {
        expect(hammingDistance(a, a)).toBe(0);
        expect(hammingDistance(a, b)).toBe(hammingDistance(b, a));
        expect(hammingDistance(a, c)).toBeLessThanOrEqual(hammingDistance(a, b) + hammingDistance(b, c));
      }),
    );
    expect(hammingDistance(new Uint8Array(32), new Uint8Array(32).fill(255))).toBe(256);
  });
});
