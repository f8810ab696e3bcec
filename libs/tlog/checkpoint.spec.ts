import { openCheckpoint, parseCheckpoint, formatCheckpoint, signCheckpoint } from './checkpoint.js';
import { cosign, cosignatureMessage, cosignatureSigner, cosignatureTimestamp } from './cosignature.js';
import { EMPTY_TREE_HASH, recordHash } from './hash.js';
import { ed25519Verifier, formatSignatureLine, openNote, parseNote, signNote } from './note.js';
import { generateNoteKey, generateWitnessKey } from './testing.js';
import { parseVerifierKey } from './verifier-key.js';

const ORIGIN = 'evidence.example.eu/log';
const root = recordHash(Buffer.from('root'));

describe('checkpoints', () => {
  it('are the origin, the size and the base64 root, one per line', () => {
    const text = formatCheckpoint({ origin: ORIGIN, size: 20852163, rootHash: root });
    expect(text).toBe(`${ORIGIN}\n20852163\n${root.toString('base64')}\n`);
    expect(parseCheckpoint(text)).toEqual({ origin: ORIGIN, size: 20852163, rootHash: root });
    const withExtensions = formatCheckpoint({ origin: ORIGIN, size: 0, rootHash: EMPTY_TREE_HASH, extensions: ['a b', 'c'] });
    expect(withExtensions).toBe(`${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\na b\nc\n`);
    expect(parseCheckpoint(withExtensions).extensions).toEqual(['a b', 'c']);
  });

  it('parse the example of the specification', () => {
    const example = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(parseCheckpoint(example)).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163 });
  });

  it.each([
    ['no final newline', `${ORIGIN}\n1\n${root.toString('base64')}`],
    ['two lines', `${ORIGIN}\n1\n`],
    ['an empty origin', `\n1\n${root.toString('base64')}\n`],
    ['a leading zero', `${ORIGIN}\n01\n${root.toString('base64')}\n`],
    ['a sign', `${ORIGIN}\n+1\n${root.toString('base64')}\n`],
    ['a size beyond 2^53', `${ORIGIN}\n9007199254740993\n${root.toString('base64')}\n`],
    ['a short root', `${ORIGIN}\n1\n${root.subarray(1).toString('base64')}\n`],
    ['a root without padding', `${ORIGIN}\n1\n${root.toString('base64').replace('=', '')}\n`],
    ['a root in base64url', `${ORIGIN}\n1\n${Buffer.alloc(32, 0xfb).toString('base64url')}=\n`],
    ['an empty extension line', `${ORIGIN}\n1\n${root.toString('base64')}\n\nx\n`],
  ])('refuse %s', (_, text) => {
    expect(() => parseCheckpoint(text)).toThrow(expect.objectContaining({ code: 'CHECKPOINT_MALFORMED' }));
  });

  it('are signed by the log and opened against its key and origin', async () => {
    const log = generateNoteKey(ORIGIN);
    const signed = await signCheckpoint({ origin: ORIGIN, size: 5, rootHash: root }, [log.signer]);
    const opened = openCheckpoint(signed, { origin: ORIGIN, logVerifiers: [parseVerifierKey(log.verifierKey)] });
    expect(opened.checkpoint).toEqual({ origin: ORIGIN, size: 5, rootHash: root });
    expect(opened.logSignatures).toHaveLength(1);
    expect(() => openCheckpoint(signed, { origin: 'other.example/log', logVerifiers: [log.verifier] })).toThrow(
      expect.objectContaining({ code: 'CHECKPOINT_ORIGIN_MISMATCH' }),
    );
    expect(() => openCheckpoint(signed, { origin: ORIGIN, logVerifiers: [generateNoteKey(ORIGIN).verifier] })).toThrow(expect.objectContaining({ code: 'NOTE_UNVERIFIED' }));
    const notACheckpoint = await signNote('hello\n', [log.signer]);
    expect(() => openCheckpoint(notACheckpoint, { origin: ORIGIN, logVerifiers: [log.verifier] })).toThrow(expect.objectContaining({ code: 'CHECKPOINT_MALFORMED' }));
  });
});

describe('cosignature/v1', () => {
  const log = generateNoteKey(ORIGIN);
  const w1 = generateWitnessKey('witness.example/w1');
  const w2 = generateWitnessKey('witness.example/w2');

  it('signs the header, the time and the checkpoint text', async () => {
    const text = formatCheckpoint({ origin: ORIGIN, size: 5, rootHash: root });
    expect(cosignatureMessage(text, 1679315147).toString()).toBe(`cosignature/v1\ntime 1679315147\n${text}`);
    const signature = await cosign(text, w1.key, 1679315147);
    expect(signature.signature).toHaveLength(72);
    expect(cosignatureTimestamp(signature)).toBe(1679315147);
    expect(signature.signature.readBigUInt64BE(0)).toBe(1679315147n);
    expect(w1.verifier.verify(Buffer.from(text), signature.signature)).toBe(true);
    // The timestamp is covered by the signature.
    const shifted = Buffer.from(signature.signature);
    shifted[7] ^= 1;
    expect(w1.verifier.verify(Buffer.from(text), shifted)).toBe(false);
    // The same key as a plain Ed25519 note key has another key ID and does not accept the cosignature.
    const plain = ed25519Verifier(w1.key.name, w1.key.publicKey);
    expect(plain.keyId).not.toBe(w1.verifier.keyId);
    expect(plain.verify(Buffer.from(text), signature.signature.subarray(8))).toBe(false);
  });

  it('uses key IDs with type 0x04, so the same key as an Ed25519 note key has another ID', async () => {
    const vkey = parseVerifierKey(w1.verifierKey);
    expect(vkey.type).toBe(0x04);
    expect(Buffer.from(w1.verifierKey.split('+')[2], 'base64')[0]).toBe(0x04);
  });

  it('lets a checkpoint carry the log signature and witness cosignatures, counted against a quorum', async () => {
    const text = formatCheckpoint({ origin: ORIGIN, size: 9, rootHash: root });
    let clock = 1_700_000_000;
    const signed = await signNote(text, [log.signer, cosignatureSigner(w1.key, () => clock++), cosignatureSigner(w2.key, () => clock++)]);
    const policy = { verifiers: [w1.verifier, w2.verifier], quorum: 2 };
    const opened = openCheckpoint(signed, { origin: ORIGIN, logVerifiers: [log.verifier], witnesses: policy });
    expect(opened.cosignatures.map((s) => [s.name, cosignatureTimestamp(s)])).toEqual([
      ['witness.example/w1', 1_700_000_000],
      ['witness.example/w2', 1_700_000_001],
    ]);
    // Without the witnesses' keys, their lines are simply unknown signatures.
    expect(openNote(signed, [log.verifier]).unverified).toHaveLength(2);
    expect(() => openCheckpoint(signed, { origin: ORIGIN, logVerifiers: [log.verifier], witnesses: { ...policy, quorum: 3 } })).toThrow(
      expect.objectContaining({ code: 'WITNESS_QUORUM_NOT_MET' }),
    );
    // Witness cosignatures alone are not the log's signature.
    const onlyWitnesses = await signNote(text, [cosignatureSigner(w1.key, () => 1)]);
    expect(() => openCheckpoint(onlyWitnesses, { origin: ORIGIN, logVerifiers: [log.verifier], witnesses: policy })).toThrow(
      expect.objectContaining({ code: 'NOTE_UNVERIFIED' }),
    );
    // A cosignature moved to another checkpoint fails.
    const other = await signNote(formatCheckpoint({ origin: ORIGIN, size: 10, rootHash: root }), [log.signer]);
    const moved = other + formatSignatureLine(parseNote(signed).signatures[1]);
    expect(() => openCheckpoint(moved, { origin: ORIGIN, logVerifiers: [log.verifier], witnesses: policy })).toThrow(
      expect.objectContaining({ code: 'NOTE_SIGNATURE_INVALID' }),
    );
  });
});
