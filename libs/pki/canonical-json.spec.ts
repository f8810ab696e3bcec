import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, canonicalJsonString } from './canonical-json.js';
import { PkiError } from './errors.js';

// The RFC 8785 test vectors of cyberphone/json-canonicalization (Apache 2.0), copied unchanged.
const VECTORS = join(import.meta.dirname, 'testdata', 'rfc8785');
const names = readdirSync(join(VECTORS, 'input')).filter((name) => name.endsWith('.json'));

describe('canonicalJson (RFC 8785)', () => {
  it('has every vector', () => {
    expect(names.sort()).toEqual(['arrays.json', 'french.json', 'structures.json', 'unicode.json', 'values.json', 'weird.json']);
  });

  it.each(names)('%s canonicalises to the expected bytes', (name) => {
    const input = JSON.parse(readFileSync(join(VECTORS, 'input', name), 'utf8')) as unknown;
    const expectedHex = readFileSync(join(VECTORS, 'outhex', name.replace(/\.json$/, '.txt')), 'utf8').replace(/\s+/g, '');
    expect(canonicalJson(input).toString('hex')).toBe(expectedHex);
    expect(canonicalJson(input)).toEqual(readFileSync(join(VECTORS, 'output', name)));
  });

  it('is stable: canonical bytes parse back to themselves', () => {
    for (const name of names) {
      const once = canonicalJsonString(JSON.parse(readFileSync(join(VECTORS, 'input', name), 'utf8')));
      expect(canonicalJsonString(JSON.parse(once))).toBe(once);
    }
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a nested NaN', { a: [1, -Infinity] }],
    ['a BigInt', { n: 1n }],
    ['undefined', undefined],
    ['a function', () => 1],
  ])('refuses %s with CANONICAL_JSON_INVALID', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(PkiError);
    try {
      canonicalJson(value);
    } catch (error) {
      expect((error as PkiError).code).toBe('CANONICAL_JSON_INVALID');
    }
  });

  it('orders keys by UTF-16 code units and writes numbers the ECMAScript way', () => {
    expect(canonicalJsonString({ b: 1, a: { d: 2e21, c: -0 }, '\u20ac': 1, '\r': 0 })).toBe('{"\\r":0,"a":{"c":0,"d":2e+21},"b":1,"€":1}');
  });
});
