/**
 * HTTP throughput of the app against a bare Node HTTP server on this machine. The server runs
 * in a child process (as in production) and autocannon loads it from this one; both share the
 * machine's cores, as a real client and server on one small host would.
 */
import { printRows, type Row } from './harness.js';
import { backendName, bareHttp, CONNECTIONS, load, login, SECONDS, withApp } from './servers.js';

export default async function run(): Promise<void> {
  const rows: Row[] = [];
  const bare = await bareHttp();
  rows.push({ what: `bare node:http GET /health (p99 ${bare.p99} ms)`, value: bare.rps, unit: 'req/s' });
  await withApp(3992, async (base) => {
    const accessToken = await login(base, 'officer@ofac.fr.demo');
    const health = await load(`${base}/health`);
    rows.push({ what: `app GET /health, one SELECT 1 on ${backendName()} (p99 ${health.p99} ms, ${health.errors} errors)`, value: health.rps, unit: 'req/s', limit: { what: 'bare', value: bare.rps } });
    const me = await load(`${base}/api/v1/me`, { authorization: `Bearer ${accessToken}` });
    rows.push({ what: `app GET /api/v1/me, JWT + one read (p99 ${me.p99} ms, ${me.errors} errors)`, value: me.rps, unit: 'req/s', limit: { what: 'bare', value: bare.rps } });
  });
  printRows(`HTTP, ${CONNECTIONS} connections for ${SECONDS} s each (BENCH_SECONDS to change)`, rows);
}
