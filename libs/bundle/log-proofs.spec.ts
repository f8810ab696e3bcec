import { cosignatureSigner, formatCheckpoint, formatTlogProof, proveRecord, signNote, treeHash } from '../tlog/index.js';
import { MemoryHashStore, generateNoteKey, generateWitnessKey, sampleEntries } from '../tlog/testing.js';
import { checkLogProofs, logProofPath } from './log-proofs.js';

const ORIGIN = 'evidence.example.eu/api/v1/log';

describe('the transparency log proofs of a bundle', () => {
  const log = generateNoteKey(ORIGIN);
  const witness = generateWitnessKey('witness.example/w1');
  const entries = sampleEntries(40, 'step');
  const store = new MemoryHashStore();
  // The order's three steps are entries 10, 11 and 30 of the log.
  const steps = [
    { seq: 1, action: 'CREATE', hash: entries[10].toString('hex'), index: 10 },
    { seq: 2, action: 'ISSUE', hash: entries[11].toString('hex'), index: 11 },
    { seq: 3, action: 'ACKNOWLEDGE', hash: entries[30].toString('hex'), index: 30 },
  ];
  let checkpoint: string;
  let older: string;
  const proofs = async (size: number, note: string) => new Map(await Promise.all(steps.map(async (step) => [step.seq, formatTlogProof({ index: step.index, proof: await proveRecord(size, step.index, store), checkpoint: note })] as const)));

  beforeAll(async () => {
    await store.append(entries);
    const text = formatCheckpoint({ origin: ORIGIN, size: 40, rootHash: await treeHash(40, store) });
    checkpoint = await signNote(text, [log.signer, cosignatureSigner(witness.key, () => 1_765_000_000)]);
    older = await signNote(formatCheckpoint({ origin: ORIGIN, size: 35, rootHash: await treeHash(35, store) }), [log.signer]);
  });

  it('holds when every step is proven under a checkpoint signed by the log key, and counts the witnesses', async () => {
    const result = checkLogProofs(steps, await proofs(40, checkpoint), log.verifierKey, [witness.verifierKey]);
    expect(result).toMatchObject({ ok: true, logKey: log.verifierKey });
    expect(result.detail).toContain(`3 steps, each proven an entry of the log ${ORIGIN}`);
    expect(result.detail).toContain('tree 40');
    expect(result.detail).toContain("cosigned by 1 of the bundle's 1 witness(es)");
    expect(logProofPath(3)).toBe('log/steps/3.tlog-proof');
  });

  it('fails naming the step whose proof is missing, for another tree, or for another hash', async () => {
    const all = await proofs(40, checkpoint);
    const missing = new Map(all);
    missing.delete(2);
    expect(checkLogProofs(steps, missing, log.verifierKey)).toMatchObject({ ok: false, detail: 'step 2 (ISSUE): no proof that the log holds it (log/steps/2.tlog-proof is missing)' });

    // Step 3's inclusion proof in the tree of 40, shown under the (genuine) checkpoint of 35.
    const otherTree = new Map(all);
    otherTree.set(3, formatTlogProof({ index: 30, proof: await proveRecord(40, 30, store), checkpoint: older }));
    const tree = checkLogProofs(steps, otherTree, log.verifierKey);
    expect(tree.ok).toBe(false);
    expect(tree.detail).toMatch(/^step 3 \(ACKNOWLEDGE\): the proof does not lead from its hash to the root of its checkpoint: it is for another tree or another entry/);

    // Step 1's proof offered for step 2's hash.
    const otherHash = new Map(all);
    otherHash.set(2, all.get(1)!);
    expect(checkLogProofs(steps, otherHash, log.verifierKey).detail).toMatch(/^step 2 \(ISSUE\): the proof does not lead from its hash/);

    // The steps file states each step's log index: a proof for another entry than stated fails too.
    const stated = steps.map((step) => ({ ...step, logIndex: step.seq === 3 ? 31 : step.index }));
    expect(checkLogProofs(stated, all, log.verifierKey)).toMatchObject({ ok: false, detail: 'step 3 (ACKNOWLEDGE): the proof is for entry 30, the steps file says 31' });
    expect(checkLogProofs(steps.map((step) => ({ ...step, logIndex: step.index })), all, log.verifierKey).ok).toBe(true);
  });

  it('fails when the proofs show two checkpoints: a split view (two roots for one size) or simply two trees', async () => {
    // A fork of the log: the same first 35 entries, then others, signed by the same log key.
    const fork = new MemoryHashStore();
    await fork.append([...entries.slice(0, 35), ...sampleEntries(5, 'forked')]);
    const forked = await signNote(formatCheckpoint({ origin: ORIGIN, size: 40, rootHash: await treeHash(40, fork) }), [log.signer]);
    const split = new Map(await proofs(40, checkpoint));
    split.set(3, formatTlogProof({ index: 30, proof: await proveRecord(40, 30, fork), checkpoint: forked }));
    const result = checkLogProofs(steps, split, log.verifierKey);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('two checkpoints of the same size 40 with different roots');

    // Genuine, consistent checkpoints, but two of them: a bundle proves its steps under one.
    const mixed = new Map(await proofs(40, checkpoint));
    for (const step of steps.slice(0, 2)) mixed.set(step.seq, formatTlogProof({ index: step.index, proof: await proveRecord(35, step.index, store), checkpoint: older }));
    expect(checkLogProofs(steps, mixed, log.verifierKey)).toMatchObject({ ok: false, detail: expect.stringContaining('under 2 different checkpoints') });
  });

  it('fails when the log holds the chain out of its order', async () => {
    const swapped = steps.map((step) => (step.seq === 1 ? { ...step, seq: 2 } : step.seq === 2 ? { ...step, seq: 1 } : step));
    const files = new Map(await Promise.all(swapped.map(async (step) => [step.seq, formatTlogProof({ index: step.index, proof: await proveRecord(40, step.index, store), checkpoint })] as const)));
    const result = checkLogProofs(swapped, files, log.verifierKey);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain("its entry 10 is not after step 1's entry 11");
  });

  it('fails for a checkpoint signed by another key, and without any log key', async () => {
    const impostor = generateNoteKey(ORIGIN);
    const forged = await signNote(formatCheckpoint({ origin: ORIGIN, size: 40, rootHash: await treeHash(40, store) }), [impostor.signer]);
    const result = checkLogProofs(steps, await proofs(40, forged), log.verifierKey);
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('step 1 (CREATE): its checkpoint is not signed by the log key');
    expect(result.detail).toContain('step 3 (ACKNOWLEDGE)');
    expect(checkLogProofs(steps, await proofs(40, checkpoint), undefined)).toMatchObject({ ok: false, logKey: null });
    expect(checkLogProofs(steps, await proofs(40, checkpoint), 'not a key').ok).toBe(false);
  });
});
