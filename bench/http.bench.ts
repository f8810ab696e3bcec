/**
 * HTTP throughput of the app against a bare Node HTTP server on this machine. The server runs
 * in a child process (as in production) and autocannon loads it from this one; both share the
 * machine's cores, as in the measurements of STACK-NOTES.md.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { printRows, type Row } from './harness.js';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
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

async function load(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

export default async function run(): Promise<void> {
  const rows: Row[] = [];
  const bare = fork(join(import.meta.dirname, 'bare-server.js'), { env: { PORT: '3991' } });
  let bareRps: number;
  try {
    await waitForHealth('http://127.0.0.1:3991', bare);
    const result = await load('http://127.0.0.1:3991/health');
    bareRps = result.rps;
    rows.push({ what: `bare node:http GET /health (p99 ${result.p99} ms)`, value: result.rps, unit: 'req/s' });
  } finally {
    bare.kill();
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'evx-bench-http-'));
  const env = { ...process.env, PORT: '3992', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', LOGIN_RATE_LIMIT: '10000' };
  const app = fork(join(import.meta.dirname, '../src/main.js'), { env, stdio: 'ignore' });
  try {
    const base = 'http://127.0.0.1:3992';
    await waitForHealth(base, app);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'officer@ofac.fr.demo', password: 'demo-password-123' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const backend = process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite';
    const health = await load(`${base}/health`);
    rows.push({ what: `app GET /health, one SELECT 1 on ${backend} (p99 ${health.p99} ms, ${health.errors} errors)`, value: health.rps, unit: 'req/s', limit: { what: 'bare', value: bareRps } });
    const me = await load(`${base}/api/v1/me`, { authorization: `Bearer ${accessToken}` });
    rows.push({ what: `app GET /api/v1/me, JWT + one read (p99 ${me.p99} ms, ${me.errors} errors)`, value: me.rps, unit: 'req/s', limit: { what: 'bare', value: bareRps } });
  } finally {
    app.kill('SIGTERM');
    await sleep(500);
    rmSync(dataDir, { recursive: true, force: true });
  }
  printRows(`HTTP, ${CONNECTIONS} connections for ${SECONDS} s each (BENCH_SECONDS to change)`, rows);
}
