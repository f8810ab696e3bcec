/**
 * The console: built by `npm run build` into dist/console and served at /console by the server
 * (src/modules/console). The same file configures Vitest for the console's own tests.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { precompress } from './build/compress.js';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  // Vite's own JSX transform (oxc) with React's automatic runtime. @vitejs/plugin-react adds only
  // Fast Refresh for the dev server, and its optional Babel peers do not resolve beside jest's Babel 7.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The strict CSP forbids inline scripts and styles: keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: true,
  },
  plugins: [precompress()],
  server: { proxy: { '/api': 'http://localhost:3000' } },
  test: {
    root,
    include: ['src/**/*.test.{ts,tsx}', 'build/**/*.test.ts'],
    environment: 'node',
  },
});
