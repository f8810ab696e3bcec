/**
 * The servers a benchmark measures: the bare node:http endpoint (this machine's HTTP limit) and
 * the app itself, each in a child process as in production, loaded from this process.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const CONNECTIONS = 50;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

export async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('server did not become healthy');
}

export async function load(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Requests per second a bare node:http server answers on this machine, and its p99. */
export async function bareHttp(port = 3991): Promise<{ rps: number; p99: number }> {
  const bare = fork(join(import.meta.dirname, 'bare-server.js'), { env: { PORT: String(port) } });
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, bare);
    const result = await load(`http://127.0.0.1:${port}/health`);
    return { rps: result.rps, p99: result.p99 };
  } finally {
    bare.kill();
  }
}

/** Runs `body` against the built app on a fresh data folder (PGlite) or `DATABASE_URL` when set. */
export async function withApp<T>(port: number, body: (base: string, app: ChildProcess) => Promise<T>, extraEnv: Record<string, string> = {}): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'evx-bench-app-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', LOGIN_RATE_LIMIT: '10000', ORDER_CLOCK_INTERVAL_MS: '0', ...extraEnv };
  // BENCH_CPU_PROFILE=<folder>: the app writes V8 CPU profiles there when it stops (one per thread), to
  // open in Chrome's DevTools or read with a script; the benchmark then waits for them to be written.
  const profile = process.env.BENCH_CPU_PROFILE;
  const app = fork(join(import.meta.dirname, '../src/main.js'), { env, stdio: 'ignore', execArgv: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [] });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, app);
    return await body(base, app);
  } finally {
    app.kill('SIGTERM');
    await sleep(profile ? 5000 : 500);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function login(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo-password-123' }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * POSTs JSON to the app over kept-alive connections with plain node:http. The clients share the
 * server's cores, so they should cost it as little as they can: `fetch` (undici's WHATWG streams
 * and header objects) took about twice the CPU per request here.
 */
export function jsonPoster(base: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return (path: string, token: string, body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const outgoing = request(`${base}${path}`, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
}

export const backendName = (): string => (process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite');

/** Peak resident memory of a process so far (Linux VmHWM), in MiB. */
export function peakMemoryMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}
