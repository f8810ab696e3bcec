import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt } from './builds.js';
import type { TestDatabase } from './test-database.js';
import { testEnvironment } from './test-env.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** What the process wrote to stderr (its error, when it failed to start). */
  stderr(): string;
  /** SIGKILL: the process dies at once, mid-whatever, as in a crash. */
  crash(): Promise<void>;
  /** SIGTERM: requests in flight finish, then the database closes. */
  stop(): Promise<void>;
}

/**
 * The real server (`dist/src/main.js`, what `npm start` runs; built first when stale) in a process
 * of its own on `database`, for the tests that must kill it: an in-process app cannot die with
 * SIGKILL without taking jest along. (Not through tsx: esbuild emits no decorator metadata, which
 * Nest's injection needs.)
 */
export async function startServerProcess(database: TestDatabase, overrides: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<ServerProcess> {
  await ensureServerBuilt();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...testEnvironment(database, { PORT: String(port), HOST: '127.0.0.1', ...overrides }) };
  // Jest's own flags are not the server's.
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, () => stderr);
  const ended = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid!, stderr: () => stderr, crash: () => ended('SIGKILL'), stop: () => ended('SIGTERM') };
}

async function waitUntilServing(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before serving:\n${stderr()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not serve within 90 s:\n${stderr()}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
