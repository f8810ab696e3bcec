import fc from 'fast-check';
import { hammingDistance } from './hash256.js';
import { PdqIndex, type PdqIndexMatch } from './pdq-index.js';

/** Flips exactly `bits` distinct bits, chosen by `positions` (a permutation source). */
function flip(hash: Uint8Array, positions: number[]): Uint8Array {
  const out = Uint8Array.from(hash);
  for (const k of positions) out[k >> 3] ^= 1 << (k & 7);
  return out;
}

/** The obvious answer: every stored hash, one distance at a time. */
function bruteForce(entries: Map<string, Uint8Array>, query: Uint8Array, maxDistance: number): PdqIndexMatch<string>[] {
  return [...entries]
    .map(([id, hash]) => ({ id, distance: hammingDistance(hash, query) }))
    .filter((m) => m.distance <= maxDistance);
}

const sorted = (matches: PdqIndexMatch<string>[]) => [...matches].sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
const hashArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const distinctBits = (n: number) => fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: n, maxLength: n });

describe('PdqIndex', () => {
  it.each([16, 8] as const)('finds a hash exactly 31 bits away and not one 32 bits away (%i-bit chunks)', (chunkBits) => {
    fc.assert(
      fc.property(hashArb, distinctBits(32), (hash, bits) => {
        const index = new PdqIndex({ chunkBits });
        index.add('at-31', flip(hash, bits.slice(0, 31)));
        index.add('at-32', flip(hash, bits));
        index.add('same', hash);
        expect(index.match(hash)).toEqual([
          { id: 'same', distance: 0 },
          { id: 'at-31', distance: 31 },
        ]);
        expect(index.match(hash, 32).map((m) => m.id)).toEqual(['same', 'at-31', 'at-32']);
        expect(index.match(hash, 0)).toEqual([{ id: 'same', distance: 0 }]);
      }),
      { numRuns: 200 },
    );
  });

  it('finds every planted near-duplicate the brute force finds, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.array(hashArb, { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 40 }), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 })), { maxLength: 60 }),
        fc.integer({ min: 0, max: 64 }),
        (seeds, planted, maxDistance) => {
          const entries = new Map<string, Uint8Array>();
          seeds.forEach((hash, i) => entries.set(`s${i}`, hash));
          planted.forEach(([of, _n, bits], i) => entries.set(`p${i}`, flip(seeds[of % seeds.length], bits)));
          const index = new PdqIndex();
          for (const [id, hash] of entries) index.add(id, hash);
          for (const query of [...seeds, ...planted.map(([of, n]) => flip(seeds[of % seeds.length], Array.from({ length: n }, (_, k) => (k * 37) % 256)))]) {
            expect(sorted(index.match(query, maxDistance))).toEqual(sorted(bruteForce(entries, query, maxDistance)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stays exact through adds, replacements and removals (model-based)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: fc.integer({ min: 0, max: 30 }), base: fc.integer({ min: 0, max: 3 }), bits: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }) }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(
      fc.property(fc.array(hashArb, { minLength: 4, maxLength: 4 }), fc.array(op, { maxLength: 120 }), (bases, ops) => {
        // Entries share four ancestors, so buckets hold several entries and unlinking is exercised.
        const model = new Map<string, Uint8Array>();
        const index = new PdqIndex({ capacity: 16 });
        for (const o of ops) {
          const id = `e${o.id}`;
          if (o.kind === 'add') {
            const hash = flip(bases[o.base], o.bits);
            index.add(id, hash);
            model.set(id, hash);
          } else {
            expect(index.remove(id)).toBe(model.delete(id));
          }
          expect(index.size).toBe(model.size);
        }
        for (const query of bases) expect(sorted(index.match(query))).toEqual(sorted(bruteForce(model, query, 31)));
        for (const id of model.keys()) expect(index.has(id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('grows past its initial capacity and reuses removed slots', () => {
    const index = new PdqIndex<number>({ capacity: 16 });
    const hashes = fc.sample(hashArb, { numRuns: 500, seed: 7 });
    hashes.forEach((hash, i) => index.add(i, hash));
    for (let i = 0; i < 500; i += 2) index.remove(i);
    hashes.forEach((hash, i) => i % 4 === 0 && index.add(i, hash));
    expect(index.size).toBe(250 + 125);
    hashes.forEach((hash, i) => expect(index.match(hash, 0).map((m) => m.id)).toEqual(i % 2 === 1 || i % 4 === 0 ? [i] : []));
  });

  it('answers distances above the probing range by scanning, still exactly', () => {
    const [hash, other] = fc.sample(hashArb, { numRuns: 2, seed: 3 });
    const index = new PdqIndex();
    index.add('a', hash);
    index.add('b', other);
    const far = hammingDistance(hash, other);
    expect(index.match(hash, 256).map((m) => m.id)).toEqual(['a', 'b']);
    expect(index.match(hash, far - 1).map((m) => m.id)).toEqual(['a']);
    expect(index.match(hash, far).map((m) => m.distance)).toEqual([0, far]);
  });

  it('refuses malformed hashes and distances', () => {
    const index = new PdqIndex();
    expect(() => index.add('x', new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'HASH_INVALID' }));
    expect(() => index.match(new Uint8Array(32), -1)).toThrow(RangeError);
    expect(() => index.match(new Uint8Array(32), 1.5)).toThrow(RangeError);
    expect(index.remove('never added')).toBe(false);
  });
});
