/**
 * Writes the image corpus of this folder (see README.md): from the repository root,
 * `npm run build && node dist/libs/staydown/testdata/generate.js libs/staydown/testdata`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpus } from './scenes.js';

const dir = resolve(process.argv[2] ?? 'libs/staydown/testdata');
mkdirSync(dir, { recursive: true });
for (const [name, bytes] of Object.entries(corpus())) writeFileSync(join(dir, name), bytes);
