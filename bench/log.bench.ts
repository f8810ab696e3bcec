/**
 * The transparency log, as issue 13 asks it measured, each figure beside the step rate:
 *
 * 1. Over HTTP against the built app in a child process: 16 clients taking steps (create, issue,
 *    acknowledge) while one monitor polls the checkpoint every 20 ms; afterwards each step's log
 *    index is read, and its inclusion time is from its answer to the first checkpoint covering it
 *    (p50, p99). Then the tile serving rate (a full tile, the checkpoint) beside bare node:http.
 * 2. In this process: the sequencer alone on a backlog of 20,000 entries (entries/s, every
 *    checkpoint signed), the aim being at least 10 times the step rate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config.js';
import { createApp } from '../src/create-app.js';
import { LogSequencer } from '../src/modules/log/log-sequencer.service.js';
import { printRows, type Row } from './harness.js';
import { backendName, bareHttp, load, login, SECONDS, withApp } from './servers.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const BACKLOG = Number(process.env.BENCH_LOG_BACKLOG ?? 20_000);

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

const orderBody = (providerId: string) =>
  JSON.stringify({
    type: 'PRODUCTION',
    providerId,
    caseReference: 'BENCH-LOG',
    dataCategories: ['SUBSCRIBER'],
    targets: [{ kind: 'EMAIL', value: 'suspect@example.org' }],
    offence: { description: 'Fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
  });

const checkpointSize = (text: string) => Number(text.split('\n')[1]);

async function overHttp(rows: Row[], bare: { rps: number }): Promise<number> {
  let stepRate = NaN;
  await withApp(3994, async (base) => {
    const prosecutor = await login(base, 'prosecutor@parquet-paris.fr.demo');
    const provider = await login(base, 'legal@examplegram.demo');
    const directory = (await (await fetch(`${base}/api/v1/providers`, { headers: { authorization: `Bearer ${prosecutor}` } })).json()) as { items: { id: string; name: string }[] };
    const body = orderBody(directory.items.find((p) => p.name === 'Examplegram')!.id);
    const post = async (path: string, token: string, payload: string) => {
      const response = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: payload });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    /** Each step's answer time, by order and seq. */
    const answered: { orderId: string; seq: number; at: number }[] = [];
    const cycle = async () => {
      const { id } = await post('/orders', prosecutor, body);
      answered.push({ orderId: id, seq: 1, at: performance.now() });
      await post(`/orders/${id}/issue`, prosecutor, '{}');
      answered.push({ orderId: id, seq: 2, at: performance.now() });
      await post(`/orders/${id}/acknowledge`, provider, '{}');
      answered.push({ orderId: id, seq: 3, at: performance.now() });
    };
    await cycle(); // warm-up
    answered.length = 0;

    // The monitor: checkpoint sizes over time.
    const sizes: { at: number; size: number }[] = [];
    let monitoring = true;
    const monitor = (async () => {
      while (monitoring) {
        const text = await (await fetch(`${base}/api/v1/log/checkpoint`)).text();
        sizes.push({ at: performance.now(), size: checkpointSize(text) });
        await sleep(20);
      }
    })();
    const started = performance.now();
    const until = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (performance.now() < until) await cycle();
      }),
    );
    stepRate = answered.length / ((performance.now() - started) / 1000);
    // Let the last steps be included (the size stops moving), then stop the monitor.
    const settled = performance.now() + 5000;
    let last = -1;
    while (performance.now() < settled) {
      await sleep(300);
      const now = sizes.at(-1)!.size;
      if (now === last) break;
      last = now;
    }
    monitoring = false;
    await monitor;

    // Each step's log index, then the first checkpoint that covered it.
    const indexes = new Map<string, number>();
    const orders = [...new Set(answered.map((a) => a.orderId))];
    for (const orderId of orders) {
      const steps = (await (await fetch(`${base}/api/v1/orders/${orderId}/steps`, { headers: { authorization: `Bearer ${prosecutor}` } })).json()) as { items: { seq: number; log: { index: number } | null }[] };
      for (const step of steps.items) if (step.log) indexes.set(`${orderId}/${step.seq}`, step.log.index);
    }
    const inclusion = answered
      .map((a) => {
        const index = indexes.get(`${a.orderId}/${a.seq}`);
        const seen = index === undefined ? undefined : sizes.find((s) => s.size > index && s.at >= a.at - 20);
        return seen ? Math.max(0, seen.at - a.at) : Infinity;
      })
      .sort((a, b) => a - b);
    rows.push({ what: `signed steps over HTTP on ${backendName()} (${WORKERS} clients)`, value: stepRate, unit: 'steps/s' });
    rows.push({ what: '  inclusion in a checkpoint, p50 (20 ms polls)', value: percentile(inclusion, 50), unit: 'ms' });
    rows.push({ what: '  inclusion in a checkpoint, p99', value: percentile(inclusion, 99), unit: 'ms', limit: { what: 'aim', value: 2000 } });
    rows.push({ what: '  steps never seen included', value: inclusion.filter((ms) => ms === Infinity).length, unit: 'steps' });

    // Tiles: a full level-0 tile (immutable, cached), and the checkpoint (a query each).
    const size = checkpointSize(await (await fetch(`${base}/api/v1/log/checkpoint`)).text());
    if (size >= 256) {
      const tile = await load(`${base}/api/v1/log/tile/0/000`);
      rows.push({ what: 'full tile tile/0/000 served', value: tile.rps, unit: 'req/s', limit: { what: 'bare node:http', value: bare.rps } });
      rows.push({ what: '  the same beside the step rate', value: tile.rps, unit: 'req/s', limit: { what: 'steps', value: stepRate } });
      rows.push({ what: '  p99', value: tile.p99, unit: 'ms' });
      if (tile.errors) rows.push({ what: '  errors', value: tile.errors, unit: '' });
      const bundle = await load(`${base}/api/v1/log/tile/entries/000`);
      rows.push({ what: 'entry bundle tile/entries/000 served', value: bundle.rps, unit: 'req/s', limit: { what: 'bare node:http', value: bare.rps } });
    }
    const checkpoint = await load(`${base}/api/v1/log/checkpoint`);
    rows.push({ what: 'checkpoint served (one query each)', value: checkpoint.rps, unit: 'req/s', limit: { what: 'bare node:http', value: bare.rps } });
  });
  return stepRate;
}

/** The sequencer alone: a backlog in the outbox, logged by one `run()` in batches of 1,000. */
async function sequencing(rows: Row[], stepRate: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'evx-bench-log-'));
  const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', SEED_DEMO: process.env.DATABASE_URL ? 'true' : undefined, ORDER_CLOCK_INTERVAL_MS: '0', LOG_SEQUENCE_INTERVAL_MS: '0' };
  const app = await createApp(loadConfig(env as NodeJS.ProcessEnv));
  await app.init();
  try {
    const db = app.get(DataSource);
    const sequencer = app.get(LogSequencer);
    await sequencer.run();
    const before = Number((await db.query('SELECT count(*) AS n FROM log_entries'))[0].n);
    // Entries as steps would leave them: a step id and 32 bytes (the outbox has no foreign key).
    await db.query(`INSERT INTO log_pending (step_id, entry) SELECT gen_random_uuid(), decode(md5(i::text) || md5((i + 1)::text), 'hex') FROM generate_series(1, $1) AS i`, [BACKLOG]);
    const started = performance.now();
    const logged = await sequencer.run();
    const seconds = (performance.now() - started) / 1000;
    const after = Number((await db.query('SELECT count(*) AS n FROM log_entries'))[0].n);
    if (after - before !== BACKLOG || logged !== BACKLOG) throw new Error(`sequenced ${logged}, ${after - before} entries added, expected ${BACKLOG}`);
    const rate = BACKLOG / seconds;
    rows.push({ what: `sequencer on ${backendName()}: ${BACKLOG} entries in batches of 1,000`, value: rate, unit: 'entries/s', limit: { what: 'aim (10 × the step rate)', value: 10 * stepRate } });
    rows.push({ what: '  the same beside the step rate', value: rate, unit: 'entries/s', limit: { what: 'steps', value: stepRate } });
    rows.push({ what: '  per batch (1,000 entries, a signed checkpoint)', value: (seconds * 1000) / Math.ceil(BACKLOG / 1000), unit: 'ms' });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<void> {
  const bare = await bareHttp();
  const rows: Row[] = [];
  const stepRate = await overHttp(rows, bare);
  await sequencing(rows, stepRate);
  printRows(`Transparency log for ${SECONDS} s on ${backendName()} (BENCH_SECONDS, BENCH_WORKERS, BENCH_LOG_BACKLOG to change)`, rows);
}
