/**
 * Signed transitions over HTTP: create + issue + acknowledge cycles, each step signed by the
 * actor's custodial key, sealed by the exchange and timestamped by its TSA in the transaction
 * that changes the order. Printed beside the bare HTTP rate of the same machine and the native
 * signing rate (each step makes three ECDSA P-256 signatures: intent, seal, timestamp token).
 */
import { performance } from 'node:perf_hooks';
import { opensslSpeed, printRows, type Row } from './harness.js';
import { backendName, bareHttp, login, SECONDS, withApp } from './servers.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

export default async function run(): Promise<void> {
  const bare = await bareHttp();
  const native = opensslSpeed('ecdsap256');
  const rows: Row[] = [];
  await withApp(3993, async (base) => {
    const prosecutor = await login(base, 'prosecutor@parquet-paris.fr.demo');
    const provider = await login(base, 'legal@examplegram.demo');
    const directory = (await (await fetch(`${base}/api/v1/providers`, { headers: { authorization: `Bearer ${prosecutor}` } })).json()) as { items: { id: string; name: string }[] };
    const providerId = directory.items.find((p) => p.name === 'Examplegram')!.id;
    const order = JSON.stringify({
      type: 'PRODUCTION',
      providerId,
      caseReference: 'BENCH-1',
      dataCategories: ['SUBSCRIBER'],
      targets: [{ kind: 'EMAIL', value: 'suspect@example.org' }],
      offence: { description: 'Fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
    });
    const post = async (path: string, token: string, body: string): Promise<{ id: string }> => {
      const started = performance.now();
      const response = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      latencies.push(performance.now() - started);
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const latencies: number[] = [];
    const cycle = async () => {
      const { id } = await post('/orders', prosecutor, order);
      await post(`/orders/${id}/issue`, prosecutor, '{}');
      await post(`/orders/${id}/acknowledge`, provider, '{}');
    };
    await cycle(); // warm-up: custodial signers, prepared statements
    latencies.length = 0;
    let cycles = 0;
    const started = performance.now();
    const until = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (performance.now() < until) {
          await cycle();
          cycles += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const steps = (cycles * 3) / seconds;
    latencies.sort((a, b) => a - b);
    rows.push({ what: `signed steps over HTTP on ${backendName()} (${WORKERS} clients)`, value: steps, unit: 'steps/s', limit: { what: 'bare HTTP', value: bare.rps } });
    rows.push({ what: 'same, against native signing (3 P-256 signatures a step)', value: steps, unit: 'steps/s', limit: { what: 'openssl speed / 3', value: native.sign / 3 } });
    rows.push({ what: 'create + issue + acknowledge cycles', value: cycles / seconds, unit: 'cycles/s' });
    rows.push({ what: 'step latency p50', value: percentile(latencies, 50), unit: 'ms' });
    rows.push({ what: 'step latency p99', value: percentile(latencies, 99), unit: 'ms' });
  });
  printRows(`Orders: signed, sealed and timestamped transitions for ${SECONDS} s (BENCH_SECONDS, BENCH_WORKERS to change)`, rows);
}
