/**
 * The console's e2e specs need its build (dist/console), which the server loads at start-up.
 * `npm run build` makes it (CI builds before testing); when it is missing or older than the
 * console's sources, the first spec that needs it builds it, under a lock the others wait on.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = join(ROOT, 'dist', 'console', 'index.html');
const SOURCES = [join(ROOT, 'console', 'src'), join(ROOT, 'console', 'index.html'), join(ROOT, 'console', 'vite.config.ts'), join(ROOT, 'console', 'build')];

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

function fresh(): boolean {
  return existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...SOURCES.map(newestSource));
}

export async function ensureConsoleBuilt(): Promise<void> {
  if (fresh()) return;
  const lock = join(process.env.EVX_TEST_RUN_DIR ?? ROOT, 'console-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited 3 minutes for ${lock}: remove it if no build is running`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (fresh()) return;
    }
  }
  try {
    if (!fresh()) {
      console.log('console-build: dist/console is missing or older than console/: building it (vite build)');
      execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: 'inherit',
        // jest runs with NODE_ENV=test, which would make Vite bundle React's development build.
        env: { ...process.env, NODE_ENV: 'production' },
      });
    }
  } finally {
    rmdirSync(lock);
  }
}
