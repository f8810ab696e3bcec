import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage, pdqOfImageBytes } from './decode.js';
import { hammingDistance, hash256FromHex, hash256ToHex, pdqBit } from './hash256.js';
import { PDQ_DIHEDRAL_NAMES, pdqHash, pdqHashDihedral, type PdqImage } from './pdq.js';
import { jpegOf, pngOf, scene, toGrey, withAlpha } from './testdata/scenes.js';

const TESTDATA = join(import.meta.dirname, 'testdata');
interface Reference {
  width: number;
  height: number;
  quality: number;
  pdq: string;
  dihedral: Record<(typeof PDQ_DIHEDRAL_NAMES)[number], string>;
}
const REFERENCE = JSON.parse(readFileSync(join(TESTDATA, 'reference-hashes.json'), 'utf8')).images as Record<string, Reference>;
const fixture = (name: string) => readFileSync(join(TESTDATA, name));
const rgb = (width: number, height: number, data: Uint8Array): PdqImage => ({ width, height, channels: 3, data });

describe('PDQ against the C++ reference', () => {
  const pngs = Object.keys(REFERENCE).filter((name) => name.endsWith('.png'));
  const jpegs = Object.keys(REFERENCE).filter((name) => name.endsWith('.jpg'));

  it('has PNG and JPEG vectors to check', () => {
    expect(pngs.length).toBeGreaterThanOrEqual(10);
    expect(jpegs.length).toBeGreaterThanOrEqual(2);
  });

  // Same pixels in, same bits out: Meta's first criterion for a correct implementation.
  it.each(pngs)('%s: the same hash, quality and dihedral hashes, bit for bit', (name) => {
    const expected = REFERENCE[name];
    const image = decodeImage(fixture(name));
    expect([image.width, image.height]).toEqual([expected.width, expected.height]);
    const { hash, quality } = pdqHash(image);
    expect(hash256ToHex(hash)).toBe(expected.pdq);
    expect(quality).toBe(expected.quality);
    const dihedral = pdqHashDihedral(image);
    for (const name of PDQ_DIHEDRAL_NAMES) expect(hash256ToHex(dihedral.hashes[name])).toBe(expected.dihedral[name]);
    expect(dihedral.quality).toBe(expected.quality);
  });

  // JPEG decoders differ in rounding (the reference used libjpeg-turbo, this library jpeg-js):
  // Meta accepts distance <= 10 between implementations for images of quality >= 80.
  it.each(jpegs)('%s: within distance 10 of the reference, decoded by another JPEG decoder', (name) => {
    const expected = REFERENCE[name];
    const result = pdqOfImageBytes(fixture(name));
    expect(expected.quality).toBeGreaterThanOrEqual(80);
    expect(hammingDistance(result.hash, hash256FromHex(expected.pdq))).toBeLessThanOrEqual(10);
    expect(Math.abs(result.quality - expected.quality)).toBeLessThanOrEqual(5);
  });
});

describe('PDQ invariants', () => {
  const base = { width: 400, height: 300, seed: 101, shapes: 25 };
  const pixels = scene(base);
  const original = pdqHash(rgb(400, 300, pixels));

  it('is deterministic and sets half the bits (threshold at the median)', () => {
    const again = pdqHash(rgb(400, 300, scene(base)));
    expect(hash256ToHex(again.hash)).toBe(hash256ToHex(original.hash));
    const ones = Array.from({ length: 256 }, (_, k) => pdqBit(original.hash, k)).reduce<number>((a, b) => a + b, 0);
    expect(ones).toBe(128);
    expect(original.quality).toBeGreaterThanOrEqual(80);
  });

  it('matches the same scene at other sizes and aspect ratios', () => {
    for (const [width, height] of [
      [160, 120],
      [800, 600],
      [400, 200],
    ]) {
      const resized = pdqHash(rgb(width, height, scene({ ...base, width, height })));
      expect(hammingDistance(resized.hash, original.hash)).toBeLessThanOrEqual(31);
    }
  });

  it('matches the scene after JPEG compression, even at low quality', () => {
    for (const quality of [90, 50, 20]) {
      const recompressed = pdqOfImageBytes(jpegOf(400, 300, pixels, quality));
      expect(hammingDistance(recompressed.hash, original.hash)).toBeLessThanOrEqual(31);
    }
  });

  it('matches through a little noise and a brightness shift', () => {
    const brighter = scene({ ...base, noise: 12 }).map((v) => Math.min(255, v + 20));
    expect(hammingDistance(pdqHash(rgb(400, 300, brighter)).hash, original.hash)).toBeLessThanOrEqual(31);
  });

  it('keeps different scenes far apart', () => {
    for (const seed of [102, 103, 104]) {
      const other = pdqHash(rgb(200, 150, scene({ ...base, width: 200, height: 150, seed })));
      expect(hammingDistance(other.hash, original.hash)).toBeGreaterThan(31 + 20);
    }
  });

  it('does not match a mirror image, but the dihedral hash of the original does', () => {
    const mirrored = new Uint8Array(pixels.length);
    for (let y = 0; y < 300; y++) {
      for (let x = 0; x < 400; x++) mirrored.set(pixels.subarray((y * 400 + x) * 3, (y * 400 + x) * 3 + 3), (y * 400 + (399 - x)) * 3);
    }
    const mirror = pdqHash(rgb(400, 300, mirrored));
    expect(hammingDistance(mirror.hash, original.hash)).toBeGreaterThan(31);
    const { hashes } = pdqHashDihedral(rgb(400, 300, pixels));
    expect(hammingDistance(mirror.hash, hashes.flipY)).toBeLessThanOrEqual(8);
  });

  it('matches a 90° rotation through the rotate90 hash', () => {
    // Counter-clockwise: the top-right corner goes to the top-left.
    const rotated = new Uint8Array(pixels.length);
    for (let y = 0; y < 300; y++) {
      for (let x = 0; x < 400; x++) rotated.set(pixels.subarray((y * 400 + x) * 3, (y * 400 + x) * 3 + 3), ((399 - x) * 300 + y) * 3);
    }
    const turned = pdqHash(rgb(300, 400, rotated));
    expect(hammingDistance(turned.hash, original.hash)).toBeGreaterThan(31);
    expect(hammingDistance(turned.hash, pdqHashDihedral(rgb(400, 300, pixels)).hashes.rotate90)).toBeLessThanOrEqual(8);
  });

  it('gives a flat image quality 0, whatever bits its rounding noise sets', () => {
    const flat = pdqHash(rgb(120, 80, scene({ width: 120, height: 80, seed: 0, flat: [90, 160, 30] })));
    expect(flat.quality).toBe(0);
  });

  it('hashes images under 5 pixels wide or high to zero with quality 0', () => {
    const tiny = pdqHash(rgb(4, 100, scene({ width: 4, height: 100, seed: 1 })));
    expect(hash256ToHex(tiny.hash)).toBe('0'.repeat(64));
    expect(tiny.quality).toBe(0);
  });

  it('ignores alpha, as the reference does', () => {
    const small = scene({ width: 90, height: 70, seed: 7 });
    const withA = pdqHash({ width: 90, height: 70, channels: 4, data: withAlpha(small, 1) });
    const withB = pdqHash({ width: 90, height: 70, channels: 4, data: withAlpha(small, 2) });
    expect(hash256ToHex(withA.hash)).toBe(hash256ToHex(pdqHash(rgb(90, 70, small)).hash));
    expect(hash256ToHex(withB.hash)).toBe(hash256ToHex(withA.hash));
  });

  it('hashes a grey image the same as its RGB copy, give or take float rounding', () => {
    const grey = toGrey(scene({ width: 160, height: 120, seed: 9, shapes: 20 }));
    const asRgb = new Uint8Array(grey.length * 3).map((_, i) => grey[Math.floor(i / 3)]);
    const fromGrey = pdqHash({ width: 160, height: 120, channels: 1, data: grey });
    const fromRgb = pdqHash(rgb(160, 120, asRgb));
    expect(hammingDistance(fromGrey.hash, fromRgb.hash)).toBeLessThanOrEqual(2);
  });

  it('hashes a PNG and the pixels it holds the same', () => {
    const small = scene({ width: 150, height: 100, seed: 11 });
    expect(hash256ToHex(pdqOfImageBytes(pngOf(150, 100, small, 3)).hash)).toBe(hash256ToHex(pdqHash(rgb(150, 100, small)).hash));
  });

  it('refuses a buffer too short for its dimensions', () => {
    expect(() => pdqHash(rgb(10, 10, new Uint8Array(299)))).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID' }));
    expect(() => pdqHash(rgb(0, 10, new Uint8Array(0)))).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID' }));
    expect(() => pdqHash({ width: 2, height: 2, channels: 2 as 3, data: new Uint8Array(8) })).toThrow(expect.objectContaining({ code: 'IMAGE_INVALID' }));
  });
});
