import { decodeImage, imageFormatOf, pdqOfImageBytes } from './decode.js';
import { jpegOf, pngOf, scene, toGrey } from './testdata/scenes.js';

/** A PNG signature and IHDR that claim a size, with no image data behind them. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write('IHDR', 12, 'latin1');
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes[24] = 8;
  bytes[25] = 2;
  return bytes;
}

describe('image decoding', () => {
  const pixels = scene({ width: 120, height: 90, seed: 3 });

  it('recognises PNG and JPEG by their first bytes, nothing else', () => {
    expect(imageFormatOf(pngOf(120, 90, pixels, 3))).toBe('png');
    expect(imageFormatOf(jpegOf(120, 90, pixels, 80))).toBe('jpeg');
    expect(imageFormatOf(Buffer.from('GIF89a........'))).toBeUndefined();
    expect(() => decodeImage(Buffer.from('GIF89a........'))).toThrow(expect.objectContaining({ code: 'IMAGE_UNSUPPORTED' }));
  });

  it('decodes PNG pixels exactly, dropping nothing the hash needs', () => {
    const image = decodeImage(pngOf(120, 90, pixels, 3));
    expect(image).toMatchObject({ format: 'png', width: 120, height: 90, channels: 4 });
    const rgb = new Uint8Array(120 * 90 * 3).map((_, i) => image.data[Math.floor(i / 3) * 4 + (i % 3)]);
    expect(rgb).toEqual(pixels);
  });

  it('keeps a grey PNG as one channel', () => {
    const grey = toGrey(pixels);
    const image = decodeImage(pngOf(120, 90, grey, 1));
    expect(image).toMatchObject({ channels: 1 });
    expect(Uint8Array.from(image.data)).toEqual(grey);
  });

  it('decodes a JPEG to RGB close to what was encoded', () => {
    const image = decodeImage(jpegOf(120, 90, pixels, 95));
    expect(image).toMatchObject({ format: 'jpeg', width: 120, height: 90, channels: 3 });
    const meanError = Array.from(image.data).reduce((sum, v, i) => sum + Math.abs(v - pixels[i]), 0) / pixels.length;
    expect(meanError).toBeLessThan(3);
  });

  it('refuses an image over the pixel limit before inflating it', () => {
    expect(() => decodeImage(pngHeaderOnly(100_000, 100_000))).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
    expect(() => decodeImage(jpegOf(120, 90, pixels, 80), { maxPixels: 120 * 90 - 1 })).toThrow(expect.objectContaining({ code: 'IMAGE_TOO_LARGE' }));
    expect(decodeImage(jpegOf(120, 90, pixels, 80), { maxPixels: 120 * 90 }).width).toBe(120);
  });

  it('reports broken files as undecodable', () => {
    expect(() => decodeImage(pngHeaderOnly(10, 10))).toThrow(expect.objectContaining({ code: 'IMAGE_UNDECODABLE' }));
    const jpeg = jpegOf(120, 90, pixels, 80);
    expect(() => decodeImage(jpeg.subarray(0, 200))).toThrow(expect.objectContaining({ code: 'IMAGE_UNDECODABLE' }));
    expect(() => decodeImage(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toThrow(expect.objectContaining({ code: 'IMAGE_UNDECODABLE' }));
  });

  it('reports format and size with the hash', () => {
    expect(pdqOfImageBytes(jpegOf(120, 90, pixels, 80))).toMatchObject({ format: 'jpeg', width: 120, height: 90 });
  });
});
