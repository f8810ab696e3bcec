/**
 * PDQ, Meta's 256-bit perceptual image hash, from a decoded image.
 *
 * Written from the public description and reference sources in facebook/ThreatExchange
 * (`hashing/hashing.pdf`, `pdq/cpp`, `pdq/java`, `pdq/python`): luminance, a two-pass Jarosz
 * box filter (a tent filter) and decimation to 64×64, the 16×16 low-frequency corner of a 2D
 * DCT, one bit per coefficient above the median. The reference computes in 32-bit floats, so
 * every step here rounds to float32 (`Math.fround`, Float32Array) in the reference's order of
 * operations: fed the same pixels, it gives the same bits as the C++ reference (see the README).
 */
import { StayDownError } from './errors.js';
import type { Hash256 } from './hash256.js';

/** A decoded image: rows top to bottom, pixels left to right, 8 bits per channel. */
export interface PdqImage {
  width: number;
  height: number;
  /** 1 grey, 3 RGB, 4 RGBA (alpha is ignored, as in the reference). */
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export interface PdqResult {
  hash: Hash256;
  /** 0..100: how much gradient the image has; Meta advises discarding hashes below 50. */
  quality: number;
}

/** The eight images of the square's symmetry group, named as in the reference. */
export const PDQ_DIHEDRAL_NAMES = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const;
export type PdqDihedralName = (typeof PDQ_DIHEDRAL_NAMES)[number];

export interface PdqDihedralResult {
  /** The hash the image would have after each transform (rotations counter-clockwise). */
  hashes: Record<PdqDihedralName, Hash256>;
  quality: number;
}

/** Meta's recommended match threshold: distance 31 or less is the same picture. */
export const PDQ_MATCH_DISTANCE = 31;
/** Meta's recommended quality floor: hashes of quality 49 or less are too flat to trust. */
export const PDQ_MIN_QUALITY = 50;

const f = Math.fround;
const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);
/** Images smaller than this in either dimension hash to zero with quality 0. */
const MIN_HASHABLE_DIM = 5;
/** X,Y,X,Y passes of a box filter make a tent filter. */
const JAROSZ_PASSES = 2;

/** Rows 1..16 of the 64-point DCT-II basis (row 0, the mean, carries no pattern). */
const DCT_16x64 = (() => {
  const scale = f(Math.sqrt(2 / 64));
  const matrix = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) matrix[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  }
  return matrix;
})();

/** PDQ hash and quality of one image. */
export function pdqHash(image: PdqImage): PdqResult {
  const { width, height } = checkImage(image);
  if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) return { hash: new Uint8Array(32), quality: 0 };
  const luma = lumaOf(image);
  // A 64×64 input is taken as already downsampled, as the reference does for video frames.
  const block = width === 64 && height === 64 ? luma : downsample(luma, width, height);
  const dct = dct64To16(block);
  return { hash: bitsAboveMedian(dct), quality: qualityOf(block) };
}

/**
 * The hashes of all eight rotations and mirror images from one pass, computed on the DCT as
 * the reference does: a re-uploaded mirror image matches one of these. Like the reference's
 * dihedral routine it always filters, so a 64×64 input can differ from `pdqHash` in a few bits.
 */
export function pdqHashDihedral(image: PdqImage): PdqDihedralResult {
  const { width, height } = checkImage(image);
  if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) {
    const hashes = Object.fromEntries(PDQ_DIHEDRAL_NAMES.map((name) => [name, new Uint8Array(32)])) as Record<PdqDihedralName, Hash256>;
    return { hashes, quality: 0 };
  }
  const block = downsample(lumaOf(image), width, height);
  const dct = dct64To16(block);
  const hashes = {} as Record<PdqDihedralName, Hash256>;
  for (const name of PDQ_DIHEDRAL_NAMES) hashes[name] = bitsAboveMedian(DIHEDRAL[name](dct));
  return { hashes, quality: qualityOf(block) };
}

function checkImage(image: PdqImage): PdqImage {
  const { width, height, channels, data } = image;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 1 || height < 1) {
    throw new StayDownError('IMAGE_INVALID', 'width and height must be positive integers');
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new StayDownError('IMAGE_INVALID', 'channels must be 1, 3 or 4');
  if (data.length < width * height * channels) throw new StayDownError('IMAGE_INVALID', `${width}×${height}×${channels} needs ${width * height * channels} bytes, got ${data.length}`);
  return image;
}

function lumaOf({ width, height, channels, data }: PdqImage): Float32Array {
  const luma = new Float32Array(width * height);
  if (channels === 1) {
    luma.set(data.subarray(0, luma.length));
    return luma;
  }
  for (let i = 0, p = 0; i < luma.length; i++, p += channels) {
    luma[i] = f(f(LUMA_R * data[p]) + f(LUMA_G * data[p + 1])) + f(LUMA_B * data[p + 2]);
  }
  return luma;
}

/** Jarosz tent filter, then one sample at the centre of each of the 64×64 cells. */
function downsample(luma: Float32Array, width: number, height: number): Float32Array {
  const scratch = new Float32Array(luma.length);
  const windowAlongRows = jaroszWindow(width);
  const windowAlongCols = jaroszWindow(height);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    boxAlongRows(luma, scratch, width, height, windowAlongRows);
    boxAlongCols(scratch, luma, width, height, windowAlongCols);
  }
  const block = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const row = Math.trunc(((i + 0.5) * height) / 64);
    for (let j = 0; j < 64; j++) block[i * 64 + j] = luma[row * width + Math.trunc(((j + 0.5) * width) / 64)];
  }
  return block;
}

/** Half a 64th of the dimension, rounded up: two passes then span one output cell. */
function jaroszWindow(dimension: number): number {
  return Math.trunc((dimension + 2 * 64 - 1) / (2 * 64));
}

/**
 * One-dimensional running mean over `window` samples, centred, with shorter windows at the
 * edges: the reference's four phases (fill, grow, slide, shrink).
 */
function boxAlongRows(input: Float32Array, output: Float32Array, width: number, height: number, window: number): void {
  const half = Math.trunc((window + 2) / 2);
  for (let r = 0; r < height; r++) {
    const base = r * width;
    let left = base;
    let right = base;
    let out = base;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < half - 1; i++) {
      sum = f(sum + input[right++]);
      count++;
    }
    for (let i = 0; i < window - half + 1; i++) {
      sum = f(sum + input[right++]);
      count++;
      output[out++] = sum / count;
    }
    for (let i = 0; i < width - window; i++) {
      sum = f(sum + input[right++]);
      sum = f(sum - input[left++]);
      output[out++] = sum / count;
    }
    for (let i = 0; i < half - 1; i++) {
      sum = f(sum - input[left++]);
      count--;
      output[out++] = sum / count;
    }
  }
}

/**
 * The same filter down every column. All columns advance together, row by row, so memory is
 * read in order; each column still sees the reference's exact sequence of float operations.
 */
function boxAlongCols(input: Float32Array, output: Float32Array, width: number, height: number, window: number): void {
  const half = Math.trunc((window + 2) / 2);
  const sums = new Float32Array(width);
  let left = 0;
  let right = 0;
  let out = 0;
  let count = 0;
  for (let i = 0; i < half - 1; i++, right++, count++) {
    for (let c = 0; c < width; c++) sums[c] += input[right * width + c];
  }
  for (let i = 0; i < window - half + 1; i++, right++, out++) {
    count++;
    for (let c = 0; c < width; c++) {
      sums[c] += input[right * width + c];
      output[out * width + c] = sums[c] / count;
    }
  }
  for (let i = 0; i < height - window; i++, right++, left++, out++) {
    for (let c = 0; c < width; c++) {
      sums[c] += input[right * width + c];
      sums[c] -= input[left * width + c];
      output[out * width + c] = sums[c] / count;
    }
  }
  for (let i = 0; i < half - 1; i++, left++, out++) {
    count--;
    for (let c = 0; c < width; c++) {
      sums[c] -= input[left * width + c];
      output[out * width + c] = sums[c] / count;
    }
  }
}

/**
 * Sum of the significant luminance steps between neighbours of the 64×64 block, scaled to
 * 0..100; the constants are the reference's hand-tuned ones.
 */
function qualityOf(block: Float32Array): number {
  let gradientSum = 0;
  const step = (u: number, v: number) => Math.abs(Math.trunc(f(f(f(u - v) * 100) / 255)));
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) gradientSum += step(block[i * 64 + j], block[(i + 1) * 64 + j]);
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) gradientSum += step(block[i * 64 + j], block[i * 64 + j + 1]);
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

/** B = D A Dᵀ for the 16 lowest non-constant frequencies, summed in the reference's order. */
function dct64To16(block: Float32Array): Float32Array {
  const D = DCT_16x64;
  const T = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f(D[i * 64 + k] * block[k * 64 + j]));
      T[i * 64 + j] = sum;
    }
  }
  const B = new Float32Array(16 * 16);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f(T[i * 64 + k] * D[j * 64 + k]));
      B[i * 16 + j] = sum;
    }
  }
  return B;
}

/**
 * Bit i*16+j is set when coefficient (i, j) exceeds the median. The reference's Torben
 * selection returns the 128th smallest of the 256 values, which a sort finds just the same.
 */
function bitsAboveMedian(dct: Float32Array): Hash256 {
  const median = Float32Array.from(dct).sort()[127];
  const hash = new Uint8Array(32);
  for (let k = 0; k < 256; k++) {
    if (dct[k] > median) hash[31 - (k >> 3)] |= 1 << (k & 7);
  }
  return hash;
}

/**
 * A transform of the image is a sign pattern and perhaps a transpose of its DCT (odd
 * frequencies change sign under a mirror): the reference's table, row i and column j.
 */
function transformed(dct: Float32Array, transpose: boolean, negate: (i: number, j: number) => boolean): Float32Array {
  const out = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const value = negate(i, j) ? -dct[i * 16 + j] : dct[i * 16 + j];
      out[transpose ? j * 16 + i : i * 16 + j] = value;
    }
  }
  return out;
}

const DIHEDRAL: Record<PdqDihedralName, (dct: Float32Array) => Float32Array> = {
  original: (d) => d,
  rotate90: (d) => transformed(d, true, (_i, j) => (j & 1) === 0),
  rotate180: (d) => transformed(d, false, (i, j) => ((i + j) & 1) === 1),
  rotate270: (d) => transformed(d, true, (i) => (i & 1) === 0),
  flipX: (d) => transformed(d, false, (i) => (i & 1) === 0),
  flipY: (d) => transformed(d, false, (_i, j) => (j & 1) === 0),
  flipPlus1: (d) => transformed(d, true, () => false),
  flipMinus1: (d) => transformed(d, true, (i, j) => ((i + j) & 1) === 1),
};
