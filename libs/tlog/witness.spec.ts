import { type Checkpoint, openCheckpoint, signCheckpoint } from './checkpoint.js';
import { cosignatureTimestamp } from './cosignature.js';
import { EMPTY_TREE_HASH, formatHash, recordHash } from './hash.js';
import { parseNote } from './note.js';
import { proveTree, treeHash } from './storage.js';
import { MemoryHashStore, generateNoteKey, generateWitnessKey, sampleEntries } from './testing.js';
import {
  type WitnessConfig,
  type WitnessState,
  addCheckpoint,
  addCosignatures,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  parseAddCheckpointResponse,
} from './witness.js';

const ORIGIN = 'evidence.example.eu/log';
const NOW = 1_760_000_000;

describe('the tlog-witness add-checkpoint protocol', () => {
  const log = generateNoteKey(ORIGIN);
  const witness = generateWitnessKey('witness.example/w1');
  const config: WitnessConfig = { keys: [witness.key], logs: [{ origin: ORIGIN, verifiers: [log.verifier] }] };
  const entries = sampleEntries(100);
  const store = new MemoryHashStore();
  // A fork: the same first 20 entries, then others.
  const fork = new MemoryHashStore();

  beforeAll(async () => {
    await store.append(entries);
    await fork.append([...entries.slice(0, 20), ...sampleEntries(80, 'forged')]);
  });

  const checkpoint = async (size: number, tree = store, signer = log.signer): Promise<string> =>
    signCheckpoint({ origin: ORIGIN, size, rootHash: await treeHash(size, tree) }, [signer]);
  const request = async (oldSize: number, size: number, tree = store) =>
    formatAddCheckpointRequest({ oldSize, proof: oldSize > 0 && oldSize < size ? await proveTree(size, oldSize, tree) : [], checkpoint: await checkpoint(size, tree) });
  const witnessedAt = async (size: number): Promise<WitnessState> =>
    new Map([[ORIGIN, { size, rootHash: await treeHash(size, store), checkpoint: await checkpoint(size) }]]);

  it('cosigns a first checkpoint, then checkpoints proven consistent with the last one', async () => {
    const first = await addCheckpoint(config, new Map(), await request(0, 10), NOW);
    expect(first.response.status).toBe(200);
    expect(first.state.get(ORIGIN)).toMatchObject({ size: 10, rootHash: await treeHash(10, store) });
    const lines = parseAddCheckpointResponse(200, first.response.contentType, first.response.body);
    expect(lines.kind).toBe('cosigned');

    const second = await addCheckpoint(config, first.state, await request(10, 64), NOW + 5);
    expect(second.response.status).toBe(200);
    expect(second.state.get(ORIGIN)?.size).toBe(64);
    // The input state is left as it was: the caller persists the new one.
    expect(first.state.get(ORIGIN)?.size).toBe(10);

    // The response lines are cosignatures on the submitted checkpoint, at the witness's time.
    const signed = await checkpoint(64);
    const result = parseAddCheckpointResponse(second.response.status, second.response.contentType, second.response.body);
    if (result.kind !== 'cosigned') throw new Error(result.kind);
    const cosigned = addCosignatures(signed, result.signatures, [witness.verifier]);
    const opened = openCheckpoint(cosigned, { origin: ORIGIN, logVerifiers: [log.verifier], witnesses: { verifiers: [witness.verifier], quorum: 1 } });
    expect(cosignatureTimestamp(opened.cosignatures[0])).toBe(NOW + 5);
  });

  it('cosigns the same checkpoint again', async () => {
    const outcome = await addCheckpoint(config, await witnessedAt(64), await request(64, 64), NOW);
    expect(outcome.response.status).toBe(200);
    expect(outcome.state.get(ORIGIN)?.size).toBe(64);
  });

  it('answers 409 with its latest size when the old size is not the one it cosigned last', async () => {
    const outcome = await addCheckpoint(config, await witnessedAt(64), await request(10, 80), NOW);
    expect(outcome.response).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '64\n' });
    expect(parseAddCheckpointResponse(409, outcome.response.contentType, outcome.response.body)).toEqual({ kind: 'conflict', size: 64 });
    const fresh = await addCheckpoint(config, new Map(), await request(10, 80), NOW);
    expect(fresh.response.body).toBe('0\n');
  });

  it('answers 400 to an old size above the checkpoint size', async () => {
    const body = formatAddCheckpointRequest({ oldSize: 81, proof: [], checkpoint: await checkpoint(80) });
    expect((await addCheckpoint(config, await witnessedAt(64), body, NOW)).response.status).toBe(400);
  });

  it('answers 404 to an unknown origin and 403 without a trusted log signature', async () => {
    const other = generateNoteKey('other.example/log');
    const foreign = await signCheckpoint({ origin: 'other.example/log', size: 1, rootHash: recordHash(entries[0]) }, [other.signer]);
    expect((await addCheckpoint(config, new Map(), formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: foreign }), NOW)).response.status).toBe(404);
    const impostor = generateNoteKey(ORIGIN);
    const forged = formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: await checkpoint(10, store, impostor.signer) });
    const outcome = await addCheckpoint(config, new Map(), forged, NOW);
    expect(outcome.response.status).toBe(403);
    expect(outcome.state.size).toBe(0);
    // A trusted key's signature that fails is refused too.
    const good = await checkpoint(10);
    // Change a base64 character after the key ID (the first 4 bytes), so the key stays known.
    const tampered = good.replace(/(— \S+ .{20})(.)/, (_, prefix: string, c: string) => prefix + (c === 'A' ? 'B' : 'A'));
    expect(tampered).not.toBe(good);
    const refused = await addCheckpoint(config, new Map(), formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: tampered }), NOW);
    expect(refused.response.status).toBe(403);
    expect(refused.response.body).toMatch(/invalid signature for key/);
  });

  it('answers 422 to a proof that does not verify, and reports a signed fork as evidence', async () => {
    const state = await witnessedAt(64);
    const proof = await proveTree(80, 64, store);
    proof[0] = recordHash(Buffer.from('wrong'));
    const bad = formatAddCheckpointRequest({ oldSize: 64, proof, checkpoint: await checkpoint(80) });
    const outcome = await addCheckpoint(config, state, bad, NOW);
    expect(outcome.response.status).toBe(422);
    expect(outcome.state).toBe(state);
    // The fork's checkpoint, with the fork's own (valid-looking) proof, does not lead to the root the witness holds.
    const forked = await addCheckpoint(config, state, await request(64, 80, fork), NOW);
    expect(forked.response.status).toBe(422);
    expect(forked.evidence?.checkpoint).toBe(await checkpoint(80, fork));
    // A proof is not allowed from size 0.
    const fromZero = formatAddCheckpointRequest({ oldSize: 0, proof: [recordHash(entries[0])], checkpoint: await checkpoint(10) });
    expect((await addCheckpoint(config, new Map(), fromZero, NOW)).response.status).toBe(422);
    // An empty tree must carry the empty-tree root.
    const emptyWrong = await signCheckpoint({ origin: ORIGIN, size: 0, rootHash: recordHash(entries[0]) }, [log.signer]);
    expect((await addCheckpoint(config, new Map(), formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: emptyWrong }), NOW)).response.status).toBe(422);
    const empty = await signCheckpoint({ origin: ORIGIN, size: 0, rootHash: EMPTY_TREE_HASH }, [log.signer]);
    expect((await addCheckpoint(config, new Map(), formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpoint: empty }), NOW)).response.status).toBe(200);
  });

  it('answers 409 to another root at the size it cosigned', async () => {
    const outcome = await addCheckpoint(config, await witnessedAt(64), await request(64, 64, fork), NOW);
    expect(outcome.response.status).toBe(409);
    expect(outcome.response.contentType).not.toBe('text/x.tlog.size');
    expect(outcome.evidence?.reason).toMatch(/root hash differs/);
  });

  it('answers 400 to malformed bodies', async () => {
    const cp = await checkpoint(10);
    const hash = formatHash(recordHash(entries[0]));
    const bodies = [
      '',
      `old 0\n${cp}`,
      `old  0\n\n${cp}`,
      `old 00\n\n${cp}`,
      `old -1\n\n${cp}`,
      `Old 0\n\n${cp}`,
      `old 64\n${hash.slice(1)}\n\n${cp}`,
      `old 64\n${hash}\n${cp}`,
      `old 64\n${`${hash}\n`.repeat(64)}\n${cp}`,
      `old 0\n\n${cp.replace('\n\n', '\n')}`,
      `old 0\n\nnot a checkpoint\n\n${cp.split('\n\n')[1]}`,
      Buffer.concat([Buffer.from('old 0\n\n'), Buffer.from([0xff]), Buffer.from(cp)]),
    ];
    for (const body of bodies) {
      const outcome = await addCheckpoint(config, new Map(), body, NOW);
      expect([String(body).slice(0, 30), outcome.response.status]).toEqual([String(body).slice(0, 30), 400]);
    }
  });

  it('writes and reads requests and responses', async () => {
    const proof = await proveTree(80, 64, store);
    const cp = await checkpoint(80);
    const body = formatAddCheckpointRequest({ oldSize: 64, proof, checkpoint: cp });
    expect(body).toBe(`old 64\n${proof.map((h) => `${formatHash(h)}\n`).join('')}\n${cp}`);
    expect(parseAddCheckpointRequest(body)).toEqual({ oldSize: 64, proof, checkpoint: cp });
    expect(parseAddCheckpointRequest(Buffer.from(body))).toEqual({ oldSize: 64, proof, checkpoint: cp });
    expect(parseAddCheckpointResponse(403, 'text/plain', 'no\n')).toEqual({ kind: 'rejected', status: 403, message: 'no' });
    expect(parseAddCheckpointResponse(409, 'text/plain', 'root differs\n')).toMatchObject({ kind: 'rejected', status: 409 });
    expect(() => parseAddCheckpointResponse(409, 'text/x.tlog.size', '050\n')).toThrow(expect.objectContaining({ code: 'WITNESS_MESSAGE_MALFORMED' }));
    expect(() => parseAddCheckpointResponse(409, 'text/x.tlog.size', '50')).toThrow(expect.objectContaining({ code: 'WITNESS_MESSAGE_MALFORMED' }));
    expect(() => parseAddCheckpointResponse(200, 'text/plain', 'hello\n')).toThrow(expect.objectContaining({ code: 'WITNESS_MESSAGE_MALFORMED' }));
  });

  it('lets the log keep only cosignatures by witnesses it trusts', async () => {
    const stranger = generateWitnessKey('stranger.example/w');
    const strangerConfig: WitnessConfig = { ...config, keys: [stranger.key, witness.key] };
    const outcome = await addCheckpoint(strangerConfig, new Map(), await request(0, 10), NOW);
    const result = parseAddCheckpointResponse(200, outcome.response.contentType, outcome.response.body);
    if (result.kind !== 'cosigned') throw new Error(result.kind);
    expect(result.signatures).toHaveLength(2);
    const signed = await checkpoint(10);
    const cosigned = addCosignatures(signed, result.signatures, [witness.verifier]);
    expect(parseNote(cosigned).signatures.map((s) => s.name)).toEqual([ORIGIN, 'witness.example/w1']);
    expect(addCosignatures(signed, result.signatures, [])).toBe(signed);
    const corrupted = result.signatures.map((s) => ({ ...s, signature: Buffer.from(s.signature).fill(1, 20, 30) }));
    expect(() => addCosignatures(signed, corrupted, [witness.verifier])).toThrow(expect.objectContaining({ code: 'NOTE_SIGNATURE_INVALID' }));
  });

  it('follows a log through many checkpoints', async () => {
    let state: WitnessState = new Map();
    let size = 0;
    for (const next of [1, 2, 3, 7, 8, 9, 31, 32, 33, 64, 100]) {
      const outcome = await addCheckpoint(config, state, await request(size, next), NOW + next);
      expect([next, outcome.response.status]).toEqual([next, 200]);
      state = outcome.state;
      size = next;
    }
    const head: Checkpoint = { origin: ORIGIN, size: 100, rootHash: await treeHash(100, store) };
    expect(state.get(ORIGIN)).toMatchObject({ size: head.size, rootHash: head.rootHash });
  });
});
