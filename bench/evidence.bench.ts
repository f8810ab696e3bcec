/**
 * Evidence at disk speed: a 1 GiB file (BENCH_EVIDENCE_MIB to change) uploaded to the app and
 * downloaded again inside the evidence bundle, each timed against `openssl dgst -sha256` of the
 * same file, with the server's peak memory (its VmHWM) against the 200 MB aim.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { printRows } from './harness.js';
import { login, peakMemoryMiB, withApp } from './servers.js';

const MIB = 1024 * 1024;
const SIZE_MIB = Number(process.env.BENCH_EVIDENCE_MIB ?? 1024);

async function json(base: string, method: string, path: string, token: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** Streams `file` as the body of an evidence upload; answers when the server has answered. */
function upload(base: string, path: string, token: string, file: string, size: number, digest: string): Promise<{ status: number; body: string }> {
  const url = new URL(`${base}/api/v1${path}`);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(size),
          'content-disposition': 'attachment; filename="drive-export.bin"',
          'repr-digest': `sha-256=:${Buffer.from(digest, 'hex').toString('base64')}:`,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    outgoing.on('error', reject);
    createReadStream(file, { highWaterMark: MIB }).pipe(outgoing);
  });
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'evx-bench-evidence-'));
  try {
    const file = join(dir, 'evidence.bin');
    const block = randomBytes(MIB);
    const out = createWriteStream(file);
    for (let i = 0; i < SIZE_MIB; i++) if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file, { highWaterMark: MIB })) hash.update(chunk as Buffer);
    const digest = hash.digest('hex');
    // The machine's own limit: openssl hashing the same (page-cached) file.
    execFileSync('openssl', ['dgst', '-sha256', file], { stdio: 'ignore' });
    const hashStarted = performance.now();
    execFileSync('openssl', ['dgst', '-sha256', file], { stdio: 'ignore' });
    const hashSeconds = (performance.now() - hashStarted) / 1000;

    await withApp(
      3994,
      async (base, app) => {
        const prosecutor = await login(base, 'prosecutor@parquet-paris.fr.demo');
        const provider = await login(base, 'legal@examplegram.demo');
        const directory = (await json(base, 'GET', '/providers', prosecutor)) as { items: { id: string; name: string }[] };
        const providerId = directory.items.find((p) => p.name === 'Examplegram')!.id;
        const order = await json(base, 'POST', '/orders', prosecutor, {
          type: 'PRODUCTION',
          providerId,
          caseReference: 'BENCH-EVIDENCE',
          dataCategories: ['SUBSCRIBER'],
          targets: [{ kind: 'ACCOUNT', value: 'bench' }],
          offence: { description: 'Fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
        });
        await json(base, 'POST', `/orders/${order.id}/issue`, prosecutor, {});
        const memoryBefore = peakMemoryMiB(app.pid!);

        const uploadStarted = performance.now();
        const uploaded = await upload(base, `/orders/${order.id}/evidence`, provider, file, SIZE_MIB * MIB, digest);
        const uploadSeconds = (performance.now() - uploadStarted) / 1000;
        if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${uploaded.body}`);
        const evidence = JSON.parse(uploaded.body) as { id: string; sha256: string };
        if (evidence.sha256 !== digest) throw new Error('the server computed another digest');
        await json(base, 'POST', `/orders/${order.id}/production`, provider, { evidenceIds: [evidence.id], decisions: [{ target: 'bench', category: 'SUBSCRIBER', produced: true }] });

        const downloadStarted = performance.now();
        const response = await fetch(`${base}/api/v1/orders/${order.id}/bundle`, { headers: { authorization: `Bearer ${prosecutor}` } });
        if (!response.ok || !response.body) throw new Error(`bundle: ${response.status}`);
        let received = 0;
        for await (const chunk of response.body) received += (chunk as Uint8Array).length;
        const downloadSeconds = (performance.now() - downloadStarted) / 1000;
        if (received < SIZE_MIB * MIB) throw new Error(`the bundle holds ${received} bytes, less than the evidence`);
        const peak = peakMemoryMiB(app.pid!);

        printRows(`Evidence: ${SIZE_MIB} MiB uploaded and downloaded in the bundle (BENCH_EVIDENCE_MIB to change)`, [
          { what: 'openssl dgst -sha256 of the file', value: SIZE_MIB / hashSeconds, unit: 'MiB/s' },
          { what: 'upload: stream, hash, store (time ratio)', value: uploadSeconds / hashSeconds, unit: 'x hashing', limit: { what: 'aim', value: 2 } },
          { what: 'upload throughput', value: SIZE_MIB / uploadSeconds, unit: 'MiB/s', limit: { what: 'openssl dgst', value: SIZE_MIB / hashSeconds } },
          { what: 'bundle download (time ratio)', value: downloadSeconds / hashSeconds, unit: 'x hashing', limit: { what: 'aim', value: 2 } },
          { what: 'bundle download throughput', value: received / MIB / downloadSeconds, unit: 'MiB/s', limit: { what: 'openssl dgst', value: SIZE_MIB / hashSeconds } },
          { what: 'server peak memory (VmHWM) after both', value: peak, unit: 'MiB', limit: { what: 'aim', value: 200 } },
          { what: 'server peak memory before the upload', value: memoryBefore, unit: 'MiB' },
        ]);
      },
      { EVIDENCE_MAX_BYTES: String(4 * 1024 * MIB) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
