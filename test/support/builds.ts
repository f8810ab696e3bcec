/**
 * Some specs need a build: the console's (dist/console, which the server loads at start-up) and
 * the server's own (dist/src, for the specs that run it as a process and kill it). `npm run build`
 * makes both (CI builds before testing); when one is missing or older than its sources, the first
 * spec that needs it builds it, under a lock the others wait on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Build {
  name: string;
  /** A file the build writes last, whose age says whether the build is fresh. */
  built: string;
  sources: string[];
  run(): void;
}

const CONSOLE: Build = {
  name: 'console',
  built: join(ROOT, 'dist', 'console', 'index.html'),
  sources: ['console/src', 'console/index.html', 'console/vite.config.ts', 'console/build'].map((path) => join(ROOT, path)),
  run: () =>
    execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      // jest runs with NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    }),
};

const SERVER: Build = {
  name: 'server',
  // tsc's incremental build leaves unchanged outputs as they were: a stamp of our own says when it ran.
  built: join(ROOT, 'dist', '.server-built'),
  sources: ['src', 'libs', 'migrations', 'tsconfig.json', 'tsconfig.build.json'].map((path) => join(ROOT, path)),
  run: () => {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    execFileSync(process.execPath, ['scripts/copy-assets.js'], { cwd: ROOT, stdio: 'inherit' });
    writeFileSync(join(ROOT, 'dist', '.server-built'), new Date().toISOString());
  },
};

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

function fresh(build: Build): boolean {
  return existsSync(build.built) && statSync(build.built).mtimeMs >= Math.max(...build.sources.map(newestSource));
}

async function ensureBuilt(build: Build): Promise<void> {
  if (fresh(build)) return;
  const lock = join(process.env.EVX_TEST_RUN_DIR ?? ROOT, `${build.name}-build.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 3 minutes for ${lock}: remove it if no build is running`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (fresh(build)) return;
    }
  }
  try {
    if (!fresh(build)) {
      console.log(`builds: the ${build.name} build is missing or older than its sources: building it`);
      build.run();
    }
  } finally {
    rmdirSync(lock);
  }
}

export const ensureConsoleBuilt = () => ensureBuilt(CONSOLE);
export const ensureServerBuilt = () => ensureBuilt(SERVER);
