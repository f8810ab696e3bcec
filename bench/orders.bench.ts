/**
 * Signed steps, as the issue on the transition pipeline asks them measured:
 *
 * 1. Over HTTP against the built app in a child process (as deployed), 16 clients running
 *    create + issue + acknowledge cycles, measured after a warm-up at the same load (its own rate,
 *    by 5 s, and p99 printed apart): steps/s and latency, beside openssl's P-256 signing rate
 *    (the target: at least 0.002 times it on the embedded database, twice that on a server) and the
 *    bare HTTP rate; then acknowledge-only steps on orders issued beforehand; and the server's memory.
 * 2. In this process, one cycle at a time: database round trips per step (every query a step
 *    sends, BEGIN and COMMIT included), and CPU per step on the main thread and in the PDF pool.
 */
import { performance } from 'node:perf_hooks';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { loadConfig } from '../src/config/app-config.js';
import { createApp } from '../src/create-app.js';
import { PdfRenderer } from '../src/modules/documents/pdf-renderer.js';
import { opensslSpeed, printRows, type Row } from './harness.js';
import { backendName, bareHttp, jsonPoster, login, peakMemoryMiB, SECONDS, withApp } from './servers.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
/** Seconds of full load before the measured window (BENCH_WARMUP_SECONDS); 0 measures from cold. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
if (!Number.isFinite(WARMUP_SECONDS) || WARMUP_SECONDS < 0) throw new Error(`BENCH_WARMUP_SECONDS must be a number of seconds, 0 or more (got ${process.env.BENCH_WARMUP_SECONDS})`);

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

function orderBody(providerId: string): string {
  return JSON.stringify({
    type: 'PRODUCTION',
    providerId,
    caseReference: 'BENCH-1',
    dataCategories: ['SUBSCRIBER'],
    targets: [{ kind: 'EMAIL', value: 'suspect@example.org' }],
    offence: { description: 'Fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
  });
}

/** CPU the process has used so far, every thread together (Linux /proc/<pid>/stat utime + stime), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * CPU used so far by each of the app's PostgreSQL backends (its connections to the bench's
 * database, named by their application name), in ms by process id; null when the server is not
 * on this machine. A process of this machine counts only if it is a postgres process started when
 * the backend did: a server elsewhere, or in a container, has process ids of its own.
 */
async function appBackendsCpu(): Promise<Map<number, number> | null> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; started: Date }>(
      `SELECT pid, backend_start AS started FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'evidence-exchange'`,
    );
    const cpu = new Map<number, number>();
    for (const { pid, started } of rows) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres' && Math.abs(startedAtMs(pid) - started.getTime()) < 2000) cpu.set(pid, cpuMs(pid));
      } catch {
        // Not on this machine, or it ended while it was read.
      }
    }
    return rows.length > 0 && cpu.size === 0 ? null : cpu;
  } finally {
    await client.end();
  }
}

/** When a process of this machine started (stat(5) field 22, clock ticks after boot), in ms since the epoch. */
function startedAtMs(pid: number): number {
  const bootS = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
  const ticks = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
  return bootS * 1000 + (ticks * 1000) / 100;
}

/**
 * The app's backends' CPU between two readings: a backend opened meanwhile counts whole, one that
 * closed meanwhile (idle for 10 s, which a loaded pool is not) is missed.
 */
function backendsCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}

/** A client of the app: POSTs that record their latency. */
function client(base: string, latencies: number[]) {
  const post = jsonPoster(`${base}/api/v1`, WORKERS);
  return async (path: string, token: string, body: string): Promise<{ id: string }> => {
    const started = performance.now();
    const response = await post(path, token, body);
    latencies.push(performance.now() - started);
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${response.text}`);
    return JSON.parse(response.text) as { id: string };
  };
}

async function overHttp(rows: Row[], native: { sign: number }, bare: { rps: number }): Promise<void> {
  const target = 0.002 * native.sign * (process.env.DATABASE_URL ? 2 : 1);
  await withApp(3993, async (base, app) => {
    const prosecutor = await login(base, 'prosecutor@parquet-paris.fr.demo');
    const provider = await login(base, 'legal@examplegram.demo');
    const directory = (await (await fetch(`${base}/api/v1/providers`, { headers: { authorization: `Bearer ${prosecutor}` } })).json()) as { items: { id: string; name: string }[] };
    const order = orderBody(directory.items.find((p) => p.name === 'Examplegram')!.id);
    const latencies: number[] = [];
    const post = client(base, latencies);
    const cycle = async () => {
      const { id } = await post('/orders', prosecutor, order);
      await post(`/orders/${id}/issue`, prosecutor, '{}');
      await post(`/orders/${id}/acknowledge`, provider, '{}');
    };
    await cycle(); // the custodial signers, the PDF pool's first thread, the connections
    /** The 16 clients run cycles for `seconds`; each finishes the cycle it is in, so the real time is returned. */
    const load = async (seconds: number) => {
      const started = performance.now();
      const until = started + seconds * 1000;
      // Steps completed in each 5 s of the run, to show where the rate settles; the last window runs to the end.
      const count = Math.max(1, Math.ceil(seconds / 5));
      const windows: number[] = [];
      let cycles = 0;
      await Promise.all(
        Array.from({ length: WORKERS }, async () => {
          while (performance.now() < until) {
            await cycle();
            cycles += 1;
            const window = Math.min(Math.floor((performance.now() - started) / 5000), count - 1);
            windows[window] = (windows[window] ?? 0) + 3;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const rates = Array.from({ length: count }, (_, i) => (windows[i] ?? 0) / (i === count - 1 ? elapsed - 5 * i : 5));
      return { cycles, seconds: elapsed, windows: rates };
    };
    // A warm-up at the same load, left out of every figure below but its own row: V8 goes on compiling
    // the hot paths of the app and of its render threads for the first 15-20 s under load (one 60-s run
    // on a server here, 6 December 2026: 64 steps/s in the first 5 s, 95 in the next 10, 110-130
    // after). The figures that matter are those of a server under continuous load; a render thread
    // idle for a minute ends, and the next one starts cold (pdf-renderer.ts).
    const warmUp = WARMUP_SECONDS > 0 ? await load(WARMUP_SECONDS) : null;
    const warmLatencies = latencies.splice(0).sort((a, b) => a - b);
    const database = process.env.DATABASE_URL ? await appBackendsCpu() : null;
    const cpuBefore = { server: cpuMs(app.pid!), bench: process.cpuUsage() };
    const { cycles, seconds } = await load(SECONDS);
    const steps = (cycles * 3) / seconds;
    const serverCpuPerStep = (cpuMs(app.pid!) - cpuBefore.server) / (cycles * 3);
    const databaseCpu = backendsCpuBetween(database, process.env.DATABASE_URL ? await appBackendsCpu() : null);
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const clientCpuPerStep = (benchCpu.user + benchCpu.system) / 1000 / (cycles * 3);
    latencies.sort((a, b) => a - b);
    rows.push({ what: `signed steps over HTTP on ${backendName()} (${WORKERS} clients)`, value: steps, unit: 'steps/s', limit: { what: 'target (0.002 × openssl ecdsap256 sign/s' + (process.env.DATABASE_URL ? ' × 2)' : ')'), value: target } });
    rows.push({ what: '  the same against the bare HTTP rate', value: steps, unit: 'steps/s', limit: { what: 'bare node:http', value: bare.rps } });
    rows.push({ what: '  step latency p50', value: percentile(latencies, 50), unit: 'ms' });
    rows.push({ what: '  step latency p99', value: percentile(latencies, 99), unit: 'ms', limit: { what: 'target', value: 400 } });
    // Steadier than the rate on a shared machine: what a step costs, whatever else ran meanwhile.
    rows.push({ what: '  server CPU per step (every thread: event loop, PDF pool, embedded database)', value: serverCpuPerStep, unit: 'ms' });
    rows.push({ what: '  benchmark clients\' CPU per step (same machine)', value: clientCpuPerStep, unit: 'ms' });
    if (databaseCpu !== null) rows.push({ what: '  PostgreSQL\'s CPU per step (the app\'s backends, on this machine)', value: databaseCpu / (cycles * 3), unit: 'ms' });
    if (warmUp) {
      const byWindow = warmUp.windows.map((rate) => Math.round(rate)).join(', ');
      rows.push({ what: `  the warm-up before it (${warmUp.seconds.toFixed(1)} s, left out of every figure above; by 5 s: ${byWindow} steps/s)`, value: (warmUp.cycles * 3) / warmUp.seconds, unit: 'steps/s' });
      rows.push({ what: '  the warm-up\'s step latency p99', value: percentile(warmLatencies, 99), unit: 'ms' });
    }

    // Acknowledge only: orders issued beforehand, acknowledged by 16 clients at once.
    const issued: string[] = [];
    const prepare = Array.from({ length: 8 }, async () => {
      while (issued.length < Math.max(400, Math.round(steps * SECONDS))) {
        const { id } = await post('/orders', prosecutor, order);
        await post(`/orders/${id}/issue`, prosecutor, '{}');
        issued.push(id);
      }
    });
    await Promise.all(prepare);
    latencies.length = 0;
    const ackDatabaseBefore = process.env.DATABASE_URL ? await appBackendsCpu() : null;
    const ackCpuBefore = { server: cpuMs(app.pid!), bench: process.cpuUsage(), database: ackDatabaseBefore };
    const ackStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < issued.length) await post(`/orders/${issued[next++]}/acknowledge`, provider, '{}');
      }),
    );
    const ackRate = issued.length / ((performance.now() - ackStarted) / 1000);
    latencies.sort((a, b) => a - b);
    rows.push({ what: `acknowledge-only steps (${issued.length})`, value: ackRate, unit: 'steps/s', ...(process.env.DATABASE_URL ? { limit: { what: 'target on a server', value: 500 } } : {}) });
    rows.push({ what: '  acknowledge latency p99', value: percentile(latencies, 99), unit: 'ms' });
    rows.push({ what: '  server CPU per acknowledgement (every thread)', value: (cpuMs(app.pid!) - ackCpuBefore.server) / issued.length, unit: 'ms' });
    const ackBenchCpu = process.cpuUsage(ackCpuBefore.bench);
    rows.push({ what: '  benchmark clients\' CPU per acknowledgement (same machine)', value: (ackBenchCpu.user + ackBenchCpu.system) / 1000 / issued.length, unit: 'ms' });
    const ackDatabaseCpu = backendsCpuBetween(ackCpuBefore.database, process.env.DATABASE_URL ? await appBackendsCpu() : null);
    // The window also holds the logging and dispatching of the orders issued just before it.
    if (ackDatabaseCpu !== null) rows.push({ what: '  PostgreSQL\'s CPU per acknowledgement (the app\'s backends)', value: ackDatabaseCpu / issued.length, unit: 'ms' });
    rows.push({ what: 'server memory now (RSS)', value: rssMiB(app.pid!), unit: 'MiB' });
    rows.push({ what: 'server peak memory (VmHWM, first start included)', value: peakMemoryMiB(app.pid!), unit: 'MiB' });
  });
}

/** One cycle at a time in this process, counting every query each step sends and the CPU it takes. */
async function profile(rows: Row[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'evx-bench-profile-'));
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', SEED_DEMO: process.env.DATABASE_URL ? 'true' : undefined, LOGIN_RATE_LIMIT: '10000', ORDER_CLOCK_INTERVAL_MS: '0' };
  const app = await createApp(loadConfig(env as NodeJS.ProcessEnv));
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  let queries = 0;
  const original = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
    queries += 1;
    return original.apply(this, args);
  } as typeof original;
  try {
    const inject = async (method: 'GET' | 'POST', url: string, token?: string, body?: string) => {
      const response = await fastify.inject({ method, url, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: body });
      if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return response.json() as { id: string; accessToken: string; items: { id: string; name: string }[] };
    };
    const token = async (email: string) => (await inject('POST', '/api/v1/auth/login', undefined, JSON.stringify({ email, password: 'demo-password-123' }))).accessToken;
    const prosecutor = await token('prosecutor@parquet-paris.fr.demo');
    const provider = await token('legal@examplegram.demo');
    const providerId = (await inject('GET', '/api/v1/providers', prosecutor)).items.find((p) => p.name === 'Examplegram')!.id;
    const renderer = app.get(PdfRenderer);
    const measured: Record<string, { queries: number; mainMs: number; poolMs: number; n: number }> = {};
    const step = async (action: string, run: () => Promise<{ id: string }>) => {
      const before = { queries, elu: performance.eventLoopUtilization(), pool: renderer.stats() };
      const result = await run();
      const elu = performance.eventLoopUtilization(before.elu);
      const entry = (measured[action] ??= { queries: 0, mainMs: 0, poolMs: 0, n: 0 });
      entry.queries += queries - before.queries;
      entry.mainMs += elu.active;
      entry.poolMs += renderer.stats().runMs - before.pool.runMs;
      entry.n += 1;
      return result;
    };
    const cycle = async (record: boolean) => {
      const { id } = await step('create', () => inject('POST', '/api/v1/orders', prosecutor, orderBody(providerId)));
      await step('issue (renders and signs the EPOC)', () => inject('POST', `/api/v1/orders/${id}/issue`, prosecutor, '{}'));
      await step('acknowledge', () => inject('POST', `/api/v1/orders/${id}/acknowledge`, provider, '{}'));
      if (!record) for (const key of Object.keys(measured)) delete measured[key];
    };
    for (let i = 0; i < 3; i++) await cycle(false);
    for (let i = 0; i < 20; i++) await cycle(true);
    for (const [action, entry] of Object.entries(measured)) {
      rows.push({ what: `${action}: database round trips`, value: entry.queries / entry.n, unit: 'per step' });
      rows.push({ what: `${action}: CPU on the main thread`, value: entry.mainMs / entry.n, unit: 'ms' });
      if (entry.poolMs > 0) rows.push({ what: `${action}: CPU in the PDF pool`, value: entry.poolMs / entry.n, unit: 'ms' });
    }
  } finally {
    PostgresQueryRunner.prototype.query = original;
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<void> {
  const bare = await bareHttp();
  const native = opensslSpeed('ecdsap256');
  const rows: Row[] = [];
  await overHttp(rows, native, bare);
  if (!process.env.DATABASE_URL) await profile(rows);
  printRows(`Orders: signed, sealed and timestamped steps for ${SECONDS} s ${WARMUP_SECONDS > 0 ? `after ${WARMUP_SECONDS} s of warm-up at the same load` : 'from cold'} on ${backendName()} (BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_WORKERS to change); openssl ecdsap256 signs ${Math.round(native.sign)}/s`, rows);
}
