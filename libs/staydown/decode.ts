/**
 * PNG and JPEG bytes to pixels, kept apart from hashing so that a caller with its own decoder
 * can hash pixels directly. Image size is read from the header and checked before anything is
 * inflated, so a small file that claims a huge image is refused cheaply.
 *
 * As in Meta's reference tools, alpha is ignored and EXIF orientation is not applied: a
 * rotated upload matches through `pdqHashDihedral` rather than through its metadata.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { StayDownError } from './errors.js';
import { pdqHash, type PdqImage, type PdqResult } from './pdq.js';

export type ImageFormat = 'png' | 'jpeg';

export interface DecodeOptions {
  /** Largest width × height accepted; 50 megapixels by default. */
  maxPixels?: number;
}

export interface DecodedImage extends PdqImage {
  format: ImageFormat;
}

export const DEFAULT_MAX_PIXELS = 50_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageFormatOf(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Decodes a PNG or JPEG to 8-bit grey or RGB(A) pixels. */
export function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): DecodedImage {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const format = imageFormatOf(bytes);
  if (!format) throw new StayDownError('IMAGE_UNSUPPORTED', 'only PNG and JPEG images can be hashed');
  const header = format === 'png' ? pngHeader(bytes) : jpegHeader(bytes);
  if (header.width * header.height > maxPixels) {
    throw new StayDownError('IMAGE_TOO_LARGE', `${header.width}×${header.height} is more than ${maxPixels} pixels`);
  }
  try {
    return format === 'png' ? decodePng(bytes, header.grey) : decodeJpeg(bytes, header.grey, maxPixels);
  } catch (error) {
    if (error instanceof StayDownError) throw error;
    throw new StayDownError('IMAGE_UNDECODABLE', `the ${format.toUpperCase()} image cannot be decoded`);
  }
}

/** PDQ hash and quality of PNG or JPEG bytes, as a server receives them. */
export function pdqOfImageBytes(bytes: Uint8Array, options: DecodeOptions = {}): PdqResult & { format: ImageFormat; width: number; height: number } {
  const image = decodeImage(bytes, options);
  return { ...pdqHash(image), format: image.format, width: image.width, height: image.height };
}

interface Header {
  width: number;
  height: number;
  /** One channel in the file: hashed as grey, like the reference does (no RGB weights). */
  grey: boolean;
}

function pngHeader(bytes: Uint8Array): Header {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 26 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
    throw new StayDownError('IMAGE_UNDECODABLE', 'the PNG has no IHDR header');
  }
  const colourType = bytes[25];
  return { width: view.getUint32(16), height: view.getUint32(20), grey: colourType === 0 || colourType === 4 };
}

/** Walks the JPEG markers to the frame header (SOFn) for size and number of components. */
function jpegHeader(bytes: Uint8Array): Header {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && at + 10 <= bytes.length) {
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      return { width, height, grey: bytes[at + 9] === 1 };
    }
    at += 2 + length;
  }
  throw new StayDownError('IMAGE_UNDECODABLE', 'the JPEG has no frame header');
}

function decodePng(bytes: Uint8Array, grey: boolean): DecodedImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { format: 'png', ...fromRgba(png.data, png.width, png.height, grey) };
}

function decodeJpeg(bytes: Uint8Array, grey: boolean, maxPixels: number): DecodedImage {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: false,
    maxResolutionInMP: Math.ceil(maxPixels / 1_000_000),
  });
  if (!grey) return { format: 'jpeg', width: image.width, height: image.height, channels: 3, data: image.data };
  return { format: 'jpeg', ...fromRgb(image.data, image.width, image.height, 3) };
}

function fromRgba(data: Uint8Array, width: number, height: number, grey: boolean): PdqImage {
  return grey ? fromRgb(data, width, height, 4) : { width, height, channels: 4, data };
}

/** Grey files come out of both decoders as R = G = B; keep one channel. */
function fromRgb(data: Uint8Array, width: number, height: number, stride: number): PdqImage {
  const grey = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < grey.length; i++, p += stride) grey[i] = data[p];
  return { width, height, channels: 1, data: grey };
}
