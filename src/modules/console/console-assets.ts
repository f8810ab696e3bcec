/**
 * The built console (dist/console, made by `npm run build`), held in memory with the `.br` and
 * `.gz` twins the build wrote: a few hundred kilobytes, read once at start-up. Requests are
 * answered from this map only, so no request path ever reaches the file system.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsoleAsset {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
  /** Content-hashed file names (`assets/index-BGTaGLYZ.js`) never change: cache them for good. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export class ConsoleAssets {
  private constructor(
    private readonly files: ReadonlyMap<string, ConsoleAsset>,
    readonly index: ConsoleAsset,
  ) {}

  /** null when the console was not built (no index.html). */
  static load(directory: string): ConsoleAssets | null {
    const indexPath = join(directory, 'index.html');
    if (!existsSync(indexPath)) return null;
    const files = new Map<string, ConsoleAsset>();
    for (const path of filesUnder(directory)) {
      if (path.endsWith('.br') || path.endsWith('.gz')) continue;
      const name = relative(directory, path).split(sep).join('/');
      const body = readFileSync(path);
      files.set(name, {
        body,
        br: readIfExists(`${path}.br`),
        gzip: readIfExists(`${path}.gz`),
        type: TYPES[extname(path)] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        immutable: name.startsWith('assets/'),
      });
    }
    return new ConsoleAssets(files, files.get('index.html')!);
  }

  find(path: string): ConsoleAsset | undefined {
    return this.files.get(path);
  }
}

function* filesUnder(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

function readIfExists(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

/**
 * dist/console of this checkout: found from this module's place, whether it runs compiled
 * (dist/src/modules/console) or from the sources (src/modules/console, under jest).
 */
export function consoleDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('console: no package.json above the application');
    directory = parent;
  }
  return join(directory, 'dist', 'console');
}
