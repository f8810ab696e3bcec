import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ADD_CHECKPOINT_PATH,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  formatAddCheckpointRequest,
  formatVerifierKey,
  openCheckpoint,
  parseVerifierKey,
  proveTree,
  signCheckpoint,
  treeHash,
} from '../libs/tlog/index.js';
import { MemoryHashStore, sampleEntries } from '../libs/tlog/testing.js';
import { loadOrCreateWitnessKey, startWitness, type RunningWitness } from '../src/cli/witness.js';
import { LogWitnesses } from '../src/modules/log/log-witnesses.service.js';
import { LogRepository } from '../src/modules/log/log.repository.js';
import { ExchangePkiService } from '../src/modules/pki/exchange-pki.service.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A port nothing listens on now, for a witness the exchange is configured with before it runs. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Issue 13, witnessing: `evx witness` (C2SP tlog-witness, its own key and state) cosigns the
 * exchange's checkpoints with a consistency proof each time, the exchange serves them cosigned,
 * keeps sequencing while the witness is down, catches up from the size a 409 names, and the
 * witness refuses a log that forks from what it saw.
 */
describe('transparency log: witnessing', () => {
  const work = mkdtempSync(join(tmpdir(), 'evx-witness-e2e-'));
  const keyFile = join(work, 'witness-key.json');
  const stateFile = join(work, 'witness-state.json');
  const name = 'witness.example/w1';
  const witnessKey = loadOrCreateWitnessKey(keyFile, name);
  let port: number;
  let t: TestApp;
  let witness: RunningWitness | undefined;
  let witnessVerifierKey: string;
  let logKey: string;
  let providerId: string;

  const checkpointText = async () => ((await t.http().get('/api/v1/log/checkpoint').buffer(true).parse(binaryParser)).body as Buffer).toString('utf8');
  const start = async () => {
    witness = await startWitness({ host: '127.0.0.1', port, keyFile, stateFile, logs: [logKey] });
    return witness;
  };
  const stop = async () => {
    await witness?.close();
    witness = undefined;
  };
  async function step(): Promise<void> {
    const api = ordersClient(t);
    ok(await api.create(DEMO.parisProsecutor, orderBody(providerId, { dataCategories: ['SUBSCRIBER'] })), 201);
  }
  /** The served checkpoint once it is at least `size` and, if asked, cosigned by the witness. */
  async function served(options: { minSize: number; cosigned: boolean }) {
    const key = parseVerifierKey(logKey);
    const witnessVerifier = parseVerifierKey(witnessVerifierKey);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const text = await checkpointText();
      const opened = openCheckpoint(text, { origin: key.name, logVerifiers: [key], witnesses: { verifiers: [witnessVerifier], quorum: 0 } });
      if (opened.checkpoint.size >= options.minSize && (!options.cosigned || opened.cosignatures.length === 1)) return { text, ...opened };
      await sleep(50);
    }
    throw new Error(`no checkpoint of size ${options.minSize}${options.cosigned ? ', cosigned,' : ''} within 20 s`);
  }
  const stateSize = () => (JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, { size: number }>)[parseVerifierKey(logKey).name].size;
  const treeSize = () => t.app.get(LogRepository).treeSize();

  beforeAll(async () => {
    port = await freePort();
    witnessVerifierKey = formatVerifierKey({ name, type: SIGNATURE_TYPE_COSIGNATURE_V1, publicKey: witnessKey.publicKey });
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', LOG_SEQUENCE_INTERVAL_MS: '50', LOG_WITNESSES: `${witnessVerifierKey}=http://127.0.0.1:${port}` });
    logKey = t.app.get(ExchangePkiService).logKey().verifierKey;
    providerId = (await demoDirectory(t)).Examplegram;
  });
  afterAll(async () => {
    await stop();
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps sequencing while its witness is down; once the witness runs, serves checkpoints it cosigned, each proven consistent with the last', async () => {
    await step();
    const unwitnessed = await served({ minSize: (await treeSize()) || 1, cosigned: false });
    expect(unwitnessed.cosignatures).toHaveLength(0);
    expect(existsSync(stateFile)).toBe(false);

    expect((await start()).verifierKey).toBe(witnessVerifierKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    await step();
    const first = await served({ minSize: await treeSize(), cosigned: true });
    expect(first.cosignatures[0].name).toBe(name);
    expect(stateSize()).toBe(first.checkpoint.size);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    // A client that sends headers and then stalls its body does not hold the witness's queue.
    const stalled = connect(new URL(witness!.url).port ? Number(new URL(witness!.url).port) : port, '127.0.0.1');
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.write(`POST ${ADD_CHECKPOINT_PATH} HTTP/1.1\r\nhost: witness\r\ncontent-length: 1000\r\n\r\nold 0\n`);
    await step();
    const second = await served({ minSize: first.checkpoint.size + 1, cosigned: true });
    stalled.destroy();
    // The witness moved forward only through a consistency proof from the size it held.
    expect(stateSize()).toBe(second.checkpoint.size);
    expect(second.checkpoint.size).toBeGreaterThan(first.checkpoint.size);
  });

  it('catches up after the witness learnt a newer checkpoint elsewhere: proves again from the size its 409 names', async () => {
    const log = t.app.get(LogRepository);
    const held = stateSize();
    await stop();
    await step();
    await served({ minSize: held + 1, cosigned: false });
    const newer = (await log.latestCheckpoint())!;
    expect(newer.size).toBeGreaterThan(held);
    // The exchange's own catch-up (every few seconds) must not give the witness `newer` before the
    // test does: the direct submission below would then be answered 409.
    const catchUp = jest.spyOn(t.app.get(LogWitnesses), 'catchUp').mockResolvedValue();
    try {
      // The exchange's own submission of `newer`, made as it was signed, has failed against the
      // stopped witness (this joins it if it is still under way).
      await t.app.get(LogWitnesses).submitAll(newer);
      await start();
      // Someone else (another log instance, a monitor) gives the witness the newer checkpoint first.
      const proof = await proveTree(newer.size, held, log.hashReader());
      const direct = await fetch(`${witness!.url}${ADD_CHECKPOINT_PATH}`, { method: 'POST', body: formatAddCheckpointRequest({ oldSize: held, proof, checkpoint: newer.note }) });
      expect(direct.status).toBe(200);
    } finally {
      catchUp.mockRestore();
    }
    expect(stateSize()).toBe(newer.size);
    // The exchange still believes the witness holds `held`: it is told otherwise, and proves from there.
    await step();
    const caughtUp = await served({ minSize: newer.size + 1, cosigned: true });
    expect(stateSize()).toBe(caughtUp.checkpoint.size);

    // Another instance still holding an older checkpoint submits it: stale, not a fork, no alarm.
    const alarms = jest.spyOn(Logger.prototype, 'error');
    try {
      await t.app.get(LogWitnesses).submitAll((await log.checkpointAt(held))!);
      expect(alarms.mock.calls.filter(([entry]) => JSON.stringify(entry).includes('forked'))).toEqual([]);
    } finally {
      alarms.mockRestore();
    }
  });

  it('refuses a forked log: same key and origin, other entries (422 for the proof, 409 for another root at its size), and keeps the evidence', async () => {
    const held = stateSize();
    const signer = t.app.get(ExchangePkiService).logKey().signer;
    const origin = parseVerifierKey(logKey).name;
    // The log's key signs a second history: other entries from the start.
    const fork = new MemoryHashStore();
    await fork.append(sampleEntries(held + 5, 'forged step'));
    const forkedCheckpoint = await signCheckpoint({ origin, size: held + 5, rootHash: await treeHash(held + 5, fork) }, [signer]);
    const add = (body: string) => fetch(`${witness!.url}${ADD_CHECKPOINT_PATH}`, { method: 'POST', body });
    const extended = await add(formatAddCheckpointRequest({ oldSize: held, proof: await proveTree(held + 5, held, fork), checkpoint: forkedCheckpoint }));
    expect(extended.status).toBe(422);
    const sameSize = await add(formatAddCheckpointRequest({ oldSize: held, proof: [], checkpoint: await signCheckpoint({ origin, size: held, rootHash: await treeHash(held, fork) }, [signer]) }));
    expect(sameSize.status).toBe(409);
    expect(stateSize()).toBe(held);
    const evidence = readFileSync(`${stateFile}.evidence`, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { origin: string; checkpoint: string });
    expect(evidence.map((e) => e.origin)).toEqual([origin, origin]);
    expect(evidence[0].checkpoint).toBe(forkedCheckpoint);
    // The honest log goes on being cosigned.
    await step();
    const honest = await served({ minSize: held + 1, cosigned: true });
    const kept = (await t.app.get(DataSource).query('SELECT size FROM log_cosignatures WHERE size = $1', [honest.checkpoint.size])) as unknown[];
    expect(kept).toHaveLength(1);
  });
});
