/**
 * Events, as issue 11 asks them measured, against the built app in a child process (PGlite, or
 * DATABASE_URL when set), each figure beside this machine's limits:
 *
 * 1. The step rate with no subscription, then with one webhook to a local receiver: steps lose at
 *    most 10 % with webhooks on (aim). The same run gives the delivery rate and the delay from a
 *    step's time to its webhook's arrival.
 * 2. Paced at about 100 deliveries/s (ten subscriptions, steps at a steady rate): the delay from a
 *    step to each delivery, p50 and p99 (aim: p99 under 1 s).
 * 3. Ten subscribers that never answer: step latency beside none (aim: within 10 %).
 *
 * The delay is measured from the event's `timestamp` (the step's time, taken before it commits:
 * an upper bound on commit-to-delivery) to the receiver's clock, both this machine's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { printRows, type Row } from './harness.js';
import { backendName, bareHttp, login, SECONDS, withApp } from './servers.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** A receiver on loopback: answers 200 (and records each delivery's delay), or never answers. */
async function receiver(mode: 'answer' | 'hang') {
  const delays: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (mode === 'hang') return;
      const event = JSON.parse(Buffer.concat(chunks).toString()) as { timestamp: string };
      delays.push(Date.now() - Date.parse(event.timestamp));
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    delays,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Create, issue and acknowledge orders: three steps each, three events to the provider. */
async function stepper(base: string) {
  const prosecutor = await login(base, 'prosecutor@parquet-paris.fr.demo');
  const provider = await login(base, 'legal@examplegram.demo');
  const directory = (await (await fetch(`${base}/api/v1/providers`, { headers: { authorization: `Bearer ${prosecutor}` } })).json()) as { items: { id: string; name: string }[] };
  const body = JSON.stringify({
    type: 'PRODUCTION',
    providerId: directory.items.find((p) => p.name === 'Examplegram')!.id,
    caseReference: 'BENCH-EVENTS',
    dataCategories: ['SUBSCRIBER'],
    targets: [{ kind: 'EMAIL', value: 'suspect@example.org' }],
    offence: { description: 'Fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
  });
  const latencies: number[] = [];
  const post = async (path: string, token: string, payload: string) => {
    const started = performance.now();
    const response = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: payload });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    latencies.push(performance.now() - started);
    return (await response.json()) as { id: string };
  };
  const cycle = async () => {
    const { id } = await post('/orders', prosecutor, body);
    await post(`/orders/${id}/issue`, prosecutor, '{}');
    await post(`/orders/${id}/acknowledge`, provider, '{}');
  };
  const subscribe = async (url: string) => {
    const response = await fetch(`${base}/api/v1/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${provider}`, 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
    if (response.status !== 201) throw new Error(`subscribe: ${response.status} ${await response.text()}`);
  };
  /** `WORKERS` clients stepping as fast as they can for SECONDS; steps/s. */
  const flat = async (): Promise<number> => {
    await cycle();
    latencies.length = 0;
    const started = performance.now();
    const until = started + SECONDS * 1000;
    await Promise.all(Array.from({ length: WORKERS }, async () => {
      while (performance.now() < until) await cycle();
    }));
    return latencies.length / ((performance.now() - started) / 1000);
  };
  /** One cycle every `everyMs` for SECONDS (steady load, not saturation). */
  const paced = async (everyMs: number): Promise<void> => {
    const until = performance.now() + SECONDS * 1000;
    const running: Promise<void>[] = [];
    while (performance.now() < until) {
      running.push(cycle());
      await sleep(everyMs);
    }
    await Promise.all(running);
  };
  return { latencies, flat, paced, subscribe };
}

const ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_MS: '60000' };

export default async function run(): Promise<void> {
  const bare = await bareHttp();
  const rows: Row[] = [];

  // 1. Without, then with one webhook: the step rate, the delivery rate and delay.
  const without = await withApp(3995, async (base) => {
    const api = await stepper(base);
    const rate = await api.flat();
    return { rate, p50: percentile(api.latencies, 50), p99: percentile(api.latencies, 99) };
  }, ENV);
  rows.push({ what: `steps, no webhook (${WORKERS} clients)`, value: without.rate, unit: 'steps/s', limit: { what: 'bare node:http', value: bare.rps } });
  const hook = await receiver('answer');
  try {
    const withHook = await withApp(3995, async (base) => {
      const api = await stepper(base);
      await api.subscribe(hook.url);
      const started = performance.now();
      const rate = await api.flat();
      // Let the last deliveries land (the count stops moving).
      for (let last = -1; hook.delays.length !== last; ) {
        last = hook.delays.length;
        await sleep(300);
      }
      return { rate, deliveries: hook.delays.length / ((performance.now() - started) / 1000) };
    }, ENV);
    rows.push({ what: '  with one webhook on every event', value: withHook.rate, unit: 'steps/s', limit: { what: 'no webhook (aim ≥ 0.9)', value: without.rate } });
    rows.push({ what: '  webhook deliveries to a local receiver', value: withHook.deliveries, unit: 'events/s', limit: { what: 'bare node:http', value: bare.rps } });
    rows.push({ what: '  delay step → delivery at that rate, p50', value: percentile(hook.delays, 50), unit: 'ms' });
    rows.push({ what: '  delay step → delivery at that rate, p99', value: percentile(hook.delays, 99), unit: 'ms' });
  } finally {
    await hook.close();
  }

  // 2. Paced at about 100 deliveries/s: ten subscriptions, three events per cycle.
  const fan = await receiver('answer');
  try {
    const paced = await withApp(3995, async (base) => {
      const api = await stepper(base);
      for (let i = 0; i < 10; i++) await api.subscribe(`${fan.url}?n=${i}`);
      const started = performance.now();
      await api.paced(300);
      await sleep(2000);
      return { rate: fan.delays.length / ((performance.now() - started) / 1000) };
    }, ENV);
    rows.push({ what: 'paced: 10 subscriptions, a cycle every 300 ms', value: paced.rate, unit: 'events/s' });
    rows.push({ what: '  delay step → delivery, p50', value: percentile(fan.delays, 50), unit: 'ms' });
    rows.push({ what: '  delay step → delivery, p99', value: percentile(fan.delays, 99), unit: 'ms', limit: { what: 'aim', value: 1000 } });
  } finally {
    await fan.close();
  }

  // 3. Ten subscribers that never answer: step latency beside none.
  const dead = await receiver('hang');
  try {
    const deadRun = await withApp(3995, async (base) => {
      const api = await stepper(base);
      for (let i = 0; i < 10; i++) await api.subscribe(`${dead.url}?n=${i}`);
      const rate = await api.flat();
      return { rate, p50: percentile(api.latencies, 50), p99: percentile(api.latencies, 99) };
    }, ENV);
    rows.push({ what: 'step latency p50, no subscriber', value: without.p50, unit: 'ms' });
    rows.push({ what: '  with 10 subscribers that never answer', value: deadRun.p50, unit: 'ms', limit: { what: 'none (aim ≤ 1.1)', value: without.p50 } });
    rows.push({ what: 'step latency p99, no subscriber', value: without.p99, unit: 'ms' });
    rows.push({ what: '  with 10 subscribers that never answer', value: deadRun.p99, unit: 'ms', limit: { what: 'none', value: without.p99 } });
    rows.push({ what: '  step rate with them', value: deadRun.rate, unit: 'steps/s', limit: { what: 'none', value: without.rate } });
  } finally {
    await dead.close();
  }

  printRows(`Events on ${backendName()}: webhooks beside the step rate, ${SECONDS} s per run (BENCH_SECONDS, BENCH_WORKERS to change)`, rows);
}
