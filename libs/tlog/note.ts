/**
 * C2SP signed-note: a UTF-8 text ending in a newline, a blank line, and signature lines
 * `— <key name> base64(key ID || signature)`. Keys are named; a key ID is the first four bytes of
 * SHA-256(name || "\n" || signature type || public key). Ed25519 (type 0x01) is implemented here,
 * timestamped witness cosignatures (0x04) in cosignature.ts. Parsing is strict; opening follows
 * the spec and Go's golang.org/x/mod/sumdb/note: signatures by unknown keys are kept aside
 * unverified, a known key's bad signature rejects the note, and a note needs one good signature.
 *
 * Signing goes through `NoteSigner.sign`, an async callback: the server signs inside its KeyStore
 * and no private key ever reaches this library.
 */
import { createPublicKey, hash, type KeyObject, verify } from 'node:crypto';
import { TlogError } from './errors.js';
import { decodeBase64Strict } from './hash.js';

export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;
/** Go refuses notes with more than 100 signatures; the spec asks to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

const EM_DASH_SPACE = '\u2014 ';
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A public key that can check signatures on notes. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** Signature type byte (0x01 Ed25519, 0x04 cosignature/v1). */
  readonly type: number;
  /** Raw public key (32 bytes for both types here). */
  readonly publicKey: Buffer;
  /** Whether `signature` (the bytes after the key ID) signs the note text `text`. */
  verify(text: Buffer, signature: Buffer): boolean;
}

/** Something that signs note texts under a named key. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes that follow the key ID on the signature line. */
  sign(text: Buffer): Promise<Buffer>;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** Signature bytes after the key ID. */
  signature: Buffer;
}

export interface VerifiedSignature extends NoteSignature {
  verifier: NoteVerifier;
}

/** A note split into text and signatures, nothing verified. */
export interface Note {
  /** The signed text, including its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface OpenedNote {
  text: string;
  /** Signatures by the given verifiers, all valid, one per key. */
  verified: VerifiedSignature[];
  /** Signatures by other keys, kept (without duplicates) and unchecked. */
  unverified: NoteSignature[];
}

/** Key names: non-empty, no Unicode white space, no plus sign. */
export function isValidKeyName(name: string): boolean {
  if (name.length === 0 || /[\s+]/u.test(name) || Buffer.from(name, 'utf8').toString('utf8') !== name) return false;
  // Control characters cannot appear in a note at all.
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false;
  return true;
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new TlogError('KEY_NAME_INVALID', `key name ${JSON.stringify(name)} is empty or has a space or a plus`);
}

/** SHA-256(name || 0x0A || type || publicKey)[:4], big-endian. */
export function noteKeyId(name: string, type: number, publicKey: Uint8Array): number {
  assertKeyName(name);
  const digest = hash('sha256', Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([type]), publicKey]), 'buffer');
  return digest.readUInt32BE(0);
}

/** The verifier key string `<name>+<key ID as 8 hex>+<base64(type || public key)>`. */
export function formatVerifierKey(key: { name: string; type: number; publicKey: Uint8Array }): string {
  const id = noteKeyId(key.name, key.type, key.publicKey);
  return `${key.name}+${id.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([key.type]), key.publicKey]).toString('base64')}`;
}

/** An Ed25519 public key as a node:crypto KeyObject, from its 32 raw bytes. */
export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== 32) throw new TlogError('VERIFIER_KEY_MALFORMED', `an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
}

/** The 32 raw bytes of an Ed25519 public key given as a KeyObject or SubjectPublicKeyInfo DER. */
export function rawEd25519PublicKey(key: KeyObject | Uint8Array): Buffer {
  const object = key instanceof Uint8Array ? createPublicKey({ key: Buffer.from(key), format: 'der', type: 'spki' }) : key;
  if (object.asymmetricKeyType !== 'ed25519') throw new TlogError('VERIFIER_KEY_MALFORMED', `not an Ed25519 key: ${object.asymmetricKeyType}`);
  const jwk = object.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url');
}

/** Verifies Ed25519 (type 0x01) note signatures. */
export function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const keyObject = ed25519PublicKeyObject(publicKey);
  return {
    name,
    keyId: noteKeyId(name, SIGNATURE_TYPE_ED25519, publicKey),
    type: SIGNATURE_TYPE_ED25519,
    publicKey: Buffer.from(publicKey),
    verify: (text, signature) => signature.length === 64 && verify(null, text, keyObject, signature),
  };
}

/**
 * An Ed25519 note signer over an async signing callback (e.g. a KeyStore). Each signature is
 * checked against `publicKey` before use (~50 us), so a wrong key or a broken store cannot
 * publish a signature nobody can verify.
 */
export function ed25519Signer(name: string, publicKey: Uint8Array, sign: (message: Buffer) => Promise<Uint8Array>): NoteSigner {
  const verifier = ed25519Verifier(name, publicKey);
  return {
    name,
    keyId: verifier.keyId,
    async sign(text) {
      const signature = Buffer.from(await sign(text));
      if (!verifier.verify(text, signature)) throw new TlogError('SIGNER_FAILED', `the signer for ${name} did not return a valid Ed25519 signature`);
      return signature;
    },
  };
}

// --- Parsing and opening ----------------------------------------------------------------------

function toBytes(message: Uint8Array | string): Buffer {
  if (typeof message !== 'string') return Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.toString('utf8') !== message) throw new TlogError('NOTE_MALFORMED', 'note is not valid Unicode');
  return bytes;
}

/** Checks the character rules of a note (or a note text): UTF-8, no control character but \n. */
function checkCharacters(bytes: Buffer, what: string): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new TlogError('NOTE_MALFORMED', `${what} is not valid UTF-8`);
  }
  for (const byte of bytes) {
    if (byte < 0x20 && byte !== 0x0a) throw new TlogError('NOTE_MALFORMED', `${what} has control character 0x${byte.toString(16).padStart(2, '0')}`);
  }
  return text;
}

/** Splits a note into text and signature lines, checking the syntax strictly. */
export function parseNote(message: Uint8Array | string): Note {
  const bytes = toBytes(message);
  checkCharacters(bytes, 'note');
  const split = bytes.lastIndexOf('\n\n');
  if (split < 0) throw new TlogError('NOTE_MALFORMED', 'note has no blank line before its signatures');
  const text = bytes.subarray(0, split + 1).toString('utf8');
  const block = bytes.subarray(split + 2).toString('utf8');
  if (block.length === 0) throw new TlogError('NOTE_MALFORMED', 'note has no signature');
  if (!block.endsWith('\n')) throw new TlogError('NOTE_MALFORMED', 'last signature line does not end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw new TlogError('NOTE_MALFORMED', `note has more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    if (!line.startsWith(EM_DASH_SPACE)) throw new TlogError('NOTE_MALFORMED', `signature line ${i + 1} does not start with an em dash and a space`);
    const rest = line.slice(EM_DASH_SPACE.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const raw = space < 0 ? undefined : decodeBase64Strict(rest.slice(space + 1));
    if (!isValidKeyName(name)) throw new TlogError('NOTE_MALFORMED', `signature line ${i + 1} has an invalid key name`);
    if (!raw || raw.length < 5) throw new TlogError('NOTE_MALFORMED', `signature line ${i + 1} is not base64 of a key ID and a signature`);
    return { name, keyId: raw.readUInt32BE(0), signature: Buffer.from(raw.subarray(4)) };
  });
  return { text, signatures };
}

const idOf = (s: { name: string; keyId: number }) => `${s.name}+${s.keyId.toString(16).padStart(8, '0')}`;

/**
 * Parses a note and checks its signatures against `verifiers`. Throws NOTE_MALFORMED for bad
 * syntax, NOTE_SIGNATURE_INVALID when a known key's signature fails (every copy is checked),
 * NOTE_UNVERIFIED when no known key signed.
 */
export function openNote(message: Uint8Array | string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const byId = new Map<string, NoteVerifier>();
  for (const v of verifiers) {
    if (byId.has(idOf(v))) throw new TlogError('INVALID_ARGUMENT', `two verifiers share name and key ID ${idOf(v)}`);
    byId.set(idOf(v), v);
  }
  const note = parseNote(message);
  const textBytes = Buffer.from(note.text, 'utf8');
  const verified = new Map<string, VerifiedSignature>();
  const unverified = new Map<string, NoteSignature>();
  for (const signature of note.signatures) {
    const verifier = byId.get(idOf(signature));
    if (!verifier) {
      unverified.set(`${idOf(signature)} ${signature.signature.toString('base64')}`, signature);
      continue;
    }
    if (!verifier.verify(textBytes, signature.signature)) throw new TlogError('NOTE_SIGNATURE_INVALID', `invalid signature for key ${idOf(signature)}`);
    if (!verified.has(idOf(signature))) verified.set(idOf(signature), { ...signature, verifier });
  }
  if (verified.size === 0) throw new TlogError('NOTE_UNVERIFIED', 'note has no signature by a known key');
  return { text: note.text, verified: [...verified.values()], unverified: [...unverified.values()] };
}

// --- Writing ----------------------------------------------------------------------------------

/** One signature line, with its final newline. */
export function formatSignatureLine(signature: NoteSignature): string {
  assertKeyName(signature.name);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signature.keyId);
  return `${EM_DASH_SPACE}${signature.name} ${Buffer.concat([id, signature.signature]).toString('base64')}\n`;
}

/** Checks that `text` can be the text of a note: the rules above, ending in a newline. */
export function checkNoteText(text: string): Buffer {
  const bytes = toBytes(text);
  checkCharacters(bytes, 'note text');
  if (!text.endsWith('\n')) throw new TlogError('NOTE_MALFORMED', 'note text does not end in a newline');
  return bytes;
}

/** A note from its text and signatures. */
export function formatNote(text: string, signatures: readonly NoteSignature[]): string {
  checkNoteText(text);
  if (signatures.length === 0) throw new TlogError('NOTE_MALFORMED', 'a note needs a signature');
  return `${text}\n${signatures.map(formatSignatureLine).join('')}`;
}

/**
 * Signs `text` with each signer and returns the note. Signatures in `keep` come first, except
 * those by a key that signs again here (as Go's note.Sign does).
 */
export async function signNote(text: string, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): Promise<string> {
  const bytes = checkNoteText(text);
  const fresh: NoteSignature[] = [];
  for (const signer of signers) {
    assertKeyName(signer.name);
    fresh.push({ name: signer.name, keyId: signer.keyId, signature: await signer.sign(bytes) });
  }
  const replaced = new Set(fresh.map(idOf));
  return formatNote(text, [...keep.filter((s) => !replaced.has(idOf(s))), ...fresh]);
}
