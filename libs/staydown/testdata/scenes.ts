/**
 * Synthetic test images: scenes of gradients, soft blobs and hard-edged shapes from a seeded
 * generator, the same bytes on every run. `generate.ts` writes the corpus; specs and the
 * benchmark make more scenes on the fly.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** mulberry32: small, seedable, the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SceneOptions {
  width: number;
  height: number;
  seed: number;
  /** Amplitude of per-pixel noise, 0 for none. */
  noise?: number;
  /** Number of hard-edged shapes; 3 to 6 when not given. */
  shapes?: number;
  /** A single flat colour instead of a scene. */
  flat?: [number, number, number];
}

/** RGB pixels (3 bytes each) of a synthetic scene. */
export function scene({ width, height, seed, noise = 0, shapes: shapeCount, flat }: SceneOptions): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  if (flat) {
    for (let p = 0; p < rgb.length; p += 3) rgb.set(flat, p);
    return rgb;
  }
  const random = seededRandom(seed);
  const colour = () => [random() * 255, random() * 255, random() * 255];
  const [from, to] = [colour(), colour()];
  const angle = random() * 2 * Math.PI;
  const blobs = Array.from({ length: 6 + Math.floor(random() * 6) }, () => ({
    x: random() * width,
    y: random() * height,
    r: (0.05 + random() * 0.3) * Math.max(width, height),
    c: colour(),
    w: 0.4 + random() * 0.6,
  }));
  const shapes = Array.from({ length: shapeCount ?? 3 + Math.floor(random() * 4) }, () => ({
    disk: random() < 0.5,
    x: random() * width,
    y: random() * height,
    a: (0.05 + random() * 0.25) * width,
    b: (0.05 + random() * 0.25) * height,
    c: colour(),
  }));
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const px = new Float64Array(3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The last shape that covers the pixel paints it; otherwise gradient and blobs.
      let cover: number[] | undefined;
      for (let n = shapes.length - 1; n >= 0 && !cover; n--) {
        const s = shapes[n];
        const inside = s.disk ? ((x - s.x) / s.a) ** 2 + ((y - s.y) / s.b) ** 2 <= 1 : Math.abs(x - s.x) <= s.a && Math.abs(y - s.y) <= s.b;
        if (inside) cover = s.c;
      }
      if (cover) px.set(cover);
      else {
        const t = (x / width - 0.5) * cos + (y / height - 0.5) * sin + 0.5;
        for (let i = 0; i < 3; i++) px[i] = from[i] + (to[i] - from[i]) * t;
        for (const blob of blobs) {
          const k = blob.w * Math.exp(-((x - blob.x) ** 2 + (y - blob.y) ** 2) / (2 * blob.r ** 2));
          for (let i = 0; i < 3; i++) px[i] = px[i] + (blob.c[i] - px[i]) * k;
        }
      }
      for (let i = 0; i < 3; i++) {
        const jitter = noise ? (random() * 2 - 1) * noise : 0;
        rgb[(y * width + x) * 3 + i] = Math.max(0, Math.min(255, Math.round(px[i] + jitter)));
      }
    }
  }
  return rgb;
}

export function pngOf(width: number, height: number, data: Uint8Array, channels: 1 | 3 | 4): Buffer {
  const colorType = ({ 1: 0, 3: 2, 4: 6 } as const)[channels];
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
  png.data = Buffer.from(data);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
}

export function jpegOf(width: number, height: number, rgb: Uint8Array, quality: number): Buffer {
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++) rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
  return jpeg.encode({ width, height, data: rgba }, quality).data;
}

export function toGrey(rgb: Uint8Array): Uint8Array {
  const grey = new Uint8Array(rgb.length / 3);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round((rgb[i * 3] + rgb[i * 3 + 1] + rgb[i * 3 + 2]) / 3);
  return grey;
}

/** Adds a varying alpha channel, which hashing must ignore. */
export function withAlpha(rgb: Uint8Array, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const rgba = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0; i < rgb.length / 3; i++) {
    rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = Math.floor(random() * 256);
  }
  return rgba;
}

/** The corpus: file name → bytes. */
export function corpus(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const rgbPng = (name: string, options: SceneOptions) => {
    files[`${name}.png`] = pngOf(options.width, options.height, scene(options), 3);
  };
  rgbPng('tiny-4x7', { width: 4, height: 7, seed: 1 });
  rgbPng('min-5x5', { width: 5, height: 5, seed: 2 });
  rgbPng('block-64x64', { width: 64, height: 64, seed: 3 });
  rgbPng('odd-65x63', { width: 65, height: 63, seed: 4 });
  rgbPng('scene-128x96', { width: 128, height: 96, seed: 5 });
  rgbPng('scene-300x200', { width: 300, height: 200, seed: 6, noise: 2 });
  rgbPng('scene-640x480', { width: 640, height: 480, seed: 7 });
  rgbPng('tall-150x700', { width: 150, height: 700, seed: 8 });
  rgbPng('flat-100x100', { width: 100, height: 100, seed: 9, flat: [128, 64, 200] });
  const grey = scene({ width: 256, height: 256, seed: 10 });
  files['grey-256x256.png'] = pngOf(256, 256, toGrey(grey), 1);
  const rgba = scene({ width: 200, height: 150, seed: 11 });
  files['alpha-200x150.png'] = pngOf(200, 150, withAlpha(rgba, 12), 4);
  const photo = scene({ width: 320, height: 240, seed: 13, noise: 3, shapes: 30 });
  files['scene-320x240-q90.jpg'] = jpegOf(320, 240, photo, 90);
  const large = scene({ width: 800, height: 600, seed: 14, shapes: 40 });
  files['scene-800x600-q75.jpg'] = jpegOf(800, 600, large, 75);
  return files;
}
