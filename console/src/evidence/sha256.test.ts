import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Once, toBase64, toHex } from './sha256';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('incremental SHA-256', () => {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the NESSIE/Wikipedia empty-string digest.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('hashes the FIPS 180-4 vector %j', (input, expected) => {
    expect(new Sha256().update(ascii(input)).hex()).toBe(expected);
  });

  it('hashes one million "a" fed in uneven pieces (FIPS 180-4 long message)', () => {
    const hash = new Sha256();
    const piece = ascii('a'.repeat(997));
    let fed = 0;
    while (fed + piece.length <= 1_000_000) {
      hash.update(piece);
      fed += piece.length;
    }
    hash.update(ascii('a'.repeat(1_000_000 - fed)));
    expect(hash.hex()).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('gives the same digest however the input is split, at every padding boundary', () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 4096 + 13]) {
      const data = randomBytes(length);
      const expected = createHash('sha256').update(data).digest('hex');
      const hash = new Sha256();
      let offset = 0;
      let step = 1;
      while (offset < length) {
        hash.update(data.subarray(offset, offset + step));
        offset += step;
        step = (step * 7) % 67 + 1;
      }
      expect(hash.hex(), `length ${length}`).toBe(expected);
    }
  });

  it('refuses to be fed after its digest', () => {
    const hash = new Sha256().update(ascii('abc'));
    hash.digest();
    expect(() => hash.update(ascii('d'))).toThrow(/after digest/);
  });

  it('encodes digests as hex and base64 (Repr-Digest)', async () => {
    const digest = await sha256Once(ascii('abc'));
    expect(toHex(digest)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toBase64(digest)).toBe(createHash('sha256').update('abc').digest('base64'));
  });
});
