import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { ed25519Signer, formatNote, formatVerifierKey, openNote, parseNote, rawEd25519PublicKey, signNote } from './note.js';
import { generateNoteKey } from './testing.js';
import { parseVerifierKey } from './verifier-key.js';

// Interoperability vectors from Go's golang.org/x/mod/sumdb/note tests (BSD licence): two keys
// and their signatures on the same text.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY_SEED = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'; // 0x01 || Ed25519 seed
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);

function peterSigner() {
  const seed = Buffer.from(PETER_SKEY_SEED, 'base64').subarray(1);
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  return ed25519Signer('PeterNeumann', peter.publicKey, async (message) => sign(null, message, privateKey));
}

describe('verifier keys', () => {
  it("read Go's keys, with the key ID Go computes", () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyId).toBe(0xc74f20a3);
    expect(formatVerifierKey(peter)).toBe(PETER_VKEY);
    expect(formatVerifierKey(enoch)).toBe(ENOCH_VKEY);
  });

  it('refuse every truncation and every one-character change (as Go does)', () => {
    const accepted: string[] = [];
    const tryKey = (k: string) => {
      try {
        parseVerifierKey(k);
        accepted.push(k);
      } catch (error) {
        expect(error).toMatchObject({ code: expect.stringMatching(/VERIFIER_KEY_MALFORMED|KEY_NAME_INVALID/) });
      }
    };
    for (let i = 0; i <= PETER_VKEY.length; i++) for (let j = i + 1; j <= PETER_VKEY.length; j++) if (i !== 0 || j !== PETER_VKEY.length) tryKey(PETER_VKEY.slice(i, j));
    for (let i = 0; i < PETER_VKEY.length; i++) tryKey(PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1));
    expect(accepted).toEqual([]);
    // Wrong key length and unknown algorithm, each with a matching key ID (Go's cases).
    expect(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')).toThrow();
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/unsupported signature type/);
    expect(() => parseVerifierKey(PETER_VKEY.replace('c74f20a3', 'C74F20A3'))).toThrow(/lowercase/);
  });

  it('take the raw Ed25519 key from a KeyObject or SPKI DER, as a KeyStore gives it', () => {
    const key = generateNoteKey('example.com/log');
    const publicKey = createPublicKey(key.privateKey);
    expect(rawEd25519PublicKey(publicKey)).toEqual(key.publicKey);
    expect(rawEd25519PublicKey(publicKey.export({ format: 'der', type: 'spki' }))).toEqual(key.publicKey);
    expect(parseVerifierKey(key.verifierKey).publicKey).toEqual(key.publicKey);
    expect(() => rawEd25519PublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toThrow(expect.objectContaining({ code: 'VERIFIER_KEY_MALFORMED' }));
  });
});

describe('signing notes', () => {
  it("produces Go's signature byte for byte (Ed25519 is deterministic)", async () => {
    expect(await signNote(TEXT, [peterSigner()])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('replaces an existing signature by the same key and keeps the others first', async () => {
    const old = parseNote(`${TEXT}\n${ENOCH_SIG}${PETER_SIG}`).signatures;
    expect(await signNote(TEXT, [peterSigner()], old)).toBe(`${TEXT}\n${ENOCH_SIG}${PETER_SIG}`);
  });

  it('refuses texts that are not note texts and signers that misbehave', async () => {
    await expect(signNote('abc', [peterSigner()])).rejects.toMatchObject({ code: 'NOTE_MALFORMED' });
    await expect(signNote('a\u0001b\n', [peterSigner()])).rejects.toMatchObject({ code: 'NOTE_MALFORMED' });
    await expect(signNote('a\ud800\n', [peterSigner()])).rejects.toMatchObject({ code: 'NOTE_MALFORMED' });
    const other = generateNoteKey('PeterNeumann');
    const liar = ed25519Signer('PeterNeumann', peter.publicKey, (m) => other.signer.sign(m));
    await expect(signNote(TEXT, [liar])).rejects.toMatchObject({ code: 'SIGNER_FAILED' });
    const short = ed25519Signer('PeterNeumann', peter.publicKey, async () => Buffer.alloc(63));
    await expect(signNote(TEXT, [short])).rejects.toMatchObject({ code: 'SIGNER_FAILED' });
    expect(() => ed25519Signer('a b', peter.publicKey, async () => Buffer.alloc(64))).toThrow(expect.objectContaining({ code: 'KEY_NAME_INVALID' }));
    expect(() => ed25519Signer('a+b', peter.publicKey, async () => Buffer.alloc(64))).toThrow(expect.objectContaining({ code: 'KEY_NAME_INVALID' }));
  });
});

describe('opening notes', () => {
  it('verifies known keys and keeps unknown signatures aside', () => {
    const one = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(one.text).toBe(TEXT);
    expect(one.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(one.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(Buffer.from(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`), [peter, enoch]);
    expect(both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);
  });

  it('needs one signature by a known key', () => {
    expect(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [])).toThrow(expect.objectContaining({ code: 'NOTE_UNVERIFIED' }));
    // Same name, other key: an unknown key, not a failure.
    const impostor = generateNoteKey('PeterNeumann');
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [impostor.verifier])).toThrow(expect.objectContaining({ code: 'NOTE_UNVERIFIED' }));
  });

  it('rejects the note when a known key signature fails, even a second copy', () => {
    const broken = PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60);
    expect(() => openNote(`${TEXT}\n${broken}`, [peter])).toThrow(expect.objectContaining({ code: 'NOTE_SIGNATURE_INVALID', message: 'invalid signature for key PeterNeumann+c74f20a3' }));
    expect(() => openNote(`${TEXT}\n${PETER_SIG}${broken}`, [peter])).toThrow(expect.objectContaining({ code: 'NOTE_SIGNATURE_INVALID' }));
    expect(() => openNote(`${TEXT.replace('answer', 'answers')}\n${PETER_SIG}`, [peter])).toThrow(expect.objectContaining({ code: 'NOTE_SIGNATURE_INVALID' }));
  });

  it('drops duplicate signatures', () => {
    const brokenEnoch = ENOCH_SIG.slice(0, 60) + 'ABCD' + ENOCH_SIG.slice(60);
    const opened = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${brokenEnoch}`, [peter]);
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toHaveLength(2);
  });

  it('refuses two verifiers with the same name and key ID', () => {
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [peter, parseVerifierKey(PETER_VKEY)])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it.each([
    ['no signature block', TEXT],
    ['a blank line and nothing', `${TEXT}\n`],
    ['a last line without newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['a control character', `\u0001${TEXT}\n${PETER_SIG}`],
    ['a tab', `${TEXT.replace(' ', '\t')}\n${PETER_SIG}`],
    ['a carriage return', `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`],
    ['a name with a space', `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['a line that is not a signature', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['a hyphen for the em dash', `${TEXT}\n${PETER_SIG.replace('—', '-')}`],
    ['no space after the dash', `${TEXT}\n${PETER_SIG.replace('— ', '—')}`],
    ['no signature after the name', `${TEXT}\n— PeterNeumann\n`],
    ['an empty signature', `${TEXT}\n— PeterNeumann \n`],
    ['a short signature', `${TEXT}\n— PeterNeumann AAAA\n`],
    ['base64 without padding', `${TEXT}\n${PETER_SIG.replace('=\n', '\n')}`],
    ['non-canonical base64', `${TEXT}\n${PETER_SIG.replace('AM=', 'AN=')}`],
    ['two spaces', `${TEXT}\n${PETER_SIG.replace('n x08', 'n  x08')}`],
    ['101 signatures', `${TEXT}\n${PETER_SIG.repeat(101)}`],
  ])('rejects a note with %s', (_, message) => {
    expect(() => openNote(message, [peter])).toThrow(expect.objectContaining({ code: 'NOTE_MALFORMED' }));
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(() => openNote(Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]), [peter])).toThrow(expect.objectContaining({ code: 'NOTE_MALFORMED' }));
  });

  it('accepts 100 signatures and text with blank lines', async () => {
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter]).verified).toHaveLength(1);
    const text = 'first\n\nsecond\n';
    const note = await signNote(text, [peterSigner()]);
    expect(openNote(note, [peter]).text).toBe(text);
    expect(formatNote(text, parseNote(note).signatures)).toBe(note);
  });
});
