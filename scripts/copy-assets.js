/**
 * tsc compiles TypeScript only. Data files that libs read at run time beside their module
 * (the routing catalogue and its schema, `new URL('./x.json', import.meta.url)`) are copied here
 * to the same place under dist/. Part of `npm run build`:
 *
 *   tsc -p tsconfig.build.json && node scripts/copy-assets.js
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SOURCES = ['libs'];
const EXTENSIONS = ['.json'];

function* assetsUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') yield* assetsUnder(path);
    else if (entry.isFile() && EXTENSIONS.some((extension) => entry.name.endsWith(extension))) yield path;
  }
}

let copied = 0;
for (const source of SOURCES) {
  for (const file of assetsUnder(join(ROOT, source))) {
    const target = join(ROOT, 'dist', relative(ROOT, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    copied += 1;
  }
}
console.log(`copy-assets: ${copied} data file(s) copied into dist/`);
