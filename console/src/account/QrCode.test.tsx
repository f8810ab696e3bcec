// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { decodeQR } from 'qr/decode.js';
import { afterEach, describe, expect, it } from 'vitest';
import { groupedKey } from './SecurityPage';
import { QrCode, qrModules, qrPath } from './QrCode';

const URI = 'otpauth://totp/Evidence%20Exchange:judge%40tj-paris.fr.demo?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Evidence%20Exchange&algorithm=SHA1&digits=6&period=30';

/** Reads an SVG path of `M x y h n v1 h -n z` rectangles back into a bitmap, `scale` pixels a module, as a camera would see it. */
function rasterise(path: string, size: number, scale = 4): { width: number; height: number; data: Uint8Array } {
  const width = size * scale;
  const data = new Uint8Array(width * width * 3).fill(255);
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dx = 0; dx < Number(run) * scale; dx++) {
      for (let dy = 0; dy < scale; dy++) data.fill(0, ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 3, ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 3 + 3);
    }
  }
  return { width, height: width, data };
}

describe('the QR code of the enrolment', () => {
  afterEach(cleanup);

  it('draws the otpauth URI so that a reader decodes it back, with a quiet zone of four modules', () => {
    const modules = qrModules(URI);
    expect(modules.slice(0, 4).flat().some(Boolean)).toBe(false);
    const { container } = render(<QrCode text={URI} label="QR code" />);
    const svg = container.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('QR code');
    const path = svg.querySelector('path')!.getAttribute('d')!;
    expect(path).toBe(qrPath(modules));
    expect(decodeQR(rasterise(path, modules.length))).toBe(URI);
  });

  it('joins the dark modules of a row into one rectangle each', () => {
    expect(qrPath([[false, true, true, false, true]])).toBe('M1 0h2v1h-2zM4 0h1v1h-1z');
  });

  it('shows the key in groups of four to type', () => {
    expect(groupedKey('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
  });
});
