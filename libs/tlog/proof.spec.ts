import { cosignatureSigner } from './cosignature.js';
import { recordHash } from './hash.js';
import { formatCheckpoint, signCheckpoint } from './checkpoint.js';
import { signNote } from './note.js';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from './proof.js';
import { proveRecord, treeHash } from './storage.js';
import { MemoryHashStore, generateNoteKey, generateWitnessKey, sampleEntries } from './testing.js';

const ORIGIN = 'evidence.example.eu/log';

describe('tlog-proof@v1', () => {
  const log = generateNoteKey(ORIGIN);
  const w1 = generateWitnessKey('witness.example/w1');
  const w2 = generateWitnessKey('witness.example/w2');
  const entries = sampleEntries(1000);
  const store = new MemoryHashStore();
  const policy = { origin: ORIGIN, logVerifiers: [log.verifier] };
  let signed: string;
  let cosigned: string;

  beforeAll(async () => {
    await store.append(entries);
    const text = formatCheckpoint({ origin: ORIGIN, size: 1000, rootHash: await treeHash(1000, store) });
    signed = await signCheckpoint({ origin: ORIGIN, size: 1000, rootHash: await treeHash(1000, store) }, [log.signer]);
    cosigned = await signNote(text, [log.signer, cosignatureSigner(w1.key, () => 1_760_000_000), cosignatureSigner(w2.key, () => 1_760_000_001)]);
  });

  const proofFor = async (index: number, checkpoint = signed, extra?: Buffer) =>
    formatTlogProof({ index, proof: await proveRecord(1000, index, store), checkpoint, ...(extra ? { extra } : {}) });

  it('has the layout of the specification', async () => {
    const proof = await proveRecord(1000, 737, store);
    const text = await proofFor(737, signed, Buffer.from('order 42'));
    expect(text).toBe(
      `c2sp.org/tlog-proof@v1\nextra ${Buffer.from('order 42').toString('base64')}\nindex 737\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${signed}`,
    );
    expect(parseTlogProof(text)).toEqual({ index: 737, proof, checkpoint: signed, extra: Buffer.from('order 42') });
    expect(parseTlogProof(await proofFor(0))).not.toHaveProperty('extra');
  });

  it('verifies an entry against the log key and, when asked, a witness quorum', async () => {
    const verified = verifyTlogProof(await proofFor(737, cosigned), { entry: entries[737] }, {
      ...policy,
      witnesses: { verifiers: [w1.verifier, w2.verifier], quorum: 2 },
    });
    expect(verified.index).toBe(737);
    expect(verified.checkpoint.size).toBe(1000);
    expect(verified.cosignatures).toHaveLength(2);
    expect(verifyTlogProof(await proofFor(999), { leafHash: recordHash(entries[999]) }, policy).index).toBe(999);
  });

  it('names what failed', async () => {
    const good = await proofFor(737, cosigned);
    const failure = (text: string, subject: Parameters<typeof verifyTlogProof>[1], p: Parameters<typeof verifyTlogProof>[2] = policy) => {
      try {
        verifyTlogProof(text, subject, p);
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    const entry = { entry: entries[737] };
    expect(failure(good, { entry: entries[736] })).toBe('INCLUSION_PROOF_INVALID');
    expect(failure(good.replace('index 737', 'index 736'), entry)).toBe('INCLUSION_PROOF_INVALID');
    expect(failure(good.replace('index 737', 'index 1000'), entry)).toBe('INCLUSION_PROOF_INVALID');
    const lines = good.split('\n');
    expect(failure([...lines.slice(0, 2), ...lines.slice(3)].join('\n'), entry)).toBe('INCLUSION_PROOF_INVALID');
    expect(failure(good, entry, { ...policy, origin: 'other.example/log' })).toBe('CHECKPOINT_ORIGIN_MISMATCH');
    expect(failure(good, entry, { ...policy, logVerifiers: [generateNoteKey(ORIGIN).verifier] })).toBe('NOTE_UNVERIFIED');
    expect(failure(good.replace(/\n1000\n/, '\n1001\n'), entry)).toBe('NOTE_SIGNATURE_INVALID');
    expect(failure(good, entry, { ...policy, witnesses: { verifiers: [w1.verifier, w2.verifier, generateWitnessKey('w3').verifier], quorum: 3 } })).toBe(
      'WITNESS_QUORUM_NOT_MET',
    );
    expect(failure(good.replace('c2sp.org/tlog-proof@v1', 'c2sp.org/tlog-proof@v2'), entry)).toBe('TLOG_PROOF_MALFORMED');
  });

  it.each([
    ['another header', (t: string) => t.replace('@v1', '@v0')],
    ['no index line', (t: string) => t.replace(/index \d+\n/, '')],
    ['a leading zero in the index', (t: string) => t.replace('index 737', 'index 0737')],
    ['a negative index', (t: string) => t.replace('index 737', 'index -1')],
    ['an extra line that is not base64', (t: string) => t.replace('index 737', 'extra !!\nindex 737')],
    ['a proof hash too short', (t: string) => t.replace(/\nindex 737\n[A-Za-z0-9+/]/, '\nindex 737\n')],
    ['no empty line before the checkpoint', (t: string) => t.split('\n\n')[0]],
    ['a checkpoint that is not a signed note', (t: string) => `${t.split('\n\n')[0]}\n\nhello\n`],
    ['lines in the wrong order', (t: string) => t.replace(/index 737\n([^\n]+)\n/, '$1\nindex 737\n')],
  ])('refuses a file with %s', async (_, mangle) => {
    const text = mangle(await proofFor(737));
    expect(() => parseTlogProof(text)).toThrow(expect.objectContaining({ code: 'TLOG_PROOF_MALFORMED' }));
  });
});
