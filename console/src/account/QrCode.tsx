/**
 * A QR code drawn as one SVG path from the module matrix the small `qr` encoder computes (no
 * image, no data: URL, no inline style: the console's CSP stays as it is). Only the account page
 * loads it, so the signed-out script does not grow.
 */
import { useMemo } from 'react';
import { encodeQR } from 'qr';

/** The four-module quiet zone ISO/IEC 18004 asks for around the symbol. */
const QUIET_ZONE = 4;

/** The modules (with the quiet zone) of `text` at error-correction level M. */
export function qrModules(text: string): boolean[][] {
  return encodeQR(text, 'raw', { ecc: 'medium', border: QUIET_ZONE });
}

/** One path for every dark module, a rectangle per horizontal run: `M x y h n v1 h -n z`. */
export function qrPath(modules: boolean[][]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (x + run < row.length && row[x + run]) run++;
      parts.push(`M${x} ${y}h${run}v1h-${run}z`);
      x += run - 1;
    }
  });
  return parts.join('');
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const modules = useMemo(() => qrModules(text), [text]);
  const size = modules.length;
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} width={size * 4} height={size * 4} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={size} height={size} fill="#fff" />
      <path d={qrPath(modules)} fill="#000" />
    </svg>
  );
}
