/**
 * Builds dist/tools/evx-verify.mjs: bin/evx-verify.ts with libs/bundle, libs/pki, libs/tlog and yauzl in one
 * ES module that imports only Node's built-ins, for a bundle's recipient who has Node.js and
 * nothing else. Part of `npm run build`; the e2e global set-up runs it too, so the tests serve
 * the verifier of the sources they test. Prints the file's SHA-256 (README "The verifier").
 *
 * Readable on purpose (not minified): a court's expert may read what they run. The output
 * depends only on the sources and the locked packages, so its SHA-256 can be published.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
export const VERIFIER_OUTPUT = join(ROOT, 'dist', 'tools', 'evx-verify.mjs');

// yauzl and its helpers are CommonJS and `require` Node's modules: give the module a `require`.
const BANNER = `// evx-verify.mjs: the Evidence Exchange's offline bundle verifier in one file (Apache-2.0).
// Built from the exchange's sources (bin/evx-verify.ts, libs/bundle, libs/pki, libs/domain, libs/tlog)
// with yauzl, buffer-crc32, pend and json-canonicalize (MIT) inlined. Needs Node.js 20.19 or newer only.
//   node evx-verify.mjs <bundle.zip> [--root root.pem] [--log-key <verifier key>] [--json]
import { createRequire as __evxCreateRequire } from 'node:module';
const require = __evxCreateRequire(import.meta.url);`;

/** Every built-in as `node:<name>`, left to Node: nothing outside Node is imported at run time. */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(builder) {
    const names = new Set(builtinModules.filter((name) => !name.startsWith('_')));
    builder.onResolve({ filter: /^[a-z_/]+$|^node:/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return names.has(name) || args.path.startsWith('node:') ? { path: `node:${name}`, external: true } : undefined;
    });
  },
};

/**
 * The project's modules only declare things (no work at import), so what the verifier does not
 * call (key stores, certificate issuing, the TSA) is left out: the file holds what it runs.
 */
const declarationsOnly = {
  name: 'declarations-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'declarations-only') return undefined;
      const resolved = await builder.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'declarations-only' });
      const own = !resolved.path.includes(`${sep}node_modules${sep}`) && resolved.path.startsWith(ROOT);
      return own ? { ...resolved, sideEffects: false } : resolved;
    });
  },
};

/** Builds the verifier; answers its path, size and SHA-256 (hex). */
export async function buildVerifier(outfile = VERIFIER_OUTPUT) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['bin/evx-verify.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: 'tsconfig.json',
    banner: { js: BANNER },
    plugins: [nodeBuiltins, declarationsOnly],
    legalComments: 'inline',
    charset: 'utf8',
    write: false,
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  const bytes = Buffer.from(output.contents);
  // Whole or not at all: a server or a test reading the file never sees half of it.
  mkdirSync(dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.tmp`;
  writeFileSync(partial, bytes, { mode: 0o755 });
  renameSync(partial, outfile);
  return { path: outfile, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildVerifier(process.argv[2]);
  console.log(`build-verifier: ${built.path.slice(ROOT.length + 1)}, ${built.size} bytes, SHA-256 ${built.sha256}`);
}
